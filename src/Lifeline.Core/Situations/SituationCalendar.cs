namespace Lifeline.Core.Situations;

/// <summary>
/// A change of status recorded by an event: a corridor event (Route set, Utility null) or a utility event
/// (Utility set). <paramref name="Sequence"/> orders events of the same day: the order they were recorded in.
/// </summary>
public sealed record StatusChange(DateOnly Date, long Sequence, string? RouteId, CorridorStatus? Corridor, Utility? Utility, UtilityStatus? Supply);

/// <summary>The status of each route and each utility on one day.</summary>
public sealed record DayStatus(
    DateOnly Date,
    SituationDay Day,
    IReadOnlyDictionary<string, CorridorStatus> Routes,
    IReadOnlyDictionary<Utility, UtilityStatus> Utilities);

/// <summary>
/// Derives the status of routes and utilities, day by day, from the events that change them.
/// Every route is open and every utility available until an event says otherwise; each change holds from
/// its day on; a day shows the most restrictive status in force at any time that day, so a road closed for
/// three hours shows closed for that day.
/// </summary>
public static class SituationCalendar
{
    /// <param name="changes">Status changes in any order; those after <paramref name="to"/> are ignored.</param>
    public static IReadOnlyList<DayStatus> Compute(Situation situation, IEnumerable<StatusChange> changes, DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return [];
        }
        var mainRoute = situation.MainRoute?.Id;
        var routes = situation.Routes.ToDictionary(r => r.Id, _ => CorridorStatus.Open, StringComparer.Ordinal);
        var utilities = Enum.GetValues<Utility>().ToDictionary(u => u, _ => UtilityStatus.Available);

        var ordered = changes.Where(c => c.Date <= to).OrderBy(c => c.Date).ThenBy(c => c.Sequence).ToList();
        var next = 0;

        // Bring the state up to the start of the range.
        for (; next < ordered.Count && ordered[next].Date < from; next++)
        {
            Apply(ordered[next], mainRoute, routes, utilities);
        }

        var days = new List<DayStatus>(to.DayNumber - from.DayNumber + 1);
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var worstRoutes = new Dictionary<string, CorridorStatus>(routes, StringComparer.Ordinal);
            var worstUtilities = new Dictionary<Utility, UtilityStatus>(utilities);
            for (; next < ordered.Count && ordered[next].Date == date; next++)
            {
                Apply(ordered[next], mainRoute, routes, utilities);
                foreach (var (id, status) in routes)
                {
                    if (status > worstRoutes.GetValueOrDefault(id))
                    {
                        worstRoutes[id] = status;
                    }
                }
                foreach (var (utility, status) in utilities)
                {
                    if (status > worstUtilities[utility])
                    {
                        worstUtilities[utility] = status;
                    }
                }
            }
            days.Add(new DayStatus(date, situation.DayOf(date), worstRoutes, worstUtilities));
        }
        return days;
    }

    private static void Apply(StatusChange change, string? mainRoute, Dictionary<string, CorridorStatus> routes, Dictionary<Utility, UtilityStatus> utilities)
    {
        if (change.Corridor is { } corridor)
        {
            var route = change.RouteId ?? mainRoute;
            if (route is not null && routes.ContainsKey(route))
            {
                routes[route] = corridor;
            }
        }
        if (change is { Utility: { } utility, Supply: { } supply })
        {
            utilities[utility] = supply;
        }
    }
}
