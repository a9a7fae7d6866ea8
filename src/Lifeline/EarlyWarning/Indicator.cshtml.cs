using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.EarlyWarning;

/// <summary>
/// One indicator (or factor) on a date: its value and what decided it, the signals with the data behind them and,
/// for signed-in readers, every assessment of it with the events, sources and evidence it cites.
/// </summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class IndicatorModel(EarlyWarningQueries queries, ICurrentUser user, Web.Translations words) : PageModel
{
    public string SituationId { get; private set; } = "";
    public IndicatorId Subject { get; private set; }
    public string Meaning { get; private set; } = "";
    public string Date { get; private set; } = "";
    public SubjectView? Reading { get; private set; }
    public IReadOnlyList<SubjectView> Related { get; private set; } = [];
    public IReadOnlyList<AssessmentDocument>? Assessments { get; private set; }
    public Indicator? Catalogued { get; private set; }
    public bool CanAssess { get; private set; }

    public async Task<IActionResult> OnGetAsync(string situationId, string indicator, string? date, CancellationToken cancel)
    {
        var subject = IndicatorId.TryParse(indicator);
        if (subject is null || !queries.Catalogue.Contains(subject.Value))
        {
            return NotFound();
        }
        var errors = new ValidationErrors();
        var day = EarlyWarningEndpoints.ParseDate(date, "date", queries.Today, errors);
        var (result, _, last) = await queries.RiskAsync(situationId, null, null, cancel);
        if (result is null)
        {
            return NotFound();
        }
        var shown = day is { } d && d >= result.Situation.StartDate && d <= last ? d : last;
        var matrix = (await queries.MatrixAsync(situationId, shown, result, cancel))!;
        var row = matrix.Rows[subject.Value.Factor - 1];
        SituationId = situationId;
        Subject = subject.Value;
        Meaning = queries.Catalogue.Describe(subject.Value);
        Catalogued = queries.Catalogue.Find(subject.Value);
        Date = AssessmentDocument.Day(shown);
        Reading = row.Subjects.FirstOrDefault(s => s.Indicator == subject.Value.ToString());
        Related = subject.Value.IsWholeFactor ? row.Subjects : [];
        CanAssess = EarlyWarningAccess.CanAssess(user.Viewer);
        if (EarlyWarningAccess.CanReadAssessments(user.Viewer))
        {
            Assessments = await queries.ListAsync(situationId, subject.Value.ToString(), cancel);
        }
        ViewData["SituationId"] = result.Situation.Id;
        ViewData["SituationName"] = result.Situation.Name;
        ViewData["Title"] = words.Format("indicator.title", subject.Value, result.Situation.Name);
        ViewData["Description"] = words.Format("indicator.description", subject.Value, result.Situation.Name);
        return Page();
    }
}
