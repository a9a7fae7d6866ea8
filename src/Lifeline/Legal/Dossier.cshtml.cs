using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.Legal;
using Lifeline.Evidence;
using Lifeline.Reports;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Legal;

/// <summary>
/// The dossier builder: choose the obligation, a proceeding, the days and the events (the default choice ticked), see
/// the dossier, read it as HTML or PDF, or make the zip bundle for a court. For admins and analysts.
/// </summary>
[Authorize(Policy = Security.Policies.Dossier)]
internal sealed class DossierPage(LegalQueries queries, LifelineDbContext db, EvidenceBundler bundler, PublicOrigin origin, ICurrentUser user, TimeProvider clock, IConfiguration configuration)
    : PageModel
{
    public string SituationId { get; private set; } = "";
    public string SituationName { get; private set; } = "";
    public LegalRecordSet Records { get; private set; } = LegalRecordSet.Empty;
    public Dossier? Dossier { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty(SupportsGet = true)] public string? Obligation { get; set; }
    [BindProperty(SupportsGet = true)] public string? Proceeding { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    /// <summary>The events ticked, when the list they were ticked in was made for the same obligation, proceeding and days (<see cref="For"/>).</summary>
    [BindProperty(SupportsGet = true, Name = "event")] public string[] Ticked { get; set; } = [];

    [BindProperty(SupportsGet = true)] public string? For { get; set; }
    [BindProperty] public string? Add { get; set; }
    [BindProperty] public string? Remove { get; set; }
    [BindProperty] public string? Why { get; set; }

    /// <summary>What the list of events was made for: a changed choice of obligation, proceeding or days starts from the default again.</summary>
    public string Key => $"{Obligation}|{Proceeding}|{From}|{To}";

    public async Task<IActionResult> OnGetAsync(string situationId, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, cancel))
        {
            return NotFound();
        }
        var errors = new ValidationErrors();
        var (add, remove) = (new List<string>(), new List<string>());
        if (For == Key && Obligation is not null)
        {
            // The defaults for this choice, then what the ticks change.
            var (defaults, _) = await DossierEndpoints.BuildAsync(situationId, Obligation, Proceeding, From, To, [], [], HttpContext.RequestServices, new ValidationErrors(), cancel);
            if (defaults is not null)
            {
                var ticked = Ticked.ToHashSet(StringComparer.Ordinal);
                add.AddRange(ticked.Where(t => !defaults.Defaults.Contains(t)));
                remove.AddRange(defaults.Defaults.Where(d => !ticked.Contains(d)));
            }
        }
        (Dossier, _) = await DossierEndpoints.BuildAsync(situationId, Obligation, Proceeding, From, To, add, remove, HttpContext.RequestServices, errors, cancel);
        if (Dossier is null)
        {
            Errors = errors.IsEmpty ? Errors : errors.ToDictionary();
        }
        else
        {
            From = RecordDates.Day(Dossier.Compliance.From);
            To = RecordDates.Day(Dossier.Compliance.To);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string situationId, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, cancel))
        {
            return NotFound();
        }
        var errors = new ValidationErrors();
        if (Why is { Length: > InputLimits.Notes })
        {
            errors.Add("why", $"is longer than {InputLimits.Notes} characters");
        }
        (Dossier, _) = await DossierEndpoints.BuildAsync(situationId, Obligation, Proceeding, From, To, Split(Add), Split(Remove), HttpContext.RequestServices, errors, cancel);
        if (Dossier is null || !errors.IsEmpty)
        {
            Errors = errors.ToDictionary();
            return Page();
        }
        var output = DossierBundle.TemporaryFile();
        var (manifest, failed) = await DossierBundle.WriteAsync(Dossier, db, bundler, origin.Value, user.Viewer.Name ?? user.Viewer.UserId ?? "unknown",
            string.IsNullOrWhiteSpace(Why) ? "exported in a dossier" : Why.Trim(), clock, ReportFonts.Folder(configuration["Reports:FontFolder"]), output, cancel);
        if (manifest is null)
        {
            await output.DisposeAsync();
            Errors = new Dictionary<string, string[]> { ["bundle"] = [failed ?? "the bundle could not be made"] };
            return Page();
        }
        output.Position = 0;
        return File(output, "application/zip", Dossier.FileName + ".zip");
    }

    /// <summary>The query that gives this dossier: for its HTML and PDF, and to keep the choice.</summary>
    public string Query(string path)
    {
        var d = Dossier!;
        var parts = new List<KeyValuePair<string, string?>>
        {
            new("obligation", d.Obligation.Id),
            new("from", RecordDates.Day(d.Compliance.From)),
            new("to", RecordDates.Day(d.Compliance.To)),
        };
        if (d.Proceeding is { } p)
        {
            parts.Add(new("proceeding", p.Id));
        }
        if (d.Request.Add.Count > 0)
        {
            parts.Add(new("add", string.Join(',', d.Request.Add)));
        }
        if (d.Request.Remove.Count > 0)
        {
            parts.Add(new("remove", string.Join(',', d.Request.Remove)));
        }
        return path + Microsoft.AspNetCore.Http.QueryString.Create(parts).Value;
    }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task<bool> LoadAsync(string situationId, CancellationToken cancel)
    {
        var situation = await queries.SituationAsync(situationId, cancel);
        if (situation is null)
        {
            return false;
        }
        (SituationId, SituationName) = (situation.Id, situation.Name);
        Records = await LegalComputation.RecordsAsync(db, situationId, cancel);
        Obligation = string.IsNullOrWhiteSpace(Obligation) ? (Records.Obligations.Count > 0 ? Records.Obligations[0].Id : null) : Obligation.Trim();
        return true;
    }

    private static string[] Split(string? ids) => string.IsNullOrWhiteSpace(ids) ? [] : [ids];
}
