using Lifeline.Accounts;
using Lifeline.Core.Airlift;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Airlift;

/// <summary>
/// The airlift planner over HTTP. Plans may be sensitive and computing one is CPU-heavy: every endpoint needs a
/// signed-in account, and asking for a plan counts against the writes rate limit.
/// </summary>
internal static class AirliftEndpoints
{
    public static IServiceCollection AddAirlift(this IServiceCollection services)
    {
        services.AddSingleton<AirliftPlanning>();
        services.AddScoped<IAirliftDemandSource, SituationFiguresDemand>();
        return services;
    }

    public static IEndpointRouteBuilder MapAirliftEndpoints(this IEndpointRouteBuilder app)
    {
        var airlift = app.MapGroup("/api/v1/airlift").WithTags("Airlift").RequireAuthorization(Security.Policies.SignedIn);
        airlift.MapPost("/plans", Plan)
            .Accepts<ScenarioDraft>("application/json")
            .WithSummary("Plan an airlift for a scenario (docs/airlift.md): sorties, deliveries, shortfall, cost, what binds; nothing is stored");
        airlift.MapGet("/scenarios", (Func<IReadOnlyList<string>>)AirliftScenarios.Names).WithSummary("The built-in airlift scenarios");
        airlift.MapGet("/scenarios/{name}", Scenario).WithSummary("A built-in airlift scenario, ready to change and post to /api/v1/airlift/plans");
        return app;
    }

    private static async Task<Results<Ok<PlanDocument>, ValidationProblem, ProblemHttpResult>> Plan(HttpRequest request, AirliftPlanning planning, CancellationToken cancel)
    {
        var (draft, errors) = await AirliftJson.ReadScenario(request.Body, cancel);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        return await planning.Plan(draft, cancel) switch
        {
            PlanOutcome.Planned planned => TypedResults.Ok(PlanDocument.From(planned.Plan)),
            PlanOutcome.Invalid invalid => ApiProblems.Validation(invalid.Errors),
            PlanOutcome.Busy => TypedResults.Problem("Every planner is busy; try again in a minute.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy"),
            _ => throw new InvalidOperationException("Unexpected planning outcome"),
        };
    }

    private static Results<Ok<ScenarioDraft>, ProblemHttpResult> Scenario(string name) =>
        AirliftScenarios.Load(name) is { } draft
            ? TypedResults.Ok(draft)
            : ApiProblems.NotFound($"There is no built-in airlift scenario '{name}'. The scenarios are: {string.Join(", ", AirliftScenarios.Names())}.");
}
