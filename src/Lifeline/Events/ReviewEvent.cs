using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Events;

/// <summary>The body of <c>POST .../events/{eventId}/reviews</c>: a verifier's finding and why.</summary>
public sealed record ReviewRequest(
    [property: TextRule(InputLimits.Code)] string? Verdict,
    [property: TextRule(EventWorkflow.MaxNoteLength, TextLines.Many)] string? Note);

/// <summary>The body of <c>POST .../events/{eventId}/publication</c>: make the event public, or withdraw it, and why.</summary>
public sealed record PublicationRequest(bool? Published, [property: TextRule(EventWorkflow.MaxNoteLength, TextLines.Many)] string? Reason);

/// <summary>
/// The workflow steps after intake: a verifier reviews an event (verified or disputed), a publisher makes it
/// public or withdraws it. Each step adds a version of the event (who, when, why) in one transaction with the
/// review and the audit line.
/// </summary>
internal sealed class EventWorkflow(LifelineDbContext db, TimeProvider clock, ICurrentUser user, AuditLog audit, LedgerSequencer ledger)
{
    public const int MaxNoteLength = 2_000;

    /// <param name="answered">True when the caller answers with the event (<see cref="EventQueries.AnswerAsync"/>): see <see cref="EventRecorder.Record"/>.</param>
    public async Task<RecordOutcome> Review(string situationId, string eventId, ReviewRequest request, bool answered = false)
    {
        var viewer = user.Viewer;
        var current = await Visible(situationId, eventId, viewer);
        if (current is null)
        {
            return new RecordOutcome.NotFound($"There is no event '{eventId}' in situation '{situationId}'.");
        }
        if (!EventAccess.CanReview(viewer))
        {
            return new RecordOutcome.Forbidden("Reviewing events needs the verifier or admin role.");
        }
        if (InputRules.Check(request) is { IsEmpty: false } declared)
        {
            return new RecordOutcome.Invalid(declared);
        }
        var errors = new ValidationErrors();
        var verdict = KebabCase.Parse<ReviewVerdict>(request.Verdict);
        if (verdict is null)
        {
            errors.Add("verdict", $"'{request.Verdict}' is not a verdict: use verified or disputed");
        }
        var note = Note(request.Note, "note", "what you checked and found", errors);
        if (!errors.IsEmpty)
        {
            return new RecordOutcome.Invalid(errors);
        }
        var now = Exchange.Importer.TruncateToSeconds(clock.GetUtcNow());
        var review = new ReviewRow
        {
            SituationId = situationId,
            EventId = eventId,
            Verdict = KebabCase.Of(verdict!.Value),
            Note = note!,
            At = now.UtcDateTime,
            By = viewer.Name ?? viewer.UserId!,
        };
        db.Reviews.Add(review);
        var stage = current.StageValue == EventStage.Intake ? EventStage.Reviewed : current.StageValue;
        return await Append(current, stage, $"reviewed: {KebabCase.Of(verdict.Value)} — {note}", now, viewer, "review", answered, review);
    }

    /// <inheritdoc cref="Review"/>
    public async Task<RecordOutcome> Publish(string situationId, string eventId, PublicationRequest request, bool answered = false)
    {
        var viewer = user.Viewer;
        var current = await Visible(situationId, eventId, viewer);
        if (current is null)
        {
            return new RecordOutcome.NotFound($"There is no event '{eventId}' in situation '{situationId}'.");
        }
        if (!viewer.HasAny(Role.Admin, Role.Publisher))
        {
            return new RecordOutcome.Forbidden("Only a publisher or an admin may make events public.");
        }
        if (InputRules.Check(request) is { IsEmpty: false } declared)
        {
            return new RecordOutcome.Invalid(declared);
        }
        var errors = new ValidationErrors();
        if (request.Published is null)
        {
            errors.Add("published", "is required: true to make the event public, false to withdraw it");
        }
        var reason = Note(request.Reason, "reason", "why it is made public or withdrawn", errors);
        if (request.Published == true && !EventAccess.CanPublish(viewer, current.StageValue))
        {
            errors.Add("published", "this event has not been reviewed yet: a verifier must review it before it is made public");
        }
        if (request.Published == false && current.StageValue != EventStage.Published)
        {
            errors.Add("published", "this event is not public, so there is nothing to withdraw");
        }
        if (request.Published == true && current.StageValue == EventStage.Published)
        {
            errors.Add("published", "this event is already public");
        }
        if (!errors.IsEmpty)
        {
            return new RecordOutcome.Invalid(errors);
        }
        var now = Exchange.Importer.TruncateToSeconds(clock.GetUtcNow());
        var publish = request.Published!.Value;
        return await Append(current, publish ? EventStage.Published : EventStage.Reviewed, $"{(publish ? "published" : "withdrawn")} — {reason}", now, viewer, publish ? "publish" : "withdraw", answered);
    }

    private async Task<EventRow?> Visible(string situationId, string eventId, Viewer viewer)
    {
        var current = await db.Events.FirstOrDefaultAsync(e => e.SituationId == situationId && e.EventId == eventId);
        return current is not null && EventAccess.CanSee(viewer, current.StageValue, current.AuthorId) ? current : null;
    }

    private static string? Note(string? text, string field, string what, ValidationErrors errors)
    {
        var note = text?.Trim();
        if (string.IsNullOrEmpty(note))
        {
            errors.Add(field, $"is required: {what}");
            return null;
        }
        if (note.Length > MaxNoteLength)
        {
            errors.Add(field, $"must be at most {MaxNoteLength:N0} characters");
            return null;
        }
        return note;
    }

    private Task<RecordOutcome> Append(EventRow current, EventStage stage, string reason, DateTimeOffset now, Viewer viewer, string action, bool answered, ReviewRow? review = null)
    {
        var version = new EventVersion(current.SituationId, current.EventId, current.Version + 1, current.ToContent(),
            new Recording(now, viewer.Name ?? viewer.UserId!, reason, viewer.UserId), stage);
        return ledger.WriteAsync<RecordOutcome>(db, async cancel =>
        {
            // Reviews are numbered per event under the ledger's lock, so two reviewers at once cannot take one number.
            var reviewNumber = review is null ? 0 : await db.Reviews.CountAsync(r => r.SituationId == current.SituationId && r.EventId == current.EventId, cancel) + 1;
            current.CopyFrom(version);
            var versionRow = EventVersionRow.From(version);
            db.EventVersions.Add(versionRow);
            audit.Add(action, "event", current.EventId, current.SituationId, $"version {version.Version}");
            if (answered)
            {
                await EventQueries.AnswerReadAudit(db, audit, viewer, current, [], cancel);
            }
            try
            {
                await db.SaveChangesAsync(cancel);
            }
            catch (DbUpdateException)
            {
                return LedgerWrite<RecordOutcome>.Refuse(new RecordOutcome.Conflict($"Event '{current.EventId}' was changed by someone else at the same time. Reload it and try again."));
            }
            return LedgerWrite<RecordOutcome>.Store(new RecordOutcome.Stored(version), review is null
                ? [CanonicalRecords.Event(versionRow)]
                : [CanonicalRecords.Review(review, reviewNumber), CanonicalRecords.Event(versionRow)]);
        });
    }
}
