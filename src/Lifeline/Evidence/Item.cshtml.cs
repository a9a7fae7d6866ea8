using Lifeline.Accounts;
using Lifeline.Core.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Evidence;

/// <summary>One piece of evidence: what it is, how it was captured, its chain of custody, and a hand-over form.</summary>
[Authorize(Policy = Security.Policies.SignedIn)]
internal sealed class ItemModel(EvidenceQueries queries, ChainOfCustodyLog custody, ICurrentUser user, Web.Translations words) : PageModel
{
    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? Why { get; set; }

    public EvidenceView? Evidence { get; private set; }
    public bool CanAdd { get; private set; }
    public ValidationErrors Errors { get; private set; } = new();

    public Task<IActionResult> OnGetAsync(string situationId, string evidenceId, CancellationToken cancel) => ShowAsync(situationId, evidenceId, cancel);

    public async Task<IActionResult> OnPostTransferAsync(string situationId, string evidenceId, CancellationToken cancel)
    {
        if (await queries.FindAsync(situationId, evidenceId, cancel) is not { } found)
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
            return await ShowAsync(situationId, evidenceId, cancel, StatusCodes.Status400BadRequest);
        }
        await custody.Add(found.Evidence, action.Value, Why!, To);
        return Redirect($"/situations/{situationId}/evidence/{evidenceId}");
    }

    private async Task<IActionResult> ShowAsync(string situationId, string evidenceId, CancellationToken cancel, int status = StatusCodes.Status200OK)
    {
        var found = await queries.FindAsync(situationId, evidenceId, cancel);
        if (found is null)
        {
            return NotFound();
        }
        Evidence = await queries.ViewAsync(situationId, evidenceId, cancel);
        CanAdd = Core.Evidence.EvidenceAccess.CanAdd(user.Viewer, found.Value.Event.StageValue, found.Value.Event.AuthorId);
        ViewData["SituationId"] = situationId;
        ViewData["Title"] = words.Format("evidence.title", Evidence!.FileName);
        Response.StatusCode = status;
        return Page();
    }
}
