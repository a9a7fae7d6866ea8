using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.Families;
using Lifeline.Ledger;
using Lifeline.Storage;
using Lifeline.Web;
using Lifeline.Evidence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Families;

/// <summary>
/// The families API under <c>/api/v1/situations/{id}/families</c>: everything but the counts needs the caseworker or
/// admin role, and every read of a record is audited. The counts are public and name nobody.
/// </summary>
internal static class FamilyEndpoints
{
    public static IServiceCollection AddFamilies(this IServiceCollection services, StorageOptions storage)
    {
        services.AddSingleton(_ => new FamilyVault(FamilyMasterKey.Load(storage)));
        services.AddScoped(s => new FamilyCases(s.GetRequiredService<LifelineDbContext>(), s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ICurrentUser>(),
            s.GetRequiredService<AuditLog>(), s.GetRequiredService<FamilyVault>(), s.GetRequiredService<LedgerSequencer>()));
        return services;
    }

    public static IEndpointRouteBuilder MapFamilyEndpoints(this IEndpointRouteBuilder app)
    {
        var families = app.MapGroup("/api/v1/situations/{situationId}/families").WithTags("Families");
        families.MapGet("/counts", Counts).AllowAnonymous()
            .WithSummary("Public counts: tracing requests by case status, people registered safe, reunited; a count under 5 is \"fewer than 5\"");
        var casework = families.MapGroup("").RequireAuthorization(Security.Policies.Families);
        casework.MapGet("/people", People).WithSummary("Person records (caseworker, admin; audited), filtered by status, vulnerability, side");
        casework.MapPost("/people", RecordPerson).WithSummary("Record a person, and with `safe` register them as safe with their consent (caseworker, admin)");
        casework.MapGet("/people/{**personId}", Person).WithSummary("One person record (caseworker, admin; audited)");
        casework.MapGet("/export.csv", ExportCsv)
            .WithSummary("Tracing cases as CSV, one row per person sought, filtered as the case list (status, vulnerability, side, ageFrom, ageTo); one audit line names the filter and the count (caseworker, admin)");
        casework.MapPost("/photos", AttachPhoto)
            // Authenticated by token or by a SameSite=Lax cookie, which a cross-site form never carries (as evidence uploads).
            .DisableAntiforgery()
            .WithSummary("Attach a photo to a person record (`personId`): multipart (`file`, `description`) or the image as the body; JPEG, PNG or WebP by its first bytes, at most 5 MiB; sealed with the person's key (caseworker, admin)");
        casework.MapGet("/photos", Photos).WithSummary("The photos of a person (`personId`), without their bytes (caseworker, admin; audited)");
        casework.MapGet("/photos/{photoId}", Photo).WithSummary("A photo's image, never cached (`Cache-Control: no-store`); every view audited (caseworker, admin)");
        casework.MapPost("/erasures", Erase).WithSummary("Erase a person: their key and salts are destroyed, the ledger still verifies (caseworker, admin)");
        casework.MapGet("/requests", Requests).WithSummary("Tracing requests (caseworker, admin; audited), filtered by status");
        casework.MapPost("/requests", OpenRequest).WithSummary("Open a tracing request: an enquirer and the people sought (caseworker, admin)");
        casework.MapGet("/requests/{requestId}", Case).WithSummary("A tracing request with its people and, for each person sought, ranked candidates with reasons (caseworker, admin; audited)");
        casework.MapPost("/requests/{requestId}/status", ChangeStatus).WithSummary("Move a case: possible-match, match-confirmed (with the candidate), contact-restored, reunited, closed (with a reason)");
        casework.MapPost("/requests/{requestId}/disclosures", Disclose).WithSummary("Tell the enquirer where a confirmed match is, if the consent in force allows (children: a best-interest decision)");
        return app;
    }

    private static async Task<Results<Ok<FamilyCounts>, ProblemHttpResult>> Counts(string situationId, FamilyCases cases, CancellationToken cancel) =>
        await cases.SituationExistsAsync(situationId, cancel)
            ? TypedResults.Ok(await cases.CountsAsync(situationId, cancel))
            : ApiProblems.NotFound($"There is no situation '{situationId}'.");

    private static async Task<Results<Ok<PeopleDocument>, ProblemHttpResult>> People(string situationId, string? status, string? vulnerability, string? side, FamilyCases cases, CancellationToken cancel)
    {
        if (!await cases.SituationExistsAsync(situationId, cancel))
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        var people = await cases.PeopleAsync(situationId, "list", cancel);
        var shown = people.Select(p => PersonView.Of(p))
            .Where(p => status is null || p.Status == status)
            .Where(p => vulnerability is null || (p.Vulnerabilities?.Contains(vulnerability) ?? false))
            .Where(p => side is null || p.Side == side)
            .ToList();
        return TypedResults.Ok(new PeopleDocument(situationId, shown));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportCsv(string situationId, string? status, string? vulnerability, string? side,
        string? ageFrom, string? ageTo, FamilyCases cases, CancellationToken cancel)
    {
        if (!await cases.SituationExistsAsync(situationId, cancel))
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        var (filter, errors) = CaseFilter.Parse(status, vulnerability, side, ageFrom, ageTo);
        if (filter is null)
        {
            return ApiProblems.Validation(errors);
        }
        var listed = await cases.CaseListAsync(situationId, filter, "CSV export", cancel);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(FamilyCsv.Write(listed)), "text/csv; charset=utf-8", $"{situationId}-tracing-cases.csv");
    }

    private static async Task<Results<Ok<PersonView>, ProblemHttpResult>> Person(string situationId, string personId, FamilyCases cases, CancellationToken cancel) =>
        await cases.PersonAsync(situationId, personId, cancel) is { } person
            ? TypedResults.Ok(PersonView.Of(person))
            : ApiProblems.NotFound($"There is no person '{personId}' in {situationId}.");

    private static async Task<Results<Created<StoredView>, ValidationProblem, ProblemHttpResult>> RecordPerson(string situationId, RecordPersonRequest request, FamilyCases cases, CancellationToken cancel)
    {
        if (!await cases.SituationExistsAsync(situationId, cancel))
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        return Answer(await cases.RecordPersonAsync(situationId, request, cancel), $"/api/v1/situations/{situationId}/families/people/");
    }

    private static async Task<Results<Created<StoredView>, ValidationProblem, ProblemHttpResult>> AttachPhoto(string situationId, string? personId, string? description, HttpContext context,
        FamilyCases cases, EvidenceStorage storage, CancellationToken cancel)
    {
        if (!await cases.SituationExistsAsync(situationId, cancel))
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        // The server's 1 MB request limit is lifted for this endpoint alone, to the photo limit plus the form.
        EvidenceUploadLimit.Lift(context, PhotoRules.MaxRequestBytes);
        PhotoUpload upload;
        try
        {
            if (context.Request.HasFormContentType)
            {
                var form = await context.Request.ReadFormAsync(cancel);
                var file = form.Files.GetFile("file");
                byte[] bytes = [];
                if (file is not null)
                {
                    await using var stream = file.OpenReadStream();
                    bytes = await PhotoRules.ReadAsync(stream, cancel);
                }
                personId ??= form["personId"].FirstOrDefault();
                upload = new PhotoUpload(bytes, file?.ContentType, description ?? form["description"].FirstOrDefault());
            }
            else
            {
                upload = new PhotoUpload(await PhotoRules.ReadAsync(context.Request.Body, cancel), context.Request.ContentType, description);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.Validation(Single("file", $"is larger than the limit of {PhotoRules.Limit} bytes for a photo"));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return ApiProblems.Validation(Single("body", $"could not be read as a photo or as multipart/form-data: {ex.Message.Trim()}"));
        }
        return Answer(await cases.AttachPhotoAsync(situationId, personId, upload, storage, cancel), $"/api/v1/situations/{situationId}/families/photos/");
    }

    private static async Task<Results<Ok<PhotosDocument>, ValidationProblem, ProblemHttpResult>> Photos(string situationId, string? personId, FamilyCases cases, CancellationToken cancel)
    {
        if (!await cases.SituationExistsAsync(situationId, cancel))
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        if (string.IsNullOrWhiteSpace(personId))
        {
            return ApiProblems.Validation(Single("personId", "Name the person (by id) whose photos you want."));
        }
        return await cases.PhotosOfAsync(situationId, personId.Trim(), cancel) is { } photos
            ? TypedResults.Ok(new PhotosDocument(situationId, personId.Trim(), photos))
            : ApiProblems.NotFound($"There is no person '{personId}' in {situationId}.");
    }

    private static async Task<IResult> Photo(string situationId, string photoId, HttpContext context, FamilyCases cases, EvidenceStorage storage, CancellationToken cancel)
    {
        if (await cases.PhotoAsync(situationId, photoId, storage, cancel) is not { } photo)
        {
            return ApiProblems.NotFound($"There is no photo '{photoId}' in {situationId} that can be read (a photo of an erased person cannot).");
        }
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(photo.Bytes, photo.Content.MediaType);
    }

    private static ValidationErrors Single(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors;
    }

    private static async Task<Results<Ok<StoredView>, ValidationProblem, ProblemHttpResult>> Erase(string situationId, EraseBody request, FamilyCases cases, CancellationToken cancel)
    {
        if (InputRules.Check(request) is { IsEmpty: false } declared)
        {
            return ApiProblems.Validation(declared);
        }
        return await cases.EraseAsync(situationId, request.PersonId ?? "", request.Reason, cancel) switch
        {
            FamilyOutcome.Stored stored => TypedResults.Ok(new StoredView(stored.Id, stored.Version)),
            FamilyOutcome.Invalid invalid => ApiProblems.Validation(invalid.Errors),
            var other => Problem(other),
        };
    }

    private static async Task<Results<Ok<RequestsDocument>, ProblemHttpResult>> Requests(string situationId, string? status, FamilyCases cases, CancellationToken cancel)
    {
        if (!await cases.SituationExistsAsync(situationId, cancel))
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        var requests = await cases.RequestsAsync(situationId, "list", cancel);
        return TypedResults.Ok(new RequestsDocument(situationId, requests.Select(RequestView.Of).Where(r => status is null || r.Status == status).ToList()));
    }

    private static async Task<Results<Created<StoredView>, ValidationProblem, ProblemHttpResult>> OpenRequest(string situationId, OpenTracingRequest request, FamilyCases cases, CancellationToken cancel)
    {
        if (!await cases.SituationExistsAsync(situationId, cancel))
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        return Answer(await cases.OpenRequestAsync(situationId, request, cancel), $"/api/v1/situations/{situationId}/families/requests/");
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> Case(string situationId, string requestId, FamilyCases cases, CancellationToken cancel)
    {
        if (await cases.RequestAsync(situationId, requestId, cancel) is not { } request)
        {
            return ApiProblems.NotFound($"There is no tracing request '{requestId}' in {situationId}.");
        }
        return TypedResults.Ok(await CaseView.OfAsync(situationId, request, cases, cancel));
    }

    private static async Task<Results<Ok<StoredView>, ValidationProblem, ProblemHttpResult>> ChangeStatus(string situationId, string requestId, ChangeCaseStatusRequest request, FamilyCases cases, CancellationToken cancel) =>
        await cases.ChangeStatusAsync(situationId, requestId, request, cancel) switch
        {
            FamilyOutcome.Stored stored => TypedResults.Ok(new StoredView(stored.Id, stored.Version)),
            FamilyOutcome.Invalid invalid => ApiProblems.Validation(invalid.Errors),
            var other => Problem(other),
        };

    private static async Task<Results<Ok<DisclosureView>, ValidationProblem, ProblemHttpResult>> Disclose(string situationId, string requestId, DiscloseRequest request, FamilyCases cases, CancellationToken cancel) =>
        await cases.DiscloseAsync(situationId, requestId, request, cancel) switch
        {
            FamilyOutcome.Disclosed d => TypedResults.Ok(new DisclosureView(d.Id, true, d.Decision.Reason, d.Told)),
            FamilyOutcome.Refused r => TypedResults.Problem(r.Decision.Reason, statusCode: StatusCodes.Status403Forbidden, title: "The consent in force does not allow it"),
            FamilyOutcome.Invalid invalid => ApiProblems.Validation(invalid.Errors),
            var other => Problem(other),
        };

    private static Results<Created<StoredView>, ValidationProblem, ProblemHttpResult> Answer(FamilyOutcome outcome, string at) => outcome switch
    {
        FamilyOutcome.Stored stored => TypedResults.Created(at + stored.Id, new StoredView(stored.Id, stored.Version)),
        FamilyOutcome.Invalid invalid => ApiProblems.Validation(invalid.Errors),
        var other => Problem(other),
    };

    private static ProblemHttpResult Problem(FamilyOutcome outcome) => outcome switch
    {
        FamilyOutcome.NotFound missing => ApiProblems.NotFound(missing.What),
        FamilyOutcome.Forbidden forbidden => ApiProblems.Forbidden(forbidden.Why),
        FamilyOutcome.Conflict conflict => ApiProblems.Conflict(conflict.Message),
        _ => ApiProblems.Conflict("The request could not be carried out."),
    };
}

/// <summary>The body of <c>POST .../families/erasures</c>: whom to erase and why.</summary>
public sealed record EraseBody
{
    [TextRule(FamilyIds.MaxLength)]
    public string? PersonId { get; init; }
    [TextRule(InputLimits.Reason, TextLines.Many)]
    public string? Reason { get; init; }
}

internal sealed record StoredView(string Id, int Version);

internal sealed record PhotosDocument(string Situation, string PersonId, IReadOnlyList<PhotoView> Photos);

internal sealed record DisclosureView(string Id, bool Disclosed, string Reason, string Told);

internal sealed record PeopleDocument(string Situation, IReadOnlyList<PersonView> People);

internal sealed record RequestsDocument(string Situation, IReadOnlyList<RequestView> Requests);

internal sealed record NameView(string Role, string Text, string Script);

internal sealed record ConsentView(string GivenBy, string GivenOn, string Method, string Scope, IReadOnlyList<string> NamedRelatives);

internal sealed record RegistrationView(string Whereabouts, bool BySelf, ConsentView Consent);

/// <summary>A person record as a caseworker sees it; an erased one shows its id and status only.</summary>
internal sealed record PersonView(string Id, string Status, int Version, IReadOnlyList<NameView>? Names, string? Sex, string? Birth, string? PlaceOfOrigin, string? LastKnownPlace,
    string? Side, IReadOnlyList<string>? Vulnerabilities, string? Contact, RegistrationView? Registration)
{
    public static PersonView Of(PersonEntry entry)
    {
        if (entry.Content is not { } content)
        {
            return new PersonView(entry.Row.RecordId, FamilyStatuses.Erased, entry.Row.Version, null, null, null, null, null, null, null, null, null);
        }
        var p = content.Person;
        var registration = content.Registration is { } r
            ? new RegistrationView(r.Whereabouts, r.BySelf, new ConsentView(r.Consent.GivenBy, RecordDates.Day(r.Consent.GivenOn), KebabCase.Of(r.Consent.Method), KebabCase.Of(r.Consent.Scope), r.Consent.NamedRelatives))
            : null;
        var vulnerabilities = Enum.GetValues<Vulnerability>().Where(v => v != Vulnerability.None && p.Vulnerabilities.HasFlag(v)).Select(v => KebabCase.Of(v)).ToList();
        return new PersonView(p.Id, entry.Row.Status, entry.Row.Version, p.Names.Select(n => new NameView(KebabCase.Of(n.Role), n.Text, KebabCase.Of(n.Script))).ToList(),
            KebabCase.Of(p.Sex), p.Birth.ToString(), p.PlaceOfOrigin, p.LastKnownPlace, KebabCase.Of(p.Side), vulnerabilities, p.Contact, registration);
    }
}

internal sealed record SoughtView(string PersonId, string Relation);

internal sealed record RequestView(string Id, string Status, int Version, string EnquirerId, IReadOnlyList<SoughtView> Sought, string? SeparatedOn, string? SeparatedAt,
    string? Circumstances, IReadOnlyList<string> LinkedEvents, string? CloseReason, IReadOnlyList<ConfirmedMatch> Confirmed, IReadOnlyList<string> NextStatuses)
{
    public static RequestView Of(RequestEntry entry)
    {
        var r = entry.Content.Request;
        return new RequestView(r.Id, KebabCase.Of(r.Status), entry.Row.Version, r.EnquirerId, r.Sought.Select(s => new SoughtView(s.PersonId, s.Relation)).ToList(),
            r.SeparatedOn is { } on ? RecordDates.Day(on) : null, r.SeparatedAt, r.Circumstances, r.LinkedEvents, r.ClosedBecause is { } c ? KebabCase.Of(c) : null,
            entry.Content.Confirmed, CaseTransitions.Next(r.Status).Select(s => KebabCase.Of(s)).ToList());
    }
}

internal sealed record CandidateView(string PersonId, double Score, IReadOnlyList<string> Reasons);

internal sealed record SoughtCandidates(string SoughtId, IReadOnlyList<CandidateView> Candidates);

/// <summary>A case: the request, its people, and for each person sought the candidates with their reasons.</summary>
internal sealed record CaseView(RequestView Request, IReadOnlyList<PersonView> People, IReadOnlyList<SoughtCandidates> Candidates)
{
    public static async Task<CaseView> OfAsync(string situationId, RequestEntry request, FamilyCases cases, CancellationToken cancel)
    {
        var ids = request.Content.Request.Sought.Select(s => s.PersonId).Prepend(request.Content.Request.EnquirerId).Distinct().ToList();
        var people = new List<PersonView>();
        foreach (var id in ids)
        {
            if (await cases.PersonAsync(situationId, id, cancel) is { } person)
            {
                people.Add(PersonView.Of(person));
            }
        }
        var candidates = await cases.CandidatesAsync(situationId, request, cancel);
        return new CaseView(RequestView.Of(request), people,
            candidates.Select(c => new SoughtCandidates(c.SoughtId, c.Candidates.Select(m => new CandidateView(m.CandidateId, m.Score, m.Reasons)).ToList())).ToList());
    }
}
