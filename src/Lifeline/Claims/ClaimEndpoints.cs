using Lifeline.Accounts;
using Lifeline.Core.Claims;
using Lifeline.Core.Common;
using Lifeline.Legal;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Claims;

/// <summary>
/// Claims over HTTP, under <c>/api/v1/situations/{id}/claims</c>: the list and one claim with what the record says on
/// its days (everyone, each caller what they may see: the public reviewed and published claims only), recording a claim
/// (those who record events), reviewing it (verifiers) and making it public or withdrawing it (publishers).
/// </summary>
internal static class ClaimEndpoints
{
    public static IServiceCollection AddClaims(this IServiceCollection services)
    {
        services.AddScoped<ClaimQueries>();
        services.AddScoped<ClaimWorkflow>();
        return services;
    }

    public static IEndpointRouteBuilder MapClaimEndpoints(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/api/v1/situations/{situationId}/claims").WithTags("Claims");
        claims.MapGet("/", List).AllowAnonymous()
            .WithSummary("The claims of a situation the caller may see (the public: reviewed and published ones), latest first, each with its type and standing");
        claims.MapGet("/{claimId}", Get).AllowAnonymous()
            .WithSummary("One claim: who, when, where, what, its sources, its review, and what the derived record says on the days it asserts something about");
        claims.MapPost("/", Create).RequireAuthorization(Security.Policies.Record)
            .WithSummary("Record a claim with at least one source (it starts unreviewed)");
        claims.MapPost("/{claimId}/review", Review).RequireAuthorization(Security.Policies.Review)
            .WithSummary("Review a claim (verifier): its standing against the record (contradicted, supported, mixed, not-checkable), why, and the evidence");
        claims.MapPost("/{claimId}/publication", Publish).RequireAuthorization(Security.Policies.Publish)
            .WithSummary("Make a reviewed claim public, or withdraw it (publisher)");
        return app;
    }

    private static async Task<Results<Ok<ClaimList>, ProblemHttpResult>> List(string situationId, ClaimQueries queries, CancellationToken cancel)
    {
        if (await queries.SituationAsync(situationId, cancel) is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        var claims = await queries.ListAsync(situationId, cancel);
        return TypedResults.Ok(new ClaimList(situationId, claims.Select(ClaimView.Of).ToList()));
    }

    private static async Task<Results<Ok<ClaimDetail>, ProblemHttpResult>> Get(string situationId, string claimId, ClaimQueries queries, CancellationToken cancel)
    {
        var situation = await queries.SituationAsync(situationId, cancel);
        if (situation is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        if (await queries.GetAsync(situationId, claimId, cancel) is not { } found)
        {
            return ApiProblems.NotFound($"There is no claim '{claimId}' in {situationId}.");
        }
        return TypedResults.Ok(ClaimDetail.Of(found.Claim, found.Version, await queries.CheckAsync(situation, found.Claim, cancel)));
    }

    private static async Task<Results<Created<ClaimDetail>, ValidationProblem, ProblemHttpResult>> Create(
        string situationId, ClaimDraft request, ClaimWorkflow workflow, ClaimQueries queries, CancellationToken cancel) =>
        await Answer(situationId, await workflow.Record(situationId, request, cancel), queries, cancel);

    private static async Task<Results<Created<ClaimDetail>, ValidationProblem, ProblemHttpResult>> Review(
        string situationId, string claimId, ClaimReviewDraft request, ClaimWorkflow workflow, ClaimQueries queries, CancellationToken cancel) =>
        await Answer(situationId, await workflow.Review(situationId, claimId, request, cancel), queries, cancel);

    private static async Task<Results<Created<ClaimDetail>, ValidationProblem, ProblemHttpResult>> Publish(
        string situationId, string claimId, ClaimPublicationRequest request, ClaimWorkflow workflow, ClaimQueries queries, CancellationToken cancel) =>
        await Answer(situationId, await workflow.Publish(situationId, claimId, request, cancel), queries, cancel);

    private static async Task<Results<Created<ClaimDetail>, ValidationProblem, ProblemHttpResult>> Answer(
        string situationId, ClaimOutcome outcome, ClaimQueries queries, CancellationToken cancel)
    {
        switch (outcome)
        {
            case ClaimOutcome.Stored stored:
                var situation = await queries.SituationAsync(situationId, cancel);
                var found = await queries.GetAsync(situationId, stored.Claim.Id, cancel);
                var claim = found?.Claim ?? stored.Claim;
                var check = situation is null ? null : await queries.CheckAsync(situation, claim, cancel);
                return TypedResults.Created($"/api/v1/situations/{situationId}/claims/{claim.Id}", ClaimDetail.Of(claim, found?.Version ?? 1, check));
            case ClaimOutcome.Invalid invalid:
                return ApiProblems.Validation(invalid.Errors);
            case ClaimOutcome.NotFound missing:
                return ApiProblems.NotFound(missing.What);
            case ClaimOutcome.Forbidden forbidden:
                return ApiProblems.Forbidden(forbidden.Why);
            case ClaimOutcome.Conflict conflict:
                return ApiProblems.Conflict(conflict.Message);
            default:
                throw new InvalidOperationException($"unexpected outcome {outcome}");
        }
    }
}

internal sealed record ClaimList(string Situation, IReadOnlyList<ClaimView> Claims);

/// <summary>A claim in a list: <c>standing</c> is null until it is reviewed; <c>stage</c> is intake, reviewed or published.</summary>
internal sealed record ClaimView(
    string Id, string Actor, string Made, string? Where, string Text, bool Quoted, string Type, IReadOnlyList<string> Subjects,
    IReadOnlyList<string> Sources, string? Standing, string Stage)
{
    public static ClaimView Of(Claim c) => new(c.Id, c.Actor, RecordDates.Day(c.Made), c.Where, c.Text, c.Quoted, KebabCase.Of(c.Type),
        c.Subjects.Select(s => KebabCase.Of(s)).ToList(), c.Sources, c.Verdict is { } v ? KebabCase.Of(v.Standing) : null, KebabCase.Of(c.Stage));
}

internal sealed record AssertionView(string Rule, string From, string To, string Asserts);

internal sealed record ReviewView(string Standing, string Note, IReadOnlyList<string> Events, IReadOnlyList<string> Sources, string By, string On);

/// <summary>What the derived record says on the asserted days: the standing it suggests, the counts, and each day with the events that decide it.</summary>
internal sealed record CheckView(string Suggested, int DaysSupported, int DaysContradicted, int DaysUnknown, IReadOnlyList<ComplianceDayDto> Days)
{
    public static CheckView Of(ClaimCheck check) => new(KebabCase.Of(check.Suggested), check.DaysSupported, check.DaysContradicted, check.DaysUnknown,
        check.Days.Select(d => new ComplianceDayDto(RecordDates.Day(d.Date), Words(d.State), d.DecidingEvents, d.Reason)).ToList());

    /// <summary>A day's state in a claim's words: the record supports the claim that day, contradicts it, or does not say.</summary>
    public static string Words(Core.Legal.ComplianceState state) => state switch
    {
        Core.Legal.ComplianceState.Complied => "supports",
        Core.Legal.ComplianceState.NotComplied => "contradicts",
        _ => "unknown",
    };
}

internal sealed record ClaimDetail(
    string Id, int Version, string Actor, string Made, string? Where, string Text, bool Quoted, string Type, IReadOnlyList<string> Subjects,
    IReadOnlyList<string> Sources, string? Standing, string Stage, AssertionView? Assertion, CheckView? Check, ReviewView? Review)
{
    public static ClaimDetail Of(Claim c, int version, ClaimCheck? check)
    {
        var v = ClaimView.Of(c);
        return new(c.Id, version, v.Actor, v.Made, v.Where, v.Text, v.Quoted, v.Type, v.Subjects, v.Sources, v.Standing, v.Stage,
            c.Assertion is { } a ? new AssertionView(a.Rule.ToString(), RecordDates.Day(a.From), RecordDates.Day(a.To), a.Words) : null,
            check is null ? null : CheckView.Of(check),
            c.Verdict is { } r ? new ReviewView(KebabCase.Of(r.Standing), r.Note, r.Events, r.Sources, r.By, RecordDates.Day(r.On)) : null);
    }
}
