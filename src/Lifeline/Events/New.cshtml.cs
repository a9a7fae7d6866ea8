using Lifeline.Core.Common;
using Lifeline.Situations;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Events;

[Microsoft.AspNetCore.Authorization.Authorize(Policy = Accounts.Security.Policies.Record)]
internal sealed class NewModel(EventQueries queries, SituationQueries situations, EventRecorder recorder, Web.Translations words) : EventFormPage(queries, situations)
{
    public async Task<IActionResult> OnGetAsync(string situationId, string? type, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, words["event-form.heading"], cancel))
        {
            return NotFound();
        }
        Input.Type = type;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string situationId, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, words["event-form.heading"], cancel))
        {
            return NotFound();
        }
        var errors = new ValidationErrors();
        var request = Input.ToRequest(errors);
        return Answer(await recorder.Record(situationId, request), errors);
    }
}
