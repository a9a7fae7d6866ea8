using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Events;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Supplies;

internal sealed class EditObservationModel(SupplyQueries queries, EventQueries events, ObservationRecorder recorder, ICurrentUser user, Web.Translations words)
    : ObservationFormPage(queries, events)
{
    public async Task<IActionResult> OnGetAsync(string situationId, string observationId, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, words["supplies.correct-heading"], cancel) || await Queries.VersionsAsync(situationId, observationId, cancel) is not { } versions)
        {
            return NotFound();
        }
        if (!ObservationAccess.CanEdit(user.Viewer, versions[0].Version.Recorded.UserId))
        {
            return Forbid();
        }
        EditingId = observationId;
        Input = ObservationFormInput.From(SupplyViews.Observation(versions[^1].Version));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string situationId, string observationId, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, words["supplies.correct-heading"], cancel))
        {
            return NotFound();
        }
        EditingId = observationId;
        var errors = new ValidationErrors();
        var request = Input.ToRequest(errors);
        if (!errors.IsEmpty)
        {
            return Answer(new ObservationOutcome.Invalid(new ValidationErrors()), errors);
        }
        return Answer(await recorder.Edit(situationId, observationId, request), errors);
    }
}
