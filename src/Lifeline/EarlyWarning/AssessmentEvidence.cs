using Lifeline.Core.EarlyWarning;
using Lifeline.Evidence;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.EarlyWarning;

/// <summary>
/// What an assessment may cite, read from the database with the first day each could be known (<see cref="KnownFrom"/>):
/// a source from its publication date, else its retrieval date, else the day it was recorded in Lifeline; an event
/// from its earliest source, and never before it happened; an evidence file from its capture, else its receipt.
/// </summary>
internal static class AssessmentEvidence
{
    /// <summary>For the request path: every read is asynchronous.</summary>
    public static async Task<AssessmentReferences> ReferencesAsync(
        LifelineDbContext db, string situationId, IEnumerable<string> eventIds, IEnumerable<string> sourceIds, IEnumerable<string> evidenceIds, CancellationToken cancel = default)
    {
        var (events, evidence) = (Ids(eventIds), Ids(evidenceIds));
        var eventRows = await EventsOf(db, situationId, events).ToListAsync(cancel);
        var sources = Ids(sourceIds).Concat(eventRows.SelectMany(e => e.Sources)).Distinct(StringComparer.Ordinal).ToList();
        var sourceKnown = SourcesKnown(
            await RecordedOf(db, situationId, sources).ToListAsync(cancel), await SourceDatesOf(db, situationId, sources).ToListAsync(cancel));
        var period = await Situations.SituationRow.PeriodOfAsync(db, situationId, cancel);
        return Build(eventRows, sourceKnown, await EvidenceOf(db, situationId, evidence).ToListAsync(cancel), period);
    }

    /// <summary>For an import, which reads and writes in one synchronous transaction.</summary>
    public static AssessmentReferences References(LifelineDbContext db, string situationId, IEnumerable<string> eventIds, IEnumerable<string> sourceIds, IEnumerable<string> evidenceIds)
    {
        var (events, evidence) = (Ids(eventIds), Ids(evidenceIds));
        var eventRows = EventsOf(db, situationId, events).ToList();
        var sources = Ids(sourceIds).Concat(eventRows.SelectMany(e => e.Sources)).Distinct(StringComparer.Ordinal).ToList();
        var sourceKnown = SourcesKnown(RecordedOf(db, situationId, sources).ToList(), SourceDatesOf(db, situationId, sources).ToList());
        var period = db.Situations.AsNoTracking().FirstOrDefault(s => s.Id == situationId)?.Period();
        return Build(eventRows, sourceKnown, EvidenceOf(db, situationId, evidence).ToList(), period);
    }

    private sealed record EventDates(string EventId, DateOnly Date, List<string> Sources);

    private sealed record SourceRecorded(string SourceId, DateTime RecordedAt);

    private sealed record SourceDates(string Id, DateOnly? Published, DateOnly? Retrieved);

    private sealed record EvidenceDates(string EvidenceId, DateTime? CapturedAt, DateTime ReceivedAt);

    private static List<string> Ids(IEnumerable<string> ids) => ids.Select(e => e?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();

    private static IQueryable<EventDates> EventsOf(LifelineDbContext db, string situationId, List<string> ids) =>
        db.Events.Where(e => e.SituationId == situationId && ids.Contains(e.EventId)).Select(e => new EventDates(e.EventId, e.Date, e.Sources));

    private static IQueryable<SourceRecorded> RecordedOf(LifelineDbContext db, string situationId, IReadOnlyList<string> ids) =>
        db.SourceVersions.Where(v => v.SituationId == situationId && v.Version == 1 && ids.Contains(v.SourceId)).Select(v => new SourceRecorded(v.SourceId, v.RecordedAt));

    private static IQueryable<SourceDates> SourceDatesOf(LifelineDbContext db, string situationId, IReadOnlyList<string> ids) =>
        db.Sources.Where(s => s.SituationId == situationId && ids.Contains(s.Id)).Select(s => new SourceDates(s.Id, s.Published, s.Retrieved));

    private static IQueryable<EvidenceDates> EvidenceOf(LifelineDbContext db, string situationId, List<string> ids) =>
        db.Set<EvidenceRow>().Where(e => e.SituationId == situationId && ids.Contains(e.EvidenceId)).Select(e => new EvidenceDates(e.EvidenceId, e.CapturedAt, e.ReceivedAt));

    private static Dictionary<string, KnownFrom> SourcesKnown(List<SourceRecorded> recordedRows, List<SourceDates> sources)
    {
        var recorded = recordedRows.ToDictionary(v => v.SourceId, v => DateOnly.FromDateTime(v.RecordedAt), StringComparer.Ordinal);
        return sources.ToDictionary(
            s => s.Id,
            s => KnownFrom.Source(s.Published, s.Retrieved, recorded.TryGetValue(s.Id, out var at) ? at : DateOnly.MaxValue),
            StringComparer.Ordinal);
    }

    private static AssessmentReferences Build(
        List<EventDates> events, Dictionary<string, KnownFrom> sourceKnown, List<EvidenceDates> evidence, Core.Situations.RecordPeriod? period) => new(
        events.ToDictionary(
            e => e.EventId,
            e => KnownFrom.Event(e.Date, e.Sources.Where(sourceKnown.ContainsKey).Select(s => (s, sourceKnown[s]))),
            StringComparer.Ordinal),
        sourceKnown,
        evidence.ToDictionary(
            e => e.EvidenceId,
            e => KnownFrom.Evidence(e.CapturedAt is { } c ? DateOnly.FromDateTime(c) : null, DateOnly.FromDateTime(e.ReceivedAt)),
            StringComparer.Ordinal),
        period);

    /// <summary>The sources among <paramref name="ids"/> that exist in the situation, with the first day each was available.</summary>
    public static Dictionary<string, KnownFrom> Sources(LifelineDbContext db, string situationId, IReadOnlyList<string> ids) =>
        SourcesKnown(RecordedOf(db, situationId, ids).ToList(), SourceDatesOf(db, situationId, ids).ToList());
}
