using Lifeline.Core.Situations;

namespace Lifeline.Core.Supplies;

/// <summary>
/// Tonnes delivered day by day against what came before the blockade and what is needed. Aggregates ("4,623 t in
/// 150 days") are spread evenly over their days; deliveries without a figure, or in a unit that is not a weight,
/// are listed rather than guessed.
/// </summary>
/// <param name="KilogramsPerDay">Delivered per day from <paramref name="From"/>, one entry a day.</param>
/// <param name="BaselineKilogramsPerDay">The pre-blockade inflow of food and medicine; null when not recorded.</param>
/// <param name="NeedKilogramsPerDay">The need for food and medicine (kilogram commodities) on <paramref name="To"/>.</param>
public sealed record DeliveryRecord(
    DateOnly From, DateOnly To, IReadOnlyList<double> KilogramsPerDay, double? BaselineKilogramsPerDay, double NeedKilogramsPerDay,
    IReadOnlyList<ObservationVersion> Weighed, IReadOnlyList<ObservationVersion> Unweighed, IReadOnlyList<ObservationVersion> Stopped)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    public double DeliveredKilograms => KilogramsPerDay.Sum();

    /// <summary>What the baseline would have brought over the same days.</summary>
    public double? ExpectedKilograms => BaselineKilogramsPerDay * Days;

    public static DeliveryRecord Of(SupplySetting setting, IReadOnlyList<ObservationVersion> observations, DateOnly to)
    {
        var from = setting.Start;
        if (to < from)
        {
            to = from;
        }
        var perDay = new double[to.DayNumber - from.DayNumber + 1];
        var weighed = new List<ObservationVersion>();
        var unweighed = new List<ObservationVersion>();
        var stopped = new List<ObservationVersion>();
        foreach (var o in observations.Where(o => o.Content.Kind == ObservationKind.Delivery && o.Content.Date <= to).OrderBy(o => o.Content.Date))
        {
            var c = o.Content;
            if (c.Outcome == DeliveryOutcome.Stopped)
            {
                stopped.Add(o);
                continue;
            }
            if (c.Amount?.In(MeasureUnit.Kilogram) is not { } kilograms)
            {
                unweighed.Add(o);
                continue;
            }
            weighed.Add(o);
            var length = c.Until.DayNumber - c.From.DayNumber + 1;
            for (var day = Math.Max(c.From.DayNumber, from.DayNumber); day <= Math.Min(c.Until.DayNumber, to.DayNumber); day++)
            {
                perDay[day - from.DayNumber] += kilograms.Likely / length;
            }
        }
        var needs = SupplyPicture.Needs(setting, observations, to);
        var need = needs.Where(n => n.Commodity.Unit == MeasureUnit.Kilogram && SupplyPicture.IsFoodOrMedicine(n.Commodity)).Sum(n => n.PerDay.Value);
        return new DeliveryRecord(from, to, perDay, setting.BaselineTonnesPerDay * 1000, need, weighed, unweighed, stopped);
    }
}

/// <summary>One outage as counted: from its first day to its last, so many hours a day.</summary>
/// <param name="EndRecorded">False when no end was recorded: it is counted until the next such outage of the same utility begins, or to the day shown.</param>
public sealed record OutagePeriod(ObservationVersion Observation, DateOnly From, DateOnly Until, bool EndRecorded, double HoursPerDay);

/// <summary>A utility's outages up to a day: the periods, the hours lost, the days hit and the services hit.</summary>
public sealed record UtilityOutages(Utility Utility, IReadOnlyList<OutagePeriod> Periods, double Hours, int Days, IReadOnlyList<(DateOnly Date, string Service)> ServicesHit)
{
    /// <summary>
    /// Each utility's outages to <paramref name="asOf"/>. A day covered by several outages counts the longest
    /// (a full cut during rolling blackouts is 24 hours, not 30). An outage with no end recorded (a blackout schedule,
    /// a cut "lasting months") lasts until the next outage of the same utility with no end recorded begins (a new
    /// schedule replaces the old one), or to <paramref name="asOf"/> (and the situation's end); outages with an end
    /// are episodes within it.
    /// </summary>
    public static IReadOnlyList<UtilityOutages> Summarise(SupplySetting setting, IReadOnlyList<ObservationVersion> observations, DateOnly asOf)
    {
        var last = setting.End is { } end && end < asOf ? end : asOf;
        var result = new List<UtilityOutages>();
        foreach (var group in observations.Where(o => o.Content.Kind == ObservationKind.Outage && o.Content.Utility is not null && o.Content.Date <= last)
                     .GroupBy(o => o.Content.Utility!.Value).OrderBy(g => g.Key))
        {
            var ordered = group.OrderBy(o => o.Content.Date).ThenBy(o => o.Recorded.At).ToList();
            var periods = new List<OutagePeriod>();
            for (var i = 0; i < ordered.Count; i++)
            {
                var c = ordered[i].Content;
                DateOnly until;
                if (c.To is { } to)
                {
                    until = to < last ? to : last;
                }
                else
                {
                    var next = ordered.Skip(i + 1).Where(o => o.Content.To is null).Select(o => o.Content.Date).FirstOrDefault(d => d > c.Date);
                    until = next != default && next.AddDays(-1) < last ? next.AddDays(-1) : last;
                }
                periods.Add(new OutagePeriod(ordered[i], c.Date, until, c.To is not null, c.HoursPerDay ?? 24));
            }
            var hoursByDay = new Dictionary<int, double>();
            foreach (var p in periods)
            {
                for (var day = p.From.DayNumber; day <= p.Until.DayNumber; day++)
                {
                    hoursByDay[day] = Math.Max(hoursByDay.GetValueOrDefault(day), p.HoursPerDay);
                }
            }
            var services = ordered.SelectMany(o => o.Content.ServicesHit.Select(s => (o.Content.Date, s))).ToList();
            result.Add(new UtilityOutages(group.Key, periods, hoursByDay.Values.Sum(), hoursByDay.Count, services));
        }
        return result;
    }
}

/// <summary>Medical evacuations up to a day: every count, in date order, and the latest running total and waiting list.</summary>
public sealed record EvacuationRecord(IReadOnlyList<ObservationVersion> Counts, ObservationVersion? LatestCumulative, ObservationVersion? LatestWaiting, long MovedRecorded)
{
    public static EvacuationRecord Of(IReadOnlyList<ObservationVersion> observations, DateOnly asOf)
    {
        var counts = observations.Where(o => o.Content.Kind == ObservationKind.Evacuation && o.Content.Date <= asOf)
            .OrderBy(o => o.Content.Date).ThenBy(o => o.Recorded.At).ToList();
        return new EvacuationRecord(
            counts,
            counts.LastOrDefault(o => o.Content.Cumulative is not null),
            counts.LastOrDefault(o => o.Content.Waiting is not null),
            // Wide arithmetic: the sum of many counts, each within its range, still fits.
            counts.Sum(o => (long)(o.Content.Moved ?? 0)));
    }
}

/// <summary>The latest food-security survey on or before a day, read against the IPC Famine test and Sphere's alarms.</summary>
public sealed record FoodSecuritySignal(ObservationVersion? Survey, FoodSecurityReading Reading)
{
    public static FoodSecuritySignal Of(IReadOnlyList<ObservationVersion> observations, DateOnly asOf)
    {
        var survey = observations.Where(o => o.Content.Kind == ObservationKind.FoodSecurity && o.Content.Date <= asOf && o.Content.FoodSecurity is not null)
            .OrderBy(o => o.Content.Date).ThenBy(o => o.Recorded.At).LastOrDefault();
        return new FoodSecuritySignal(survey, FoodSecurity.Assess(survey?.Content.FoodSecurity ?? new FoodSecurityInputs(null, null, null, null)));
    }
}
