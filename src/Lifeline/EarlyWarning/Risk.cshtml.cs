using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.EarlyWarning;

/// <summary>
/// The early-warning page of a situation: the risk trend (server-side SVG) with alerts and the dated public warnings,
/// and the 14-factor matrix for a chosen date. Public, like the API it mirrors.
/// </summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class RiskModelPage(EarlyWarningQueries queries, Web.Translations words) : PageModel
{
    public RiskResult? Result { get; private set; }
    public MatrixDocument? Matrix { get; private set; }
    public IReadOnlyList<PublicWarning> Warnings { get; private set; } = [];
    public string? DateError { get; private set; }
    public string Date { get; private set; } = "";
    public string Chart { get; private set; } = "";
    public string NarrowChart { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string situationId, string? date, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var day = EarlyWarningEndpoints.ParseDate(date, "date", queries.Today, errors);
        if (!errors.IsEmpty)
        {
            DateError = errors.ToDictionary()["date"][0];
        }
        var (result, _, last) = await queries.RiskAsync(situationId, null, null, cancel);
        if (result is null)
        {
            return NotFound();
        }
        Result = result;
        var shown = day is { } d && d >= result.Situation.StartDate && d <= last ? d : last;
        Date = AssessmentDocument.Day(shown);
        Matrix = await queries.MatrixAsync(situationId, shown, result, cancel);
        Warnings = PublicWarnings.For(situationId);
        Chart = RiskChart.Svg(result.Series, result.Alerts, Warnings, $"Risk of atrocity crimes, {result.Situation.Name}, day by day");
        NarrowChart = RiskChart.Svg(result.Series, result.Alerts, Warnings, $"Risk of atrocity crimes, {result.Situation.Name}, day by day", ChartLayout.Narrow);
        ViewData["SituationId"] = result.Situation.Id;
        ViewData["SituationName"] = result.Situation.Name;
        ViewData["Title"] = words.Format("risk.title", result.Situation.Name);
        ViewData["Description"] = $"Atrocity early warning for {result.Situation.Name}: the risk level day by day from the UN Framework of Analysis's 14 risk factors, with the evidence for each and the alerts.";
        return Page();
    }

    public static string Kebab(AlertKind kind) => KebabCase.Of(kind);
}
