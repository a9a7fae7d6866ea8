namespace Lifeline.Core.Situations;

/// <summary>
/// A change of status recorded by an event: a corridor event (Route set, Utility null) or a utility event
/// (Utility set). <paramref name="Sequence"/> orders events of the same day and time: the order they were recorded in.
/// </summary>
public sealed record StatusChange(DateOnly Date, long Sequence, string? RouteId, CorridorStatus? Corridor, Utility? Utility, UtilityStatus? Supply)
{
    /// <summary>The local time the change took effect, when the record gives one.</summary>
    public TimeOnly? Time { get; init; }

    /// <summary>How long it lasts; null (a version recorded before ends were recorded) counts as until further notice.</summary>
    public StatusEnd? Ends { get; init; }

    /// <summary>The event that records it, for the pages that link to it and the list of anomalies.</summary>
    public string? EventId { get; init; }

    /// <summary>Hours a day without the utility under a partial supply (rolling blackouts), when recorded.</summary>
    public double? HoursPerDay { get; init; }

    /// <summary>
    /// The record does not know what held just before this change: what the previous change set is counted to the end
    /// of that change's day, and the status is unknown from then until this change.
    /// </summary>
    public bool GapBefore { get; init; }

    /// <summary>True for the unknown stretch a gap opens: not an event, made by the calendar itself.</summary>
    internal bool IsGap { get; init; }
}

/// <summary>The status of each route and each utility on one day.</summary>
public sealed record DayStatus(
    DateOnly Date,
    SituationDay Day,
    IReadOnlyDictionary<string, CorridorStatus> Routes,
    IReadOnlyDictionary<Utility, UtilityStatus> Utilities)
{
    /// <summary>Per route, the event whose change the day's status comes from; null for the baseline or unknown.</summary>
    public IReadOnlyDictionary<string, string?> RouteEvents { get; init; } = new Dictionary<string, string?>();

    /// <summary>Per utility, the event whose change the day's status comes from; null for the baseline or unknown.</summary>
    public IReadOnlyDictionary<Utility, string?> UtilityEvents { get; init; } = new Dictionary<Utility, string?>();
}

/// <summary>
/// Derives the status of routes and utilities, day by day, from the events that change them (the rule of
/// docs/data-format.md, "Derived, never typed in"; every view reads it from here):
/// <list type="bullet">
/// <item>before any change, a route or a utility is unknown, unless the situation declares a baseline for it with
/// sources (<see cref="Route.Baseline"/>, <see cref="Situation.UtilityBaselines"/>);</item>
/// <item>a change holds from its time (the start of its day when no time is recorded) until its stated end, for its
/// stated hours, or until further notice: until the next change of the same route or utility that holds until
/// further notice;</item>
/// <item>when a change with an end runs out, what was in force before it holds again: the latest change still in
/// force;</item>
/// <item>a change without a time recorded the same day as an earlier change of the same route or utility whose end
/// falls on that day takes effect at that end ("gas cut for 6 hours", then "gas restored");</item>
/// <item>a change that says the record has a gap before it (<see cref="StatusChange.GapBefore"/>) ends what held before
/// at the end of the day of the previous change: the days between are unknown;</item>
/// <item>a day shows the most restrictive status in force at any time that day, so a road closed for three hours
/// shows closed for that day.</item>
/// </list>
/// </summary>
public static class SituationCalendar
{
    /// <summary>What holds for a route before any change, when the situation declares no baseline for it.</summary>
    public const CorridorStatus RouteDefault = CorridorStatus.Unknown;

    /// <summary>What holds for a utility before any change, when the situation declares no baseline for it.</summary>
    public const UtilityStatus UtilityDefault = UtilityStatus.Unknown;

    /// <param name="changes">Status changes in any order; those dated after <paramref name="to"/> are ignored.</param>
    public static IReadOnlyList<DayStatus> Compute(Situation situation, IEnumerable<StatusChange> changes, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(situation);
        if (to < from)
        {
            return [];
        }
        var timelines = StatusTimelines.Of(situation, changes, to);
        var routes = situation.Routes.ToDictionary(r => r.Id, r => timelines.Route(r.Id).Cursor(), StringComparer.Ordinal);
        var utilities = Enum.GetValues<Utility>().ToDictionary(u => u, u => timelines.Utility(u).Cursor());

        var days = new List<DayStatus>(to.DayNumber - from.DayNumber + 1);
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var routeDay = routes.ToDictionary(r => r.Key, r => r.Value.WorstOn(date), StringComparer.Ordinal);
            var utilityDay = utilities.ToDictionary(u => u.Key, u => u.Value.WorstOn(date));
            days.Add(new DayStatus(
                date,
                situation.DayOf(date),
                routeDay.ToDictionary(r => r.Key, r => r.Value.Status, StringComparer.Ordinal),
                utilityDay.ToDictionary(u => u.Key, u => u.Value.Status))
            {
                RouteEvents = routeDay.ToDictionary(r => r.Key, r => r.Value.SetBy?.EventId, StringComparer.Ordinal),
                UtilityEvents = utilityDay.ToDictionary(u => u.Key, u => u.Value.SetBy?.EventId),
            });
        }
        return days;
    }
}

/// <summary>A stretch of time during which one status held, and the change that set it (null: the baseline, or unknown).</summary>
/// <param name="From">Local time the stretch began; <see cref="DateTime.MinValue"/> for what held before any change.</param>
/// <param name="Until">Local time it ended (exclusive); equal to <paramref name="From"/> when a change was replaced at once.</param>
/// <param name="ReplacedAtUnknownTime">
/// True when it was replaced at midnight by a change recorded without a time: that change happened at some time of its
/// day, so this status also held on that day.
/// </param>
public sealed record StatusPeriod<TStatus>(DateTime From, DateTime Until, TStatus Status, StatusChange? SetBy, bool ReplacedAtUnknownTime = false)
    where TStatus : struct, Enum
{
    public TimeSpan Length => Until - From;

    /// <summary>Whether the status held at some moment of <paramref name="date"/>, as the day-by-day view reads it.</summary>
    public bool HoldsOn(DateOnly date)
    {
        var dayStart = date.ToDateTime(TimeOnly.MinValue);
        var dayEnd = dayStart.AddDays(1);
        return From == Until
            ? From >= dayStart && From < dayEnd
            : (From < dayEnd && Until > dayStart) || (ReplacedAtUnknownTime && Until == dayStart);
    }
}

/// <summary>
/// A change that does not fit the one before it: a cut while already cut, a restoration of what was not cut, a
/// route closed while already closed. The calendar reads it as no change; the record should be checked.
/// </summary>
/// <param name="Subject">The route id, or the utility in kebab-case.</param>
/// <param name="EventId">The event recording the change.</param>
/// <param name="PreviousEventId">The event that set the status in force before it; null for the baseline.</param>
public sealed record SequenceAnomaly(string Subject, bool IsUtility, DateOnly Date, string? EventId, string? PreviousEventId, string Problem);

/// <summary>
/// The timeline of each route and utility of a situation up to the end of a day, built by the rule of
/// <see cref="SituationCalendar"/>: a list of consecutive <see cref="StatusPeriod{TStatus}"/> per route and utility,
/// and the changes that do not fit the status before them.
/// </summary>
public sealed class StatusTimelines
{
    private readonly Dictionary<string, IReadOnlyList<StatusPeriod<CorridorStatus>>> routes;
    private readonly Dictionary<Utility, IReadOnlyList<StatusPeriod<UtilityStatus>>> utilities;

    private StatusTimelines(
        Dictionary<string, IReadOnlyList<StatusPeriod<CorridorStatus>>> routes,
        Dictionary<Utility, IReadOnlyList<StatusPeriod<UtilityStatus>>> utilities,
        IReadOnlyList<SequenceAnomaly> anomalies)
    {
        this.routes = routes;
        this.utilities = utilities;
        Anomalies = anomalies;
    }

    /// <summary>The periods of a route; a route the situation does not have has none.</summary>
    public IReadOnlyList<StatusPeriod<CorridorStatus>> Route(string routeId) => routes.GetValueOrDefault(routeId) ?? [];

    public IReadOnlyList<StatusPeriod<UtilityStatus>> Utility(Utility utility) => utilities[utility];

    /// <summary>Every change that repeats or undoes nothing, by date, routes before utilities.</summary>
    public IReadOnlyList<SequenceAnomaly> Anomalies { get; }

    /// <param name="changes">Status changes in any order; those dated after <paramref name="to"/> are ignored.</param>
    /// <param name="to">The last day the timelines cover: they end at the end of that day.</param>
    public static StatusTimelines Of(Situation situation, IEnumerable<StatusChange> changes, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(situation);
        ArgumentNullException.ThrowIfNull(changes);
        var horizon = to.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var mainRoute = situation.MainRoute?.Id;
        var known = changes.Where(c => c.Date <= to).ToList();
        var byRoute = known.Where(c => c.Corridor is not null)
            .GroupBy(c => c.RouteId ?? mainRoute ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var anomalies = new List<SequenceAnomaly>();
        var routes = new Dictionary<string, IReadOnlyList<StatusPeriod<CorridorStatus>>>(StringComparer.Ordinal);
        foreach (var route in situation.Routes)
        {
            var (periods, befores) = Sweep(byRoute.GetValueOrDefault(route.Id) ?? [], c => c.Corridor!.Value, route.Baseline?.Status ?? SituationCalendar.RouteDefault, horizon);
            routes[route.Id] = periods;
            foreach (var (change, before, by) in befores.Where(b => !b.Change.IsGap && !b.Change.GapBefore))
            {
                if (change.Corridor == before && before != CorridorStatus.Restricted)
                {
                    anomalies.Add(new SequenceAnomaly(route.Id, false, change.Date, change.EventId, by?.EventId,
                        $"{Words(before)} while already {Words(before)}{Since(by)}: no change"));
                }
            }
        }
        var utilities = new Dictionary<Utility, IReadOnlyList<StatusPeriod<UtilityStatus>>>();
        foreach (var utility in Enum.GetValues<Utility>())
        {
            var (periods, befores) = Sweep(
                known.Where(c => c.Utility == utility && c.Supply is not null).ToList(), c => c.Supply!.Value,
                situation.UtilityBaselines.TryGetValue(utility, out var baseline) ? baseline.Status : SituationCalendar.UtilityDefault, horizon);
            utilities[utility] = periods;
            foreach (var (change, before, by) in befores.Where(b => !b.Change.IsGap && !b.Change.GapBefore))
            {
                var problem = (change.Supply, before) switch
                {
                    (UtilityStatus.Cut, UtilityStatus.Cut) => $"cut while already cut{Since(by)}: no change",
                    (UtilityStatus.Available, UtilityStatus.Available) => $"restored while not cut{(by is null ? " (available before any event, by the situation's baseline)" : Since(by, "available since"))}",
                    _ => null,
                };
                if (problem is not null)
                {
                    anomalies.Add(new SequenceAnomaly(Common.KebabCase.Of(utility), true, change.Date, change.EventId, by?.EventId, problem));
                }
            }
        }
        return new StatusTimelines(routes, utilities, anomalies.OrderBy(a => a.Date).ThenBy(a => a.IsUtility).ThenBy(a => a.Subject, StringComparer.Ordinal).ToList());
    }

    private static string Since(StatusChange? by, string since = "since") =>
        by is null ? "" : $" ({since} {by.Date:yyyy-MM-dd}{(by.EventId is null ? "" : ", " + by.EventId)})";

    private static string Words(CorridorStatus status) => status switch
    {
        CorridorStatus.Open => "open",
        CorridorStatus.Restricted => "restricted",
        CorridorStatus.HumanitarianOnly => "humanitarian traffic only",
        CorridorStatus.Closed => "closed",
        _ => Common.KebabCase.Of(status),
    };

    /// <summary>
    /// The changes, and for each that declares a gap before it, an unknown stretch from the day after the previous change
    /// (when that day comes before it): the unknown status as a change until further notice.
    /// </summary>
    private static List<StatusChange> WithGaps(IReadOnlyList<StatusChange> changes)
    {
        var all = changes.ToList();
        if (!all.Any(c => c.GapBefore))
        {
            return all;
        }
        var ordered = all.OrderBy(c => c.Date).ThenBy(c => c.Time ?? TimeOnly.MinValue).ThenBy(c => c.Sequence).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var change = ordered[i];
            var gapStarts = ordered[i - 1].Date.AddDays(1);
            if (change.GapBefore && gapStarts <= change.Date)
            {
                all.Add(change with
                {
                    Date = gapStarts,
                    Time = null,
                    Sequence = long.MinValue,
                    Corridor = change.Corridor is null ? null : CorridorStatus.Unknown,
                    Supply = change.Supply is null ? null : UtilityStatus.Unknown,
                    Ends = StatusEnd.FurtherNotice,
                    EventId = null,
                    HoursPerDay = null,
                    GapBefore = false,
                    IsGap = true,
                });
            }
        }
        return all;
    }

    /// <summary>When each change takes effect, in the order of precedence: a later one wins while both are in force.</summary>
    private static List<(StatusChange Change, DateTime Start, DateTime? End)> Effective(IEnumerable<StatusChange> changes)
    {
        var ordered = changes
            .OrderBy(c => c.Date).ThenBy(c => c.Time ?? TimeOnly.MinValue).ThenBy(c => c.Sequence)
            .ToList();
        var placed = new List<(StatusChange Change, DateTime Start, DateTime? End, int Order)>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var change = ordered[i];
            var dayStart = change.Date.ToDateTime(TimeOnly.MinValue);
            var start = change.Date.ToDateTime(change.Time ?? TimeOnly.MinValue);
            if (change.Time is null)
            {
                // Read as the end of an earlier change of the same day that ends that day ("cut for 6 hours", "restored").
                var dayEnd = dayStart.AddDays(1);
                foreach (var earlier in placed)
                {
                    if (earlier.Change.Date == change.Date && earlier.End is { } end && end > start && end < dayEnd)
                    {
                        start = end;
                    }
                }
            }
            placed.Add((change, start, (change.Ends ?? StatusEnd.FurtherNotice).EndsAt(start), i));
        }
        return placed.OrderBy(p => p.Start).ThenBy(p => p.Order).Select(p => (p.Change, p.Start, p.End)).ToList();
    }

    /// <summary>
    /// Sweeps the changes in time: at each moment the status is that of the latest change (in precedence) still in
    /// force, or <paramref name="initial"/> when none is; a change until further notice stays in force, under any
    /// later one, to the end. Also gives, for each change, the status in force just before it and what set that.
    /// </summary>
    private static (IReadOnlyList<StatusPeriod<TStatus>> Periods, List<(StatusChange Change, TStatus Before, StatusChange? By)> Befores) Sweep<TStatus>(
        IReadOnlyList<StatusChange> changes, Func<StatusChange, TStatus> statusOf, TStatus initial, DateTime horizon) where TStatus : struct, Enum
    {
        var effective = Effective(WithGaps(changes));
        // Points in time: each start, and each end of a change with an end; ends before starts at the same moment.
        var points = new List<(DateTime At, int Kind, int Rank)>(effective.Count * 2);
        var untimedStarts = new HashSet<DateTime>();
        for (var rank = 0; rank < effective.Count; rank++)
        {
            var (change, start, end) = effective[rank];
            if (start >= horizon)
            {
                continue;
            }
            points.Add((start, 1, rank));
            // A gap opens at a stated moment (the end of the previous change's day), not at some time of its day.
            if (change.Time is null && !change.IsGap)
            {
                untimedStarts.Add(start);
            }
            if (end is { } e && e < horizon)
            {
                points.Add((e, 0, rank));
            }
        }
        points.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : a.Rank.CompareTo(b.Rank));

        var active = new SortedSet<int>();
        var periods = new List<StatusPeriod<TStatus>>(points.Count + 1);
        var befores = new List<(StatusChange, TStatus, StatusChange?)>(effective.Count);
        var from = DateTime.MinValue;
        var openedByStart = false;
        var setByRank = -1;
        var status = initial;
        // What held just before the current moment began, for the first change that starts at that moment.
        var (beforeMoment, beforeMomentRank, moment, startsThisMoment) = (initial, -1, DateTime.MinValue, 0);
        foreach (var (at, kind, rank) in points)
        {
            if (at != moment)
            {
                (beforeMoment, beforeMomentRank, moment, startsThisMoment) = (status, setByRank, at, 0);
            }
            // A status set by a change and replaced at the same moment is kept (it held at some time that day, as
            // events without a time are read); one left for no time by a change that ended is not.
            if (at > from || openedByStart)
            {
                // Replaced at midnight by a change with no time, and not ended then by its own end: it held into that day.
                var intoDay = at > from && at.TimeOfDay == TimeSpan.Zero && untimedStarts.Contains(at)
                    && (setByRank < 0 || effective[setByRank].End != at);
                periods.Add(new StatusPeriod<TStatus>(from, at, status, SetBy(setByRank), intoDay));
            }
            if (kind == 1)
            {
                befores.Add(startsThisMoment == 0
                    ? (effective[rank].Change, beforeMoment, SetBy(beforeMomentRank))
                    : (effective[rank].Change, status, SetBy(setByRank)));
                startsThisMoment++;
                active.Add(rank);
            }
            else
            {
                active.Remove(rank);
            }
            from = at;
            openedByStart = kind == 1;
            setByRank = active.Count > 0 ? active.Max : -1;
            status = setByRank < 0 ? initial : statusOf(effective[setByRank].Change);
        }
        periods.Add(new StatusPeriod<TStatus>(from, horizon, status, SetBy(setByRank)));
        return (periods, befores);

        StatusChange? SetBy(int rank) => rank < 0 ? null : effective[rank].Change;
    }
}

/// <summary>Reads a timeline day by day, forward only: the worst status of each day asked for, in order.</summary>
internal sealed class TimelineCursor<TStatus>(IReadOnlyList<StatusPeriod<TStatus>> periods) where TStatus : struct, Enum
{
    private int next;

    /// <summary>
    /// The most restrictive status of any period that holds at some moment of <paramref name="date"/>, and the change
    /// that set it (the latest such period when several share the status).
    /// </summary>
    public (TStatus Status, StatusChange? SetBy) WorstOn(DateOnly date)
    {
        var dayStart = date.ToDateTime(TimeOnly.MinValue);
        var dayEnd = dayStart.AddDays(1);
        // Skip the periods over before the day began (keeping one replaced at midnight by an untimed change).
        while (next < periods.Count - 1 && periods[next].Until <= dayStart && !periods[next].HoldsOn(date))
        {
            next++;
        }
        StatusPeriod<TStatus>? worst = null;
        for (var i = next; i < periods.Count && periods[i].From < dayEnd; i++)
        {
            var p = periods[i];
            if (p.HoldsOn(date) && (worst is null || Comparer<TStatus>.Default.Compare(p.Status, worst.Status) >= 0))
            {
                worst = p;
            }
        }
        worst ??= periods[^1];
        return (worst.Status, worst.SetBy);
    }
}

internal static class TimelineExtensions
{
    public static TimelineCursor<TStatus> Cursor<TStatus>(this IReadOnlyList<StatusPeriod<TStatus>> periods) where TStatus : struct, Enum => new(periods);
}
