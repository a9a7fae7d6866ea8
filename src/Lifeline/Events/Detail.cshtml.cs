using Lifeline.Situations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Events;

internal sealed class DetailModel(EventQueries queries, SituationQueries situations) : PageModel
{
    public string SituationId { get; private set; } = "";
    public EventDetail? Detail { get; private set; }

    public IActionResult OnGet(string situationId, string eventId)
    {
        var situation = situations.Find(situationId);
        Detail = situation is null ? null : queries.Find(situationId, eventId);
        if (situation is null || Detail is null)
        {
            return NotFound();
        }
        SituationId = situationId;
        ViewData["SituationId"] = situationId;
        ViewData["SituationName"] = situation.Name;
        ViewData["Title"] = $"{Detail.Event.TypeDescription}, {Detail.Event.Date:yyyy-MM-dd}";
        return Page();
    }
}
