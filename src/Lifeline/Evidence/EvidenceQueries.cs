using Lifeline.Accounts;
using Lifeline.Core.Evidence;
using Lifeline.Events;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Evidence;

/// <summary>One step of a chain of custody, as shown.</summary>
public sealed record CustodyView(int Step, string Action, DateTimeOffset At, string By, string Why, string? To);

/// <summary>A piece of evidence as shown to those who may see it: what it is, how it was captured, where it has been.</summary>
public sealed record EvidenceView(
    string Id, string SituationId, string EventId, string Sha256, long Size, string MediaType, string FileName,
    DateTimeOffset? CapturedAt, string? CapturedWhere, string? CapturedBy, string? Device, string? Description,
    DateTimeOffset ReceivedAt, string ReceivedBy, IReadOnlyList<CustodyView> Custody)
{
    public string Download => $"/api/v1/situations/{SituationId}/evidence/{Id}/file";
}

/// <summary>Reads evidence back for those who may see it; for anyone else it does not exist.</summary>
internal sealed class EvidenceQueries(LifelineDbContext db, ICurrentUser user)
{
    /// <summary>The event, when the caller may see its evidence; else null.</summary>
    public async Task<EventRow?> VisibleEventAsync(string situationId, string eventId, CancellationToken cancel = default)
    {
        var row = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.SituationId == situationId && e.EventId == eventId, cancel);
        return row is not null && EvidenceAccess.CanSee(user.Viewer, row.StageValue, row.AuthorId) ? row : null;
    }

    /// <summary>The evidence of an event, oldest first; null when the caller may not see the event's evidence.</summary>
    public async Task<IReadOnlyList<EvidenceView>?> ForEventAsync(string situationId, string eventId, CancellationToken cancel = default)
    {
        if (await VisibleEventAsync(situationId, eventId, cancel) is null)
        {
            return null;
        }
        var rows = await db.Set<EvidenceRow>().AsNoTracking()
            .Where(e => e.SituationId == situationId && e.EventId == eventId)
            .OrderBy(e => e.RowId)
            .ToListAsync(cancel);
        var ids = rows.Select(r => r.EvidenceId).ToList();
        var steps = (await db.Set<CustodyRow>().AsNoTracking()
            .Where(c => c.SituationId == situationId && ids.Contains(c.EvidenceId))
            .OrderBy(c => c.Step)
            .ToListAsync(cancel))
            .GroupBy(c => c.EvidenceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return rows.Select(r => ToView(r, steps.GetValueOrDefault(r.EvidenceId) ?? [])).ToList();
    }

    /// <summary>One piece of evidence with its event, when the caller may see it; else null.</summary>
    public async Task<(EvidenceRow Evidence, EventRow Event)?> FindAsync(string situationId, string evidenceId, CancellationToken cancel = default)
    {
        var evidence = await db.Set<EvidenceRow>().AsNoTracking().FirstOrDefaultAsync(e => e.SituationId == situationId && e.EvidenceId == evidenceId, cancel);
        var owner = evidence is null ? null : await VisibleEventAsync(situationId, evidence.EventId, cancel);
        return evidence is null || owner is null ? null : (evidence, owner);
    }

    public async Task<EvidenceView?> ViewAsync(string situationId, string evidenceId, CancellationToken cancel = default) =>
        await FindAsync(situationId, evidenceId, cancel) is { } found ? ToView(found.Evidence, await StepsAsync(situationId, evidenceId, cancel)) : null;

    public async Task<List<CustodyRow>> StepsAsync(string situationId, string evidenceId, CancellationToken cancel = default) =>
        await db.Set<CustodyRow>().AsNoTracking()
            .Where(c => c.SituationId == situationId && c.EvidenceId == evidenceId)
            .OrderBy(c => c.Step)
            .ToListAsync(cancel);

    public static EvidenceView ToView(EvidenceRow r, IReadOnlyList<CustodyRow> steps) => new(
        r.EvidenceId, r.SituationId, r.EventId, r.Sha256, r.Size, r.MediaType, r.FileName,
        r.CapturedAt is { } at ? Utc(at) : null, r.CapturedWhere, r.CapturedBy, r.Device, r.Description,
        Utc(r.ReceivedAt), r.ReceivedBy,
        steps.Select(s => new CustodyView(s.Step, s.Action, Utc(s.At), s.By, s.Why, s.To)).ToList());

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
