using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Events;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Sources;

internal static class SourceEndpoints
{
    public static IServiceCollection AddSources(this IServiceCollection services) => services.AddScoped<SourceGrading>();

    public static IEndpointRouteBuilder MapSourceEndpoints(this IEndpointRouteBuilder app)
    {
        var sources = app.MapGroup("/api/v1/situations/{situationId}/sources").WithTags("Sources").RequireAuthorization(Security.Policies.SignedIn);
        sources.MapGet("/", List).WithSummary("The sources cited in a situation, with their Admiralty grades (protected identities only for those who check sources); ?q= finds sources by id, publisher or address");
        sources.MapPut("/{sourceId}/grade", Grade).RequireAuthorization(Security.Policies.Review)
            .WithSummary("Grade a source (verifier): a new version of its grading, the earlier ones kept");
        return app;
    }

    private static async Task<Results<Ok<Paged<SourceView>>, ValidationProblem, ProblemHttpResult>> List(
        string situationId, string? page, string? pageSize, string? q, LifelineDbContext db, Situations.SituationQueries situations, ICurrentUser user, AuditLog audit, CancellationToken cancel)
    {
        var errors = new Core.Common.ValidationErrors();
        var (number, size) = Paging.Parse(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        if (await situations.FindAsync(situationId, cancel) is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        var showProtected = EventAccess.SeesProtectedSources(user.Viewer);
        var query = db.Sources.AsNoTracking().Where(s => s.SituationId == situationId);
        if (!string.IsNullOrWhiteSpace(q))
        {
            // By id, and by publisher or address only where the caller may see them: a protected source's
            // publisher is never found by someone who may not read it.
            var words = q.Trim().ToLowerInvariant();
            if (words.Length > 200)
            {
                errors.Add("q", "at most 200 characters");
                return ApiProblems.Validation(errors);
            }
            // Translated to SQL (lower() and a substring test on both engines), where culture and comparison overloads do not apply.
#pragma warning disable CA1304, CA1311, CA1862
            query = query.Where(s => s.Id.ToLower().Contains(words)
                || ((showProtected || !s.ProtectIdentity) && (s.Publisher.ToLower().Contains(words) || s.Url.ToLower().Contains(words))));
#pragma warning restore CA1304, CA1311, CA1862
        }
        var total = await query.CountAsync(cancel);
        var rows = await query.OrderBy(s => s.Id).PageOf(number, size).ToListAsync(cancel);
        if (showProtected && rows.Any(r => r.ProtectIdentity))
        {
            await audit.ReadAsync("sources", situationId, situationId, $"protected source identities shown (page {number})", cancel);
        }
        return TypedResults.Ok(new Paged<SourceView>(rows.Select(s => SourceView.From(s.ToDomain(), showProtected)).ToList(), total, number, size));
    }

    private static async Task<Results<Ok<SourceView>, ValidationProblem, ProblemHttpResult>> Grade(
        string situationId, string sourceId, GradeRequest request, SourceGrading grading) =>
        await grading.Grade(situationId, sourceId, request) switch
        {
            RecordOutcome.Graded graded => TypedResults.Ok(SourceView.From(graded.Source, showProtected: true)),
            RecordOutcome.Invalid invalid => ApiProblems.Validation(invalid.Errors),
            RecordOutcome.Forbidden forbidden => ApiProblems.Forbidden(forbidden.Why),
            RecordOutcome.Conflict conflict => ApiProblems.Conflict(conflict.Message),
            RecordOutcome.NotFound missing => ApiProblems.NotFound(missing.What),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}"),
        };
}
