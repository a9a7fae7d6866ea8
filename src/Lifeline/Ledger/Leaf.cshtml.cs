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
internal sealed class LeafModel(Checkpoints checkpoints, LedgerQueries ledger, Web.Translations words) : PageModel
{
    public StoredLeaf? Leaf { get; private set; }
    public string LeafText { get; private set; } = "";
    public SignedCheckpoint? Checkpoint { get; private set; }
    public InclusionProof? Proof { get; private set; }
    public ProofVerdict Verdict { get; private set; }

    /// <summary>The page of the record a leaf commits to, for the kinds of record that have one; null otherwise.</summary>
    public static string? RecordPage(string type, string id)
    {
        var parts = id.Split('/');
        string Part(int i) => Uri.EscapeDataString(parts[i]);
        return (type, parts.Length) switch
        {
            (RecordTypes.Situation, 1) => $"/situations/{Part(0)}",
            (RecordTypes.Event or RecordTypes.Review, 2) => $"/situations/{Part(0)}/events/{Part(1)}",
            (RecordTypes.Evidence or RecordTypes.Custody, 2) => $"/situations/{Part(0)}/evidence/{Part(1)}",
            (RecordTypes.SupplyObservation, 2) => $"/situations/{Part(0)}/supplies/observations/{Part(1)}",
            (RecordTypes.Assessment, 2) => $"/situations/{Part(0)}/risk",
            (RecordTypes.Claim, 2) => $"/situations/{Part(0)}/claims/{Part(1)}",
            _ => null,
        };
    }

    public async Task<IActionResult> OnGetAsync(ulong index, CancellationToken cancel)
    {
        Leaf = await ledger.LeafAsync(index, cancel);
        if (Leaf is null)
        {
            return NotFound();
        }
        LeafText = Encoding.UTF8.GetString(Leaf.Data);
        var current = await checkpoints.CurrentAsync(cancel);
        Checkpoint = current.Signed ?? await checkpoints.LatestAsync(cancel);
        if (Checkpoint is not null && index < Checkpoint.Checkpoint.Size)
        {
            Proof = await ledger.InclusionAsync(index, Checkpoint.Checkpoint.Size, cancel);
            Verdict = Proof.Verify(Leaf.Hash, Checkpoint.Checkpoint.Root);
        }
        ViewData["Title"] = words.Format("leaf.heading", index);
        ViewData["Description"] = words.Format("leaf.description", index);
        return Page();
    }
}
