using Lifeline.Core.Airlift;
using Lifeline.Core.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Airlift;

/// <summary>
/// Computes the plan for the form's scenario and shows it, with the form to change it and, when asked, the plan
/// shown before it side by side. Computing a plan is CPU-heavy: signed-in accounts only, under the writes rate limit.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Accounts.Security.Policies.SignedIn)]
internal sealed class PlanModel(AirliftPlanning planning, Web.Translations words) : PageModel
{
    [BindProperty]
    public ScenarioForm Input { get; set; } = new();

    [BindProperty]
    public string? Compare { get; set; }

    public AirliftPlan? Result { get; private set; }
    public PlanSummary? Before { get; private set; }
    public ValidationErrors Errors { get; } = new();
    public string? Busy { get; private set; }

    public IActionResult OnGet() => Redirect("/airlift");

    public async Task<IActionResult> OnPost(CancellationToken cancel)
    {
        ViewData["Title"] = words["airlift.plan-heading"];
        var draft = Input.ToDraft(Errors);
        if (!Errors.IsEmpty)
        {
            // Say everything that is wrong at once: what the checks find in the cells that could be read, too.
            var (_, more) = Core.Airlift.ScenarioValidator.Validate(draft);
            foreach (var (field, messages) in more.ToDictionary().Where(e => !Errors.Fields.Contains(e.Key)))
            {
                foreach (var message in messages)
                {
                    Errors.Add(field, message);
                }
            }
        }
        else
        {
            switch (await planning.Plan(draft, cancel))
            {
                case PlanOutcome.Planned planned:
                    Result = planned.Plan;
                    break;
                case PlanOutcome.Invalid invalid:
                    Errors.AddAll(invalid.Errors);
                    break;
                case PlanOutcome.Busy:
                    Busy = words["airlift.busy"];
                    Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    break;
            }
        }
        if (!Errors.IsEmpty)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        if (Compare == "1")
        {
            Before = PlanSummary.Parse(Input.Previous);
        }
        Input.Previous = Result is null ? Input.Previous : PlanSummary.Of(Result).ToJson();
        Input.WithSpareRows();
        return Page();
    }
}
