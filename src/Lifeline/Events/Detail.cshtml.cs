using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Situations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Events;

/// <summary>
/// One event with its sources, versions and reviews; for verifiers and publishers, the review and publication
/// forms, which post back here so that a mistake is shown beside the field it concerns.
/// </summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class DetailModel(EventQueries queries, SituationQueries situations, EventWorkflow workflow, ICurrentUser user, Web.Translations words) : PageModel
{
    public string SituationId { get; private set; } = "";
    public EventDetail? Detail { get; private set; }
    public Viewer Viewer { get; private set; } = Viewer.Anonymous;
    public Core.Situations.Situation? Situation { get; private set; }

    /// <summary>A route's name as the situation gives it; its id if the situation does not know it.</summary>
    public string RouteName(string id) => Situation?.Routes.FirstOrDefault(r => r.Id == id)?.Name ?? id;

    private IReadOnlyDictionary<string, Core.Places.Place> places = new Dictionary<string, Core.Places.Place>();

    /// <summary>The event's place in the reader's script where the gazetteer has it, else its English name.</summary>
    public string PlaceName(EventSummary e) => EventWords.Place(e, places);

    [BindProperty] public string? Verdict { get; set; }
    [BindProperty] public string? ReviewNote { get; set; }
    [BindProperty] public bool Published { get; set; }
    [BindProperty] public string? PublishNote { get; set; }

    /// <summary>What was wrong with the review or publication just sent, by field (API names: verdict, note; published, reason).</summary>
    public IReadOnlyDictionary<string, string[]> ReviewErrors { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyDictionary<string, string[]> PublishErrors { get; private set; } = new Dictionary<string, string[]>();

    public EventStage Stage => KebabCase.Parse<EventStage>(Detail!.Event.Stage) ?? EventStage.Intake;
    public bool CanEdit => EventAccess.CanEdit(Viewer, Stage, Detail!.IsMine ? Viewer.UserId : null);
    public bool CanReview => EventAccess.CanReview(Viewer);
    public bool CanPublish => Viewer.HasAny(Role.Admin, Role.Publisher);

    public async Task<IActionResult> OnGetAsync(string situationId, string eventId, CancellationToken cancel) =>
        await Show(situationId, eventId, cancel) ?? Page();

    public async Task<IActionResult> OnPostReviewAsync(string situationId, string eventId, CancellationToken cancel) =>
        await Answer(await workflow.Review(situationId, eventId, new ReviewRequest(Verdict, ReviewNote)), situationId, eventId, errors => ReviewErrors = errors, cancel);

    public async Task<IActionResult> OnPostPublishAsync(string situationId, string eventId, CancellationToken cancel) =>
        await Answer(await workflow.Publish(situationId, eventId, new PublicationRequest(Published, PublishNote)), situationId, eventId, errors => PublishErrors = errors, cancel);

    public static string? Messages(IReadOnlyDictionary<string, string[]> errors, string field) =>
        errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task<IActionResult> Answer(RecordOutcome outcome, string situationId, string eventId, Action<IReadOnlyDictionary<string, string[]>> show, CancellationToken cancel)
    {
        switch (outcome)
        {
            case RecordOutcome.Stored:
                return Redirect($"/situations/{situationId}/events/{eventId}");
            case RecordOutcome.NotFound:
                return NotFound();
            case RecordOutcome.Forbidden:
                return Forbid();
            case RecordOutcome.Invalid invalid:
                show(invalid.Errors.ToDictionary());
                break;
            case RecordOutcome.Conflict conflict:
                show(new Dictionary<string, string[]> { [""] = [conflict.Message] });
                break;
        }
        if (await Show(situationId, eventId, cancel) is { } missing)
        {
            return missing;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <returns>Null when the page can be shown; otherwise the answer to give instead.</returns>
    private async Task<IActionResult?> Show(string situationId, string eventId, CancellationToken cancel)
    {
        var situation = await situations.FindAsync(situationId, cancel);
        Detail = situation is null ? null : await queries.FindAsync(situationId, eventId, cancel);
        if (situation is null || Detail is null)
        {
            return NotFound();
        }
        Viewer = user.Viewer;
        Situation = situation;
        SituationId = situationId;
        ViewData["SituationId"] = situationId;
        ViewData["SituationName"] = situation.Name;
        places = await queries.PlacesAsync(situationId, cancel);
        var type = EventWords.Type(words, Detail.Event);
        var day = Detail.Event.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        ViewData["Title"] = $"{type}, {day}";
        ViewData["Description"] = words.Format("event-detail.description", type, PlaceName(Detail.Event), day);
        return null;
    }
}
