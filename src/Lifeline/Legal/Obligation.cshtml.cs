using Lifeline.Core.Common;
using Lifeline.Core.Legal;
using Lifeline.Core.Situations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Legal;

/// <summary>One obligation: what it requires, its rule, and its compliance calendar with the breach count. Public.</summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class ObligationPage(LegalQueries queries) : PageModel
{
    public Situation? Situation { get; private set; }
    public LegalRecordSet Records { get; private set; } = LegalRecordSet.Empty;
    public ComplianceSummary? Summary { get; private set; }
    public string Chart { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string situationId, string obligationId, CancellationToken cancel)
    {
        Situation = await queries.SituationAsync(situationId, cancel);
        if (Situation is null)
        {
            return NotFound();
        }
        var result = await queries.ComplianceAsync(Situation, obligationId, null, null, cancel);
        if (result is null)
        {
            return NotFound();
        }
        (Records, var summaries) = result.Value;
        Summary = summaries[0];
        return Page();
    }

    public IEnumerable<IGrouping<(int Year, int Month), ComplianceDay>> Months =>
        Summary!.Days.GroupBy(d => (d.Date.Year, d.Date.Month));

    public static string Css(ComplianceState state) => state switch
    {
        ComplianceState.Complied => "s-open",
        ComplianceState.NotComplied => "s-closed",
        _ => "s-unknown",
    };

    public static string Letter(ComplianceState state) => state switch
    {
        ComplianceState.Complied => "✓",
        ComplianceState.NotComplied => "✗",
        _ => "?",
    };

    public static string Words(ComplianceState state) => KebabCase.Of(state).Replace('-', ' ');
}
