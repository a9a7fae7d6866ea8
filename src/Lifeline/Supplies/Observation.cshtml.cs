using Lifeline.Accounts;
using Lifeline.Core.Supplies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Supplies;

/// <summary>One observation: its fields, its sources, every version, and its ledger leaves.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = SupplyEndpoints.ReadPolicy)]
internal sealed class SupplyObservationModel(SupplyQueries queries, AuditLog audit, ICurrentUser user, Web.Translations words) : PageModel
{
    public string SituationId { get; private set; } = "";
    public ObservationDetail Detail { get; private set; } = null!;
    public ObservationVersion Current { get; private set; } = null!;
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string situationId, string observationId, CancellationToken cancel)
    {
        if (await queries.LoadAsync(situationId, cancel: cancel) is not { } record || await queries.VersionsAsync(situationId, observationId, cancel) is not { } versions)
        {
            return NotFound();
        }
        SituationId = situationId;
        Detail = await SupplyEndpoints.DetailAsync(situationId, versions, queries, cancel);
        Current = versions[^1].Version;
        CanEdit = ObservationAccess.CanEdit(user.Viewer, versions[0].Version.Recorded.UserId);
        ViewData["SituationId"] = situationId;
        ViewData["SituationName"] = record.Situation.Name;
        ViewData["Title"] = $"{words.Or("observation-kind." + Detail.Observation.Kind, Detail.Observation.Kind)}, {Detail.Observation.Date}";
        await audit.ReadAsync("supply-observation", observationId, situationId, null, cancel);
        return Page();
    }
}
