using Lifeline.Accounts;
using Lifeline.Claims;
using Lifeline.Core.Common;
using Lifeline.Core.Legal;
using Lifeline.Core.Situations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Legal;

/// <summary>A new proceeding as the form holds it: parties one a line or comma-separated, sources by id.</summary>
internal sealed class ProceedingInput
{
    [TextRule(InputLimits.Id)] public string? Id { get; set; }
    [TextRule(InputLimits.Id)] public string? Body { get; set; }
    [TextRule(InputLimits.Name)] public string? Name { get; set; }
    [TextRule(InputLimits.Name)] public string? Number { get; set; }
    [TextRule(InputLimits.Phrase, TextLines.Many)] public string? Parties { get; set; }
    [TextRule(InputLimits.Code)] public string? Opened { get; set; }
    [TextRule(InputLimits.Phrase)] public string? Sources { get; set; }

    public ProceedingDraft ToDraft() => new()
    {
        Id = Id,
        Body = Body,
        Name = Name,
        Number = Number,
        Opened = Opened,
        Sources = ClaimForms.List(Sources),
        Parties = (Parties ?? "").Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
    };
}

/// <summary>A new step as the form holds it: the obligations it cites and its sources by id.</summary>
internal sealed class StepInput
{
    [TextRule(InputLimits.Id)] public string? Id { get; set; }
    [TextRule(InputLimits.Id)] public string? Proceeding { get; set; }
    [TextRule(InputLimits.Code)] public string? Date { get; set; }
    [TextRule(InputLimits.Code)] public string? Kind { get; set; }
    [TextRule(InputLimits.Code)] public string? Vote { get; set; }
    [TextRule(InputLimits.Note, TextLines.Many)] public string? Decision { get; set; }
    [TextRule(InputLimits.Phrase)] public string? Cites { get; set; }
    [TextRule(InputLimits.Phrase)] public string? Sources { get; set; }

    public StepDraft ToDraft() => new()
    {
        Id = Id,
        Proceeding = Proceeding,
        Date = Date,
        Kind = Kind,
        Vote = Vote,
        Decision = Decision,
        Cites = ClaimForms.List(Cites),
        Sources = ClaimForms.List(Sources),
    };
}

/// <summary>A new obligation as the form holds it.</summary>
internal sealed class ObligationInput
{
    [TextRule(InputLimits.Id)] public string? Id { get; set; }
    [TextRule(InputLimits.Id)] public string? Step { get; set; }
    [TextRule(InputLimits.Name)] public string? Bearer { get; set; }
    [TextRule(InputLimits.Code)] public string? From { get; set; }
    [TextRule(InputLimits.Code)] public string? Until { get; set; }
    [TextRule(InputLimits.Note, TextLines.Many)] public string? Text { get; set; }
    [TextRule(ObligationRule.MaxLength)] public string? Rule { get; set; }
    [TextRule(InputLimits.Phrase)] public string? Sources { get; set; }

    public ObligationDraft ToDraft() => new()
    {
        Id = Id,
        Step = Step,
        Bearer = Bearer,
        From = From,
        Until = string.IsNullOrWhiteSpace(Until) ? null : Until,
        Text = Text,
        Rule = Rule,
        Sources = ClaimForms.List(Sources),
    };
}

/// <summary>
/// What the three forms share: the situation and its legal record (for the choices offered), the errors by field, and
/// the answer to a write: to the legal page on success, the form re-shown with each error beside its field otherwise.
/// </summary>
[Authorize(Policy = Security.Policies.Legal)]
internal abstract class LegalFormPage(LegalQueries queries) : PageModel
{
    public Situation? Situation { get; private set; }
    public LegalRecordSet Records { get; private set; } = LegalRecordSet.Empty;
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? ErrorFor(string field) =>
        Errors.Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal)).SelectMany(e => e.Value).ToList() is { Count: > 0 } m ? string.Join(" ", m) : null;

    public async Task<IActionResult> OnGetAsync(string situationId, CancellationToken cancel) =>
        await LoadAsync(situationId, cancel) ? Page() : NotFound();

    protected async Task<bool> LoadAsync(string situationId, CancellationToken cancel)
    {
        Situation = await queries.SituationAsync(situationId, cancel);
        if (Situation is not null)
        {
            Records = await LegalComputation.RecordsAsync(queries.Db, situationId, cancel);
        }
        return Situation is not null;
    }

    /// <param name="input">The form's values, checked against their declared limits first.</param>
    protected async Task<IActionResult> AnswerAsync(string situationId, object input, Func<Task<LegalOutcome>> write, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, cancel))
        {
            return NotFound();
        }
        var declared = InputRules.Check(input);
        var outcome = declared.IsEmpty ? await write() : new LegalOutcome.Invalid(declared);
        switch (outcome)
        {
            case LegalOutcome.Stored stored:
                var anchor = stored.Kind == LegalKinds.Obligation ? $"/obligations/{Uri.EscapeDataString(stored.Id)}" : $"#{(stored.Kind == LegalKinds.Step ? "step" : "p")}-{stored.Id}";
                return Redirect($"/situations/{Uri.EscapeDataString(situationId)}/legal{anchor}");
            case LegalOutcome.Invalid invalid:
                Errors = invalid.Errors.ToDictionary();
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            case LegalOutcome.Conflict conflict:
                Errors = new Dictionary<string, string[]> { ["id"] = [conflict.Message] };
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                return NotFound();
        }
    }
}

/// <summary>The form to record a proceeding of a body.</summary>
internal sealed class NewProceedingPage(LegalQueries queries, LegalWorkflow workflow) : LegalFormPage(queries)
{
    [BindProperty]
    public ProceedingInput Input { get; set; } = new();

    public Task<IActionResult> OnPostAsync(string situationId, CancellationToken cancel) =>
        AnswerAsync(situationId, Input, () => workflow.Proceeding(situationId, null, Input.ToDraft(), cancel), cancel);
}

/// <summary>The form to record a step of a proceeding.</summary>
internal sealed class NewStepPage(LegalQueries queries, LegalWorkflow workflow) : LegalFormPage(queries)
{
    [BindProperty]
    public StepInput Input { get; set; } = new();

    public Task<IActionResult> OnPostAsync(string situationId, CancellationToken cancel) =>
        AnswerAsync(situationId, Input, () => workflow.Step(situationId, null, Input.ToDraft(), cancel), cancel);
}

/// <summary>The form to record an obligation a step imposed, with its rule over the record.</summary>
internal sealed class NewObligationPage(LegalQueries queries, LegalWorkflow workflow) : LegalFormPage(queries)
{
    [BindProperty]
    public ObligationInput Input { get; set; } = new();

    public Task<IActionResult> OnPostAsync(string situationId, CancellationToken cancel) =>
        AnswerAsync(situationId, Input, () => workflow.Obligation(situationId, null, Input.ToDraft(), cancel), cancel);
}
