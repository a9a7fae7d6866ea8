using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Situations;
using Lifeline.Events;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Situations;

/// <summary>
/// What the first page shows for a situation on a chosen day. <c>Calendar</c> is the window of days around it (not
/// every day: that is the calendar page's). <c>FigureSources</c> also holds the baselines' sources.
/// </summary>
internal sealed record Dashboard(
    Situation Situation,
    DateOnly Date,
    SituationDay Day,
    DayStatus Status,
    IReadOnlyList<DayStatus> Calendar,
    IReadOnlyList<EventSummary> LatestEvents,
    IReadOnlyDictionary<string, SourceView> FigureSources,
    int EventCount);

internal sealed record SituationListItem(string Id, string Name, string Region, DateOnly StartDate, DateOnly? EndDate);

internal sealed class SituationQueries(LifelineDbContext db, EventQueries events, TimeProvider clock, ReaderVersion reader, ReadCache cache)
{
    public const int LatestEventCount = 10;

    /// <summary>The dashboard draws the chosen day's month and the month before it; the calendar page has every day.</summary>
    public const int WindowMonths = 2;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IReadOnlyList<SituationListItem>> ListAsync(CancellationToken cancel = default) =>
        await db.Situations.AsNoTracking().OrderBy(s => s.StartDate).ThenBy(s => s.Id)
            .Select(s => new SituationListItem(s.Id, s.Name, s.Region, s.StartDate, s.EndDate))
            .ToListAsync(cancel);

    public async Task<Situation?> FindAsync(string id, CancellationToken cancel = default) =>
        (await db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id, cancel))?.ToDomain();

    /// <summary>
    /// The status of routes and utilities for each day from <paramref name="from"/> to <paramref name="to"/>,
    /// derived from the events the caller may see (the public calendar comes from published events only).
    /// </summary>
    public async Task<IReadOnlyList<DayStatus>> CalendarAsync(Situation situation, DateOnly from, DateOnly to, CancellationToken cancel = default) =>
        await cache.GetAsync($"calendar|{situation.Id}|{reader.Audience}|{from:yyyy-MM-dd}|{to:yyyy-MM-dd}", await reader.KeyAsync(cancel),
            async () => (IReadOnlyList<DayStatus>)SituationCalendar.Compute(situation, await StatusChangesAsync(events.Visible(situation.Id), to, cancel), from, to));

    /// <summary>The route and utility changes among <paramref name="source"/> up to <paramref name="to"/>: what a calendar is derived from.</summary>
    public static async Task<List<StatusChange>> StatusChangesAsync(IQueryable<EventRow> source, DateOnly to, CancellationToken cancel) =>
        (await StatusChangeQuery(source, to).ToListAsync(cancel)).Select(ToChange).ToList();

    private sealed record ChangeRow(DateOnly Date, TimeOnly? Time, long RowId, string EventId, string? RouteId, string Type, string? Utility,
        DateOnly? EndDate, TimeOnly? EndTime, double? DurationHours, bool UntilFurtherNotice, double? HoursPerDay, bool GapBefore);

    private static IQueryable<ChangeRow> StatusChangeQuery(IQueryable<EventRow> source, DateOnly to)
    {
        var keys = EventType.StatusChangingKeys.ToList();
        return source
            .Where(e => keys.Contains(e.Type) && e.Date <= to)
            .Select(e => new ChangeRow(e.Date, e.Time, e.RowId, e.EventId, e.RouteId, e.Type, e.Utility, e.EndDate, e.EndTime, e.DurationHours, e.UntilFurtherNotice, e.HoursPerDay, e.GapBefore));
    }

    private static StatusChange ToChange(ChangeRow e)
    {
        var type = EventType.Find(e.Type)!;
        return new StatusChange(e.Date, e.RowId, e.RouteId, type.SetsCorridor,
            e.Utility is null ? null : KebabCase.Parse<Utility>(e.Utility), type.SetsUtility)
        {
            Time = e.Time,
            Ends = EventColumns.EndOf(e.EndDate, e.EndTime, e.DurationHours, e.UntilFurtherNotice),
            EventId = e.EventId,
            HoursPerDay = e.HoursPerDay,
            GapBefore = e.GapBefore,
        };
    }

    /// <summary>How many events of the situation the caller may see: counted once per data version and audience.</summary>
    public async Task<int> CountAsync(string situationId, CancellationToken cancel = default) =>
        (await cache.GetAsync($"count|{situationId}|{reader.Audience}", await reader.KeyAsync(cancel),
            async () => new Box<int>(await events.Visible(situationId).CountAsync(cancel)))).Value;

    /// <summary>The first and last day the dashboard draws around <paramref name="date"/>, within the situation's days; null when none of them is.</summary>
    public static (DateOnly From, DateOnly To)? Window(Situation situation, DateOnly date, DateOnly today)
    {
        var from = new DateOnly(date.Year, date.Month, 1).AddMonths(1 - WindowMonths);
        var to = new DateOnly(date.Year, date.Month, 1).AddMonths(1).AddDays(-1);
        var first = situation.StartDate;
        var last = situation.LastDay(today);
        from = from < first ? first : from;
        to = to > last ? last : to;
        return from <= to ? (from, to) : null;
    }

    /// <summary>
    /// What the first page shows on a day, for this caller: built once per data version, audience and day, and
    /// kept (<see cref="ReadCache"/>). Its calendar is the window around the day (<see cref="Window"/>).
    /// </summary>
    public async Task<Dashboard?> DashboardAsync(string situationId, DateOnly? requested, CancellationToken cancel = default)
    {
        var situation = await FindAsync(situationId, cancel);
        if (situation is null)
        {
            return null;
        }
        var date = requested ?? situation.DefaultDate(Today);
        return await cache.GetAsync($"dashboard|{situationId}|{reader.Audience}|{date:yyyy-MM-dd}|{Today:yyyy-MM-dd}", await reader.KeyAsync(cancel),
            () => BuildDashboardAsync(situation, date, cancel));
    }

    /// <summary>The most events of a day a map marks; a day with more lists the first of them only.</summary>
    public const int MapEventCap = 100;

    /// <summary>
    /// The map of a situation on a day (<see cref="SituationMap"/>): its routes in their status that day and that day's
    /// events the caller may see, places named in <paramref name="language"/>. Drawn once per data version, audience,
    /// language and day, and kept; null when no place of the situation has coordinates.
    /// </summary>
    public async Task<SituationMapDrawing?> MapAsync(Situation situation, DateOnly date, string language, CancellationToken cancel = default) =>
        (await cache.GetAsync($"map|{situation.Id}|{reader.Audience}|{language}|{date:yyyy-MM-dd}|{Today:yyyy-MM-dd}", await reader.KeyAsync(cancel),
            async () => new Box<SituationMapDrawing?>(await DrawMapAsync(situation, date, language, cancel)))).Value;

    private async Task<SituationMapDrawing?> DrawMapAsync(Situation situation, DateOnly date, string language, CancellationToken cancel)
    {
        var status = (await CalendarAsync(situation, date, date, cancel))[0];
        var rows = await events.Visible(situation.Id)
            .Where(e => e.Date == date)
            .OrderBy(e => e.RowId)
            .Take(MapEventCap)
            .Select(e => new { e.EventId, e.PlaceId, e.Type })
            .ToListAsync(cancel);
        var dayEvents = rows.Select(e => new MapEvent(e.EventId, e.PlaceId, EventType.Find(e.Type)?.Description ?? e.Type)).ToList();
        return SituationMap.Draw(situation, await events.PlacesAsync(situation.Id, cancel), status, dayEvents, BoundaryFile.Caucasus, language);
    }

    private async Task<Dashboard> BuildDashboardAsync(Situation situation, DateOnly date, CancellationToken cancel)
    {
        var first = situation.StartDate;
        var last = situation.LastDay(Today);
        var calendar = await CalendarAsync(situation, first, last, cancel);
        var status = date >= first && date <= last
            ? calendar[date.DayNumber - first.DayNumber]
            : (await CalendarAsync(situation, date, date, cancel))[0];
        var window = Window(situation, date, Today) is { } w
            ? calendar.Skip(w.From.DayNumber - first.DayNumber).Take(w.To.DayNumber - w.From.DayNumber + 1).ToList()
            : [];
        var showProtected = Core.Access.EventAccess.SeesProtectedSources(events.Viewer);
        var cited = situation.Figures.Values.SelectMany(f => f.Sources)
            .Concat(situation.Routes.SelectMany(r => r.Baseline?.Sources ?? []))
            .Concat(situation.UtilityBaselines.Values.SelectMany(b => b.Sources));
        var figureSources = (await events.SourcesAsync(situation.Id, cited, cancel))
            .ToDictionary(s => s.Key, s => SourceView.From(s.Value, showProtected), StringComparer.Ordinal);
        var count = await CountAsync(situation.Id, cancel);
        return new Dashboard(situation, date, situation.DayOf(date), status, window,
            await events.LatestAsync(situation.Id, date, LatestEventCount, cancel), figureSources, count);
    }
}
