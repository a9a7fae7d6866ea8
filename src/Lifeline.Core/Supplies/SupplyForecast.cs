namespace Lifeline.Core.Supplies;

/// <summary>From a day on (0 = the forecast's first day), inflow runs at this rate per day until the next phase.</summary>
public sealed record InflowPhase(int FromDay, Estimate PerDay);

/// <summary>
/// What is assumed to come in: "blocked" (nothing), "ICRC only at the observed rate", "reopened" (the baseline),
/// or an airlift plan — as phases over time.
/// </summary>
public sealed record InflowScenario(string Name, IReadOnlyList<InflowPhase> Phases)
{
    public static InflowScenario Blocked { get; } = new("blocked", [new InflowPhase(0, Estimate.Exactly(0))]);

    public static InflowScenario Steady(string name, Estimate perDay) => new(name, [new InflowPhase(0, perDay)]);
}

/// <summary>What is known about one commodity at the start of a forecast, all in the commodity's unit.</summary>
/// <param name="ConsumptionPerDay">Use per day at the rationing level in force (the need, or less under rationing).</param>
public sealed record SupplyOutlook(Commodity Commodity, Estimate Stock, Estimate ConsumptionPerDay, InflowScenario Inflow);

/// <summary>
/// How long one commodity lasts: days of supply at the 10th, 50th and 90th percentile of the simulated runs
/// (P10 is the pessimistic case: in nine runs out of ten it lasts at least that long). Null means it did not run
/// out within the horizon.
/// </summary>
public sealed record Runway(
    Commodity Commodity, double? P10Days, double? P50Days, double? P90Days, DateOnly? P10Date, DateOnly? P50Date, DateOnly? P90Date,
    int HorizonDays, int AlertWithinDays, bool Alert);

/// <summary>
/// Days of supply per commodity as a Monte Carlo over uncertain stocks, consumption and inflow. Each run draws a
/// stock, a consumption rate and an inflow rate per phase from their estimates, then finds the day the stock reaches
/// zero. The same seed gives the same result.
/// </summary>
public static class SupplyForecast
{
    /// <summary>Insulin and medicines warn a month ahead; everything else two weeks ahead (configurable).</summary>
    public static int DefaultAlertDays(Commodity commodity) =>
        commodity.Category is CommodityCategory.Insulin or CommodityCategory.Medicine or CommodityCategory.MedicalKit ? 30 : 14;

    /// <param name="start">The forecast's first day (day 0).</param>
    /// <param name="runs">How many runs; at least 1.</param>
    /// <param name="horizonDays">How far ahead to look; a commodity that lasts longer has no depletion date.</param>
    /// <param name="alertDays">Days ahead at which a P10 depletion raises an alert; null for the defaults.</param>
    public static IReadOnlyList<Runway> Run(
        IReadOnlyList<SupplyOutlook> outlooks, DateOnly start, int runs, ulong seed, int horizonDays = 365, Func<Commodity, int>? alertDays = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        alertDays ??= DefaultAlertDays;
        var random = new SeededRandom(seed);
        var results = new List<Runway>(outlooks.Count);
        var days = new double[runs];
        foreach (var outlook in outlooks)
        {
            var phases = outlook.Inflow.Phases.OrderBy(p => p.FromDay).ToArray();
            var rates = new double[phases.Length];
            for (var run = 0; run < runs; run++)
            {
                var stock = outlook.Stock.Sample(random.NextUniform());
                var use = outlook.ConsumptionPerDay.Sample(random.NextUniform());
                for (var p = 0; p < phases.Length; p++)
                {
                    rates[p] = phases[p].PerDay.Sample(random.NextUniform());
                }
                days[run] = DaysUntilEmpty(stock, use, phases, rates, horizonDays);
            }
            Array.Sort(days);
            var p10 = Finite(Percentile(days, 0.10));
            var p50 = Finite(Percentile(days, 0.50));
            var p90 = Finite(Percentile(days, 0.90));
            var alert = alertDays(outlook.Commodity);
            results.Add(new Runway(
                outlook.Commodity, p10, p50, p90, DateOf(start, p10), DateOf(start, p50), DateOf(start, p90),
                horizonDays, alert, p10 is { } d && d <= alert));
        }
        return results;
    }

    /// <summary>
    /// The (fractional) number of days until the stock is gone, with inflow constant within each phase; infinity if it
    /// lasts beyond the horizon. Phases before day 0 count from day 0.
    /// </summary>
    public static double DaysUntilEmpty(double stock, double usePerDay, IReadOnlyList<InflowPhase> phases, IReadOnlyList<double> inflowPerDay, int horizonDays)
    {
        if (stock <= 0)
        {
            return 0;
        }
        var day = 0.0;
        for (var p = 0; p < phases.Count; p++)
        {
            var from = Math.Max(0, phases[p].FromDay);
            if (from > day)
            {
                // Before the first phase starts nothing comes in.
                var gap = Math.Min(from, horizonDays) - day;
                if (usePerDay > 0 && stock <= usePerDay * gap)
                {
                    return day + stock / usePerDay;
                }
                stock -= usePerDay * gap;
                day += gap;
            }
            var until = p + 1 < phases.Count ? Math.Min(Math.Max(0, phases[p + 1].FromDay), horizonDays) : horizonDays;
            if (until <= day)
            {
                continue;
            }
            var net = usePerDay - inflowPerDay[p];
            var span = until - day;
            if (net > 0 && stock <= net * span)
            {
                return day + stock / net;
            }
            stock -= net * span;
            day = until;
            if (day >= horizonDays)
            {
                break;
            }
        }
        if (day < horizonDays && usePerDay > 0 && stock <= usePerDay * (horizonDays - day))
        {
            return day + stock / usePerDay;
        }
        return double.PositiveInfinity;
    }

    /// <summary>The q-th quantile, interpolated; next to a run that never ran out, the nearer of the two is taken.</summary>
    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        var (a, b) = (sorted[lower], sorted[upper]);
        if (lower == upper)
        {
            return a;
        }
        if (double.IsPositiveInfinity(b))
        {
            return position - lower < 0.5 ? a : b;
        }
        return a + (b - a) * (position - lower);
    }

    private static double? Finite(double days) => double.IsFinite(days) ? Math.Round(days, 2) : null;

    private static DateOnly? DateOf(DateOnly start, double? days) => days is { } d ? start.AddDays((int)Math.Floor(d)) : null;
}
