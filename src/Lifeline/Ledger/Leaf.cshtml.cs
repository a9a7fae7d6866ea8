using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Ledger;

/// <summary>
/// One leaf, publicly: what it commits to, its inclusion proof against the latest checkpoint, and that proof
/// checked here. The "verify" link of a record leads here.
/// </summary>
[AllowAnonymous]
internal sealed class LeafModel(Checkpoints checkpoints, LedgerQueries ledger) : PageModel
{
    public StoredLeaf? Leaf { get; private set; }
    public string LeafText { get; private set; } = "";
    public SignedCheckpoint? Checkpoint { get; private set; }
    public InclusionProof? Proof { get; private set; }
    public ProofVerdict Verdict { get; private set; }

    public async Task<IActionResult> OnGetAsync(ulong index, CancellationToken cancel)
    {
        Leaf = ledger.Leaf(index);
        if (Leaf is null)
        {
            return NotFound();
        }
        LeafText = Encoding.UTF8.GetString(Leaf.Data);
        var current = await checkpoints.CurrentAsync(cancel);
        Checkpoint = current.Signed ?? await checkpoints.LatestAsync(cancel);
        if (Checkpoint is not null && index < Checkpoint.Checkpoint.Size)
        {
            Proof = ledger.Inclusion(index, Checkpoint.Checkpoint.Size);
            Verdict = Proof.Verify(Leaf.Hash, Checkpoint.Checkpoint.Root);
        }
        ViewData["Title"] = $"Ledger leaf {index}";
        return Page();
    }
}
