using Lifeline.Core.Common;
using Lifeline.Events;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Supplies;

internal sealed class NewObservationModel(SupplyQueries queries, EventQueries events, ObservationRecorder recorder) : ObservationFormPage(queries, events)
{
    public IActionResult OnGet(string situationId, string? kind)
    {
        if (!Load(situationId, "Record a supply observation"))
        {
            return NotFound();
        }
        Input.Kind = kind;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string situationId)
    {
        if (!Load(situationId, "Record a supply observation"))
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
