using Lifeline.Core.Actors;
using Lifeline.Core.Places;
using Lifeline.Situations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Events;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class IndexModel(EventQueries queries, SituationQueries situations, Accounts.ICurrentUser user, Web.Translations words) : PageModel
{
    public Core.Access.Viewer Viewer => user.Viewer;

    public const int PageSize = 50;

    public string SituationId { get; private set; } = "";
    public EventPage? Results { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyList<Place> Places { get; private set; } = [];

    /// <summary>The gazetteer by id, for each event's place in the reader's script.</summary>
    public IReadOnlyDictionary<string, Place> PlacesById { get; private set; } = new Dictionary<string, Place>();
    public IReadOnlyList<Actor> Actors { get; private set; } = [];

    /// <summary>The map of the filter's last day (its first, when it has no last), else of the situation's latest day.</summary>
    public Core.Situations.SituationMapDrawing? Map { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Place { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Stage { get; set; }

    /// <summary>The list's heading: a review queue when it shows one step of the workflow.</summary>
    public string Heading => Stage switch
    {
        "intake" => words["events.heading-intake"],
        "reviewed" => words["events.heading-reviewed"],
        "published" => words["events.heading-published"],
        _ => words["events.heading"],
    };

    public async Task<IActionResult> OnGetAsync(string situationId, CancellationToken cancel)
    {
        var situation = await situations.FindAsync(situationId, cancel);
        if (situation is null)
        {
            return NotFound();
        }
        SituationId = situationId;
        ViewData["SituationId"] = situationId;
        ViewData["SituationName"] = situation.Name;
        ViewData["Title"] = $"{Heading} — {situation.Name}";
        ViewData["Description"] = words.Format("events.description", situation.Name);
        PlacesById = await queries.PlacesAsync(situationId, cancel);
        // In the reader's script, in the order of their language.
        Places = PlacesById.Values.OrderBy(Web.Translations.Place, StringComparer.Create(System.Globalization.CultureInfo.CurrentCulture, ignoreCase: false)).ToList();
        Actors = (await queries.ActorsAsync(situationId, cancel)).Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        var (filter, errors) = EventFilter.Parse(Type, Actor, Place, From, To, Q, situations.Today, Stage);
        // "page" is also Razor Pages' own route value, so the page number is read from the query string itself.
        var page = Web.Paging.Positive(Request.Query["page"].FirstOrDefault(), "page", 1, errors);
        var position = EventEndpoints.ParsePosition(page, Request.Query["after"].FirstOrDefault(), Request.Query["before"].FirstOrDefault(), errors);
        Errors = errors.ToDictionary();
        var mapDay = (errors.IsEmpty ? filter?.To ?? filter?.From : null) ?? situation.DefaultDate(situations.Today);
        Map = await situations.MapAsync(situation, mapDay, Web.Translations.Current, cancel);
        if (filter is not null && errors.IsEmpty)
        {
            Results = await queries.SearchAsync(situationId, filter, position, PageSize, cancel);
        }
        return Page();
    }

    /// <summary>The address of the older (<c>after</c>) or newer (<c>before</c>) page of the same list, read by cursor at any depth.</summary>
    public string PageLink(string direction, string cursor)
    {
        var query = new Dictionary<string, string?>
        {
            ["type"] = Type,
            ["actor"] = Actor,
            ["place"] = Place,
            ["from"] = From,
            ["to"] = To,
            ["q"] = Q,
            ["stage"] = Stage,
            [direction] = cursor,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(
            $"/situations/{SituationId}/events", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? words.Messages(messages) : null;
}
