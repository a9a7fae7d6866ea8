namespace Lifeline.Core.Supplies;

/// <summary>
/// What the record knows of food and medicine without a stock count: the need by the standards against what was
/// delivered since the situation began, and how long a stock the record does not have would have lasted. Weights in
/// kilograms; the need is the daily need of the population on the last day counted, held over every day.
/// </summary>
/// <param name="NeedKilogramsPerDay">Food and medicine needed a day (kilogram commodities), by the standards.</param>
/// <param name="DeliveredKilograms">What the recorded deliveries with a weight brought over the days counted.</param>
/// <param name="WhatIfs">For each stated stock at the start, in days of need, the day it would have run out.</param>
public sealed record NeedGap(
    DateOnly From, DateOnly To, double NeedKilogramsPerDay, double DeliveredKilograms, IReadOnlyList<WhatIfRunway> WhatIfs)
{
    /// <summary>The stocks at the start the what-if runways state, in days of need: not observed, never a guess.</summary>
    public static IReadOnlyList<int> StatedStockDays { get; } = [15, 30, 60];

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The need over the days counted.</summary>
    public double NeededKilograms => NeedKilogramsPerDay * Days;

    /// <summary>Need not delivered since the start (0 when deliveries covered it).</summary>
    public double ShortfallKilograms => Math.Max(0, NeededKilograms - DeliveredKilograms);

    /// <summary>The shortfall in days of need; null when no need is known.</summary>
    public double? DaysOfNeedNotDelivered => NeedKilogramsPerDay > 0 ? ShortfallKilograms / NeedKilogramsPerDay : null;

    /// <summary>Reads the gap and the what-if runways from the deliveries the record holds.</summary>
    public static NeedGap Of(DeliveryRecord deliveries)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var need = deliveries.NeedKilogramsPerDay;
        var whatIfs = new List<WhatIfRunway>();
        foreach (var days in StatedStockDays)
        {
            var stock = need * days;
            DateOnly? runsOut = null;
            if (need > 0)
            {
                // The stock at the start, plus each day's deliveries, less each day's need: gone on the first day it falls short.
                var left = stock;
                for (var i = 0; i < deliveries.KilogramsPerDay.Count; i++)
                {
                    left += deliveries.KilogramsPerDay[i] - need;
                    if (left < 0)
                    {
                        runsOut = deliveries.From.AddDays(i);
                        break;
                    }
                }
            }
            whatIfs.Add(new WhatIfRunway(days, stock, runsOut));
        }
        return new NeedGap(deliveries.From, deliveries.To, need, deliveries.DeliveredKilograms, whatIfs);
    }
}

/// <summary>
/// A what-if: had the stock at the start been <paramref name="StockDaysOfNeed"/> days of need, it would have run out
/// on <paramref name="RunsOutOn"/> (null: it had not run out by the last day counted). Not a forecast: the stock is stated.
/// </summary>
public sealed record WhatIfRunway(int StockDaysOfNeed, double StockKilograms, DateOnly? RunsOutOn);
