using Lifeline.Events;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Sources;

internal static class SourceEndpoints
{
    public static IEndpointRouteBuilder MapSourceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/situations/{situationId}/sources", List).WithTags("Sources").WithSummary("The sources cited in a situation, with their Admiralty grades");
        return app;
    }

    private static Results<Ok<IReadOnlyList<SourceView>>, ProblemHttpResult> List(string situationId, LifelineDbContext db, Situations.SituationQueries situations)
    {
        if (situations.Find(situationId) is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        return TypedResults.Ok<IReadOnlyList<SourceView>>(db.Sources.AsNoTracking().Where(s => s.SituationId == situationId)
            .OrderBy(s => s.Id).AsEnumerable().Select(s => SourceView.From(s.ToDomain())).ToList());
    }
}
