using Lifeline.Core.Common;
using Lifeline.Events;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Accounts;

/// <summary>The body of <c>POST /api/v1/tokens</c>.</summary>
public sealed record TokenRequest(
    [property: TextRule(ApiTokens.MaxNameLength)] string? Name,
    int? ExpiresInDays,
    [property: TextRule(InputLimits.Email)] string? ForEmail);

/// <summary>A line of the audit log as admins read it.</summary>
/// <param name="Entry">The line's place in the audit chain (1, 2, …); null for lines written before the log was chained.</param>
public sealed record AuditView(long Id, DateTimeOffset At, string User, string Action, string RecordType, string RecordId, string? SituationId, string? Address, string? Detail, long? Entry);

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/v1/tokens").WithTags("Accounts").RequireAuthorization(Security.Policies.SignedIn);
        tokens.MapGet("/", ListTokens).WithSummary("Your API tokens (an admin may ask for all with ?all=true); secrets are never shown again");
        var lifetimes = app.ServiceProvider.GetRequiredService<TokenLifetimes>();
        tokens.MapPost("/", CreateToken).WithSummary("Make an API token; the response is the only time its secret is shown")
            .WithDescription($"Body: {{\"name\": \"…\", \"expiresInDays\": 1 to {lifetimes.MaxDays} (default {lifetimes.DefaultDays}), \"forEmail\": \"…\" (admins only, for an account whose owner has already chosen their own password)}}. The answer carries expiresAt.");
        tokens.MapDelete("/{tokenId}", RevokeToken).WithSummary("Revoke an API token (its owner or an admin)");

        app.MapGet("/api/v1/audit", ListAudit).WithTags("Accounts").RequireAuthorization(Security.Policies.Admin)
            .WithSummary("The audit log, newest first (admins)");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<TokenView>>> ListTokens(bool? all, ApiTokens tokens, ICurrentUser user, CancellationToken cancel) =>
        TypedResults.Ok(await tokens.ListAsync(user.Viewer, all == true, cancel));

    private static async Task<Results<Created<NewToken>, ValidationProblem>> CreateToken(TokenRequest request, ApiTokens tokens, ICurrentUser user)
    {
        var outcome = await tokens.Create(user.Viewer, request.Name, request.ExpiresInDays, request.ForEmail);
        return outcome.Token is { } token
            ? TypedResults.Created($"/api/v1/tokens/{token.Id}", token)
            : ApiProblems.Validation(outcome.Errors);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeToken(string tokenId, ApiTokens tokens, ICurrentUser user) =>
        await tokens.Revoke(user.Viewer, tokenId) ? TypedResults.NoContent() : ApiProblems.NotFound($"There is no token '{tokenId}' of yours.");

    private static async Task<Results<Ok<Paged<AuditView>>, ValidationProblem>> ListAudit(string? page, string? pageSize, LifelineDbContext db, AuditLog audit, CancellationToken cancel)
    {
        var errors = new Core.Common.ValidationErrors();
        var (number, size) = Paging.Parse(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        // Reading the audit log is itself recorded.
        await audit.ReadAsync("audit-log", $"page {number}", null, null, cancel);
        return TypedResults.Ok(await PageAsync(db, number, size, cancel));
    }

    public static async Task<Paged<AuditView>> PageAsync(LifelineDbContext db, int page, int size, CancellationToken cancel)
    {
        var total = await db.Audit.CountAsync(cancel);
        var items = (await db.Audit.AsNoTracking().OrderByDescending(a => a.RowId).PageOf(page, size).ToListAsync(cancel))
            .Select(a => new AuditView(a.RowId, new DateTimeOffset(DateTime.SpecifyKind(a.At, DateTimeKind.Utc)), a.UserName, a.Action, a.RecordType, a.RecordId, a.SituationId, a.Address, a.Detail, a.Seq))
            .ToList();
        return new Paged<AuditView>(items, total, page, size);
    }
}
