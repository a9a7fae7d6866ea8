using Lifeline.Core.Common;
using Lifeline.Core.Situations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Situations;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class DashboardModel(SituationQueries queries, Lifeline.Events.EventQueries events, Web.Translations words) : PageModel
{
    public Dashboard? View { get; private set; }

    /// <summary>The gazetteer, for the latest events' places in the reader's script.</summary>
    public IReadOnlyDictionary<string, Core.Places.Place> Places { get; private set; } = new Dictionary<string, Core.Places.Place>();
    public IReadOnlyList<SituationListItem> Situations { get; private set; } = [];
    public string? DateError { get; private set; }
    public string? RequestedDate { get; private set; }

    /// <summary>The map of the day shown; null when no place has coordinates.</summary>
    public SituationMapDrawing? Map { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? situationId, string? date, CancellationToken cancel)
    {
        Situations = await queries.ListAsync(cancel);
        situationId ??= Situations.Count > 0 ? Situations[0].Id : null;
        if (situationId is null)
        {
            return Page();
        }
        var errors = new ValidationErrors();
        var day = SituationEndpoints.ParseOptionalDate(date, "date", queries.Today, errors);
        if (!errors.IsEmpty)
        {
            DateError = errors.ToDictionary()["date"][0];
            RequestedDate = date;
        }
        View = await queries.DashboardAsync(situationId, day, cancel);
        if (View is null)
        {
            return NotFound();
        }
        Places = await events.PlacesAsync(View.Situation.Id, cancel);
        Map = await queries.MapAsync(View.Situation, View.Date, Web.Translations.Current, cancel);
        ViewData["SituationId"] = View.Situation.Id;
        ViewData["SituationName"] = View.Situation.Name;
        ViewData["Title"] = View.Situation.PhaseOf(View.Date) == SituationPhase.During
            ? words.Format("dashboard.title-day", View.Situation.Name, View.Day)
            : $"{View.Situation.Name}, {words.Date(View.Date)}";
        ViewData["Description"] = words.Format("dashboard.description", View.Situation.Name, View.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return Page();
    }

    public static string Css(CorridorStatus status) => "s-" + KebabCase.Of(status);

    public static string Css(UtilityStatus status) => "s-" + KebabCase.Of(status);

    public static string Words(CorridorStatus status) => status switch
    {
        CorridorStatus.Unknown => "unknown",
        CorridorStatus.Open => "open",
        CorridorStatus.Restricted => "restricted",
        CorridorStatus.HumanitarianOnly => "humanitarian traffic only",
        CorridorStatus.Closed => "closed",
    };

    public static string Letter(CorridorStatus status) => status switch
    {
        CorridorStatus.Unknown => "?",
        CorridorStatus.Open => "O",
        CorridorStatus.Restricted => "R",
        CorridorStatus.HumanitarianOnly => "H",
        CorridorStatus.Closed => "C",
    };

    public static string Words(UtilityStatus status) => status switch
    {
        UtilityStatus.Unknown => "unknown",
        UtilityStatus.Available => "available",
        UtilityStatus.Partial => "partial or rationed",
        UtilityStatus.Cut => "cut",
    };

    public static string Letter(UtilityStatus status) => status switch
    {
        UtilityStatus.Unknown => "?",
        UtilityStatus.Available => "A",
        UtilityStatus.Partial => "P",
        UtilityStatus.Cut => "X",
    };

    /// <summary>A figure's label; after the end, in the past tense: nobody is cut off any more.</summary>
    public static string FigureLabel(SituationFigure figure, SituationPhase phase) => phase == SituationPhase.After
        ? figure switch
        {
            SituationFigure.Population => "people were cut off",
            SituationFigure.Children => "children",
            SituationFigure.OlderPeople => "older people",
            SituationFigure.PeopleWithDisabilities => "people with disabilities",
            SituationFigure.StrandedOutside => "were stranded outside, apart from their families",
            SituationFigure.StrandedChildren => "children among those stranded",
            SituationFigure.BaselineInflowTonnesPerDay => "tonnes a day came in before",
            _ => FigureLabel(figure),
        }
        : FigureLabel(figure);

    public static string FigureLabel(SituationFigure figure) => figure switch
    {
        SituationFigure.Population => "people cut off",
        SituationFigure.Children => "children",
        SituationFigure.OlderPeople => "older people",
        SituationFigure.PeopleWithDisabilities => "people with disabilities",
        SituationFigure.StrandedOutside => "stranded outside, apart from their families",
        SituationFigure.StrandedChildren => "children among those stranded",
        SituationFigure.BaselineInflowTonnesPerDay => "tonnes a day came in before",
    };

    /// <summary>The utilities worth a row: gas, electricity and internet always, water once anything is known of it.</summary>
    public IReadOnlyList<Utility> ShownUtilities =>
        Enum.GetValues<Utility>().Where(u => u != Utility.Water || View!.Status.Utilities[u] != UtilityStatus.Unknown
            || View.Calendar.Any(d => d.Utilities[u] != UtilityStatus.Unknown)).ToList();

    /// <summary>A month as the calendar page's <c>from</c> takes it: YYYY-MM.</summary>
    public static string Month(DateOnly date) => date.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    public IEnumerable<Lifeline.Events.SourceView> SourcesOf(SourcedFigure figure) => SourcesOf(figure.Sources);

    /// <summary>The sources of a figure or a baseline, as the caller may see them.</summary>
    public IEnumerable<Lifeline.Events.SourceView> SourcesOf(IEnumerable<string> ids) =>
        ids.Where(View!.FigureSources.ContainsKey).Select(id => View.FigureSources[id]);

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Long(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
