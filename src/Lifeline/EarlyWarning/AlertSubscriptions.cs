using System.Security.Cryptography;
using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.EarlyWarning;

/// <summary>The body of <c>POST /api/v1/alert-subscriptions</c>: where to send alerts, for which situation (all when absent), from which day on (today by default).</summary>
public sealed record SubscribeRequest
{
    [TextRule(InputLimits.Url)]
    public string? Url { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Situation { get; init; }
    [TextRule(InputLimits.Code)]
    public string? From { get; init; }
}

/// <summary>A subscription as listed; <paramref name="Secret"/> only in the answer that creates it.</summary>
public sealed record SubscriptionView(string Id, string Url, string? Situation, string SendFrom, bool Active, string CreatedAt, string CreatedBy, string? Secret);

public sealed record DeliveryView(string Situation, string Alert, int Attempt, string At, int? StatusCode, bool Delivered, string? Error, string? NextAttemptAt);

internal abstract record SubscribeOutcome
{
    public sealed record Created(SubscriptionView Subscription) : SubscribeOutcome;
    public sealed record Invalid(ValidationErrors Errors) : SubscribeOutcome;
}

/// <summary>Alert subscriptions (webhooks): made, listed and ended by analysts and admins; each with its delivery log.</summary>
internal sealed class AlertSubscriptions(LifelineDbContext db, TimeProvider clock, ICurrentUser user, AuditLog audit, WebhookOptions options)
{
    public async Task<SubscribeOutcome> Subscribe(SubscribeRequest request, CancellationToken cancel)
    {
        if (InputRules.Check(request) is { IsEmpty: false } declared)
        {
            return new SubscribeOutcome.Invalid(declared);
        }
        var errors = new ValidationErrors();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (await WebhookAddress.Problem(request.Url, options.AllowLoopback, cancel) is { } problem)
        {
            errors.Add("url", problem);
        }
        var situation = string.IsNullOrWhiteSpace(request.Situation) ? null : request.Situation.Trim();
        if (situation is not null && !await db.Situations.AnyAsync(s => s.Id == situation, cancel))
        {
            errors.Add("situation", $"there is no situation '{situation}'");
        }
        var from = EarlyWarningEndpoints.ParseDate(request.From, "from", today, errors) ?? today;
        if (!errors.IsEmpty)
        {
            return new SubscribeOutcome.Invalid(errors);
        }
        var viewer = user.Viewer;
        var now = clock.GetUtcNow();
        var row = new WebhookSubscriptionRow
        {
            SubscriptionId = $"sub-{Guid.CreateVersion7(now):N}",
            SituationId = situation,
            Url = request.Url!.Trim(),
            Secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            CreatedAt = now.UtcDateTime,
            CreatedBy = viewer.Name ?? viewer.UserId ?? "unknown",
            CreatedByUser = viewer.UserId,
            SendFrom = from,
        };
        db.Add(row);
        audit.Add("create", "alert-subscription", row.SubscriptionId, situation, row.Url);
        await db.SaveChangesAsync(cancel);
        return new SubscribeOutcome.Created(View(row, withSecret: true));
    }

    public async Task<IReadOnlyList<SubscriptionView>> ListAsync(CancellationToken cancel) =>
        (await db.Set<WebhookSubscriptionRow>().AsNoTracking().OrderByDescending(s => s.RowId).ToListAsync(cancel)).Select(s => View(s, withSecret: false)).ToList();

    public async Task<bool> End(string id, CancellationToken cancel)
    {
        var row = await db.Set<WebhookSubscriptionRow>().FirstOrDefaultAsync(s => s.SubscriptionId == id, cancel);
        if (row is null)
        {
            return false;
        }
        row.Active = false;
        audit.Add("end", "alert-subscription", id, row.SituationId);
        await db.SaveChangesAsync(cancel);
        return true;
    }

    public async Task<IReadOnlyList<DeliveryView>?> DeliveriesAsync(string id, CancellationToken cancel) =>
        !await db.Set<WebhookSubscriptionRow>().AnyAsync(s => s.SubscriptionId == id, cancel)
            ? null
            : (await db.Set<WebhookDeliveryRow>().AsNoTracking().Where(d => d.SubscriptionId == id).OrderByDescending(d => d.RowId).Take(1_000).ToListAsync(cancel))
                .Select(d => new DeliveryView(d.SituationId, d.AlertId, d.Attempt, Ledger.LedgerEntry.Instant(d.At), d.StatusCode, d.Delivered, d.Error,
                    d.NextAttemptAt is { } next ? Ledger.LedgerEntry.Instant(next) : null)).ToList();

    private static SubscriptionView View(WebhookSubscriptionRow s, bool withSecret) => new(
        s.SubscriptionId, s.Url, s.SituationId, AssessmentDocument.Day(s.SendFrom), s.Active, Ledger.LedgerEntry.Instant(s.CreatedAt), s.CreatedBy,
        withSecret ? s.Secret : null);
}

/// <summary><c>/api/v1/alert-subscriptions</c>: analysts and admins only.</summary>
internal static class AlertSubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapAlertSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/alert-subscriptions").WithTags("Early warning").RequireAuthorization(Security.Policies.Assess);
        group.MapPost("/", Subscribe)
            .WithSummary("Subscribe a webhook to alerts (http/https to a public address only); the answer carries the HMAC-SHA256 secret, once");
        group.MapGet("/", async (AlertSubscriptions s, CancellationToken cancel) => TypedResults.Ok(await s.ListAsync(cancel))).WithSummary("The alert subscriptions (without their secrets)");
        group.MapDelete("/{subscriptionId}", End).WithSummary("End a subscription (its log stays)");
        group.MapGet("/{subscriptionId}/deliveries", Deliveries).WithSummary("The delivery log of a subscription, newest first: every attempt, its answer, the next retry");
        return app;
    }

    private static async Task<Results<Created<SubscriptionView>, ValidationProblem>> Subscribe(SubscribeRequest request, AlertSubscriptions subscriptions, CancellationToken cancel) =>
        await subscriptions.Subscribe(request, cancel) switch
        {
            SubscribeOutcome.Created created => TypedResults.Created($"/api/v1/alert-subscriptions/{created.Subscription.Id}", created.Subscription),
            SubscribeOutcome.Invalid invalid => ApiProblems.Validation(invalid.Errors),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}"),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> End(string subscriptionId, AlertSubscriptions subscriptions, CancellationToken cancel) =>
        await subscriptions.End(subscriptionId, cancel) ? TypedResults.NoContent() : ApiProblems.NotFound($"There is no subscription '{subscriptionId}'.");

    private static async Task<Results<Ok<IReadOnlyList<DeliveryView>>, ProblemHttpResult>> Deliveries(string subscriptionId, AlertSubscriptions subscriptions, CancellationToken cancel) =>
        await subscriptions.DeliveriesAsync(subscriptionId, cancel) is { } log ? TypedResults.Ok(log) : ApiProblems.NotFound($"There is no subscription '{subscriptionId}'.");
}
