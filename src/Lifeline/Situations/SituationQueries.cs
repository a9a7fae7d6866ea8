using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Situations;
using Lifeline.Events;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Situations;

/// <summary>What the first page shows for a situation on a chosen day. <c>FigureSources</c> also holds the baselines' sources.</summary>
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

internal sealed class SituationQueries(LifelineDbContext db, EventQueries events, TimeProvider clock, ICurrentUser user, CalendarCache cache)
{
    public const int LatestEventCount = 10;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public IReadOnlyList<SituationListItem> List() =>
        db.Situations.AsNoTracking().OrderBy(s => s.StartDate).ThenBy(s => s.Id)
            .Select(s => new SituationListItem(s.Id, s.Name, s.Region, s.StartDate, s.EndDate))
            .ToList();

    public Situation? Find(string id) =>
        db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery()
            .FirstOrDefault(s => s.Id == id)?.ToDomain();

    /// <summary>
    /// The status of routes and utilities for each day from <paramref name="from"/> to <paramref name="to"/>,
    /// derived from the events the caller may see (the public calendar comes from published events only).
    /// </summary>
    public IReadOnlyList<DayStatus> Calendar(Situation situation, DateOnly from, DateOnly to) =>
        cache.Get($"calendar|{situation.Id}|{VisibilityKey()}|{from:yyyy-MM-dd}|{to:yyyy-MM-dd}", Stamp(), () => ComputeCalendar(situation, from, to));

    private IReadOnlyList<DayStatus> ComputeCalendar(Situation situation, DateOnly from, DateOnly to) =>
        SituationCalendar.Compute(situation, StatusChanges(events.Visible(situation.Id), to), from, to);

    /// <summary>The route and utility changes among <paramref name="source"/> up to <paramref name="to"/>: what a calendar is derived from.</summary>
    public static IEnumerable<StatusChange> StatusChanges(IQueryable<EventRow> source, DateOnly to)
    {
        var keys = EventType.StatusChangingKeys.ToList();
        return source
            .Where(e => keys.Contains(e.Type) && e.Date <= to)
            .Select(e => new { e.Date, e.Time, e.RowId, e.EventId, e.RouteId, e.Type, e.Utility, e.EndDate, e.EndTime, e.DurationHours, e.UntilFurtherNotice, e.HoursPerDay, e.GapBefore })
            .AsEnumerable()
            .Select(e =>
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
            });
    }

    /// <summary>Moves whenever an event is written (see <see cref="CalendarCache"/>).</summary>
    private long Stamp() => db.EventVersions.Max(v => (long?)v.RowId) ?? 0;

    /// <summary>Callers who see the same events share cached results; those who also see their own events do not.</summary>
    private string VisibilityKey()
    {
        var viewer = user.Viewer;
        var stages = Core.Access.EventAccess.StagesSeenByAnyone(viewer);
        return stages.Count == 3 ? "all" : $"{string.Join(',', stages)}|{viewer.UserId ?? "anonymous"}";
    }

    public Dashboard? Dashboard(string situationId, DateOnly? requested)
    {
        var situation = Find(situationId);
        if (situation is null)
        {
            return null;
        }
        var date = requested ?? situation.DefaultDate(Today);
        var first = situation.StartDate;
        var last = situation.LastDay(Today);
        var calendar = Calendar(situation, first, last);
        var status = date >= first && date <= last
            ? calendar[date.DayNumber - first.DayNumber]
            : Calendar(situation, date, date)[0];
        var showProtected = Core.Access.EventAccess.SeesProtectedSources(user.Viewer);
        var cited = situation.Figures.Values.SelectMany(f => f.Sources)
            .Concat(situation.Routes.SelectMany(r => r.Baseline?.Sources ?? []))
            .Concat(situation.UtilityBaselines.Values.SelectMany(b => b.Sources));
        var figureSources = events.Sources(situationId, cited)
            .ToDictionary(s => s.Key, s => SourceView.From(s.Value, showProtected), StringComparer.Ordinal);
        var count = cache.Get($"count|{situationId}|{VisibilityKey()}", Stamp(), () => new Box<int>(events.Visible(situationId).Count())).Value;
        return new Dashboard(situation, date, situation.DayOf(date), status, calendar, events.Latest(situationId, date, LatestEventCount), figureSources, count);
    }
}

/// <summary>A value type kept in <see cref="CalendarCache"/>.</summary>
internal sealed record Box<T>(T Value);
