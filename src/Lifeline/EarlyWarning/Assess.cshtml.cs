using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;
using Lifeline.Situations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.EarlyWarning;

/// <summary>What the assessment form posts: text as typed, checked by the same rules as the API.</summary>
public sealed class AssessmentInput
{
    public string? Indicator { get; set; }
    public string? Status { get; set; }
    public string? AsOf { get; set; }
    public string? Confidence { get; set; }

    /// <summary>Event ids, separated by commas, spaces or new lines.</summary>
    public string? Events { get; set; }

    public string? Sources { get; set; }
    public string? Evidence { get; set; }
    public List<int> StantonStages { get; set; } = [];
    public string? Note { get; set; }
    public string? Reason { get; set; }

    internal RecordAssessmentRequest ToRequest() => new()
    {
        Indicator = Indicator,
        AsOf = AsOf,
        Status = Status,
        Confidence = Confidence,
        Events = Ids(Events),
        Sources = Ids(Sources),
        Evidence = Ids(Evidence),
        StantonStages = StantonStages,
        Note = Note,
        Reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason,
    };

    private static List<string> Ids(string? text) =>
        (text ?? "").Split([',', ' ', '\n', '\r', '\t', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}

/// <summary>
/// The assessment form (analysts and admins): an indicator or factor of the catalogue, its status as of a date, the
/// confidence, the events, sources and evidence files that support it, and why. Checked by the same rules as
/// <c>POST /api/v1/situations/{id}/assessments</c>; errors are shown beside their fields and nothing is stored; once
/// stored, the indicator's evidence page shows it.
/// </summary>
[Authorize(Policy = Security.Policies.Assess)]
internal sealed class AssessModel(EarlyWarningQueries queries, SituationQueries situations, AssessmentRecorder recorder, Web.Translations words) : PageModel
{
    [BindProperty] public AssessmentInput Input { get; set; } = new();

    private DateOnly defaultDay;

    public string SituationId { get; private set; } = "";
    public FrameworkCatalogue Catalogue => queries.Catalogue;
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(string situationId, string? indicator, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, cancel))
        {
            return NotFound();
        }
        Input.Indicator = indicator;
        // The day the dashboard shows: today while the situation goes on, its last day once over (inside its record period).
        Input.AsOf = AssessmentDocument.Day(defaultDay);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string situationId, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, cancel))
        {
            return NotFound();
        }
        switch (await recorder.Record(situationId, Input.ToRequest()))
        {
            case AssessmentOutcome.Stored stored:
                return Redirect($"/situations/{Uri.EscapeDataString(situationId)}/risk/indicators/{Uri.EscapeDataString(stored.Version.Indicator)}?date={AssessmentDocument.Day(stored.Version.AsOf)}");
            case AssessmentOutcome.Invalid invalid:
                Errors = invalid.Errors.ToDictionary();
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case AssessmentOutcome.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

    /// <summary>The messages for a field and its items (<c>events</c> and <c>events[0]</c>), or null.</summary>
    public string? ErrorFor(string field)
    {
        var messages = Errors.Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal))
            .SelectMany(e => e.Value.Select(m => e.Key == field ? m : $"{e.Key}: {m}")).ToList();
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    public static string Kebab<T>(T value) where T : struct, Enum => KebabCase.Of(value);

    private async Task<bool> LoadAsync(string situationId, CancellationToken cancel)
    {
        var situation = await situations.FindAsync(situationId, cancel);
        if (situation is null)
        {
            return false;
        }
        SituationId = situation.Id;
        defaultDay = situation.DefaultDate(queries.Today);
        ViewData["SituationId"] = situation.Id;
        ViewData["SituationName"] = situation.Name;
        ViewData["Title"] = words.Format("assess.title", situation.Name);
        return true;
    }
}
