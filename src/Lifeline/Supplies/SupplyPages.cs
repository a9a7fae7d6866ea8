using Lifeline.Accounts;
using Lifeline.Core.Common;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Supplies;

/// <summary>
/// What the supplies pages share: the situation's supply record, the day asked for (<c>?date=YYYY-MM-DD</c>; a
/// date that does not read is named and the default day shown), and the audit line of an internal read.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = SupplyEndpoints.ReadPolicy)]
internal abstract class SupplyPage(SupplyQueries queries, AuditLog audit) : PageModel
{
    public SupplyRecord Record { get; private set; } = null!;
    public DateOnly Date { get; private set; }
    public string? DateError { get; private set; }
    public string? RequestedDate { get; private set; }

    protected SupplyQueries Queries => queries;

    public string SituationId => Record.Situation.Id;

    /// <returns>False when there is no such situation.</returns>
    protected async Task<bool> LoadAsync(string situationId, string? date, string title, string what, CancellationToken cancel)
    {
        if (await queries.LoadAsync(situationId, cancel: cancel) is not { } record)
        {
            return false;
        }
        Record = record;
        var errors = new ValidationErrors();
        var day = ForecastRequest.ParseDate(date, "date", queries.Today, errors);
        if (!errors.IsEmpty)
        {
            DateError = errors.ToDictionary()["date"][0];
            RequestedDate = date;
        }
        Date = day ?? record.DefaultDate(queries.Today);
        ViewData["SituationId"] = record.Situation.Id;
        ViewData["SituationName"] = record.Situation.Name;
        ViewData["Title"] = $"{title} — {record.Situation.Name}";
        await audit.ReadAsync("supplies", what, situationId, SupplyViews.Day(Date), cancel);
        return true;
    }
}
