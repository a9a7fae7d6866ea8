using Lifeline.Core.Access;
using Lifeline.Core.Claims;
using Lifeline.Core.Common;
using Lifeline.Core.Situations;
using Lifeline.Events;
using Lifeline.Legal;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Claims;

/// <summary>
/// Reads claims back for the caller (the public sees reviewed and published claims only; verifiers, publishers,
/// analysts and admins all; viewers the reviewed; an author their own), and what the record says on an assertion's
/// days, from the events the caller may see.
/// </summary>
internal sealed class ClaimQueries(LifelineDbContext db, EventQueries events, TimeProvider clock)
{
    public EventQueries Events => events;

    public Viewer Viewer => events.Viewer;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Situation?> SituationAsync(string situationId, CancellationToken cancel) =>
        (await db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == situationId, cancel))?.ToDomain();

    /// <summary>The claims the caller may see, by the day they were made (latest first).</summary>
    public async Task<IReadOnlyList<Claim>> ListAsync(string situationId, CancellationToken cancel)
    {
        var rows = await Visible(situationId).OrderByDescending(r => r.Made).ThenBy(r => r.ClaimId).ToListAsync(cancel);
        return rows.Select(ClaimContent.ToDomain).ToList();
    }

    /// <summary>Null when there is no such claim or the caller may not see it (the same answer, so that its existence does not leak).</summary>
    public async Task<(Claim Claim, int Version)?> GetAsync(string situationId, string claimId, CancellationToken cancel)
    {
        var row = await Visible(situationId).FirstOrDefaultAsync(r => r.ClaimId == claimId, cancel);
        return row is null ? null : (ClaimContent.ToDomain(row), row.Version);
    }

    /// <summary>What the derived record says on the days of the claim's assertion; null when it has none.</summary>
    public async Task<ClaimCheck?> CheckAsync(Situation situation, Claim claim, CancellationToken cancel)
    {
        if (claim.Assertion is not { } assertion)
        {
            return null;
        }
        var (calendar, dayEvents) = await LegalComputation.RecordDaysAsync(events.Visible(situation.Id), situation, [assertion.Rule], assertion.From, assertion.To, cancel);
        return ClaimCheck.Evaluate(situation, assertion, calendar, dayEvents);
    }

    /// <summary>Where the claim appeared: the addresses of its sources, but those whose identity is protected.</summary>
    public async Task<IReadOnlyList<ClaimAppearance>> SourceAddressesAsync(string situationId, IReadOnlyList<string> sourceIds, CancellationToken cancel) =>
        (await db.Sources.AsNoTracking().Where(s => s.SituationId == situationId && sourceIds.Contains(s.Id) && !s.ProtectIdentity)
            .Select(s => new { s.Id, s.Url, s.Publisher, s.Published }).ToListAsync(cancel))
            .OrderBy(s => sourceIds.ToList().IndexOf(s.Id))
            .Select(s => new ClaimAppearance(s.Url, s.Publisher, s.Published)).ToList();

    private IQueryable<ClaimRow> Visible(string situationId)
    {
        var viewer = events.Viewer;
        var stages = EventAccess.StagesSeenByAnyone(viewer).Select(s => KebabCase.Of(s)).ToList();
        var query = db.Set<ClaimRow>().AsNoTracking().Where(r => r.SituationId == situationId);
        if (stages.Count == 3)
        {
            return query;
        }
        var me = viewer.UserId;
        return me is null ? query.Where(r => stages.Contains(r.Stage)) : query.Where(r => stages.Contains(r.Stage) || r.AuthorId == me);
    }
}

/// <summary>A page that reported a claim: its address, publisher and day of publication when known.</summary>
internal sealed record ClaimAppearance(string Url, string Publisher, DateOnly? Published);
