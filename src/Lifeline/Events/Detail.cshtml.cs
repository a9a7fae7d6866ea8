using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Situations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Events;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class DetailModel(EventQueries queries, SituationQueries situations, ICurrentUser user) : PageModel
{
    public string SituationId { get; private set; } = "";
    public EventDetail? Detail { get; private set; }
    public Viewer Viewer { get; private set; } = Viewer.Anonymous;

    public EventStage Stage => KebabCase.Parse<EventStage>(Detail!.Event.Stage) ?? EventStage.Intake;
    public bool CanEdit => EventAccess.CanEdit(Viewer, Stage, Detail!.IsMine ? Viewer.UserId : null);
    public bool CanReview => EventAccess.CanReview(Viewer);
    public bool CanPublish => Viewer.HasAny(Role.Admin, Role.Publisher);

    public async Task<IActionResult> OnGetAsync(string situationId, string eventId, CancellationToken cancel)
    {
        var situation = situations.Find(situationId);
        Detail = situation is null ? null : await queries.FindAsync(situationId, eventId, cancel);
        if (situation is null || Detail is null)
        {
            return NotFound();
        }
        Viewer = user.Viewer;
        SituationId = situationId;
        ViewData["SituationId"] = situationId;
        ViewData["SituationName"] = situation.Name;
        ViewData["Title"] = $"{Detail.Event.TypeDescription}, {Detail.Event.Date:yyyy-MM-dd}";
        return Page();
    }
}
