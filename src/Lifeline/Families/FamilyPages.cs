using Lifeline.Core.Common;
using Lifeline.Core.Families;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Families;

/// <summary>
/// The caseworker's list of tracing cases, filtered by case status and by the people in each case (vulnerability,
/// side of the line, age range); one audit line names the filter and how many cases were shown. Caseworkers and
/// admins only: anyone else is sent to sign in or told they may not.
/// </summary>
[Authorize(Policy = Accounts.Security.Policies.Families)]
internal sealed class FamilyCasesPage(FamilyCases cases) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Vulnerability { get; set; }
    [BindProperty(SupportsGet = true)] public string? Side { get; set; }
    [BindProperty(SupportsGet = true)] public string? AgeFrom { get; set; }
    [BindProperty(SupportsGet = true)] public string? AgeTo { get; set; }

    public string SituationId { get; private set; } = "";
    public IReadOnlyList<CaseEntry> Cases { get; private set; } = [];
    public CaseFilter Filter { get; private set; } = CaseFilter.None;
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public DateOnly Today => cases.Today;

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;

    /// <summary>The query string of the filter in force, for the CSV link.</summary>
    public string Query => string.Join("&", new[] { ("status", Status), ("vulnerability", Vulnerability), ("side", Side), ("ageFrom", AgeFrom), ("ageTo", AgeTo) }
        .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!.Trim())}"));

    public async Task<IActionResult> OnGetAsync(string situationId, CancellationToken cancel)
    {
        if (!await cases.SituationExistsAsync(situationId, cancel))
        {
            return NotFound();
        }
        SituationId = situationId;
        ViewData["SituationId"] = situationId;
        var (filter, errors) = CaseFilter.Parse(Status, Vulnerability, Side, AgeFrom, AgeTo);
        if (filter is null)
        {
            Errors = errors.ToDictionary();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Filter = filter;
        Cases = await cases.CaseListAsync(situationId, filter, "case list page", cancel);
        return Page();
    }
}

/// <summary>
/// One tracing case: the enquirer and the people sought, for each person sought the candidates ranked with the
/// reasons in words, the case's status history; and the caseworker's acts on it: move the case, confirm a match, and
/// the disclosure step, which shows the consent in force and refuses what it does not allow. Every act goes through
/// <see cref="FamilyCases"/>, as the API's do; every record read is audited there.
/// </summary>
[Authorize(Policy = Accounts.Security.Policies.Families)]
[TypeFilter(typeof(PhotoUploadLimit), Order = 900)]
internal sealed class FamilyCasePage(FamilyCases cases, Evidence.EvidenceStorage storage, Web.Translations words) : PageModel
{
    public string SituationId { get; private set; } = "";
    public CaseView? Case { get; private set; }
    /// <summary>The records of the candidates and of the confirmed matches, by id (each read audited).</summary>
    public IReadOnlyDictionary<string, PersonEntry> Candidates { get; private set; } = new Dictionary<string, PersonEntry>();
    public RequestEntry? Entry { get; private set; }
    public IReadOnlyList<FamilyRecordVersionRow> History { get; private set; } = [];
    public DateOnly Today => cases.Today;

    [BindProperty] public CaseStatusInput Move { get; set; } = new();
    [BindProperty] public ConfirmMatchInput Confirm { get; set; } = new();
    [BindProperty] public DisclosureInput Disclosure { get; set; } = new();
    [BindProperty] public PhotoInput Photo { get; set; } = new();
    [BindProperty(Name = "PhotoFile")] public IFormFile? PhotoFile { get; set; }

    /// <summary>The photos of the enquirer, of each person sought and of each candidate, by person id (each list's read audited).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PhotoView>> Photos { get; private set; } = new Dictionary<string, IReadOnlyList<PhotoView>>();

    /// <summary>Which form was sent (status, confirm, disclose, photo), so that its errors are shown beside it alone.</summary>
    public string? Sent { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>What happened: a disclosure made (what the enquirer was told) or refused (why).</summary>
    public string? Outcome { get; private set; }
    public bool Refused { get; private set; }

    public string? ErrorFor(string form, string field) =>
        Sent == form && Errors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;

    public async Task<IActionResult> OnGetAsync(string situationId, string requestId, CancellationToken cancel) =>
        await LoadAsync(situationId, requestId, cancel) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStatusAsync(string situationId, string requestId, CancellationToken cancel)
    {
        Sent = "status";
        var declared = InputRules.Check(Move);
        var outcome = declared.IsEmpty
            ? await cases.ChangeStatusAsync(situationId, requestId, new ChangeCaseStatusRequest { Status = Move.Status, CloseReason = PersonInput.Blank(Move.CloseReason), Reason = Move.Reason }, cancel)
            : new FamilyOutcome.Invalid(declared);
        return await AnswerAsync(situationId, requestId, outcome, cancel);
    }

    public async Task<IActionResult> OnPostConfirmAsync(string situationId, string requestId, CancellationToken cancel)
    {
        Sent = "confirm";
        var declared = InputRules.Check(Confirm);
        var outcome = declared.IsEmpty
            ? await cases.ChangeStatusAsync(situationId, requestId, new ChangeCaseStatusRequest
            {
                Status = KebabCase.Of(CaseStatus.MatchConfirmed), SoughtId = Confirm.SoughtId, CandidateId = Confirm.CandidateId, Reason = Confirm.Reason,
            }, cancel)
            : new FamilyOutcome.Invalid(declared);
        return await AnswerAsync(situationId, requestId, outcome, cancel);
    }

    public async Task<IActionResult> OnPostDiscloseAsync(string situationId, string requestId, CancellationToken cancel)
    {
        Sent = "disclose";
        var declared = InputRules.Check(Disclosure);
        var outcome = declared.IsEmpty
            ? await cases.DiscloseAsync(situationId, requestId, new DiscloseRequest
            {
                FoundPersonId = Disclosure.FoundPersonId, BestInterestDecision = PersonInput.Blank(Disclosure.BestInterestDecision), Reason = Disclosure.Reason,
            }, cancel)
            : new FamilyOutcome.Invalid(declared);
        return await AnswerAsync(situationId, requestId, outcome, cancel);
    }

    public async Task<IActionResult> OnPostPhotoAsync(string situationId, string requestId, CancellationToken cancel)
    {
        Sent = "photo";
        var declared = InputRules.Check(Photo);
        FamilyOutcome outcome;
        if (!declared.IsEmpty)
        {
            outcome = new FamilyOutcome.Invalid(declared);
        }
        else
        {
            byte[] bytes = [];
            if (PhotoFile is not null)
            {
                await using var stream = PhotoFile.OpenReadStream();
                bytes = await PhotoRules.ReadAsync(stream, cancel);
            }
            outcome = await cases.AttachPhotoAsync(situationId, Photo.PersonId, new PhotoUpload(bytes, PhotoFile?.ContentType, PersonInput.Blank(Photo.Description)), storage, cancel);
        }
        return await AnswerAsync(situationId, requestId, outcome, cancel);
    }

    private async Task<IActionResult> AnswerAsync(string situationId, string requestId, FamilyOutcome outcome, CancellationToken cancel)
    {
        switch (outcome)
        {
            case FamilyOutcome.Stored:
                return Redirect($"/situations/{Uri.EscapeDataString(situationId)}/families/cases/{Uri.EscapeDataString(requestId)}");
            case FamilyOutcome.Forbidden:
                return Forbid();
            case FamilyOutcome.NotFound when Case is null && Sent is not ("disclose" or "photo"):
                return NotFound();
            case FamilyOutcome.NotFound missing:
                Errors = new Dictionary<string, string[]> { [Sent == "photo" ? "personId" : "foundPersonId"] = [missing.What] };
                Response.StatusCode = StatusCodes.Status404NotFound;
                break;
            case FamilyOutcome.Disclosed disclosed:
                Outcome = words.Format("family-case.disclosed", disclosed.Decision.Reason, disclosed.Told);
                Disclosure = new DisclosureInput();
                break;
            case FamilyOutcome.Refused refused:
                Outcome = words.Format("family-case.refused", refused.Decision.Reason);
                Refused = true;
                Response.StatusCode = StatusCodes.Status403Forbidden;
                break;
            case FamilyOutcome.Invalid invalid:
                Errors = invalid.Errors.ToDictionary();
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
            case FamilyOutcome.Conflict conflict:
                Errors = new Dictionary<string, string[]> { [Sent == "photo" ? "personId" : "reason"] = [conflict.Message] };
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
        }
        return await LoadAsync(situationId, requestId, cancel) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string situationId, string requestId, CancellationToken cancel)
    {
        SituationId = situationId;
        ViewData["SituationId"] = situationId;
        if (await cases.RequestAsync(situationId, requestId, cancel) is not { } request)
        {
            return false;
        }
        Entry = request;
        Case = await CaseView.OfAsync(situationId, request, cases, cancel);
        var shown = new Dictionary<string, PersonEntry>(StringComparer.Ordinal);
        foreach (var id in Case.Candidates.SelectMany(c => c.Candidates.Select(m => m.PersonId)).Concat(Case.Request.Confirmed.Select(m => m.CandidateId)).Distinct())
        {
            if (await cases.PersonAsync(situationId, id, cancel) is { } person)
            {
                shown[id] = person;
            }
        }
        Candidates = shown;
        var photos = new Dictionary<string, IReadOnlyList<PhotoView>>(StringComparer.Ordinal);
        foreach (var id in Case.People.Where(p => p.Names is not null).Select(p => p.Id).Concat(shown.Where(c => c.Value.Content is not null).Select(c => c.Key)).Distinct())
        {
            photos[id] = await cases.PhotosOfAsync(situationId, id, cancel) ?? [];
        }
        Photos = photos;
        History = await cases.HistoryAsync(situationId, requestId, cancel);
        return true;
    }
}

/// <summary>
/// What the two forms that record people share: the situation they are for, the errors shown beside each field, and
/// what an outcome of <see cref="FamilyCases"/> shows (the next page when stored, the form again when not).
/// </summary>
internal abstract class FamilyFormPage(FamilyCases cases) : PageModel
{
    protected FamilyCases Cases => cases;

    public string SituationId { get; private set; } = "";
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? ErrorFor(string field) =>
        Errors.Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal)).SelectMany(e => e.Value).ToList() is { Count: > 0 } m ? string.Join(" ", m) : null;

    /// <summary>Whether the situation exists; if it does, the page is for it.</summary>
    protected async Task<bool> EnterAsync(string situationId, CancellationToken cancel)
    {
        if (!await cases.SituationExistsAsync(situationId, cancel))
        {
            return false;
        }
        SituationId = situationId;
        ViewData["SituationId"] = situationId;
        return true;
    }

    /// <summary>The answer to a form sent: to <paramref name="storedAt"/> once stored, else the form again with each error beside its field (a conflict beside <paramref name="conflictField"/>).</summary>
    protected IActionResult Answer(FamilyOutcome outcome, Func<string, string> storedAt, string conflictField)
    {
        switch (outcome)
        {
            case FamilyOutcome.Stored stored:
                return Redirect(storedAt(Uri.EscapeDataString(stored.Id)));
            case FamilyOutcome.Invalid invalid:
                Errors = invalid.Errors.ToDictionary();
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            case FamilyOutcome.Conflict conflict:
                Errors = new Dictionary<string, string[]> { [conflictField] = [conflict.Message] };
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            case FamilyOutcome.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }
}

/// <summary>Record a person as safe, with where they are and their consent: re-shown with every error beside its field, nothing stored.</summary>
[Authorize(Policy = Accounts.Security.Policies.Families)]
internal sealed class RegisterSafePage(FamilyCases cases) : FamilyFormPage(cases)
{
    [BindProperty] public RegisterSafeInput Input { get; set; } = new();
    public string? StoredId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string situationId, string? stored, CancellationToken cancel)
    {
        if (!await EnterAsync(situationId, cancel))
        {
            return NotFound();
        }
        StoredId = stored;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string situationId, CancellationToken cancel)
    {
        if (!await EnterAsync(situationId, cancel))
        {
            return NotFound();
        }
        var errors = InputRules.Check(Input);
        var request = Input.ToRequest(errors);
        if (!errors.IsEmpty)
        {
            PersonInput.CheckTheRest(request.Person, "person.", Cases.Today, errors);
            var (_, consentErrors) = FamilyValidator.Consent(request.Safe!.Consent, Cases.Today, "safe.consent.");
            errors.AddAll(consentErrors);
            if (request.Safe.Whereabouts is null)
            {
                errors.Add("safe.whereabouts", "Say where the person is (a place, a shelter, a town).");
            }
        }
        var outcome = errors.IsEmpty ? await Cases.RecordPersonAsync(situationId, request, cancel) : new FamilyOutcome.Invalid(errors);
        return Answer(outcome, id => $"/situations/{Uri.EscapeDataString(situationId)}/families/register-safe?stored={id}", "person.id");
    }
}

/// <summary>Open a tracing request: an enquirer and the person they seek; re-shown with every error beside its field, nothing stored.</summary>
[Authorize(Policy = Accounts.Security.Policies.Families)]
internal sealed class NewTracingRequestPage(FamilyCases cases) : FamilyFormPage(cases)
{
    [BindProperty] public TracingRequestInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string situationId, CancellationToken cancel) =>
        await EnterAsync(situationId, cancel) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string situationId, CancellationToken cancel)
    {
        if (!await EnterAsync(situationId, cancel))
        {
            return NotFound();
        }
        var errors = InputRules.Check(Input);
        var request = Input.ToRequest(errors);
        if (!errors.IsEmpty)
        {
            PersonInput.CheckTheRest(request.Enquirer, "enquirer.", Cases.Today, errors);
            PersonInput.CheckTheRest(request.Sought![0].Person, "sought[0].person.", Cases.Today, errors);
        }
        var outcome = errors.IsEmpty ? await Cases.OpenRequestAsync(situationId, request, cancel) : new FamilyOutcome.Invalid(errors);
        return Answer(outcome, id => $"/situations/{Uri.EscapeDataString(situationId)}/families/cases/{id}", "id");
    }
}

/// <summary>
/// Lifts the server's request limit for the case page alone, before the form (and its anti-forgery token) is read:
/// to the photo limit plus room for the form, as the evidence page does.
/// </summary>
internal sealed class PhotoUploadLimit : IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context) => Evidence.EvidenceUploadLimit.Lift(context.HttpContext, PhotoRules.MaxRequestBytes);
}
