using System.Globalization;
using System.Text;
using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.EarlyWarning;

/// <summary>
/// Early warning over HTTP: the Framework catalogue, analysts' assessments (read by any signed-in account, written
/// by analysts and admins), the risk series and matrix, and the alerts as an Atom feed of CAP 1.2 documents
/// (public, like the risk: docs/early-warning.md).
/// </summary>
internal static class EarlyWarningEndpoints
{
    public static IServiceCollection AddEarlyWarning(this IServiceCollection services, WebhookOptions webhooks, SignalSettings signals)
    {
        services.AddSingleton(EarlyWarningCatalogue.Instance);
        services.AddSingleton(signals);
        services.AddSingleton(webhooks);
        services.AddScoped<AlertSubscriptions>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(s => s.GetRequiredService<WebhookDispatcher>());
        services.AddScoped<AssessmentRecorder>();
        services.AddScoped<EarlyWarningQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapEarlyWarningEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/early-warning/framework", (EarlyWarningCatalogue c, ICurrentUser user) =>
                TypedResults.Ok(FrameworkView.From(c.Catalogue, Core.Access.EarlyWarningAccess.CanAssess(user.Viewer))))
            .WithTags("Early warning").AllowAnonymous()
            .WithSummary("The UN Framework of Analysis for Atrocity Crimes as Lifeline reads it: 14 risk factors, their indicators with citations, Stanton's stages");

        var situation = app.MapGroup("/api/v1/situations/{situationId}").WithTags("Early warning");
        situation.MapGet("/assessments", List).RequireAuthorization(Security.Policies.SignedIn)
            .WithSummary("The current assessments of a situation (optionally of one indicator), with the evidence they cite");
        situation.MapGet("/assessments/{assessmentId}", Get).RequireAuthorization(Security.Policies.SignedIn)
            .WithSummary("One assessment with every version");
        var writes = situation.MapGroup("").RequireAuthorization(Security.Policies.Assess);
        writes.MapPost("/assessments", Create).WithSummary("Assess an indicator as of a date (analyst): present, absent or unknown, with confidence and evidence");
        writes.MapPut("/assessments/{assessmentId}", Edit).WithSummary("Record a new version of an assessment (analyst), saying why; earlier versions stay");
        situation.MapGet("/risk", Risk).AllowAnonymous()
            .WithSummary("The risk series: for each day, level 1-5, score 0-100 and each factor's part; and the alerts. Computed from the events the caller may see");
        situation.MapGet("/risk/matrix", Matrix).AllowAnonymous()
            .WithSummary("The 14-factor matrix on a date: status, value, evidence count and last change of each risk factor");

        app.MapAlertSubscriptionEndpoints();
        app.MapGet("/feeds/alerts.atom", Feed).AllowAnonymous().WithTags("Early warning")
            .WithSummary("Atom feed of early-warning alerts, every situation, newest first; each entry links to its CAP 1.2 document");
        app.MapGet("/feeds/alerts/{situationId}/{alertFile}", Cap).AllowAnonymous().WithTags("Early warning")
            .WithSummary("One alert as a CAP 1.2 document (ALERT-ID.cap.xml)");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<AssessmentDocument>>, ValidationProblem, ProblemHttpResult>> List(string situationId, string? indicator, EarlyWarningQueries queries, Situations.SituationQueries situations,
        CancellationToken cancel)
    {
        if (indicator is not null && IndicatorId.TryParse(indicator) is null)
        {
            return ApiProblems.Validation(One("indicator", $"'{indicator}' is not an indicator (7.6) or a factor (14)"));
        }
        if (await situations.FindAsync(situationId, cancel) is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        return TypedResults.Ok(await queries.ListAsync(situationId, indicator is null ? null : IndicatorId.Parse(indicator).ToString(), cancel));
    }

    private static async Task<Results<Ok<AssessmentDetail>, ProblemHttpResult>> Get(string situationId, string assessmentId, EarlyWarningQueries queries, CancellationToken cancel) =>
        await queries.FindAsync(situationId, assessmentId, cancel) is { } detail
            ? TypedResults.Ok(detail)
            : ApiProblems.NotFound($"There is no assessment '{assessmentId}' in situation '{situationId}'.");

    private static async Task<Results<Created<AssessmentDetail>, ValidationProblem, ProblemHttpResult>> Create(string situationId, RecordAssessmentRequest request, AssessmentRecorder recorder, EarlyWarningQueries queries,
        CancellationToken cancel) =>
        await AnswerAsync(await recorder.Record(situationId, request), queries, cancel);

    private static async Task<Results<Created<AssessmentDetail>, ValidationProblem, ProblemHttpResult>> Edit(string situationId, string assessmentId, RecordAssessmentRequest request, AssessmentRecorder recorder, EarlyWarningQueries queries,
        CancellationToken cancel) =>
        await AnswerAsync(await recorder.Edit(situationId, assessmentId, request), queries, cancel);

    private static async Task<Results<Created<AssessmentDetail>, ValidationProblem, ProblemHttpResult>> AnswerAsync(AssessmentOutcome outcome, EarlyWarningQueries queries, CancellationToken cancel) => outcome switch
    {
        AssessmentOutcome.Stored stored => TypedResults.Created(
            $"/api/v1/situations/{stored.Version.SituationId}/assessments/{stored.Version.AssessmentId}",
            await queries.FindAsync(stored.Version.SituationId, stored.Version.AssessmentId, cancel)),
        AssessmentOutcome.Invalid invalid => ApiProblems.Validation(invalid.Errors),
        AssessmentOutcome.NotFound missing => ApiProblems.NotFound(missing.What),
        AssessmentOutcome.Conflict conflict => ApiProblems.Conflict(conflict.Message),
        AssessmentOutcome.Forbidden forbidden => ApiProblems.Forbidden(forbidden.Why),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome}"),
    };

    private static async Task<Results<Ok<RiskSeriesDocument>, ValidationProblem, ProblemHttpResult>> Risk(string situationId, string? from, string? to, EarlyWarningQueries queries, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var first = ParseDate(from, "from", queries.Today, errors);
        var last = ParseDate(to, "to", queries.Today, errors);
        if (first is { } f && last is { } l && (l < f || l.DayNumber - f.DayNumber >= EarlyWarningQueries.MaxDays))
        {
            errors.Add("to", l < f ? "is before from" : $"the range may cover at most {EarlyWarningQueries.MaxDays} days");
        }
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        var (result, start, end) = await queries.RiskAsync(situationId, first, last, cancel);
        if (result is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        if (end < start || end.DayNumber - start.DayNumber >= EarlyWarningQueries.MaxDays)
        {
            return ApiProblems.Validation(One("from", $"the range {start:yyyy-MM-dd} to {end:yyyy-MM-dd} is empty or longer than {EarlyWarningQueries.MaxDays} days"));
        }
        return TypedResults.Ok(RiskSeriesDocument.Of(result, queries.Catalogue, queries.Signals, start, end));
    }

    private static async Task<Results<Ok<MatrixDocument>, ValidationProblem, ProblemHttpResult>> Matrix(string situationId, string? date, EarlyWarningQueries queries, Situations.SituationQueries situations,
        CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var day = ParseDate(date, "date", queries.Today, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        var situation = await situations.FindAsync(situationId, cancel);
        if (situation is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        return TypedResults.Ok((await queries.MatrixAsync(situationId, day ?? situation.DefaultDate(queries.Today), cancel: cancel))!);
    }

    internal static DateOnly? ParseDate(string? text, string field, DateOnly today, ValidationErrors errors)
    {
        if (Situations.SituationEndpoints.ParseOptionalDate(text, field, today, errors) is not { } date)
        {
            return null;
        }
        if (date > today)
        {
            errors.Add(field, $"{text} is in the future (today is {today:yyyy-MM-dd}): the risk of a day is known only once it has come");
            return null;
        }
        return date;
    }

    private static async Task<IResult> Feed(Web.PublicOrigin publicOrigin, EarlyWarningQueries queries, TimeProvider clock, CancellationToken cancel)
    {
        var origin = publicOrigin.Value;
        var alerts = await queries.AllAlertsAsync(cancel);
        var entries = alerts.Select(a => new RiskAlerts.FeedEntry(a.Alert, a.Situation.Id, a.Situation.Name,
            new Uri(origin, RiskSeriesDocument.CapPath(a.Situation.Id, a.Alert.Id)),
            new Uri(origin, $"/situations/{Uri.EscapeDataString(a.Situation.Id)}/risk"))).ToList();
        var updated = alerts.Count == 0 ? clock.GetUtcNow() : new DateTimeOffset(alerts.Max(a => a.Alert.Date).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var feed = RiskAlerts.ToAtom(new Uri(origin, "/feeds/alerts.atom"), "Lifeline: atrocity early-warning alerts", updated, entries);
        return Xml(feed, "application/atom+xml; charset=utf-8");
    }

    private static async Task<IResult> Cap(string situationId, string alertFile, Web.PublicOrigin publicOrigin, EarlyWarningQueries queries, CancellationToken cancel)
    {
        const string suffix = ".cap.xml";
        if (!alertFile.EndsWith(suffix, StringComparison.Ordinal))
        {
            return ApiProblems.NotFound($"Alerts are served as ALERT-ID{suffix}.");
        }
        var id = alertFile[..^suffix.Length];
        var (result, _, _) = await queries.RiskAsync(situationId, null, null, cancel);
        var alert = result?.Alerts.FirstOrDefault(a => a.Id == id);
        if (result is null || alert is null)
        {
            return ApiProblems.NotFound($"There is no alert '{id}' in situation '{situationId}'.");
        }
        var origin = publicOrigin.Value;
        var context = new RiskAlerts.Context(result.Situation.Id, result.Situation.Name, result.Situation.Region, origin.Host,
            new Uri(origin, $"/situations/{Uri.EscapeDataString(result.Situation.Id)}/risk"));
        return Xml(RiskAlerts.ToCap(alert, context), "application/cap+xml; charset=utf-8");
    }

    private static IResult Xml(System.Xml.Linq.XDocument document, string contentType)
    {
        using var writer = new Utf8StringWriter();
        document.Save(writer);
        return Results.Text(writer.ToString(), contentType, Encoding.UTF8);
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter() : base(CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding => Encoding.UTF8;
    }

    private static ValidationErrors One(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors;
    }
}

/// <summary>
/// The catalogue as JSON. What was and was not read (<c>coverage</c>, each indicator's <c>text</c> and <c>note</c>) is
/// shown to analysts and admins only; everyone sees the meanings, the Framework's wording where read, and the citations.
/// </summary>
public sealed record FrameworkView(string? Coverage, IReadOnlyList<FrameworkView.FactorEntry> Factors, IReadOnlyList<FrameworkView.StageEntry> StantonStages, IReadOnlyList<FrameworkView.SiegeEntry> SiegeRelevant)
{
    public sealed record IndicatorEntry(string Number, string Meaning, string? Text, string Citation, string? Note, string? Wording, string? WordingCitation);

    public sealed record FactorEntry(int Number, string Group, string Title, string TitleCitation, string? Meaning, string? MeaningCitation, string IndicatorList, IReadOnlyList<IndicatorEntry> Indicators);

    public sealed record StageEntry(int Number, string Name, string Meaning, string Citation);

    public sealed record SiegeEntry(string Subject, string Why);

    internal static FrameworkView From(FrameworkCatalogue c, bool analyst) => new(
        analyst ? c.Coverage : null,
        c.Factors.Select(f => new FactorEntry(f.Number, KebabCase.Of(f.Group), f.Title, f.TitleCitation, f.Meaning, f.MeaningCitation?.AbsoluteUri, KebabCase.Of(f.IndicatorList),
            f.Indicators.Select(i => new IndicatorEntry(i.Id.ToString(), i.Meaning, analyst ? KebabCase.Of(i.Text) : null, i.Citation.AbsoluteUri,
                analyst ? i.Note : null, i.Wording, i.WordingCitation?.AbsoluteUri)).ToList())).ToList(),
        c.Stages.Select(s => new StageEntry(s.Number, s.Name, s.Meaning, s.Citation.AbsoluteUri)).ToList(),
        c.SiegeRelevant.Select(s => new SiegeEntry(s.Subject.ToString(), s.Why)).ToList());
}
