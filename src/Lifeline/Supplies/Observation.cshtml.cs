using Lifeline.Accounts;
using Lifeline.Core.Supplies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Supplies;

/// <summary>One observation: its fields, its sources, every version, and its ledger leaves.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = SupplyEndpoints.ReadPolicy)]
internal sealed class SupplyObservationModel(SupplyQueries queries, AuditLog audit, ICurrentUser user) : PageModel
{
    public string SituationId { get; private set; } = "";
    public ObservationDetail Detail { get; private set; } = null!;
    public ObservationVersion Current { get; private set; } = null!;
    public bool CanEdit { get; private set; }

    public IActionResult OnGet(string situationId, string observationId)
    {
        if (queries.Load(situationId) is not { } record || queries.Versions(situationId, observationId) is not { } versions)
        {
            return NotFound();
        }
        SituationId = situationId;
        Detail = SupplyEndpoints.Detail(situationId, versions, queries);
        Current = versions[^1].Version;
        CanEdit = ObservationAccess.CanEdit(user.Viewer, versions[0].Version.Recorded.UserId);
        ViewData["SituationId"] = situationId;
        ViewData["SituationName"] = record.Situation.Name;
        ViewData["Title"] = $"{Detail.Observation.Kind}, {Detail.Observation.Date}";
        audit.Read("supply-observation", observationId, situationId);
        return Page();
    }
}
