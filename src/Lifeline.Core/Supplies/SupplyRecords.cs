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

/// <summary>A service suspended by the record's own account (a <c>service-suspended</c> event): schools, transport, surgery.</summary>
public sealed record ServiceHit(DateOnly Date, string EventId, string Notes);

/// <summary>
/// One stretch of an outage as the calendar derives it from the utility's events: cut, or partly supplied (rationed)
/// so many hours a day when the record says, from a moment to a moment (local time, end exclusive).
/// </summary>
/// <param name="Ongoing">True when it still held at the end of the days counted (no later change ended it).</param>
/// <param name="HoursPerDay">For a partial supply, the hours a day without it when recorded; null otherwise.</param>
/// <param name="Events">The events that set it, in order.</param>
public sealed record OutagePeriod(UtilityStatus Status, DateTime From, DateTime Until, bool Ongoing, double? HoursPerDay, IReadOnlyList<string> Events)
{
    public DateOnly FirstDay => DateOnly.FromDateTime(From);

    /// <summary>The last day it held at some moment (a stretch ending at midnight ends the day before).</summary>
    public DateOnly LastDay => Until > From && Until.TimeOfDay == TimeSpan.Zero ? DateOnly.FromDateTime(Until).AddDays(-1) : DateOnly.FromDateTime(Until);

    /// <summary>Hours without the utility in this stretch: all of them when cut; the recorded hours a day when rationed; 0 when not known.</summary>
    public double HoursWithout => Status == UtilityStatus.Cut ? (Until - From).TotalHours : (Until - From).TotalDays * (HoursPerDay ?? 0);
}

/// <summary>
/// A utility's outages over the days counted (from the situation's start to a day, and at most its end), derived from
/// the utility's events by <see cref="SituationCalendar"/>'s rule, the same as the calendar. The hours are those of
/// a single timeline, so they never exceed the hours in the days counted.
/// </summary>
/// <param name="HoursCut">Hours cut completely.</param>
/// <param name="HoursRationed">Hours without it while partly supplied, where the hours a day are recorded.</param>
/// <param name="HoursInPeriod">24 for each day counted.</param>
/// <param name="DaysHit">Days on which it was cut or partly supplied at some moment.</param>
/// <param name="DaysHoursNotRecorded">
/// Days hit for which the record gives no hours: partly supplied without hours a day, or cut and restored the same day
/// with no time or duration recorded. The hours are a lower bound when this is not 0.
/// </param>
public sealed record UtilityOutages(
    Utility Utility, IReadOnlyList<OutagePeriod> Periods, double HoursCut, double HoursRationed, double HoursInPeriod,
    int DaysHit, int DaysHoursNotRecorded, IReadOnlyList<ServiceHit> ServicesHit)
{
    /// <summary>Hours without the utility, cut or rationed.</summary>
    public double Hours => HoursCut + HoursRationed;
}

/// <summary>The utilities on a day: each one's outages, and the changes of routes and utilities that do not fit the one before.</summary>
public sealed record UtilitiesPicture(DateOnly From, DateOnly To, IReadOnlyList<UtilityOutages> Utilities, IReadOnlyList<SequenceAnomaly> Anomalies)
{
    /// <summary>
    /// Each utility's outages from the situation's start to <paramref name="asOf"/> (and at most its end), from the same
    /// status changes the calendar reads. A utility no event is about is left out; services hit are listed with the
    /// outages of each utility that was cut or rationed on their day (the record seldom says which cut suspended which).
    /// </summary>
    public static UtilitiesPicture Of(Situation situation, IReadOnlyList<StatusChange> changes, IReadOnlyList<ServiceHit> services, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(situation);
        var from = situation.StartDate;
        var to = situation.EndDate is { } end && end < asOf ? end : asOf;
        var timelines = StatusTimelines.Of(situation, changes, to < from ? from : to);
        if (to < from)
        {
            return new UtilitiesPicture(from, to, [], timelines.Anomalies.Where(a => a.Date <= asOf).ToList());
        }
        var start = from.ToDateTime(TimeOnly.MinValue);
        var stop = to.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var days = to.DayNumber - from.DayNumber + 1;
        var result = new List<UtilityOutages>();
        foreach (var utility in Enum.GetValues<Utility>())
        {
            if (!changes.Any(c => c.Utility == utility && c.Date <= to))
            {
                continue;
            }
            var clipped = timelines.Utility(utility)
                .Where(p => p.Until > start || (p.From == p.Until && p.From >= start))
                .Where(p => p.From < stop)
                .Select(p => p with { From = p.From < start ? start : p.From, Until = p.Until > stop ? stop : p.Until })
                .ToList();
            var periods = new List<OutagePeriod>();
            foreach (var p in clipped.Where(p => p.Status is UtilityStatus.Cut or UtilityStatus.Partial))
            {
                var hoursPerDay = p.Status == UtilityStatus.Partial ? p.SetBy?.HoursPerDay : null;
                var events = p.SetBy?.EventId is { } id ? new[] { id } : [];
                var ongoing = p.Until == stop;
                if (periods.Count > 0 && periods[^1] is var last && last.Status == p.Status && last.HoursPerDay == hoursPerDay && last.Until == p.From)
                {
                    periods[^1] = last with { Until = p.Until, Ongoing = ongoing, Events = [.. last.Events, .. events.Where(e => !last.Events.Contains(e))] };
                }
                else
                {
                    periods.Add(new OutagePeriod(p.Status, p.From, p.Until, ongoing, hoursPerDay, events));
                }
            }
            var hoursCut = periods.Where(p => p.Status == UtilityStatus.Cut).Sum(p => p.HoursWithout);
            var hoursRationed = periods.Where(p => p.Status == UtilityStatus.Partial).Sum(p => p.HoursWithout);
            var calendar = SituationCalendar.Compute(situation, changes.Where(c => c.Utility == utility), from, to);
            int hit = 0, notRecorded = 0;
            var hitDays = new HashSet<DateOnly>();
            foreach (var day in calendar)
            {
                var status = day.Utilities[utility];
                if (status is not (UtilityStatus.Cut or UtilityStatus.Partial))
                {
                    continue;
                }
                hit++;
                hitDays.Add(day.Date);
                var onDay = periods.Where(p => p.FirstDay <= day.Date && p.LastDay >= day.Date).ToList();
                var known = onDay.Sum(p => Overlap(p, day.Date));
                if (known == 0 || onDay.Any(p => p.Status == UtilityStatus.Partial && p.HoursPerDay is null))
                {
                    notRecorded++;
                }
            }
            var hits = services.Where(s => hitDays.Contains(s.Date)).OrderBy(s => s.Date).ToList();
            result.Add(new UtilityOutages(utility, periods, hoursCut, hoursRationed, days * 24.0, hit, notRecorded, hits));
        }
        return new UtilitiesPicture(from, to, result, timelines.Anomalies);
    }

    /// <summary>Hours without the utility on <paramref name="day"/> in this stretch.</summary>
    private static double Overlap(OutagePeriod period, DateOnly day)
    {
        var dayStart = day.ToDateTime(TimeOnly.MinValue);
        var dayEnd = dayStart.AddDays(1);
        var from = period.From > dayStart ? period.From : dayStart;
        var until = period.Until < dayEnd ? period.Until : dayEnd;
        if (until <= from)
        {
            return 0;
        }
        return period.Status == UtilityStatus.Cut ? (until - from).TotalHours : (until - from).TotalDays * (period.HoursPerDay ?? 0);
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
