using System.Text;
using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.Evidence;
using Lifeline.Ledger;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Lifeline.Evidence;

/// <summary>
/// Evidence in the server: upload (multipart), lists, metadata with the chain of custody, the file itself
/// (always as a download, every download a custody step) and hand-overs. Only signed-in people whose role lets
/// them see the event ever learn that evidence exists: everyone else gets 401 or 404.
/// </summary>
internal static class EvidenceEndpoints
{
    /// <summary>The longest a text field beside the file may be, in bytes, before the form is refused.</summary>
    private const int MaxFieldBytes = 8 * 1024;

    public static IServiceCollection AddEvidence(this IServiceCollection services, StorageOptions storage, EvidenceOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(IncomingEvidence.For(storage));
        services.AddScoped<EvidenceStorage>();
        services.AddScoped<EvidenceQueries>();
        services.AddScoped<ChainOfCustodyLog>();
        services.AddScoped<EvidenceReceiver>();
        return services;
    }

    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder app)
    {
        var situation = app.MapGroup("/api/v1/situations/{situationId}").WithTags("Evidence");
        situation.MapGet("/events/{eventId}/evidence", List).RequireAuthorization(Security.Policies.SignedIn)
            .WithSummary("The evidence of an event with capture metadata and chain of custody (signed-in people who may see the event)");
        situation.MapPost("/events/{eventId}/evidence", Upload).RequireAuthorization(Security.Policies.Record)
            // Authenticated by token or by a SameSite=Lax cookie, which a cross-site form never carries.
            .DisableAntiforgery()
            .WithSummary("Upload a photo, video or document (multipart: file, capturedAt, capturedWhere, capturedBy, device, description, reason)");
        situation.MapGet("/evidence/{evidenceId}", Get).RequireAuthorization(Security.Policies.SignedIn)
            .WithSummary("One piece of evidence: what it is, how it was captured, its chain of custody");
        situation.MapGet("/evidence/{evidenceId}/file", Download).RequireAuthorization(Security.Policies.SignedIn)
            .WithSummary("The evidence file, as a download; each download is a custody step ('viewed', with the optional why)");
        situation.MapPost("/evidence/{evidenceId}/custody", AddCustody).RequireAuthorization(Security.Policies.Record)
            .WithSummary("Record a custody step by hand: transferred (to whom, why) or viewed");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<EvidenceView>>, ProblemHttpResult>> List(string situationId, string eventId, EvidenceQueries queries, CancellationToken cancel) =>
        await queries.ForEventAsync(situationId, eventId, cancel) is { } list
            ? TypedResults.Ok(list)
            : ApiProblems.NotFound($"There is no event '{eventId}' in situation '{situationId}'.");

    private static async Task<Results<Ok<EvidenceView>, ProblemHttpResult>> Get(string situationId, string evidenceId, EvidenceQueries queries, CancellationToken cancel) =>
        await queries.ViewAsync(situationId, evidenceId, cancel) is { } view
            ? TypedResults.Ok(view)
            : ApiProblems.NotFound($"There is no evidence '{evidenceId}' in situation '{situationId}'.");

    private static async Task<IResult> Upload(string situationId, string eventId, HttpContext context, EvidenceReceiver receiver, EvidenceOptions options, CancellationToken cancel)
    {
        if (await receiver.RefusalAsync(situationId, eventId, cancel) is { } refusal)
        {
            return Answer(refusal);
        }
        // The server's 1 MB request limit is lifted for this endpoint alone, to the evidence limit plus the form.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxRequestBytes;
        }
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            return ApiProblems.Validation(Single("body", "must be multipart/form-data with the file in a field named 'file'"));
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        IncomingFile? file = null;
        string? fileName = null;
        string? declared = null;
        var tooLarge = false;
        var reader = new MultipartReader(boundary, context.Request.Body) { HeadersLengthLimit = MaxFieldBytes };
        // Parts are counted from 0 as they are read, so that a part that cannot be read is named (parts[2]): a
        // header or a line that cannot be read belongs to the next part, a body cut short to the last one read.
        var part = -1;
        try
        {
            while (await reader.ReadNextSectionAsync(cancel) is { } section)
            {
                part++;
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is not { } name)
                {
                    continue;
                }
                if (disposition.IsFileDisposition() && name == "file" && file is null && !tooLarge)
                {
                    fileName = disposition.FileNameStar.Value ?? disposition.FileName.Value;
                    declared = section.ContentType;
                    file = await receiver.ReceiveFileAsync(section.Body, cancel);
                    tooLarge = file is null;
                }
                else if (!disposition.IsFileDisposition())
                {
                    using var text = new StreamReader(section.Body, StrictUtf8);
                    var buffer = new char[MaxFieldBytes + 1];
                    var read = await text.ReadBlockAsync(buffer, cancel);
                    if (read > MaxFieldBytes)
                    {
                        Discard(file);
                        return ApiProblems.Validation(Single(name, $"is longer than {MaxFieldBytes:N0} characters"));
                    }
                    fields[name] = new string(buffer, 0, read);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            Discard(file);
            return Answer(receiver.TooLarge());
        }
        catch (DecoderFallbackException)
        {
            Discard(file);
            return ApiProblems.Validation(Single($"parts[{part}]", "is not valid UTF-8 text"));
        }
        catch (InvalidDataException ex)
        {
            Discard(file);
            return ApiProblems.Validation(Single($"parts[{part + 1}]", $"could not be read as a part of multipart/form-data: {ex.Message}"));
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            Discard(file);
            return ApiProblems.Validation(Single($"parts[{Math.Max(part, 0)}]", $"was cut short: {ex.Message.Trim()}"));
        }
        if (tooLarge)
        {
            Discard(file);
            return Answer(receiver.TooLarge());
        }
        return Answer(await receiver.StoreAsync(situationId, eventId, file, new EvidenceUpload
        {
            FileName = fileName,
            DeclaredType = declared,
            CapturedAt = fields.GetValueOrDefault("capturedAt"),
            CapturedWhere = fields.GetValueOrDefault("capturedWhere"),
            CapturedBy = fields.GetValueOrDefault("capturedBy"),
            Device = fields.GetValueOrDefault("device"),
            Description = fields.GetValueOrDefault("description"),
            Reason = fields.GetValueOrDefault("reason"),
        }, cancel));
    }

    private static async Task<IResult> Download(string situationId, string evidenceId, string? why, HttpContext context,
        EvidenceQueries queries, EvidenceStorage storage, ChainOfCustodyLog custody, CancellationToken cancel)
    {
        if (await queries.FindAsync(situationId, evidenceId, cancel) is not { } found)
        {
            return ApiProblems.NotFound($"There is no evidence '{evidenceId}' in situation '{situationId}'.");
        }
        var evidence = found.Evidence;
        var reason = string.IsNullOrWhiteSpace(why) ? "downloaded" : why.Trim();
        if (reason.Length > ChainOfCustodyLog.MaxTextLength)
        {
            return ApiProblems.Validation(Single("why", $"must be at most {ChainOfCustodyLog.MaxTextLength:N0} characters"));
        }
        // Read from whichever store holds it: on PostgreSQL every node reads every file.
        var content = Sha256Digest.TryParse(evidence.Sha256, out var sha256) ? await storage.OpenAsync(sha256, cancel) : null;
        if (content is null)
        {
            return TypedResults.Problem($"The file of evidence '{evidenceId}' is missing from the evidence store ({storage.Describe()}). Run 'lifeline ledger verify'.",
                statusCode: StatusCodes.Status500InternalServerError, title: "Evidence file missing");
        }
        try
        {
            await custody.Add(evidence, CustodyAction.Viewed, reason);
        }
        catch
        {
            await content.DisposeAsync();
            throw;
        }
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        // Always a download, never shown inline, whatever the browser thinks of the bytes; streamed as it is read.
        return TypedResults.File(content, evidence.MediaType, evidence.FileName);
    }

    private static async Task<Results<Created<EvidenceView>, ValidationProblem, ProblemHttpResult>> AddCustody(
        string situationId, string evidenceId, CustodyRequest request, EvidenceQueries queries, ChainOfCustodyLog custody, CancellationToken cancel)
    {
        if (await queries.FindAsync(situationId, evidenceId, cancel) is not { } found)
        {
            return ApiProblems.NotFound($"There is no evidence '{evidenceId}' in situation '{situationId}'.");
        }
        var (action, errors) = ChainOfCustodyLog.Validate(request);
        if (action is null)
        {
            return ApiProblems.Validation(errors);
        }
        await custody.Add(found.Evidence, action.Value, request.Why!, request.To);
        return TypedResults.Created($"/api/v1/situations/{situationId}/evidence/{evidenceId}", (await queries.ViewAsync(situationId, evidenceId, cancel))!);
    }

    public static IResult Answer(EvidenceOutcome outcome) => outcome switch
    {
        EvidenceOutcome.Stored stored => stored.Duplicate
            ? TypedResults.Ok(stored.Evidence)
            : TypedResults.Created($"/api/v1/situations/{stored.Evidence.SituationId}/evidence/{stored.Evidence.Id}", stored.Evidence),
        EvidenceOutcome.Invalid invalid => ApiProblems.Validation(invalid.Errors),
        EvidenceOutcome.NotFound missing => ApiProblems.NotFound(missing.What),
        EvidenceOutcome.Forbidden forbidden => ApiProblems.Forbidden(forbidden.Why),
        EvidenceOutcome.TooLarge large => Problem(StatusCodes.Status413PayloadTooLarge, "File too large", large.Why),
        EvidenceOutcome.Unsupported unsupported => Problem(StatusCodes.Status415UnsupportedMediaType, "File type not accepted", unsupported.Why),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome}"),
    };

    /// <summary>A problem naming the field at fault in <c>errors</c>, as validation problems do.</summary>
    private static IResult Problem(int status, string title, string why)
    {
        var field = why.Split(':')[0];
        return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [why[(field.Length + 1)..].Trim()] })
        {
            Status = status,
            Title = title,
            Detail = why,
        });
    }

    /// <summary>Text fields are read as UTF-8 that must be valid: invalid bytes are refused, not replaced with U+FFFD.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static void Discard(IncomingFile? file) => IncomingEvidence.Discard(file);

    private static ValidationErrors Single(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors;
    }
}
