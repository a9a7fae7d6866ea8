using Lifeline.Core.Supplies;

namespace Lifeline.Core.EarlyWarning;

/// <summary>
/// The supply forecasts the supplies-low signal reads, made from the supply record with no look-ahead. A forecast
/// (<see cref="SupplyPicture.Forecast"/>, ICRC-and-peacekeepers-only inflow at the rate observed so far, a fixed run
/// count and seed) is made only on the days the forecast's inputs change: the first day of the range and every day a
/// stock count, delivery, ration or rate override begins, or the day after one ends. Each forecast uses only the
/// observations dated on or before its day; between two such days the signal engine runs its days down.
/// </summary>
public static class SupplySignals
{
    /// <summary>Monte Carlo runs per forecast: the 10th percentile of 1,000 runs moves by well under a day between seeds.</summary>
    public const int Runs = 1_000;

    public const ulong Seed = 1;

    /// <summary>Days ahead the forecast looks; a commodity that lasts longer has no depletion in sight.</summary>
    public const int HorizonDays = 365;

    /// <summary>The inflow the forecasts assume: what was actually passing, as on the supplies page by default.</summary>
    public const InflowAssumption Assumption = InflowAssumption.IcrcOnly;

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/> on which a forecast is made.</summary>
    public static IReadOnlyList<DateOnly> ChangeDays(IReadOnlyList<ObservationVersion> observations, DateOnly from, DateOnly to)
    {
        var relevant = observations.Where(o => o.Content.Kind is ObservationKind.Stock or ObservationKind.Delivery or ObservationKind.Ration or ObservationKind.RateOverride).ToList();
        var first = relevant.Where(o => o.Content.Kind == ObservationKind.Stock && o.Content.Date <= to).Select(o => (DateOnly?)o.Content.Date).Min();
        if (first is null)
        {
            return [];
        }
        var start = first.Value > from ? first.Value : from;
        var days = new SortedSet<DateOnly> { start };
        foreach (var o in relevant)
        {
            days.Add(o.Content.Date);
            if (o.Content.To is { } end)
            {
                days.Add(end);
                days.Add(end.AddDays(1));
            }
        }
        return days.Where(d => d >= start && d <= to).ToList();
    }

    /// <summary>
    /// The forecasts from <paramref name="from"/> to <paramref name="to"/>: on each change day, each commodity with a
    /// runway gets its P10 days of supply (infinity when it lasts beyond the horizon).
    /// </summary>
    public static IReadOnlyList<SupplyOutlook> Outlooks(
        SupplySetting setting, IReadOnlyList<ObservationVersion> observations, DateOnly from, DateOnly to, int runs = Runs, ulong seed = Seed)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(observations);
        var outlooks = new List<SupplyOutlook>();
        foreach (var day in ChangeDays(observations, from, to))
        {
            var known = observations.Where(o => o.Content.Date <= day).ToList();
            var report = SupplyPicture.Forecast(setting, known, day, Assumption, runs, seed, HorizonDays);
            foreach (var line in report.Lines.Where(l => l.Runway is not null))
            {
                outlooks.Add(new SupplyOutlook(day, line.Commodity.Name, line.Runway!.P10Days ?? double.PositiveInfinity));
            }
        }
        return outlooks;
    }
}
