using Lifeline.Core.Airlift;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Airlift;

/// <summary>
/// The airlift planner's form, prefilled with a built-in scenario (lachin-2023 unless another is picked), its demand
/// taken from the situation it serves when that situation is recorded. Signed-in accounts only: plans may be sensitive.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Accounts.Security.Policies.SignedIn)]
internal sealed class IndexModel(IAirliftDemandSource demandSource, Web.Translations words) : PageModel
{
    public ScenarioForm Input { get; private set; } = new();
    public IReadOnlyList<string> BuiltIn { get; private set; } = [];
    public string? Picked { get; private set; }
    public string? DemandBasis { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? scenario, CancellationToken cancel)
    {
        BuiltIn = AirliftScenarios.Names();
        Picked = scenario ?? AirliftScenarios.Default;
        if (AirliftScenarios.Load(Picked) is not { } draft)
        {
            return NotFound();
        }
        (draft, DemandBasis) = await WithDemandAsync(draft, demandSource, cancel);
        Input = ScenarioForm.From(draft);
        ViewData["Title"] = words["airlift.heading"];
        return Page();
    }

    /// <summary>The scenario with its demand from the situation it serves, when that can be had.</summary>
    public static async Task<(ScenarioDraft Draft, string? Basis)> WithDemandAsync(ScenarioDraft draft, IAirliftDemandSource source, CancellationToken cancel)
    {
        if (draft.Situation is not { } situation || await source.ForAsync(situation, cancel) is not { } proposal)
        {
            return (draft, null);
        }
        return (draft with { Demand = proposal.Lines }, proposal.Basis);
    }
}
