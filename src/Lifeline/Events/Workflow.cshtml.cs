using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Lifeline.Events;

/// <summary>The review and publication buttons on an event's page post here, then return to the event.</summary>
[Authorize(Policy = Accounts.Security.Policies.SignedIn)]
[EnableRateLimiting(Accounts.Security.Limits.Writes)]
internal sealed class WorkflowModel(EventWorkflow workflow) : PageModel
{
    [BindProperty] public string? Verdict { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public bool Published { get; set; }

    public IActionResult OnGet(string situationId, string eventId) => Redirect($"/situations/{situationId}/events/{eventId}");

    public async Task<IActionResult> OnPostReviewAsync(string situationId, string eventId) =>
        Answer(await workflow.Review(situationId, eventId, new ReviewRequest(Verdict, Note)), situationId, eventId);

    public async Task<IActionResult> OnPostPublishAsync(string situationId, string eventId) =>
        Answer(await workflow.Publish(situationId, eventId, new PublicationRequest(Published, Note)), situationId, eventId);

    private IActionResult Answer(RecordOutcome outcome, string situationId, string eventId) => outcome switch
    {
        RecordOutcome.Stored => Redirect($"/situations/{situationId}/events/{eventId}"),
        RecordOutcome.NotFound => NotFound(),
        RecordOutcome.Forbidden => Forbid(),
        RecordOutcome.Invalid invalid => Problem(invalid.Errors.ToString()),
        RecordOutcome.Conflict conflict => Problem(conflict.Message),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome}"),
    };

    private static ContentResult Problem(string message) =>
        new() { StatusCode = StatusCodes.Status400BadRequest, ContentType = "text/plain; charset=utf-8", Content = $"Nothing was changed: {message}" };
}
