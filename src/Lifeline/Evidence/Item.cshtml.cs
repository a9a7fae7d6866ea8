using Lifeline.Accounts;
using Lifeline.Core.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Evidence;

/// <summary>One piece of evidence: what it is, how it was captured, its chain of custody, and a hand-over form.</summary>
[Authorize(Policy = Security.Policies.SignedIn)]
internal sealed class ItemModel(EvidenceQueries queries, ChainOfCustodyLog custody, ICurrentUser user) : PageModel
{
    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? Why { get; set; }

    public EvidenceView? Evidence { get; private set; }
    public bool CanAdd { get; private set; }
    public ValidationErrors Errors { get; private set; } = new();

    public IActionResult OnGet(string situationId, string evidenceId) => Show(situationId, evidenceId);

    public async Task<IActionResult> OnPostTransferAsync(string situationId, string evidenceId)
    {
        if (queries.Find(situationId, evidenceId) is not { } found)
        {
            return NotFound();
        }
        if (!Core.Evidence.EvidenceAccess.CanAdd(user.Viewer, found.Event.StageValue, found.Event.AuthorId))
        {
            return Forbid();
        }
        var (action, errors) = ChainOfCustodyLog.Validate(new CustodyRequest("transferred", To, Why));
        if (action is null)
        {
            Errors = errors;
            return Show(situationId, evidenceId, StatusCodes.Status400BadRequest);
        }
        await custody.Add(found.Evidence, action.Value, Why!, To);
        return Redirect($"/situations/{situationId}/evidence/{evidenceId}");
    }

    private IActionResult Show(string situationId, string evidenceId, int status = StatusCodes.Status200OK)
    {
        var found = queries.Find(situationId, evidenceId);
        if (found is null)
        {
            return NotFound();
        }
        Evidence = queries.View(situationId, evidenceId);
        CanAdd = Core.Evidence.EvidenceAccess.CanAdd(user.Viewer, found.Value.Event.StageValue, found.Value.Event.AuthorId);
        ViewData["SituationId"] = situationId;
        ViewData["Title"] = $"Evidence {Evidence!.FileName}";
        Response.StatusCode = status;
        return Page();
    }
}
