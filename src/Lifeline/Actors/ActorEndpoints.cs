using Lifeline.Core.Common;
using Lifeline.Events;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Actors;

internal static class ActorEndpoints
{
    public sealed record ActorView(string Id, string Name, string Kind, IReadOnlyList<string> Affiliations);

    public static IEndpointRouteBuilder MapActorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/situations/{situationId}/actors", List).WithTags("Actors").AllowAnonymous().WithSummary("The actors of a situation");
        return app;
    }

    private static async Task<Results<Ok<Paged<ActorView>>, ValidationProblem, ProblemHttpResult>> List(string situationId, string? page, string? pageSize, EventQueries queries, Situations.SituationQueries situations, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var (number, size) = Paging.Parse(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        if (await situations.FindAsync(situationId, cancel) is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        return TypedResults.Ok(Paging.Page((await queries.ActorsAsync(situationId, cancel)).Values.OrderBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => new ActorView(a.Id, a.Name, KebabCase.Of(a.Kind), a.Affiliations))
            .ToList(), number, size));
    }
}
