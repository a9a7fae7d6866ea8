using Lifeline.Core.Common;
using Lifeline.Core.Access;
using Lifeline.Situations;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Events;

[Microsoft.AspNetCore.Authorization.Authorize(Policy = Accounts.Security.Policies.Record)]
internal sealed class EditModel(EventQueries queries, SituationQueries situations, EventRecorder recorder, Accounts.ICurrentUser user, Web.Translations words) : EventFormPage(queries, situations)
{
    public string EventId { get; private set; } = "";
    public int CurrentVersion { get; private set; }

    public async Task<IActionResult> OnGetAsync(string situationId, string eventId, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, words["event-edit.title"], cancel) || await Queries.FindAsync(situationId, eventId, cancel) is not { } detail)
        {
            return NotFound();
        }
        // The form is offered only to those who may send it (the event's page links here on the same rule).
        var stage = KebabCase.Parse<EventStage>(detail.Event.Stage) ?? EventStage.Intake;
        if (!EventAccess.CanEdit(user.Viewer, stage, detail.IsMine ? user.Viewer.UserId : null))
        {
            return Forbid();
        }
        EventId = eventId;
        CurrentVersion = detail.Event.Version;
        Input = EventFormInput.From(detail.Event);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string situationId, string eventId, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, words["event-edit.title"], cancel) || await Queries.FindAsync(situationId, eventId, cancel) is not { } detail)
        {
            return NotFound();
        }
        EventId = eventId;
        CurrentVersion = detail.Event.Version;
        var errors = new ValidationErrors();
        var request = Input.ToRequest(errors);
        return Answer(await recorder.Edit(situationId, eventId, request), errors);
    }
}
