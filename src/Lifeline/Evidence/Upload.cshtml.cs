using Lifeline.Accounts;
using Lifeline.Core.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Evidence;

/// <summary>The page to add an evidence file to an event: the file and how it was captured.</summary>
[Authorize(Policy = Security.Policies.Record)]
[TypeFilter(typeof(EvidenceUploadLimit), Order = 900)]
internal sealed class UploadModel(EvidenceReceiver receiver, EvidenceQueries queries, EvidenceOptions options, Web.Translations words) : PageModel
{
    [BindProperty(Name = "File")] public IFormFile? Upload { get; set; }
    [BindProperty] public string? CapturedAt { get; set; }
    [BindProperty] public string? CapturedWhere { get; set; }
    [BindProperty] public string? CapturedBy { get; set; }
    [BindProperty] public string? Device { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public string SituationId { get; private set; } = "";
    public string EventId { get; private set; } = "";
    public ValidationErrors Errors { get; } = new();
    public long MaxBytes => options.MaxFileBytes;

    public Task<IActionResult> OnGetAsync(string situationId, string eventId, CancellationToken cancel) => ShowAsync(situationId, eventId, cancel);

    public async Task<IActionResult> OnPostAsync(string situationId, string eventId, CancellationToken cancel)
    {
        if (await receiver.RefusalAsync(situationId, eventId, cancel) is { } refusal)
        {
            return refusal is EvidenceOutcome.NotFound ? NotFound() : Forbid();
        }
        IncomingFile? incoming = null;
        if (Upload is not null)
        {
            await using var stream = Upload.OpenReadStream();
            incoming = await receiver.ReceiveFileAsync(stream, cancel);
            if (incoming is null)
            {
                Errors.Add("file", $"is larger than the limit of {options.MaxFileBytes:N0} bytes");
                return await ShowAsync(situationId, eventId, cancel, StatusCodes.Status413PayloadTooLarge);
            }
        }
        var outcome = await receiver.StoreAsync(situationId, eventId, incoming, new EvidenceUpload
        {
            FileName = Upload?.FileName,
            DeclaredType = Upload?.ContentType,
            CapturedAt = CapturedAt,
            CapturedWhere = CapturedWhere,
            CapturedBy = CapturedBy,
            Device = Device,
            Description = Description,
            Reason = Reason,
        }, cancel);
        switch (outcome)
        {
            case EvidenceOutcome.Stored stored:
                return Redirect($"/situations/{situationId}/evidence/{stored.Evidence.Id}");
            case EvidenceOutcome.Invalid invalid:
                Errors.AddAll(invalid.Errors);
                return await ShowAsync(situationId, eventId, cancel, StatusCodes.Status400BadRequest);
            case EvidenceOutcome.Unsupported unsupported:
                Errors.Add("file", unsupported.Why["file: ".Length..]);
                return await ShowAsync(situationId, eventId, cancel, StatusCodes.Status415UnsupportedMediaType);
            case EvidenceOutcome.TooLarge large:
                Errors.Add("file", large.Why["file: ".Length..]);
                return await ShowAsync(situationId, eventId, cancel, StatusCodes.Status413PayloadTooLarge);
            case EvidenceOutcome.NotFound:
                return NotFound();
            default:
                return Forbid();
        }
    }

    private async Task<IActionResult> ShowAsync(string situationId, string eventId, CancellationToken cancel, int status = StatusCodes.Status200OK)
    {
        var owner = await queries.VisibleEventAsync(situationId, eventId, cancel);
        if (owner is null)
        {
            return NotFound();
        }
        SituationId = situationId;
        EventId = eventId;
        ViewData["SituationId"] = situationId;
        ViewData["Title"] = words["evidence.add-heading"];
        Response.StatusCode = status;
        return Page();
    }
}

/// <summary>
/// Lifts the server's request limit for the evidence page alone, before the form (and its anti-forgery token) is
/// read: to the evidence limit plus room for the form.
/// </summary>
internal sealed class EvidenceUploadLimit(EvidenceOptions options) : IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context) => Lift(context.HttpContext, options.MaxRequestBytes);

    /// <summary>Lets this one request's body, and the form in it, be up to <paramref name="maxRequestBytes"/>, unless the form was read already.</summary>
    public static void Lift(HttpContext context, long maxRequestBytes)
    {
        var features = context.Features;
        if (features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxRequestBytes;
        }
        if (features.Get<IFormFeature>() is not { Form: not null })
        {
            features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = maxRequestBytes }));
        }
    }
}
