using Lifeline.Core.Common;
using Lifeline.Situations;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Events;

[Microsoft.AspNetCore.Authorization.Authorize(Policy = Accounts.Security.Policies.Record)]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Accounts.Security.Limits.Writes)]
internal sealed class EditModel(EventQueries queries, SituationQueries situations, EventRecorder recorder) : EventFormPage(queries, situations)
{
    public string EventId { get; private set; } = "";
    public int CurrentVersion { get; private set; }

    public async Task<IActionResult> OnGetAsync(string situationId, string eventId, CancellationToken cancel)
    {
        if (!Load(situationId, "Correct an event") || await Queries.FindAsync(situationId, eventId, cancel) is not { } detail)
        {
            return NotFound();
        }
        EventId = eventId;
        CurrentVersion = detail.Event.Version;
        Input = EventFormInput.From(detail.Event);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string situationId, string eventId, CancellationToken cancel)
    {
        if (!Load(situationId, "Correct an event") || await Queries.FindAsync(situationId, eventId, cancel) is not { } detail)
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
