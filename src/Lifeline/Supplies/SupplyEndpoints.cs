using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.Supplies;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lifeline.Supplies;

/// <summary>
/// The supplies part: needs, stocks, deliveries, the runway forecast, prices, utilities, evacuations and
/// food-security signals. Supply figures are internal (stock levels help a besieger): every situation endpoint
/// needs an account that may read them (<see cref="ReadPolicy"/>); observations are recorded by those who record
/// events. The commodity catalogue and its standard rates are public knowledge, open to all.
/// </summary>
internal static class SupplyEndpoints
{
    /// <summary>Admins, analysts, reporters, verifiers, publishers and viewers; not caseworkers, who work with families.</summary>
    public const string ReadPolicy = "supplies";

    /// <summary>Whether <paramref name="viewer"/> may read supply figures: the roles of <see cref="ReadPolicy"/>, never anonymous.</summary>
    public static bool CanRead(Core.Access.Viewer viewer) =>
        !viewer.IsAnonymous && viewer.HasAny(Role.Admin, Role.Analyst, Role.Reporter, Role.Verifier, Role.Publisher, Role.Viewer);

    public static IServiceCollection AddSupplies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(ReadPolicy, p => p.RequireRole(
            Security.RoleName(Role.Admin), Security.RoleName(Role.Analyst), Security.RoleName(Role.Reporter),
            Security.RoleName(Role.Verifier), Security.RoleName(Role.Publisher), Security.RoleName(Role.Viewer)));
        services.AddScoped<SupplyQueries>();
        services.AddScoped<ObservationRecorder>();
        // The airlift assumption flies the situation's built-in airlift scenario, planned once.
        services.TryAddSingleton<IPlannedAirlift, BuiltInAirliftPlans>();
        return services;
    }

    public static IEndpointRouteBuilder MapSupplyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/supplies/commodities", Commodities).WithTags("Supplies").AllowAnonymous()
            .WithSummary("The commodities Lifeline plans in, each with its unit and, where a standard gives one, its per-person rate and source");

        var supplies = app.MapGroup("/api/v1/situations/{situationId}/supplies").WithTags("Supplies").RequireAuthorization(ReadPolicy);
        supplies.MapGet("/needs", Needs).WithSummary("Daily needs per commodity on a day: standards × population, with the overrides in force (?date=, ?meanTemperature=, ?moderateActivity=)");
        supplies.MapGet("/forecast", Forecast)
            .WithSummary("Days of supply per commodity (P10/P50/P90) under an inflow assumption (?date=, ?inflow=blocked|icrc-only|reopened|airlift, ?runs=, ?seed=, ?alertDays=)");
        supplies.MapGet("/deliveries", Deliveries).WithSummary("Tonnes delivered day by day against the pre-blockade baseline and the need (?date= ends the series)");
        supplies.MapGet("/prices", Prices).WithSummary("Prices per market and item: WFP ALPS where the series allows, else why not and the change from the baseline");
        supplies.MapGet("/utilities", Utilities).WithSummary("Outages per utility, derived from the utility events as the calendar derives them: periods, hours cut and rationed (never more than the hours in the period), the services hit, and the sequence anomalies of the record, to a day");
        supplies.MapGet("/evacuations", Evacuations).WithSummary("Medical evacuations: every count to a day, the latest running total and waiting list");
        supplies.MapGet("/food-security", FoodSecurityReading).WithSummary("The latest survey against the IPC Famine test and Sphere's mortality alarms");
        supplies.MapGet("/observations", List).WithSummary("The observations of a situation, current versions, oldest first (?kind=, ?commodity=, paged)");
        supplies.MapGet("/observations/{observationId}", Get).WithSummary("One observation with every version and its sources");
        var writes = supplies.MapGroup("");
        writes.MapPost("/observations", Create).RequireAuthorization(Security.Policies.Record)
            .WithSummary("Record an observation: a stock count, delivery, ration, price, outage, evacuation count, survey or rate override");
        writes.MapPut("/observations/{observationId}", Edit).RequireAuthorization(Security.Policies.Record)
            .WithSummary("Record a new version of an observation (the earlier versions stay); 'reason' says why");
        return app;
    }

    private static Ok<IReadOnlyList<CommodityView>> Commodities() =>
        TypedResults.Ok<IReadOnlyList<CommodityView>>(SupplyStandards.Commodities.Select(SupplyViews.Commodity).ToList());

    private static async Task<Results<Ok<NeedsView>, ValidationProblem, ProblemHttpResult>> Needs(
        string situationId, string? date, string? meanTemperature, string? moderateActivity, SupplyQueries queries, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var request = ForecastRequest.Parse(date, null, null, null, null, meanTemperature, moderateActivity, queries.Today, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        if (await queries.LoadAsync(situationId, request.Conditions, cancel) is not { } record)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        return TypedResults.Ok(NeedsOf(record, request.Date ?? record.DefaultDate(queries.Today)));
    }

    public static NeedsView NeedsOf(SupplyRecord record, DateOnly date) => new(
        record.Situation.Id, date, NeedsModel.Kilocalories(record.Setting.Conditions),
        record.Setting.Population.Counts.ToDictionary(c => KebabCase.Of(c.Key), c => c.Value, StringComparer.Ordinal),
        SupplyPicture.Needs(record.Setting, record.Observations, date).Select(SupplyViews.Need).ToList());

    private static async Task<Results<Ok<ForecastView>, ValidationProblem, ProblemHttpResult>> Forecast(
        string situationId, string? date, string? inflow, string? runs, string? seed, string? alertDays, string? meanTemperature, string? moderateActivity,
        SupplyQueries queries, AuditLog audit, HttpContext context, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var request = ForecastRequest.Parse(date, inflow, runs, seed, alertDays, meanTemperature, moderateActivity, queries.Today, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        if (await queries.LoadAsync(situationId, cancel: cancel) is not { } record)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        FlagSetAside(record, context);
        var report = queries.Forecast(record, request, errors);
        if (report is null)
        {
            return ApiProblems.Validation(errors);
        }
        await audit.ReadAsync("supplies", "forecast", situationId, $"stock levels on {SupplyViews.Day(report.Date)}", cancel);
        return TypedResults.Ok(SupplyViews.Forecast(report, SupplyQueries.Gap(record, report.Date), situationId));
    }

    private static Task<Results<Ok<DeliveriesView>, ValidationProblem, ProblemHttpResult>> Deliveries(string situationId, string? date, SupplyQueries queries, HttpContext context) =>
        WithRecord(situationId, date, queries, context, (record, day) => Task.FromResult(SupplyViews.Deliveries(DeliveryRecord.Of(record.Setting, record.Observations, day), situationId)));

    private static Task<Results<Ok<PricesView>, ValidationProblem, ProblemHttpResult>> Prices(string situationId, string? date, SupplyQueries queries, HttpContext context) =>
        WithRecord(situationId, date, queries, context, (record, day) => Task.FromResult(new PricesView(situationId, day, PriceBoard.Of(record.Observations, day).Select(SupplyViews.Price).ToList())));

    private static Task<Results<Ok<UtilitiesView>, ValidationProblem, ProblemHttpResult>> Utilities(string situationId, string? date, SupplyQueries queries, HttpContext context) =>
        WithRecord(situationId, date, queries, context, async (record, day) => SupplyViews.Utilities(await queries.UtilitiesAsync(record, day, context.RequestAborted), situationId, day));

    private static Task<Results<Ok<EvacuationsView>, ValidationProblem, ProblemHttpResult>> Evacuations(string situationId, string? date, SupplyQueries queries, HttpContext context) =>
        WithRecord(situationId, date, queries, context, (record, day) => Task.FromResult(SupplyViews.Evacuations(EvacuationRecord.Of(record.Observations, day), situationId, day)));

    private static Task<Results<Ok<FoodSecurityView>, ValidationProblem, ProblemHttpResult>> FoodSecurityReading(string situationId, string? date, SupplyQueries queries, HttpContext context) =>
        WithRecord(situationId, date, queries, context, (record, day) => Task.FromResult(SupplyViews.FoodSecurity(FoodSecuritySignal.Of(record.Observations, day), situationId, day)));

    private static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> WithRecord<T>(
        string situationId, string? date, SupplyQueries queries, HttpContext context, Func<SupplyRecord, DateOnly, Task<T>> answer)
    {
        var errors = new ValidationErrors();
        var day = ForecastRequest.ParseDate(date, "date", queries.Today, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        if (await queries.LoadAsync(situationId, cancel: context.RequestAborted) is not { } record)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        FlagSetAside(record, context);
        return TypedResults.Ok(await answer(record, day ?? record.DefaultDate(queries.Today)));
    }

    /// <summary>The observations a figure leaves out because they cannot be computed with, named in a header of the answer.</summary>
    private static void FlagSetAside(SupplyRecord record, HttpContext context)
    {
        if (record.SetAside.Count > 0)
        {
            context.Response.Headers["Lifeline-Set-Aside"] = string.Join("; ", record.SetAside.Select(s => Uri.EscapeDataString(s)));
        }
    }

    private static async Task<Results<Ok<Events.Paged<ObservationView>>, ValidationProblem, ProblemHttpResult>> List(
        string situationId, string? kind, string? commodity, string? page, string? pageSize, SupplyQueries queries, AuditLog audit, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var (number, size) = Paging.Parse(page, pageSize, errors);
        ObservationKind? wanted = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            wanted = KebabCase.Parse<ObservationKind>(kind);
            if (wanted is null)
            {
                errors.Add("kind", $"'{kind}' is not a kind of observation: use {KebabCase.Choices<ObservationKind>()}");
            }
        }
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        if (await queries.LoadAsync(situationId, cancel: cancel) is not { } record)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        var matching = record.Observations
            .Where(o => (wanted is null || o.Content.Kind == wanted) && (commodity is null || o.Content.Commodity?.Id == commodity))
            .Select(o => SupplyViews.Observation(o)).ToList();
        await audit.ReadAsync("supplies", "observations", situationId, $"page {number}", cancel);
        return TypedResults.Ok(Paging.Page<ObservationView>(matching, number, size));
    }

    private static async Task<Results<Ok<ObservationDetail>, ProblemHttpResult>> Get(string situationId, string observationId, SupplyQueries queries, AuditLog audit, CancellationToken cancel)
    {
        if (await queries.VersionsAsync(situationId, observationId, cancel) is not { } versions)
        {
            return ApiProblems.NotFound($"There is no supply observation '{observationId}' in situation '{situationId}'.");
        }
        await audit.ReadAsync("supply-observation", observationId, situationId, null, cancel);
        return TypedResults.Ok(await DetailAsync(situationId, versions, queries, cancel));
    }

    public static async Task<ObservationDetail> DetailAsync(string situationId, IReadOnlyList<(ObservationVersion Version, long? Leaf)> versions, SupplyQueries queries, CancellationToken cancel)
    {
        var views = versions.Select(v => SupplyViews.Observation(v.Version, v.Leaf)).ToList();
        var sources = await queries.SourcesAsync(situationId, versions[^1].Version.Content.Sources, cancel);
        return new ObservationDetail(views[^1], views, versions[^1].Version.Content.Sources.Where(sources.ContainsKey).Select(id => sources[id]).ToList());
    }

    private static async Task<Results<Created<ObservationDetail>, ValidationProblem, ProblemHttpResult>> Create(
        string situationId, RecordObservationRequest request, ObservationRecorder recorder, SupplyQueries queries, CancellationToken cancel) =>
        await AnswerAsync(await recorder.Record(situationId, request), queries, cancel);

    private static async Task<Results<Created<ObservationDetail>, ValidationProblem, ProblemHttpResult>> Edit(
        string situationId, string observationId, RecordObservationRequest request, ObservationRecorder recorder, SupplyQueries queries, CancellationToken cancel) =>
        await AnswerAsync(await recorder.Edit(situationId, observationId, request), queries, cancel);

    private static async Task<Results<Created<ObservationDetail>, ValidationProblem, ProblemHttpResult>> AnswerAsync(ObservationOutcome outcome, SupplyQueries queries, CancellationToken cancel) => outcome switch
    {
        ObservationOutcome.Stored stored => TypedResults.Created(
            $"/api/v1/situations/{stored.Version.SituationId}/supplies/observations/{stored.Version.Id}",
            await DetailAsync(stored.Version.SituationId, (await queries.VersionsAsync(stored.Version.SituationId, stored.Version.Id, cancel))!, queries, cancel)),
        ObservationOutcome.Invalid invalid => ApiProblems.Validation(invalid.Errors),
        ObservationOutcome.NotFound missing => ApiProblems.NotFound(missing.What),
        ObservationOutcome.Conflict conflict => ApiProblems.Conflict(conflict.Message),
        ObservationOutcome.Forbidden forbidden => ApiProblems.Forbidden(forbidden.Why),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome}"),
    };
}
