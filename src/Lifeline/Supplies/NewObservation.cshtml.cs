using Lifeline.Core.Common;
using Lifeline.Events;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Supplies;

internal sealed class NewObservationModel(SupplyQueries queries, EventQueries events, ObservationRecorder recorder) : ObservationFormPage(queries, events)
{
    public async Task<IActionResult> OnGetAsync(string situationId, string? kind, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, "Record a supply observation", cancel))
        {
            return NotFound();
        }
        Input.Kind = kind;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string situationId, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, "Record a supply observation", cancel))
        {
            return NotFound();
        }
        var errors = new ValidationErrors();
        var request = Input.ToRequest(errors) with { ExpectedVersion = null };
        if (!errors.IsEmpty)
        {
            return Answer(new ObservationOutcome.Invalid(new ValidationErrors()), errors);
        }
        return Answer(await recorder.Record(situationId, request), errors);
    }
}
