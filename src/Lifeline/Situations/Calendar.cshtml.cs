using System.Globalization;
using Lifeline.Core.Situations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Situations;

/// <summary>
/// The whole day-by-day calendar of a situation, twelve months a page (<c>?from=YYYY-MM</c>, by default the month it
/// began), with links to the twelve months before and after: the dashboard shows only the months around its day.
/// </summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class CalendarModel(SituationQueries queries) : PageModel
{
    public const int MonthsAPage = 12;

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
        var to = From.AddMonths(MonthsAPage).AddDays(-1);
        var start = From < s.StartDate ? s.StartDate : From;
        var end = to > lastDay ? lastDay : to;
        Days = await queries.CalendarAsync(s, start, end, cancel);
        Utilities = Enum.GetValues<Utility>().Where(u => u != Utility.Water || Days.Any(d => d.Utilities[u] != UtilityStatus.Unknown)).ToList();
        Previous = From > first ? From.AddMonths(-MonthsAPage) < first ? first : From.AddMonths(-MonthsAPage) : null;
        Next = to < lastDay ? to.AddDays(1) : null;
        ViewData["SituationId"] = s.Id;
        ViewData["SituationName"] = s.Name;
        ViewData["Title"] = $"Day by day — {s.Name}";
        ViewData["Description"] = $"{s.Name}: the status of every route and utility, day by day, derived from sourced events.";
        return Page();
    }
}
