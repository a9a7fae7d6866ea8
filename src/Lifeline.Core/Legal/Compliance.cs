using Lifeline.Core.Situations;

namespace Lifeline.Core.Legal;

/// <summary>One day of an obligation's compliance: what the rule says of the record that day, and the events that decide it.</summary>
public sealed record ComplianceDay(DateOnly Date, ComplianceState State, IReadOnlyList<string> DecidingEvents, string Reason);

/// <summary>A run of consecutive days not complied with, first and last day included.</summary>
public sealed record Breach(DateOnly First, DateOnly Last)
{
    public int Days => Last.DayNumber - First.DayNumber + 1;
}

/// <summary>A step that put the obligation before its body (a reminder, a notification, a meeting), and its date.</summary>
public sealed record BodyTold(DateOnly Date, string StepId, StepKind Kind);

/// <summary>
/// An obligation's compliance over a span of days: each day's state, the counts, the longest breach and the dates
/// the body was told. Days before the obligation took effect or after it ended are not counted.
/// </summary>
/// <param name="From">The first day counted (the later of the span asked for and the day it took effect).</param>
/// <param name="To">The last day counted.</param>
public sealed record ComplianceSummary(
    Obligation Obligation,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<ComplianceDay> Days,
    IReadOnlyList<BodyTold> Told)
{
    public int DaysComplied => Days.Count(d => d.State == ComplianceState.Complied);

    public int DaysBreached => Days.Count(d => d.State == ComplianceState.NotComplied);

    public int DaysUnknown => Days.Count(d => d.State == ComplianceState.Unknown);

    /// <summary>Every run of consecutive days not complied with, in order.</summary>
    public IReadOnlyList<Breach> Breaches { get; } = BreachesOf(Days);

    /// <summary>The longest breach (the first of equal length); null when no day was breached.</summary>
    public Breach? LongestBreach => Breaches.Count == 0 ? null : Breaches.MaxBy(b => b.Days);

    private static List<Breach> BreachesOf(IReadOnlyList<ComplianceDay> days)
    {
        var breaches = new List<Breach>();
        DateOnly? first = null;
        DateOnly last = default;
        foreach (var day in days)
        {
            if (day.State == ComplianceState.NotComplied && first is not null && day.Date == last.AddDays(1))
            {
                last = day.Date;
            }
            else if (day.State == ComplianceState.NotComplied)
            {
                if (first is { } f)
                {
                    breaches.Add(new Breach(f, last));
                }
                (first, last) = (day.Date, day.Date);
            }
            else if (first is { } f)
            {
                breaches.Add(new Breach(f, last));
                first = null;
            }
        }
        if (first is { } open)
        {
            breaches.Add(new Breach(open, last));
        }
        return breaches;
    }
}

/// <summary>Evaluates obligations over the derived record day by day (the rule of <see cref="ObligationRule"/>).</summary>
public static class Compliance
{
    /// <summary>
    /// The compliance of <paramref name="obligation"/> on each day from <paramref name="from"/> to
    /// <paramref name="to"/> on which it is in force.
    /// </summary>
    /// <param name="calendar">The derived calendar (<see cref="SituationCalendar.Compute"/>), covering at least the days asked for; a day it lacks is unknown.</param>
    /// <param name="events">The events the rules may read, in any order; those outside the span are ignored.</param>
    /// <param name="steps">The steps of the situation's proceedings; those citing the obligation, on or after it took effect, are the dates the body was told.</param>
    public static ComplianceSummary Evaluate(
        Situation situation,
        Obligation obligation,
        IReadOnlyList<DayStatus> calendar,
        IEnumerable<RecordedEvent> events,
        IEnumerable<ProceedingStep> steps,
        DateOnly from,
        DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(situation);
        ArgumentNullException.ThrowIfNull(obligation);
        ArgumentNullException.ThrowIfNull(calendar);
        var first = from < obligation.From ? obligation.From : from;
        var last = obligation.Until is { } until && until < to ? until : to;
        var byDate = calendar.ToDictionary(d => d.Date);
        var eventsByDate = events.Where(e => e.Date >= first && e.Date <= last).GroupBy(e => e.Date)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<RecordedEvent>)g.ToList());
        var days = new List<ComplianceDay>(Math.Max(0, last.DayNumber - first.DayNumber + 1));
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            if (!byDate.TryGetValue(date, out var status))
            {
                days.Add(new ComplianceDay(date, ComplianceState.Unknown, [], "no calendar for this day"));
                continue;
            }
            var outcome = obligation.Rule.Evaluate(new RecordDay(status, eventsByDate.GetValueOrDefault(date) ?? []), situation.MainRoute?.Id);
            days.Add(new ComplianceDay(date, outcome.State, outcome.DecidingEvents, outcome.Reason));
        }
        var told = steps
            .Where(s => s.Cites.Contains(obligation.Id, StringComparer.Ordinal) && s.Date >= obligation.From)
            .OrderBy(s => s.Date).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => new BodyTold(s.Date, s.Id, s.Kind))
            .ToList();
        return new ComplianceSummary(obligation, first, last, days, told);
    }
}
