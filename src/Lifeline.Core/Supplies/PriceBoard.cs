using System.Globalization;

namespace Lifeline.Core.Supplies;

/// <summary>A change in price as a range of percentages (ranges of prices give a range of changes), and against what.</summary>
public sealed record PriceChange(double LowPercent, double HighPercent, string? Qualifier, string Against)
{
    public string Describe()
    {
        var low = Signed(LowPercent);
        var figure = Math.Abs(HighPercent - LowPercent) < 0.05 ? low : $"{low} to {Signed(HighPercent)}";
        return $"{(Qualifier is null ? "" : Qualifier + " ")}{figure} against {Against}";
    }

    private static string Signed(double percent) =>
        (percent >= 0 ? "+" : "−") + Math.Abs(percent).ToString("0", CultureInfo.InvariantCulture) + " %";
}

/// <summary>One item in one market: its prices, the ALPS reading (or why ALPS does not apply) and the changes seen.</summary>
/// <param name="Changes">From the market's baseline price to its latest price, and each factor a source gives.</param>
/// <param name="Elsewhere">Prices of the same item in other markets in the same month ("under 100 AMD/kg in Armenia").</param>
public sealed record PriceRow(
    string Market, string Item, IReadOnlyList<ObservationVersion> Observations, PriceAssessment Alps, IReadOnlyList<PriceChange> Changes,
    IReadOnlyList<ObservationVersion> Elsewhere);

/// <summary>
/// Prices per market and item. WFP ALPS is applied where the series allows it (<see cref="PriceAlerts"/>: three
/// years, 70 % of months, a recent price); otherwise the rule that failed is stated and the change from the
/// pre-crisis baseline is shown instead. A price given as a range counts as its middle in a series; changes between
/// ranges are given as ranges.
/// </summary>
public static class PriceBoard
{
    public static IReadOnlyList<PriceRow> Of(IReadOnlyList<ObservationVersion> observations, DateOnly asOf)
    {
        var prices = observations.Where(o => o.Content.Kind == ObservationKind.Price && o.Content.Date <= asOf && o.Content.Market is not null && o.Content.Item is not null).ToList();
        var rows = new List<PriceRow>();
        foreach (var group in prices.GroupBy(o => (Market: o.Content.Market!, Item: o.Content.Item!.ToLowerInvariant()))
                     .OrderBy(g => g.Key.Item, StringComparer.Ordinal).ThenBy(g => g.Key.Market, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(o => o.Content.Date).ThenBy(o => o.Recorded.At).ToList();
            var absolute = ordered.Where(o => o.Content.Amount is not null).ToList();
            var baseline = absolute.LastOrDefault(o => o.Content.Baseline);
            var latest = absolute.LastOrDefault(o => !o.Content.Baseline);
            var series = absolute.Where(o => o.Content.Unit() == (latest ?? baseline)?.Content.Unit())
                .Select(o => new PricePoint(new DateOnly(o.Content.Date.Year, o.Content.Date.Month, 1), o.Content.Amount!.Estimate.Likely))
                .ToList();
            var alps = PriceAlerts.Assess(series, asOf, baseline is not null && latest is not null ? baseline.Content.Amount!.Estimate.Likely : null);
            var changes = new List<PriceChange>();
            if (baseline is not null && latest is not null && baseline.Content.Unit() == latest.Content.Unit())
            {
                changes.Add(Between(baseline.Content, latest.Content));
            }
            foreach (var factor in ordered.Where(o => o.Content.Factor is not null))
            {
                var percent = (factor.Content.Factor!.Value - 1) * 100;
                changes.Add(new PriceChange(percent, percent, factor.Content.Qualifier, factor.Content.ComparedWith ?? "an earlier price"));
            }
            var months = absolute.Select(o => (o.Content.Date.Year, o.Content.Date.Month)).ToHashSet();
            var elsewhere = prices.Where(o => o.Content.Amount is not null && o.Content.Market != group.Key.Market
                                              && string.Equals(o.Content.Item, group.Key.Item, StringComparison.OrdinalIgnoreCase)
                                              && months.Contains((o.Content.Date.Year, o.Content.Date.Month)))
                .ToList();
            rows.Add(new PriceRow(group.Key.Market, ordered[0].Content.Item!, ordered, alps, changes, elsewhere));
        }
        return rows;
    }

    /// <summary>From the baseline to the latest price: lowest latest over highest baseline, to highest over lowest.</summary>
    private static PriceChange Between(SupplyObservation baseline, SupplyObservation latest)
    {
        var before = baseline.Amount!.Estimate;
        var after = latest.Amount!.Estimate;
        var low = before.High > 0 ? (after.Low - before.High) / before.High * 100 : 0;
        var high = before.Low > 0 ? (after.High - before.Low) / before.Low * 100 : low;
        var when = baseline.Date.ToString(baseline.DatePrecision == DatePrecision.Month ? "MMM yyyy" : "d MMM yyyy", CultureInfo.InvariantCulture);
        return new PriceChange(low, high, null, $"the baseline price ({baseline.PriceText()}, {when})");
    }

    /// <summary>A price as the source gives it: "300–350 AMD/kg", "under 100 AMD/kg"; a factor: "×5 against 15 Jun 2023".</summary>
    public static string PriceText(this SupplyObservation price) => price.Amount is { } amount
        ? $"{amount.Figure(price.Qualifier)} {price.Unit()}"
        : $"{(price.Qualifier is null ? "" : price.Qualifier + " ")}×{ObservedAmount.Number(price.Factor ?? 1)} against {price.ComparedWith}";

    /// <summary>What a price is counted in: currency per unit ("AMD/kg").</summary>
    public static string Unit(this SupplyObservation price) =>
        $"{price.Currency}/{(price.Amount is { } a ? AmountUnits.Symbol(a.Unit) : "?")}";
}
