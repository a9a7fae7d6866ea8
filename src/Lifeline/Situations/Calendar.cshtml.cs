using System.Globalization;
using Lifeline.Core.Situations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Situations;

/// <summary>
/// The whole day-by-day calendar of a situation, a few months a page (<c>?from=YYYY-MM</c>, by default the month it
/// began), with links to the months before and after: the dashboard shows only the months around its day. A page
/// holds at most <see cref="CellsAPage"/> day cells (so it stays under 100 KB and light on a phone), and so as many
/// whole months as fit for the situation's routes and utilities: four for two routes and four utilities, up to twelve.
/// </summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class CalendarModel(SituationQueries queries, Web.Translations words) : PageModel
{
    /// <summary>The most day cells a page draws: about 130 bytes each, so a page stays well under 100 KB.</summary>
    public const int CellsAPage = 750;

    /// <summary>Whole months a page for a situation with this many rows (routes and utilities), from one to twelve.</summary>
    public static int MonthsFor(int rows) => Math.Clamp(CellsAPage / (Math.Max(1, rows) * 31), 1, 12);

    public Situation? Situation { get; private set; }
    public IReadOnlyList<DayStatus> Days { get; private set; } = [];
    public IReadOnlyList<Utility> Utilities { get; private set; } = [];
    public DateOnly From { get; private set; }
    public DateOnly? Previous { get; private set; }
    public DateOnly? Next { get; private set; }
    public string? FromError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string situationId, string? from, CancellationToken cancel)
    {
        Situation = await queries.FindAsync(situationId, cancel);
        if (Situation is null)
        {
            return NotFound();
        }
        var s = Situation;
        var first = new DateOnly(s.StartDate.Year, s.StartDate.Month, 1);
        var lastDay = s.LastDay(queries.Today);
        From = first;
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (DateOnly.TryParseExact(from.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
                || DateOnly.TryParseExact(from.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month))
            {
                From = new DateOnly(month.Year, month.Month, 1);
            }
            else
            {
                FromError = $"'{Core.Common.RecordDates.Shorten(from)}' is not a month: use YYYY-MM";
            }
        }
        From = From < first ? first : From > lastDay ? new DateOnly(lastDay.Year, lastDay.Month, 1) : From;
        var months = MonthsFor(s.Routes.Count + Enum.GetValues<Utility>().Length);
        var to = From.AddMonths(months).AddDays(-1);
        var start = From < s.StartDate ? s.StartDate : From;
        var end = to > lastDay ? lastDay : to;
        Days = await queries.CalendarAsync(s, start, end, cancel);
        Utilities = Enum.GetValues<Utility>().Where(u => u != Utility.Water || Days.Any(d => d.Utilities[u] != UtilityStatus.Unknown)).ToList();
        Previous = From > first ? From.AddMonths(-months) < first ? first : From.AddMonths(-months) : null;
        Next = to < lastDay ? to.AddDays(1) : null;
        ViewData["SituationId"] = s.Id;
        ViewData["SituationName"] = s.Name;
        ViewData["Title"] = words.Format("calendar.title", s.Name);
        ViewData["Description"] = words.Format("calendar.description", s.Name);
        return Page();
    }
}
