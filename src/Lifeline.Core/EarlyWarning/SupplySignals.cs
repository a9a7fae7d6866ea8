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

/// <summary>
/// The food and medicine a situation needed and what was recorded as delivered, day by day: what the needs-gap signal
/// adds up over the days the route is closed. This is the one place the early-warning part reads need against inflow.
/// </summary>
public static class SupplyGap
{
    /// <summary>
    /// For each day from <paramref name="from"/> to <paramref name="to"/>: the daily need of food and medicine planned in
    /// kilograms (the needs model × the population, with the overrides in force that day), and the food, medicine and
    /// mixed cargo delivered that day (a delivery over a period spread evenly over its days; mixed cargo counted whole
    /// as food and medicine, which can only make the gap smaller). Each day sees only the observations dated on or
    /// before it.
    /// </summary>
    public static IReadOnlyList<DailySupply> Daily(SupplySetting setting, IReadOnlyList<ObservationVersion> observations, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(observations);
        var counted = SupplyStandards.Commodities
            .Where(c => c.Unit == MeasureUnit.Kilogram && (SupplyPicture.IsFoodOrMedicine(c) || c.Category == CommodityCategory.MixedCargo))
            .ToList();
        var ordered = observations.OrderBy(o => o.Content.Date).ToList();
        var known = new List<ObservationVersion>();
        var next = 0;
        var recorded = false;
        var days = new List<DailySupply>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            for (; next < ordered.Count && ordered[next].Content.Date <= day; next++)
            {
                known.Add(ordered[next]);
                recorded |= ordered[next].Content is { Kind: ObservationKind.Delivery, Outcome: DeliveryOutcome.Delivered };
            }
            var need = SupplyPicture.Needs(setting, known, day)
                .Where(n => n.Commodity.Unit == MeasureUnit.Kilogram && SupplyPicture.IsFoodOrMedicine(n.Commodity))
                .Sum(n => n.PerDay.Value);
            var delivered = counted.Sum(c => SupplyPicture.Delivered(known, c, day, day, humanitarianOnly: false));
            days.Add(new DailySupply(day, need, delivered, recorded));
        }
        return days;
    }
}
