using Lifeline.Core.Common;
using Lifeline.Core.Legal;
using Lifeline.Core.Situations;
using Lifeline.Events;
using Lifeline.Situations;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Legal;

/// <summary>
/// The legal record of a situation as stored, and the compliance of its obligations computed from the events a caller
/// may see: the same calendar the dashboard derives (<see cref="SituationCalendar"/>), and the events the rules name.
/// </summary>
internal static class LegalComputation
{
    /// <summary>The most days one compliance answer covers (ten years).</summary>
    public const int MaxDays = 3_660;

    public static async Task<LegalRecordSet> RecordsAsync(LifelineDbContext db, string situationId, CancellationToken cancel = default) =>
        LegalContent.ToSet(await db.Set<LegalRecordRow>().AsNoTracking().Where(r => r.SituationId == situationId).ToListAsync(cancel));

    /// <summary>
    /// The compliance of each obligation (or of the one asked for) from <paramref name="from"/> (default: the day it took
    /// effect) to <paramref name="to"/> (default: the situation's last day), over <paramref name="events"/>.
    /// </summary>
    public static async Task<IReadOnlyList<ComplianceSummary>> ComplianceAsync(
        IQueryable<EventRow> events, Situation situation, LegalRecordSet records, IReadOnlyList<Obligation> obligations,
        DateOnly? from, DateOnly? to, DateOnly today, CancellationToken cancel = default)
    {
        if (obligations.Count == 0)
        {
            return [];
        }
        var last = to ?? situation.LastDay(today);
        var first = from ?? obligations.Min(o => o.From);
        if (last < first)
        {
            return obligations.Select(o => Compliance.Evaluate(situation, o, [], [], records.Steps, first, last)).ToList();
        }
        var (calendar, dayEvents) = await RecordDaysAsync(events, situation, obligations.Select(o => o.Rule), first, last, cancel);
        return obligations.Select(o => Compliance.Evaluate(situation, o, calendar, dayEvents, records.Steps, first, last)).ToList();
    }

    /// <summary>
    /// What rules read from <paramref name="events"/> from <paramref name="first"/> to <paramref name="last"/>: the
    /// derived calendar of those days and the events of the types the rules name. Obligations and claims are read
    /// against this one record.
    /// </summary>
    public static async Task<(IReadOnlyList<DayStatus> Calendar, IReadOnlyList<RecordedEvent> Events)> RecordDaysAsync(
        IQueryable<EventRow> events, Situation situation, IEnumerable<ObligationRule> rules, DateOnly first, DateOnly last, CancellationToken cancel = default)
    {
        var calendar = SituationCalendar.Compute(situation, await SituationQueries.StatusChangesAsync(events, last, cancel), first, last);
        var types = rules.SelectMany(TypesOf).Distinct(StringComparer.Ordinal).ToList();
        var dayEvents = types.Count == 0 ? [] : (await events
            .Where(e => types.Contains(e.Type) && e.Date >= first && e.Date <= last)
            .Select(e => new { e.Date, e.Type, e.EventId, e.RouteId })
            .ToListAsync(cancel))
            .Select(e => new RecordedEvent(e.Date, e.Type, e.EventId, e.RouteId)).ToList();
        return (calendar, dayEvents);
    }

    /// <summary>The body an obligation answers to: through the step that imposed it and that step's proceeding.</summary>
    public static Body? BodyOf(LegalRecordSet records, Obligation obligation)
    {
        var step = records.Steps.FirstOrDefault(s => s.Id == obligation.StepId);
        var proceeding = records.Proceedings.FirstOrDefault(p => p.Id == step?.ProceedingId);
        return records.Bodies.FirstOrDefault(b => b.Id == proceeding?.BodyId);
    }

    private static IEnumerable<string> TypesOf(ObligationRule rule) => rule switch
    {
        EventOfType e => [e.Type],
        AllOf all => all.Rules.SelectMany(TypesOf),
        AnyOf any => any.Rules.SelectMany(TypesOf),
        NotRule not => TypesOf(not.Rule),
        _ => [],
    };

    public static string State(ComplianceState state) => KebabCase.Of(state);
}

/// <summary>
/// The compliance answer of the API and <c>lifeline compliance --json</c>: <c>obligations[] {id, body, from,
/// daysComplied, daysBreached, daysUnknown, longestBreachDays, days[] {date, state}}</c>, and for each also what it
/// requires, its rule, its longest breach and the dates its body was told.
/// </summary>
internal sealed record ComplianceDocument(string Situation, IReadOnlyList<ObligationCompliance> Obligations)
{
    public static ComplianceDocument Of(string situationId, LegalRecordSet records, IReadOnlyList<ComplianceSummary> summaries) =>
        new(situationId, summaries.Select(s => ObligationCompliance.Of(records, s)).ToList());
}

internal sealed record ObligationCompliance(
    string Id,
    string? Body,
    string Bearer,
    string Text,
    string Rule,
    string From,
    string To,
    int DaysComplied,
    int DaysBreached,
    int DaysUnknown,
    int LongestBreachDays,
    BreachDto? LongestBreach,
    IReadOnlyList<ToldDto> Told,
    IReadOnlyList<ComplianceDayDto> Days)
{
    public static ObligationCompliance Of(LegalRecordSet records, ComplianceSummary s) => new(
        s.Obligation.Id, LegalComputation.BodyOf(records, s.Obligation)?.Id, s.Obligation.Bearer, s.Obligation.Text, s.Obligation.Rule.ToString(),
        RecordDates.Day(s.From), RecordDates.Day(s.To), s.DaysComplied, s.DaysBreached, s.DaysUnknown, s.LongestBreach?.Days ?? 0,
        s.LongestBreach is { } b ? new BreachDto(RecordDates.Day(b.First), RecordDates.Day(b.Last), b.Days) : null,
        s.Told.Select(t => new ToldDto(RecordDates.Day(t.Date), t.StepId, KebabCase.Of(t.Kind))).ToList(),
        s.Days.Select(d => new ComplianceDayDto(RecordDates.Day(d.Date), LegalComputation.State(d.State), d.DecidingEvents, d.Reason)).ToList());
}

internal sealed record BreachDto(string First, string Last, int Days);

internal sealed record ToldDto(string Date, string Step, string Kind);

internal sealed record ComplianceDayDto(string Date, string State, IReadOnlyList<string> Events, string Reason);
