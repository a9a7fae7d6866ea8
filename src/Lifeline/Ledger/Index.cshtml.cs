using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Ledger;

/// <summary>The ledger's public page: the latest signed checkpoint, the key, and how to check anything by hand.</summary>
[AllowAnonymous]
internal sealed class IndexModel(Checkpoints checkpoints, LedgerQueries ledger, Web.Translations words) : PageModel
{
    public SignedCheckpoint? Latest { get; private set; }
    public string? Refused { get; private set; }
    public string Key { get; private set; } = "";
    public ulong Size { get; private set; }

    public async Task OnGetAsync(CancellationToken cancel)
    {
        var current = await checkpoints.CurrentAsync(cancel);
        Latest = current.Signed ?? await checkpoints.LatestAsync(cancel);
        Refused = current.Refused;
        Key = checkpoints.Key?.Verifier.ToString() ?? "";
        Size = await ledger.SizeAsync(cancel);
        ViewData["Title"] = words["ledger.heading"];
        ViewData["Description"] = words["ledger.description"];
    }
}
