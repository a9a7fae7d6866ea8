using Lifeline.Accounts;
using Lifeline.Events;
using Lifeline.Situations;
using Lifeline.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Sources;

/// <summary>What the grade form posts: the same fields as <c>PUT …/sources/{sourceId}/grade</c>.</summary>
public sealed class GradeInput
{
    public string? Reliability { get; set; }
    public int? Credibility { get; set; }
    public bool ProtectIdentity { get; set; }
    public string? Reason { get; set; }
}

/// <summary>
/// One source for a verifier: what it is, its grading history, and a form to grade it (reliability, credibility,
/// whether its identity is protected, and why). Checked by the same rules as the API; errors are shown beside their
/// fields and nothing is stored. <c>?event=ID</c> brings the verifier back to that event once the grade is stored.
/// </summary>
[Authorize(Policy = Security.Policies.Review)]
internal sealed class GradeModel(LifelineDbContext db, SituationQueries situations, SourceGrading grading, AuditLog audit, Web.Translations words) : PageModel
{
    [BindProperty] public GradeInput Input { get; set; } = new();

    public string SituationId { get; private set; } = "";
    public SourceView? Source { get; private set; }
    public IReadOnlyList<SourceVersionRow> History { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>The event the verifier came from, when it is one of this situation's.</summary>
    public string? EventId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string situationId, string sourceId, [FromQuery(Name = "event")] string? eventId, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, sourceId, eventId, cancel))
        {
            return NotFound();
        }
        Input.Reliability = Source!.Reliability;
        Input.Credibility = Source.Credibility;
        Input.ProtectIdentity = Source.ProtectIdentity;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string situationId, string sourceId, [FromQuery(Name = "event")] string? eventId, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, sourceId, eventId, cancel))
        {
            return NotFound();
        }
        var request = new GradeRequest(Input.Reliability, Input.Credibility, Input.ProtectIdentity, Input.Reason);
        switch (await grading.Grade(situationId, sourceId, request))
        {
            case RecordOutcome.Graded:
                return Redirect(EventId is null
                    ? $"/situations/{Uri.EscapeDataString(situationId)}/sources#source-{Uri.EscapeDataString(sourceId)}"
                    : $"/situations/{Uri.EscapeDataString(situationId)}/events/{Uri.EscapeDataString(EventId)}");
            case RecordOutcome.Invalid invalid:
                Errors = invalid.Errors.ToDictionary();
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case RecordOutcome.Conflict conflict:
                Errors = new Dictionary<string, string[]> { ["reason"] = [conflict.Message] };
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            case RecordOutcome.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>What the source is called where a form field names its error: the field's label, not its JSON name.</summary>
    public static string Label(string field) => field switch
    {
        "reliability" => "Reliability of the source",
        "credibility" => "Credibility of the report",
        "reason" => "Why this grade",
        _ => field,
    };

    private async Task<bool> LoadAsync(string situationId, string sourceId, string? eventId, CancellationToken cancel)
    {
        var situation = await situations.FindAsync(situationId, cancel);
        var row = situation is null ? null : await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.SituationId == situationId && s.Id == sourceId, cancel);
        if (situation is null || row is null)
        {
            return false;
        }
        SituationId = situation.Id;
        Source = SourceView.From(row.ToDomain(), showProtected: true);
        History = await db.SourceVersions.AsNoTracking().Where(v => v.SituationId == situationId && v.SourceId == sourceId).OrderByDescending(v => v.Version).ToListAsync(cancel);
        EventId = eventId is not null && await db.Events.AnyAsync(e => e.SituationId == situationId && e.EventId == eventId, cancel) ? eventId : null;
        if (row.ProtectIdentity && HttpMethods.IsGet(Request.Method))
        {
            await audit.ReadAsync("source", sourceId, situationId, "protected source identity shown (grading page)", cancel);
        }
        ViewData["SituationId"] = situation.Id;
        ViewData["SituationName"] = situation.Name;
        ViewData["Title"] = words.Format("grade.title", situation.Name);
        return true;
    }
}
