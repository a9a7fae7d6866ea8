using Lifeline.Core.Access;
using Lifeline.Core.Claims;
using Lifeline.Core.Common;
using Lifeline.Core.Legal;
using Lifeline.Core.Situations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Claims;

/// <summary>The claims of a situation with their standing: each reader sees what they may (the public: reviewed and published claims).</summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class ClaimsIndexPage(ClaimQueries queries) : PageModel
{
    public Situation? Situation { get; private set; }
    public IReadOnlyList<Claim> Claims { get; private set; } = [];
    public bool CanRecord => EventAccess.CanRecord(queries.Viewer);

    public async Task<IActionResult> OnGetAsync(string situationId, CancellationToken cancel)
    {
        Situation = await queries.SituationAsync(situationId, cancel);
        if (Situation is null)
        {
            return NotFound();
        }
        Claims = await queries.ListAsync(situationId, cancel);
        return Page();
    }
}

/// <summary>The form to record a claim, as the API takes it (<see cref="ClaimDraft"/>), with lists written comma-separated.</summary>
internal sealed class ClaimInput
{
    [TextRule(Core.Common.InputLimits.Id)] public string? Id { get; set; }
    [TextRule(Core.Common.InputLimits.Name)] public string? Actor { get; set; }
    [TextRule(Core.Common.InputLimits.Code)] public string? Made { get; set; }
    [TextRule(Core.Common.InputLimits.Name)] public string? Where { get; set; }
    [TextRule(Core.Common.InputLimits.Note, TextLines.Many)] public string? Text { get; set; }
    public bool Quoted { get; set; }
    [TextRule(Core.Common.InputLimits.Code)] public string? Type { get; set; }
    [TextRule(Core.Common.InputLimits.Code, MaxItems = 4)] public List<string> Subjects { get; set; } = [];
    [TextRule(Core.Common.InputLimits.Phrase)] public string? Sources { get; set; }
    [TextRule(ObligationRule.MaxLength)] public string? Rule { get; set; }
    [TextRule(Core.Common.InputLimits.Code)] public string? From { get; set; }
    [TextRule(Core.Common.InputLimits.Code)] public string? To { get; set; }
    [TextRule(Core.Common.InputLimits.Phrase)] public string? Asserts { get; set; }

    public ClaimDraft ToDraft() => new()
    {
        Id = Id,
        Actor = Actor,
        Made = Made,
        Where = Where,
        Text = Text,
        Quoted = Quoted,
        Type = Type,
        Subjects = Subjects,
        Sources = ClaimForms.List(Sources),
        Rule = Rule,
        From = From,
        To = To,
        Asserts = Asserts,
    };
}

internal static class ClaimForms
{
    /// <summary>A comma- or space-separated list of ids, as a form field holds it.</summary>
    public static List<string> List(string? text) =>
        (text ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();

    public static string Standing(ClaimStanding? standing) => standing is { } s ? KebabCase.Of(s).Replace('-', ' ') : "not reviewed yet";

    public static string Css(ClaimStanding? standing) => standing switch
    {
        ClaimStanding.Contradicted => "s-closed",
        ClaimStanding.Supported => "s-open",
        ClaimStanding.Mixed => "s-restricted",
        _ => "s-unknown",
    };
}

/// <summary>The form to record a claim: re-shown with every error named when anything is wrong, nothing stored.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Accounts.Security.Policies.Record)]
internal sealed class NewClaimPage(ClaimQueries queries, ClaimWorkflow workflow) : PageModel
{
    public Situation? Situation { get; private set; }

    [BindProperty]
    public ClaimInput Input { get; set; } = new();

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? ErrorFor(string field) =>
        Errors.Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal)).SelectMany(e => e.Value).ToList() is { Count: > 0 } m ? string.Join(" ", m) : null;

    public async Task<IActionResult> OnGetAsync(string situationId, CancellationToken cancel)
    {
        Situation = await queries.SituationAsync(situationId, cancel);
        return Situation is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(string situationId, CancellationToken cancel)
    {
        Situation = await queries.SituationAsync(situationId, cancel);
        if (Situation is null)
        {
            return NotFound();
        }
        var declared = InputRules.Check(Input);
        var outcome = declared.IsEmpty ? await workflow.Record(situationId, Input.ToDraft(), cancel) : new ClaimOutcome.Invalid(declared);
        switch (outcome)
        {
            case ClaimOutcome.Stored stored:
                return Redirect($"/situations/{Uri.EscapeDataString(situationId)}/claims/{Uri.EscapeDataString(stored.Claim.Id)}");
            case ClaimOutcome.Invalid invalid:
                Errors = invalid.Errors.ToDictionary();
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            case ClaimOutcome.Conflict conflict:
                Errors = new Dictionary<string, string[]> { ["id"] = [conflict.Message] };
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            case ClaimOutcome.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }
}

/// <summary>
/// One claim next to the record for its days: what was said, by whom, when, its sources, its review, and (when it
/// asserts something about days) the corridor calendar's verdict on each day with the events that decide it. A
/// verifier reviews it here, a publisher makes it public here. A public claim carries ClaimReview JSON-LD.
/// </summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class ClaimPage(ClaimQueries queries, ClaimWorkflow workflow, Web.PublicOrigin origin) : PageModel
{
    public Situation? Situation { get; private set; }
    public Claim? Claim { get; private set; }
    public int Version { get; private set; }
    public ClaimCheck? Check { get; private set; }
    public string? JsonLd { get; private set; }
    public bool CanReview => EventAccess.CanReview(queries.Viewer);
    public bool CanPublish => queries.Viewer.HasAny(Role.Admin, Role.Publisher) && Claim?.Stage == EventStage.Reviewed;

    [BindProperty]
    public ClaimReviewInput Review { get; set; } = new();

    [BindProperty]
    public ClaimPublicationInput Publication { get; set; } = new();

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? ErrorFor(string field) =>
        Errors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;

    public async Task<IActionResult> OnGetAsync(string situationId, string claimId, CancellationToken cancel) =>
        await LoadAsync(situationId, claimId, cancel) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReviewAsync(string situationId, string claimId, CancellationToken cancel)
    {
        var declared = InputRules.Check(Review);
        var outcome = declared.IsEmpty
            ? await workflow.Review(situationId, claimId, new ClaimReviewDraft { Standing = Review.Standing, Note = Review.Note, Events = ClaimForms.List(Review.Events), Sources = ClaimForms.List(Review.Sources) }, cancel)
            : new ClaimOutcome.Invalid(declared);
        return await AnswerAsync(situationId, claimId, outcome, cancel);
    }

    public async Task<IActionResult> OnPostPublishAsync(string situationId, string claimId, CancellationToken cancel)
    {
        var declared = InputRules.Check(Publication);
        var outcome = declared.IsEmpty
            ? await workflow.Publish(situationId, claimId, new ClaimPublicationRequest(true, Publication.Reason), cancel)
            : new ClaimOutcome.Invalid(declared);
        return await AnswerAsync(situationId, claimId, outcome, cancel);
    }

    private async Task<IActionResult> AnswerAsync(string situationId, string claimId, ClaimOutcome outcome, CancellationToken cancel)
    {
        switch (outcome)
        {
            case ClaimOutcome.Stored:
                return Redirect($"/situations/{Uri.EscapeDataString(situationId)}/claims/{Uri.EscapeDataString(claimId)}");
            case ClaimOutcome.Forbidden:
                return Forbid();
            case ClaimOutcome.NotFound:
                return NotFound();
            case ClaimOutcome.Invalid invalid:
                Errors = invalid.Errors.ToDictionary();
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
            case ClaimOutcome.Conflict conflict:
                Errors = new Dictionary<string, string[]> { ["note"] = [conflict.Message] };
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
        }
        return await LoadAsync(situationId, claimId, cancel) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string situationId, string claimId, CancellationToken cancel)
    {
        Situation = await queries.SituationAsync(situationId, cancel);
        if (Situation is null || await queries.GetAsync(situationId, claimId, cancel) is not { } found)
        {
            return false;
        }
        (Claim, Version) = found;
        Check = await queries.CheckAsync(Situation, Claim, cancel);
        if (Claim.Stage == EventStage.Published && Claim.Verdict is not null)
        {
            var sources = await queries.SourceAddressesAsync(situationId, Claim.Sources, cancel);
            JsonLd = ClaimReviewJsonLd.Of(Claim, origin.Link($"/situations/{Uri.EscapeDataString(situationId)}/claims/{Uri.EscapeDataString(claimId)}"), origin.Value, sources);
        }
        return true;
    }
}

internal sealed class ClaimReviewInput
{
    [TextRule(Core.Common.InputLimits.Code)] public string? Standing { get; set; }
    [TextRule(Core.Common.InputLimits.Note, TextLines.Many)] public string? Note { get; set; }
    [TextRule(Core.Common.InputLimits.Notes)] public string? Events { get; set; }
    [TextRule(Core.Common.InputLimits.Phrase)] public string? Sources { get; set; }
}

internal sealed class ClaimPublicationInput
{
    [TextRule(Core.Common.InputLimits.Reason, TextLines.Many)] public string? Reason { get; set; }
}
