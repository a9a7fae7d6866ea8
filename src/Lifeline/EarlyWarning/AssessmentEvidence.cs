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
    public static AssessmentReferences References(LifelineDbContext db, string situationId, IEnumerable<string> eventIds, IEnumerable<string> sourceIds, IEnumerable<string> evidenceIds)
    {
        var events = eventIds.Select(e => e?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        var evidence = evidenceIds.Select(e => e?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        var eventRows = db.Events.Where(e => e.SituationId == situationId && events.Contains(e.EventId))
            .Select(e => new { e.EventId, e.Date, e.Sources }).AsEnumerable().ToList();
        var sources = sourceIds.Select(s => s?.Trim() ?? "").Concat(eventRows.SelectMany(e => e.Sources)).Distinct(StringComparer.Ordinal).ToList();
        var sourceKnown = Sources(db, situationId, sources);
        var period = db.Situations.AsNoTracking().FirstOrDefault(s => s.Id == situationId)?.Period();
        return new AssessmentReferences(
            eventRows.ToDictionary(
                e => e.EventId,
                e => KnownFrom.Event(e.Date, e.Sources.Where(sourceKnown.ContainsKey).Select(s => (s, sourceKnown[s]))),
                StringComparer.Ordinal),
            sourceKnown,
            db.Set<EvidenceRow>().Where(e => e.SituationId == situationId && evidence.Contains(e.EvidenceId))
                .Select(e => new { e.EvidenceId, e.CapturedAt, e.ReceivedAt }).AsEnumerable()
                .ToDictionary(
                    e => e.EvidenceId,
                    e => KnownFrom.Evidence(e.CapturedAt is { } c ? DateOnly.FromDateTime(c) : null, DateOnly.FromDateTime(e.ReceivedAt)),
                    StringComparer.Ordinal),
            period);
    }

    /// <summary>The sources among <paramref name="ids"/> that exist in the situation, with the first day each was available.</summary>
    public static Dictionary<string, KnownFrom> Sources(LifelineDbContext db, string situationId, IReadOnlyList<string> ids)
    {
        var recorded = db.SourceVersions.Where(v => v.SituationId == situationId && v.Version == 1 && ids.Contains(v.SourceId))
            .Select(v => new { v.SourceId, v.RecordedAt }).AsEnumerable()
            .ToDictionary(v => v.SourceId, v => DateOnly.FromDateTime(v.RecordedAt), StringComparer.Ordinal);
        return db.Sources.Where(s => s.SituationId == situationId && ids.Contains(s.Id))
            .Select(s => new { s.Id, s.Published, s.Retrieved }).AsEnumerable()
            .ToDictionary(
                s => s.Id,
                s => KnownFrom.Source(s.Published, s.Retrieved, recorded.TryGetValue(s.Id, out var at) ? at : DateOnly.MaxValue),
                StringComparer.Ordinal);
    }
}
