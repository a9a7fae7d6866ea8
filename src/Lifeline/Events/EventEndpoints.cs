using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Events;

internal static class EventEndpoints
{
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddScoped<EventQueries>();
        services.AddScoped<EventRecorder>();
        services.AddScoped<EventWorkflow>();
        return services;
    }

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/event-types", ListTypes).WithTags("Events").AllowAnonymous()
            .WithSummary("The event types and the ACLED type each maps to");

        var events = app.MapGroup("/api/v1/situations/{situationId}/events").WithTags("Events");
        // Reads are open to everyone, and show each caller only what they may see (published events to anonymous callers).
        events.MapGet("/", Search).AllowAnonymous().WithDataVersionTag()
            .WithSummary("Events of a situation the caller may see, newest first, filtered and paged (by page number, or by the after/before cursors at any depth)");
        events.MapGet("/{eventId}", Get).AllowAnonymous().WithSummary("One event with its sources, and for signed-in callers its versions and reviews");
        var writes = events.MapGroup("");
        writes.MapPost("/", Create).RequireAuthorization(Security.Policies.Record).WithSummary("Record an event (it starts at intake)");
        writes.MapPut("/{eventId}", Edit).RequireAuthorization(Security.Policies.Record)
            .WithSummary("Record a new version of an event (the earlier versions stay): its author until reviewed, or a verifier");
        writes.MapPost("/{eventId}/reviews", Review).RequireAuthorization(Security.Policies.Review)
            .WithSummary("Review an event (verifier): verified or disputed, with a note; a new version at stage reviewed");
        writes.MapPost("/{eventId}/publication", Publish).RequireAuthorization(Security.Policies.Publish)
            .WithSummary("Make a reviewed event public, or withdraw it (publisher); a new version");
        return app;
    }

    public sealed record EventTypeView(string Key, string Description, string AcledEventType, string AcledSubEventType, string? SetsCorridor, string? SetsUtility);

    private static Ok<IReadOnlyList<EventTypeView>> ListTypes() =>
        TypedResults.Ok<IReadOnlyList<EventTypeView>>(EventType.All.Select(t => new EventTypeView(
            t.Key, t.Description, t.AcledEventType, t.AcledSubEventType,
            t.SetsCorridor is { } c ? KebabCase.Of(c) : null, t.SetsUtility is { } u ? KebabCase.Of(u) : null)).ToList());

    private static async Task<Results<Ok<EventPage>, ValidationProblem, ProblemHttpResult>> Search(
        string situationId, EventQueries queries, Situations.SituationQueries situations,
        string? type, string? actor, string? place, string? from, string? to, string? q, string? page, string? pageSize, string? stage,
        string? after, string? before, TimeProvider clock, CancellationToken cancel)
    {
        var (filter, errors) = EventFilter.Parse(type, actor, place, from, to, q, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), stage);
        var (pageNumber, size) = Paging.Parse(page, pageSize, errors);
        var position = ParsePosition(pageNumber, after, before, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        if (await situations.FindAsync(situationId, cancel) is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        return TypedResults.Ok(await queries.SearchAsync(situationId, filter!, position, size, cancel));
    }

    /// <summary>Where a page starts: a page number, or one cursor (<c>after</c> or <c>before</c>), never both.</summary>
    internal static EventPosition ParsePosition(int page, string? after, string? before, ValidationErrors errors)
    {
        var older = EventCursor.Parse(after, "after", errors);
        var newer = EventCursor.Parse(before, "before", errors);
        if (older is not null && newer is not null)
        {
            errors.Add("before", "give 'after' or 'before', not both");
        }
        if ((older is not null || newer is not null) && page > 1)
        {
            errors.Add("page", "give a page number or a cursor ('after', 'before'), not both");
        }
        return new EventPosition(page, older, newer);
    }

    private static async Task<Results<Ok<EventDetail>, ProblemHttpResult>> Get(string situationId, string eventId, EventQueries queries, CancellationToken cancel) =>
        await queries.FindAsync(situationId, eventId, cancel) is { } detail
            ? TypedResults.Ok(detail)
            : ApiProblems.NotFound($"There is no event '{eventId}' in situation '{situationId}'.");

    private static async Task<Results<Created<EventDetail>, ValidationProblem, ProblemHttpResult>> Create(
        string situationId, RecordEventRequest request, EventRecorder recorder, EventQueries queries, CancellationToken cancel) =>
        await Answer(await recorder.Record(situationId, request, answered: true), queries, cancel);

    private static async Task<Results<Created<EventDetail>, ValidationProblem, ProblemHttpResult>> Edit(
        string situationId, string eventId, RecordEventRequest request, EventRecorder recorder, EventQueries queries, CancellationToken cancel) =>
        await Answer(await recorder.Edit(situationId, eventId, request, answered: true), queries, cancel);

    private static async Task<Results<Created<EventDetail>, ValidationProblem, ProblemHttpResult>> Review(
        string situationId, string eventId, ReviewRequest request, EventWorkflow workflow, EventQueries queries, CancellationToken cancel) =>
        await Answer(await workflow.Review(situationId, eventId, request, answered: true), queries, cancel);

    private static async Task<Results<Created<EventDetail>, ValidationProblem, ProblemHttpResult>> Publish(
        string situationId, string eventId, PublicationRequest request, EventWorkflow workflow, EventQueries queries, CancellationToken cancel) =>
        await Answer(await workflow.Publish(situationId, eventId, request, answered: true), queries, cancel);

    private static async Task<Results<Created<EventDetail>, ValidationProblem, ProblemHttpResult>> Answer(
        RecordOutcome outcome, EventQueries queries, CancellationToken cancel) => outcome switch
        {
            RecordOutcome.Stored stored => TypedResults.Created(
                $"/api/v1/situations/{stored.Version.SituationId}/events/{stored.Version.Id}",
                stored.Answer ?? await queries.AnswerAsync(stored.Version.SituationId, stored.Version.Id, cancel)),
            RecordOutcome.Invalid invalid => ApiProblems.Validation(invalid.Errors),
            RecordOutcome.NotFound missing => ApiProblems.NotFound(missing.What),
            RecordOutcome.Conflict conflict => ApiProblems.Conflict(conflict.Message),
            RecordOutcome.Forbidden forbidden => ApiProblems.Forbidden(forbidden.Why),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome}"),
        };
}
