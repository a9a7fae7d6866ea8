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

    private static Results<Ok<Paged<SourceView>>, ValidationProblem, ProblemHttpResult> List(string situationId, string? page, string? pageSize, LifelineDbContext db, Situations.SituationQueries situations)
    {
        var errors = new Core.Common.ValidationErrors();
        var (number, size) = Paging.Parse(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        if (situations.Find(situationId) is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        var query = db.Sources.AsNoTracking().Where(s => s.SituationId == situationId);
        var total = query.Count();
        var items = query.OrderBy(s => s.Id).Skip(checked((number - 1) * size)).Take(size).AsEnumerable()
            .Select(s => SourceView.From(s.ToDomain())).ToList();
        return TypedResults.Ok(new Paged<SourceView>(items, total, number, size));
    }
}
