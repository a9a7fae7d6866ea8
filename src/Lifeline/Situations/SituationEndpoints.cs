using System.Text.Json;
using Lifeline.Core.Common;
using Lifeline.Core.Situations;
using Lifeline.Events;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Situations;

internal static class SituationEndpoints
{
    public static IServiceCollection AddSituations(this IServiceCollection services)
    {
        services.AddScoped<SituationQueries>();
        services.AddSingleton<ReadCache>();
        services.AddSingleton<AnswerCache>();
        services.AddSingleton(sp => new DataVersions(TimeSpan.FromMilliseconds(sp.GetService<ServerSettings>()?.PublicFreshnessMs ?? ServerSettings.DefaultPublicFreshnessMs)));
        services.AddScoped<ReaderVersion>();
        return services;
    }

    public static IEndpointRouteBuilder MapSituationEndpoints(this IEndpointRouteBuilder app)
    {
        // The situation picture is public; each caller sees it derived from the events they may see.
        var situations = app.MapGroup("/api/v1/situations").WithTags("Situations").AllowAnonymous();
        situations.MapGet("/", List).WithSummary("The monitored situations");
        situations.MapGet("/{situationId}", Get).WithDataVersionTag().WithSummary("A situation, its sourced figures, and its day counter and status on a date");
        situations.MapGet("/{situationId}/calendar", Calendar).WithDataVersionTag().WithSummary("Corridor and utility status, day by day");
        return app;
    }

    public sealed record FigureView(long Value, string? Qualifier, IReadOnlyList<SourceView> Sources);

    /// <summary>A route's or a utility's status before any event about it, and the sources that state it.</summary>
    public sealed record BaselineView(string Status, IReadOnlyList<string> Sources);

    /// <param name="Baseline">Null when the situation declares none: the status is unknown until an event says.</param>
    public sealed record RouteView(string Id, string Name, IReadOnlyList<string> Via, IReadOnlyList<string> Sources, BaselineView? Baseline);

    public sealed record DayView(DateOnly Date, int Day, IReadOnlyDictionary<string, string> Routes, IReadOnlyDictionary<string, string> Utilities)
    {
        internal static DayView From(DayStatus status) => new(
            status.Date, status.Day.Number,
            status.Routes.ToDictionary(r => r.Key, r => KebabCase.Of(r.Value), StringComparer.Ordinal),
            status.Utilities.ToDictionary(u => KebabCase.Of(u.Key), u => KebabCase.Of(u.Value), StringComparer.Ordinal));
    }

    /// <summary>The days the situation's record may carry (events, observations, assessments): <c>until</c> null while it goes on (up to tomorrow).</summary>
    public sealed record RecordPeriodView(DateOnly From, DateOnly? Until);

    /// <param name="Date">The day asked for (or the default day).</param>
    /// <param name="Phase"><c>before</c> the start date, <c>during</c> the situation, or <c>after</c> its end date.</param>
    /// <param name="DaysBeforeStart">Days from the date to the start, when before it; else null.</param>
    /// <param name="DaysAfterEnd">Days from the end to the date, when after it; else null.</param>
    /// <param name="On">The status on the date, derived as on any other day: before the start, unknown unless a baseline or an event says.</param>
    public sealed record SituationView(
        string Id, string Name, string Region, DateOnly StartDate, DateOnly? EndDate,
        IReadOnlyDictionary<string, FigureView> Figures, IReadOnlyList<RouteView> Routes,
        IReadOnlyDictionary<string, BaselineView> UtilityBaselines, int EventCount,
        DateOnly Date, string Phase, int? DaysBeforeStart, int? DaysAfterEnd, DayView On, RecordPeriodView RecordPeriod);

    private static async Task<Ok<IReadOnlyList<SituationListItem>>> List(SituationQueries queries, CancellationToken cancel) => TypedResults.Ok(await queries.ListAsync(cancel));

    private static async Task<Results<Ok<SituationView>, ValidationProblem, ProblemHttpResult>> Get(string situationId, string? date, SituationQueries queries, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var day = ParseOptionalDate(date, "date", queries.Today, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        if (await queries.DashboardAsync(situationId, day, cancel) is not { } dashboard)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        var s = dashboard.Situation;
        return TypedResults.Ok(new SituationView(
            s.Id, s.Name, s.Region, s.StartDate, s.EndDate,
            s.Figures.ToDictionary(
                f => JsonNamingPolicy.CamelCase.ConvertName(f.Key.ToString()),
                f => new FigureView(f.Value.Value, f.Value.Qualifier,
                    f.Value.Sources.Where(dashboard.FigureSources.ContainsKey).Select(id => dashboard.FigureSources[id]).ToList()),
                StringComparer.Ordinal),
            s.Routes.Select(r => new RouteView(r.Id, r.Name, r.Via, r.Sources,
                r.Baseline is { } b ? new BaselineView(KebabCase.Of(b.Status), b.Sources) : null)).ToList(),
            s.UtilityBaselines.OrderBy(u => u.Key).ToDictionary(u => KebabCase.Of(u.Key), u => new BaselineView(KebabCase.Of(u.Value.Status), u.Value.Sources), StringComparer.Ordinal),
            dashboard.EventCount,
            dashboard.Date,
            KebabCase.Of(s.PhaseOf(dashboard.Date)),
            s.PhaseOf(dashboard.Date) == SituationPhase.Before ? s.DaysOutside(dashboard.Date) : null,
            s.PhaseOf(dashboard.Date) == SituationPhase.After ? s.DaysOutside(dashboard.Date) : null,
            DayView.From(dashboard.Status),
            new RecordPeriodView(s.RecordPeriod.From, s.RecordPeriod.Until)));
    }

    private static async Task<Results<Ok<IReadOnlyList<DayView>>, ValidationProblem, ProblemHttpResult>> Calendar(
        string situationId, string? from, string? to, SituationQueries queries, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var first = ParseOptionalDate(from, "from", queries.Today, errors);
        var last = ParseOptionalDate(to, "to", queries.Today, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        if (await queries.FindAsync(situationId, cancel) is not { } situation)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        var start = first ?? situation.StartDate;
        var end = last ?? situation.LastDay(queries.Today);
        if (end < start)
        {
            errors.Add("to", $"{end:yyyy-MM-dd} is before {start:yyyy-MM-dd}");
        }
        else if (end.DayNumber - start.DayNumber > 3660)
        {
            errors.Add("to", "a calendar covers at most ten years at a time");
        }
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        return TypedResults.Ok<IReadOnlyList<DayView>>((await queries.CalendarAsync(situation, start, end, cancel)).Select(DayView.From).ToList());
    }

    /// <summary>A date in a query: optional, YYYY-MM-DD, from 1900-01-01 to tomorrow (<see cref="RecordDates"/>).</summary>
    internal static DateOnly? ParseOptionalDate(string? text, string field, DateOnly today, ValidationErrors errors) =>
        RecordDates.Parse(text, field, today, errors);
}
