using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.EarlyWarning;

/// <summary>
/// The body of <c>POST /api/v1/situations/{id}/assessments</c> and of <c>PUT .../assessments/{assessmentId}</c>:
/// the indicator (<c>7.6</c>, or <c>14</c> for a factor as a whole), the date it holds from (<c>asOf</c>), the
/// status (present, absent, unknown), the confidence (low, medium, high) and the evidence: events, sources and
/// evidence files of the situation, at least one. An edit says why (<c>reason</c>).
/// </summary>
public sealed record RecordAssessmentRequest
{
    [TextRule(InputLimits.Code)]
    public string? Indicator { get; init; }
    [TextRule(InputLimits.Code)]
    public string? AsOf { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Status { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Confidence { get; init; }
    [TextRule(InputLimits.Id)]
    public IReadOnlyList<string>? Events { get; init; }
    [TextRule(InputLimits.Id)]
    public IReadOnlyList<string>? Sources { get; init; }
    [TextRule(InputLimits.Id)]
    public IReadOnlyList<string>? Evidence { get; init; }
    public IReadOnlyList<int>? StantonStages { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Note { get; init; }
    [TextRule(InputLimits.Reason, TextLines.Many)]
    public string? Reason { get; init; }
    [NumberRule(1, int.MaxValue)]
    public int? ExpectedVersion { get; init; }
}

internal abstract record AssessmentOutcome
{
    public sealed record Stored(AssessmentVersionRow Version) : AssessmentOutcome;
    public sealed record Invalid(ValidationErrors Errors) : AssessmentOutcome;
    public sealed record NotFound(string What) : AssessmentOutcome;
    public sealed record Conflict(string Message) : AssessmentOutcome;
    public sealed record Forbidden(string Why) : AssessmentOutcome;
}

/// <summary>
/// Records an assessment, or a new version of one: checked in the core, then the version, the current view and
/// the ledger leaf are written in one transaction. Nothing is written unless everything is valid.
/// </summary>
internal sealed class AssessmentRecorder(LifelineDbContext db, TimeProvider clock, ICurrentUser user, AuditLog audit, EarlyWarningCatalogue catalogue, LedgerSequencer ledger)
{
    public const int MaxReasonLength = 1_000;

    public Task<AssessmentOutcome> Record(string situationId, RecordAssessmentRequest request) => Write(situationId, null, request);

    public Task<AssessmentOutcome> Edit(string situationId, string assessmentId, RecordAssessmentRequest request) => Write(situationId, assessmentId, request);

    private async Task<AssessmentOutcome> Write(string situationId, string? editing, RecordAssessmentRequest request)
    {
        if (!await db.Situations.AnyAsync(s => s.Id == situationId))
        {
            return new AssessmentOutcome.NotFound($"There is no situation '{situationId}'.");
        }
        var viewer = user.Viewer;
        if (!EarlyWarningAccess.CanAssess(viewer))
        {
            return new AssessmentOutcome.Forbidden("Assessing indicators needs the analyst or admin role.");
        }
        AssessmentRow? current = null;
        if (editing is not null)
        {
            current = await db.Set<AssessmentRow>().FirstOrDefaultAsync(a => a.SituationId == situationId && a.AssessmentId == editing);
            if (current is null)
            {
                return new AssessmentOutcome.NotFound($"There is no assessment '{editing}' in situation '{situationId}'.");
            }
        }

        if (InputRules.Check(request) is { IsEmpty: false } declared)
        {
            return new AssessmentOutcome.Invalid(declared);
        }
        var now = Exchange.Importer.TruncateToSeconds(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var draft = new AssessmentDraft
        {
            Indicator = request.Indicator,
            AsOf = request.AsOf,
            Status = request.Status,
            Confidence = request.Confidence,
            Events = request.Events,
            Sources = request.Sources,
            Evidence = request.Evidence,
            StantonStages = request.StantonStages,
            Note = request.Note,
        };
        var (content, errors) = AssessmentValidator.Validate(draft, catalogue.Catalogue, await References(situationId, request), today);
        var reason = request.Reason?.Trim();
        if (editing is not null && string.IsNullOrEmpty(reason))
        {
            errors.Add("reason", "is required for an edit: say what was wrong or what is new");
        }
        else if (reason is { Length: > MaxReasonLength })
        {
            errors.Add("reason", $"must be at most {MaxReasonLength} characters");
        }
        if (!errors.IsEmpty || content is null)
        {
            return new AssessmentOutcome.Invalid(errors);
        }
        if (current is not null && request.ExpectedVersion is { } expected && expected != current.Version)
        {
            return new AssessmentOutcome.Conflict($"Assessment '{editing}' is at version {current.Version}, not {expected}: someone else edited it. Reload it and edit again.");
        }
        if (current is not null && content.Equals(current.ToContent()))
        {
            var nothing = new ValidationErrors();
            nothing.Add("status", "nothing changed: an edit must change at least one field");
            return new AssessmentOutcome.Invalid(nothing);
        }

        var id = editing ?? $"a-{Guid.CreateVersion7(now):N}";
        var version = (current?.Version ?? 0) + 1;
        var by = viewer.Name ?? viewer.UserId ?? "unknown";
        // The ledger leaf is written in the same (batch) transaction as the version it commits to.
        return await ledger.WriteAsync<AssessmentOutcome>(db, async cancel =>
        {
            var row = new AssessmentVersionRow { SituationId = "", AssessmentId = "", Indicator = "", Status = "", Confidence = "", RecordedBy = "", Reason = "" };
            row.CopyFrom(situationId, id, version, content, now.UtcDateTime, by, viewer.UserId, reason ?? "first assessed");
            db.Add(row);
            if (current is null)
            {
                current = new AssessmentRow { SituationId = "", AssessmentId = "", Indicator = "", Status = "", Confidence = "", RecordedBy = "", Reason = "" };
                db.Add(current);
            }
            current.CopyFrom(situationId, id, version, content, now.UtcDateTime, by, viewer.UserId, reason ?? "first assessed");
            audit.Add(version == 1 ? "create" : "edit", "assessment", id, situationId, $"version {version}");
            try
            {
                await db.SaveChangesAsync(cancel);
            }
            catch (DbUpdateException)
            {
                return LedgerWrite<AssessmentOutcome>.Refuse(new AssessmentOutcome.Conflict($"Assessment '{id}' was changed by someone else at the same time. Reload it and try again."));
            }
            return LedgerWrite<AssessmentOutcome>.Store(new AssessmentOutcome.Stored(row), CanonicalRecords.Assessment(row));
        });
    }

    private Task<AssessmentReferences> References(string situationId, RecordAssessmentRequest request) =>
        AssessmentEvidence.ReferencesAsync(db, situationId, request.Events ?? [], request.Sources ?? [], request.Evidence ?? []);
}
