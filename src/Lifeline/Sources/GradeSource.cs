using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Sources;
using Lifeline.Events;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Sources;

/// <summary>
/// The body of <c>PUT .../sources/{sourceId}/grade</c>: a verifier's Admiralty grade for a source, whether its
/// identity must be protected, and why.
/// </summary>
public sealed record GradeRequest(
    [property: TextRule(InputLimits.Code)] string? Reliability,
    int? Credibility,
    bool? ProtectIdentity,
    [property: TextRule(InputLimits.Reason, TextLines.Many)] string? Reason);

/// <summary>A verifier grades a source: a new version of its grading, the earlier ones kept.</summary>
internal sealed class SourceGrading(LifelineDbContext db, TimeProvider clock, ICurrentUser user, AuditLog audit, LedgerSequencer ledger)
{
    public async Task<RecordOutcome> Grade(string situationId, string sourceId, GradeRequest request)
    {
        var viewer = user.Viewer;
        if (viewer.IsAnonymous)
        {
            return new RecordOutcome.NotFound($"There is no source '{sourceId}' in situation '{situationId}'.");
        }
        var current = await db.Sources.FirstOrDefaultAsync(s => s.SituationId == situationId && s.Id == sourceId);
        if (current is null)
        {
            return new RecordOutcome.NotFound($"There is no source '{sourceId}' in situation '{situationId}'.");
        }
        if (!EventAccess.CanReview(viewer))
        {
            return new RecordOutcome.Forbidden("Grading sources needs the verifier or admin role.");
        }
        if (InputRules.Check(request) is { IsEmpty: false } declared)
        {
            return new RecordOutcome.Invalid(declared);
        }
        var errors = new ValidationErrors();
        var reliability = AdmiraltyGrade.ParseReliability(request.Reliability);
        if (reliability is null)
        {
            errors.Add("reliability", $"'{request.Reliability}' is not an Admiralty reliability grade: use A to F (F: cannot be judged)");
        }
        var credibility = AdmiraltyGrade.ParseCredibility(request.Credibility);
        if (credibility is null)
        {
            errors.Add("credibility", $"{request.Credibility?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"} is not an Admiralty credibility grade: use 1 to 6 (6: cannot be judged)");
        }
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            errors.Add("reason", "is required: why this grade");
        }
        else if (reason.Length > InputLimits.Reason)
        {
            errors.Add("reason", $"must be at most {InputLimits.Reason:N0} characters");
        }
        if (!errors.IsEmpty)
        {
            return new RecordOutcome.Invalid(errors);
        }
        var now = Exchange.Importer.TruncateToSeconds(clock.GetUtcNow());
        return await ledger.WriteAsync<RecordOutcome>(db, async cancel =>
        {
            current.Reliability = reliability!.Value.ToString();
            current.Credibility = (int)credibility!.Value;
            current.ProtectIdentity = request.ProtectIdentity ?? current.ProtectIdentity;
            current.Version++;
            var version = SourceVersionRow.From(situationId, current.ToDomain(), current.Version,
                new Recording(now, viewer.Name ?? viewer.UserId!, reason!, viewer.UserId));
            db.SourceVersions.Add(version);
            audit.Add("grade", "source", sourceId, situationId, $"{current.Reliability}{current.Credibility}, version {current.Version}");
            try
            {
                await db.SaveChangesAsync(cancel);
            }
            catch (DbUpdateException)
            {
                return LedgerWrite<RecordOutcome>.Refuse(new RecordOutcome.Conflict($"Source '{sourceId}' was graded by someone else at the same time. Reload it and try again."));
            }
            return LedgerWrite<RecordOutcome>.Store(new RecordOutcome.Graded(current.ToDomain()), CanonicalRecords.Source(current, version));
        });
    }
}
