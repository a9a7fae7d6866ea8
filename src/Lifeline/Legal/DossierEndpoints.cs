using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Evidence;
using Lifeline.Events;
using Lifeline.Reports;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Legal;

/// <summary>The body of <c>POST /api/v1/situations/{id}/legal/dossiers</c>: the choices of a dossier, and why it is made (kept in each evidence file's custody log).</summary>
public sealed record MakeDossierRequest
{
    [TextRule(InputLimits.Id)]
    public string? Obligation { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Proceeding { get; init; }
    [TextRule(InputLimits.Code)]
    public string? From { get; init; }
    [TextRule(InputLimits.Code)]
    public string? To { get; init; }
    [TextRule(InputLimits.Id)]
    public IReadOnlyList<string>? Add { get; init; }
    [TextRule(InputLimits.Id)]
    public IReadOnlyList<string>? Remove { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Why { get; init; }
}

/// <summary>
/// Dossiers over HTTP, for those who may make them (<see cref="Security.Policies.Dossier"/>: admins and analysts, as
/// early-warning assessments): <c>POST /api/v1/situations/{id}/legal/dossiers</c> answers the zip bundle;
/// <c>/situations/{id}/legal/dossier.html</c> and <c>.pdf</c> the dossier to read, from the same query the builder
/// page sends.
/// </summary>
internal static class DossierEndpoints
{
    public static IServiceCollection AddDossiers(this IServiceCollection services)
    {
        services.AddScoped<EvidenceBundler>();
        return services;
    }

    public static IEndpointRouteBuilder MapDossierEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/situations/{situationId}/legal/dossiers", Bundle).WithTags("Legal").RequireAuthorization(Security.Policies.Dossier)
            .WithSummary("A dossier for a court as a zip bundle (lifeline-dossier/1) that 'lifeline evidence verify-bundle' checks offline: body {obligation, proceeding?, from?, to?, add[]?, remove[]?, why?}")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/situations/{situationId}/legal/dossier.html", Html).WithTags("Legal").RequireAuthorization(Security.Policies.Dossier)
            .WithSummary("The dossier as one HTML document (?obligation=ID&proceeding=&from=&to=&add=&remove=), every statement footnoted to its sources");
        app.MapGet("/situations/{situationId}/legal/dossier.pdf", Pdf).WithTags("Legal").RequireAuthorization(Security.Policies.Dossier)
            .WithSummary("The same dossier as an A4 PDF with its fonts embedded");
        return app;
    }

    private static async Task<IResult> Bundle(
        string situationId, [FromBody] MakeDossierRequest? input, HttpContext context, ICurrentUser user, CancellationToken cancel)
    {
        var services = context.RequestServices;
        var errors = new ValidationErrors();
        if (input is null)
        {
            errors.Add("obligation", "is required: send {obligation, proceeding?, from?, to?, add[]?, remove[]?, why?} as JSON");
            return ApiProblems.Validation(errors);
        }
        if (InputRules.Check(input) is { IsEmpty: false } declared)
        {
            return ApiProblems.Validation(declared);
        }
        var (dossier, problem) = await BuildAsync(situationId, input.Obligation, input.Proceeding, input.From, input.To, input.Add, input.Remove, services, errors, cancel);
        if (dossier is null)
        {
            return problem!;
        }
        var fonts = ReportFonts.Folder(services.GetRequiredService<IConfiguration>()["Reports:FontFolder"]);
        var by = user.Viewer.Name ?? user.Viewer.UserId ?? "unknown";
        var output = DossierBundle.TemporaryFile();
        var (manifest, failed) = await DossierBundle.WriteAsync(dossier, services.GetRequiredService<LifelineDbContext>(), services.GetRequiredService<EvidenceBundler>(),
            services.GetRequiredService<PublicOrigin>().Value, by, string.IsNullOrWhiteSpace(input.Why) ? "exported in a dossier" : input.Why.Trim(),
            services.GetRequiredService<TimeProvider>(), fonts, output, cancel);
        if (manifest is null)
        {
            await output.DisposeAsync();
            return TypedResults.Problem(title: "The dossier cannot be made on this server", detail: failed, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        output.Position = 0;
        return TypedResults.File(output, "application/zip", dossier.FileName + ".zip");
    }

    private static async Task<IResult> Html(string situationId, string? obligation, string? proceeding, string? from, string? to, string[]? add, string[]? remove,
        HttpContext context, CancellationToken cancel)
    {
        var (dossier, problem) = await BuildAsync(situationId, obligation, proceeding, from, to, add, remove, context.RequestServices, new ValidationErrors(), cancel);
        if (dossier is null)
        {
            return problem!;
        }
        return Results.Content(ReportHtml.Render(await ReportAsync(dossier, context, cancel)), "text/html; charset=utf-8");
    }

    private static async Task<IResult> Pdf(string situationId, string? obligation, string? proceeding, string? from, string? to, string[]? add, string[]? remove,
        HttpContext context, IConfiguration configuration, CancellationToken cancel)
    {
        var folder = ReportFonts.Folder(configuration["Reports:FontFolder"]);
        if (ReportFonts.Problem(folder) is { } missing)
        {
            return Results.Problem(title: "The PDF cannot be made on this server", detail: missing, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var (dossier, problem) = await BuildAsync(situationId, obligation, proceeding, from, to, add, remove, context.RequestServices, new ValidationErrors(), cancel);
        if (dossier is null)
        {
            return problem!;
        }
        var report = await ReportAsync(dossier, context, cancel);
        ReportFonts.Install(folder);
        var output = new MemoryStream();
        ReportPdf.Write(report, output);
        output.Position = 0;
        return Results.File(output, "application/pdf", dossier.FileName + ".pdf");
    }

    /// <summary>The dossier laid out for reading, against the latest signed checkpoint, its links on the public origin.</summary>
    public static async Task<SituationReport> ReportAsync(Dossier dossier, HttpContext context, CancellationToken cancel)
    {
        var services = context.RequestServices;
        var latest = await services.GetRequiredService<Ledger.Checkpoints>().LatestAsync(cancel);
        var checkpoint = latest is null ? null
            : new ReportCheckpoint((long)latest.Checkpoint.Size, Convert.ToHexStringLower(latest.Checkpoint.Root.ToArray()), latest.SignedAt.UtcDateTime);
        var origin = services.GetRequiredService<PublicOrigin>().Value;
        var query = context.Request.QueryString.Value ?? "";
        var self = new Uri(origin, $"situations/{dossier.Situation.Id}/legal/dossier.html{query}").ToString();
        var pdf = new Uri(origin, $"situations/{dossier.Situation.Id}/legal/dossier.pdf{query}").ToString();
        return DossierReport.Of(dossier, services.GetRequiredService<TimeProvider>().GetUtcNow(), checkpoint, origin,
            Core.Access.EventAccess.SeesProtectedSources(services.GetRequiredService<ICurrentUser>().Viewer), self, pdf);
    }

    /// <summary>The dossier from the caller's choices and the events the caller may see, or the problem answer naming what is wrong.</summary>
    public static async Task<(Dossier? Dossier, IResult? Problem)> BuildAsync(
        string situationId, string? obligation, string? proceeding, string? from, string? to, IEnumerable<string>? add, IEnumerable<string>? remove,
        IServiceProvider services, ValidationErrors errors, CancellationToken cancel)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var request = DossierRequest.Parse(situationId, obligation, proceeding, from, to, add, remove, today, errors);
        if (request is null || !errors.IsEmpty)
        {
            return (null, ApiProblems.Validation(errors));
        }
        var events = services.GetRequiredService<EventQueries>();
        var (dossier, wrong) = await DossierBuilder.BuildAsync(services.GetRequiredService<LifelineDbContext>(), events.Visible(situationId), request, today, "", cancel);
        if (dossier is null)
        {
            return (null, wrong.IsEmpty ? ApiProblems.NotFound($"There is no situation '{situationId}'.") : ApiProblems.Validation(wrong));
        }
        return (dossier, null);
    }
}
