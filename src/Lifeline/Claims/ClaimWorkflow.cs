using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Claims;
using Lifeline.Core.Common;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Claims;

/// <summary>The body of <c>POST .../claims/{claimId}/publication</c>: make a reviewed claim public, or withdraw it, and why.</summary>
public sealed record ClaimPublicationRequest(bool? Published, [property: TextRule(InputLimits.Reason, TextLines.Many)] string? Reason);

/// <summary>What a write of a claim came to.</summary>
internal abstract record ClaimOutcome
{
    public sealed record Stored(Claim Claim) : ClaimOutcome;
    public sealed record Invalid(ValidationErrors Errors) : ClaimOutcome;
    public sealed record NotFound(string What) : ClaimOutcome;
    public sealed record Forbidden(string Why) : ClaimOutcome;
    public sealed record Conflict(string Message) : ClaimOutcome;
}

/// <summary>
/// A claim's life: recorded (by those who record events), reviewed against the record (a verifier: its standing and
/// evidence), made public or withdrawn (a publisher, once reviewed). Each step writes a new version with who, when and
/// why, its ledger leaf and its audit line, in one transaction; a refused step stores nothing.
/// </summary>
internal sealed class ClaimWorkflow(LifelineDbContext db, TimeProvider clock, ICurrentUser user, AuditLog audit, LedgerSequencer ledger, ClaimQueries queries)
{
    public async Task<ClaimOutcome> Record(string situationId, ClaimDraft draft, CancellationToken cancel = default)
    {
        var viewer = user.Viewer;
        if (!EventAccess.CanRecord(viewer))
        {
            return new ClaimOutcome.Forbidden("Recording claims needs the reporter, analyst, verifier, publisher or admin role.");
        }
        var situation = await queries.SituationAsync(situationId, cancel);
        if (situation is null)
        {
            return new ClaimOutcome.NotFound($"There is no situation '{situationId}'.");
        }
        if (InputRules.Check(draft) is { IsEmpty: false } declared)
        {
            return new ClaimOutcome.Invalid(declared);
        }
        var now = Exchange.Importer.TruncateToSeconds(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var sources = await SourcesAsync(situationId, cancel);
        var id = string.IsNullOrWhiteSpace(draft.Id) ? await NewIdAsync(situationId, draft, cancel) : draft.Id.Trim();
        var (claim, errors) = ClaimValidator.Validate(situation, sources, draft, id, today);
        if (claim is null)
        {
            return new ClaimOutcome.Invalid(errors);
        }
        var by = viewer.Name ?? viewer.UserId!;
        return await ledger.WriteAsync<ClaimOutcome>(db, async c =>
        {
            if (await db.Set<ClaimRow>().AnyAsync(r => r.SituationId == situationId && r.ClaimId == claim.Id, c))
            {
                var taken = new ValidationErrors();
                taken.Add("id", $"'{claim.Id}' is already a claim in this situation: choose another id");
                return LedgerWrite<ClaimOutcome>.Refuse(new ClaimOutcome.Invalid(taken));
            }
            var version = ClaimContent.Version(situationId, claim, 1, viewer.UserId, now.UtcDateTime, by, viewer.UserId, "recorded");
            var current = new ClaimRow { SituationId = "", ClaimId = "", Type = "", Stage = "", Content = "", RecordedBy = "", Reason = "" };
            current.CopyFrom(version);
            db.Add(version);
            db.Add(current);
            audit.Add("record", "claim", claim.Id, situationId, "version 1");
            try
            {
                await db.SaveChangesAsync(c);
            }
            catch (DbUpdateException)
            {
                return LedgerWrite<ClaimOutcome>.Refuse(new ClaimOutcome.Conflict($"Claim '{claim.Id}' was recorded by someone else at the same time. Choose another id."));
            }
            return LedgerWrite<ClaimOutcome>.Store(new ClaimOutcome.Stored(claim), [CanonicalRecords.Claim(version)]);
        });
    }

    public async Task<ClaimOutcome> Review(string situationId, string claimId, ClaimReviewDraft draft, CancellationToken cancel = default)
    {
        var viewer = user.Viewer;
        var current = await VisibleAsync(situationId, claimId, viewer, cancel);
        if (current is null)
        {
            return new ClaimOutcome.NotFound($"There is no claim '{claimId}' in situation '{situationId}'.");
        }
        if (!EventAccess.CanReview(viewer))
        {
            return new ClaimOutcome.Forbidden("Reviewing claims needs the verifier or admin role.");
        }
        if (InputRules.Check(draft) is { IsEmpty: false } declared)
        {
            return new ClaimOutcome.Invalid(declared);
        }
        var now = Exchange.Importer.TruncateToSeconds(clock.GetUtcNow());
        var sources = await SourcesAsync(situationId, cancel);
        var linked = (draft.Events ?? []).Take(ClaimValidator.MaxEvidence + 1).ToList();
        var events = (await queries.Events.Visible(situationId).Where(e => linked.Contains(e.EventId)).Select(e => e.EventId).ToListAsync(cancel))
            .ToHashSet(StringComparer.Ordinal);
        var by = viewer.Name ?? viewer.UserId!;
        var (verdict, errors) = ClaimValidator.ValidateReview(sources, events, draft, by, DateOnly.FromDateTime(now.UtcDateTime));
        if (verdict is null)
        {
            return new ClaimOutcome.Invalid(errors);
        }
        var claim = ClaimContent.ToDomain(current);
        var stage = claim.Stage == EventStage.Intake ? EventStage.Reviewed : claim.Stage;
        return await Append(current, claim with { Verdict = verdict, Stage = stage }, now, $"reviewed: {KebabCase.Of(verdict.Standing)} — {verdict.Note}", "review", cancel);
    }

    public async Task<ClaimOutcome> Publish(string situationId, string claimId, ClaimPublicationRequest request, CancellationToken cancel = default)
    {
        var viewer = user.Viewer;
        var current = await VisibleAsync(situationId, claimId, viewer, cancel);
        if (current is null)
        {
            return new ClaimOutcome.NotFound($"There is no claim '{claimId}' in situation '{situationId}'.");
        }
        if (!viewer.HasAny(Role.Admin, Role.Publisher))
        {
            return new ClaimOutcome.Forbidden("Only a publisher or an admin may make claims public.");
        }
        if (InputRules.Check(request) is { IsEmpty: false } declared)
        {
            return new ClaimOutcome.Invalid(declared);
        }
        var errors = new ValidationErrors();
        var stage = current.StageValue;
        if (request.Published is null)
        {
            errors.Add("published", "is required: true to make the claim public, false to withdraw it");
        }
        else if (request.Published.Value && stage == EventStage.Intake)
        {
            errors.Add("published", "this claim has not been reviewed yet: a verifier must review it before it is made public");
        }
        else if (request.Published.Value && stage == EventStage.Published)
        {
            errors.Add("published", "this claim is already public");
        }
        else if (!request.Published.Value && stage != EventStage.Published)
        {
            errors.Add("published", "this claim is not public, so there is nothing to withdraw");
        }
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors.Add("reason", "is required: why it is made public or withdrawn");
        }
        if (!errors.IsEmpty)
        {
            return new ClaimOutcome.Invalid(errors);
        }
        var now = Exchange.Importer.TruncateToSeconds(clock.GetUtcNow());
        var publish = request.Published!.Value;
        var claim = ClaimContent.ToDomain(current) with { Stage = publish ? EventStage.Published : EventStage.Reviewed };
        return await Append(current, claim, now, $"{(publish ? "published" : "withdrawn")} — {request.Reason!.Trim()}", publish ? "publish" : "withdraw", cancel);
    }

    private Task<ClaimOutcome> Append(ClaimRow current, Claim claim, DateTimeOffset now, string reason, string action, CancellationToken cancel)
    {
        var viewer = user.Viewer;
        var expected = current.Version;
        return ledger.WriteAsync<ClaimOutcome>(db, async c =>
        {
            var version = ClaimContent.Version(current.SituationId, claim, expected + 1, current.AuthorId, now.UtcDateTime, viewer.Name ?? viewer.UserId!, viewer.UserId, reason);
            current.CopyFrom(version);
            db.Add(version);
            audit.Add(action, "claim", claim.Id, current.SituationId, $"version {version.Version}");
            try
            {
                await db.SaveChangesAsync(c);
            }
            catch (DbUpdateException)
            {
                return LedgerWrite<ClaimOutcome>.Refuse(new ClaimOutcome.Conflict($"Claim '{claim.Id}' was changed by someone else at the same time. Reload it and try again."));
            }
            return LedgerWrite<ClaimOutcome>.Store(new ClaimOutcome.Stored(claim), [CanonicalRecords.Claim(version)]);
        });
    }

    private async Task<ClaimRow?> VisibleAsync(string situationId, string claimId, Viewer viewer, CancellationToken cancel)
    {
        var current = await db.Set<ClaimRow>().FirstOrDefaultAsync(r => r.SituationId == situationId && r.ClaimId == claimId, cancel);
        return current is not null && EventAccess.CanSee(viewer, current.StageValue, current.AuthorId) ? current : null;
    }

    private async Task<HashSet<string>> SourcesAsync(string situationId, CancellationToken cancel) =>
        (await db.Sources.Where(s => s.SituationId == situationId).Select(s => s.Id).ToListAsync(cancel)).ToHashSet(StringComparer.Ordinal);

    /// <summary>An id from the day and the actor (<c>2023-02-18-president-of-azerbaijan</c>), numbered when taken.</summary>
    private async Task<string> NewIdAsync(string situationId, ClaimDraft draft, CancellationToken cancel)
    {
        var words = new string((draft.Actor ?? "claim").ToLowerInvariant().Select(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' ? ch : '-').ToArray());
        var stem = string.Join('-', words.Split('-', StringSplitOptions.RemoveEmptyEntries));
        stem = stem.Length == 0 ? "claim" : stem[..Math.Min(stem.Length, 40)].TrimEnd('-');
        var day = draft.Made?.Trim() is { Length: 10 } made
            && DateOnly.TryParseExact(made, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _) ? made : "claim";
        var id = $"{day}-{stem}";
        var taken = await db.Set<ClaimRow>().Where(r => r.SituationId == situationId).Select(r => r.ClaimId).ToListAsync(cancel);
        for (var n = 2; taken.Contains(id, StringComparer.Ordinal); n++)
        {
            id = $"{day}-{stem}-{n}";
        }
        return id;
    }
}
