using Lifeline.Core.Legal;
using Lifeline.Core.Situations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Legal;

/// <summary>
/// The legal page of a situation: its bodies and proceedings with their steps, and its obligations each with its
/// compliance so far (from the events the reader may see). Public, like the API it mirrors.
/// </summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class LegalIndexPage(LegalQueries queries) : PageModel
{
    public Situation? Situation { get; private set; }
    public LegalRecordSet Records { get; private set; } = LegalRecordSet.Empty;
    public IReadOnlyList<ComplianceSummary> Summaries { get; private set; } = [];
    public bool CanWrite => queries.CanWrite;

    public async Task<IActionResult> OnGetAsync(string situationId, CancellationToken cancel)
    {
        Situation = await queries.SituationAsync(situationId, cancel);
        if (Situation is null)
        {
            return NotFound();
        }
        var result = await queries.ComplianceAsync(Situation, null, null, null, cancel);
        (Records, Summaries) = result!.Value;
        return Page();
    }
}
