using Lifeline.Core.Common;
using Lifeline.Events;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Places;

internal static class PlaceEndpoints
{
    public sealed record PlaceView(string Id, string Kind, IReadOnlyDictionary<string, string> Names, double? Latitude, double? Longitude, string? CoordinatesSource);

    public static IEndpointRouteBuilder MapPlaceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/situations/{situationId}/places", List).WithTags("Places").AllowAnonymous().WithSummary("The gazetteer of a situation, names in several scripts");
        return app;
    }

    private static async Task<Results<Ok<Paged<PlaceView>>, ValidationProblem, ProblemHttpResult>> List(string situationId, string? page, string? pageSize, EventQueries queries, Situations.SituationQueries situations, CancellationToken cancel)
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
        return TypedResults.Ok(Paging.Page((await queries.PlacesAsync(situationId, cancel)).Values.OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new PlaceView(p.Id, KebabCase.Of(p.Kind), p.Names, p.Coordinates?.Latitude, p.Coordinates?.Longitude, p.CoordinatesSource))
            .ToList(), number, size));
    }
}
