namespace Lifeline.Core.Situations;

/// <summary>The figures that describe a cut-off population and what it used to receive.</summary>
public enum SituationFigure
{
    Population,
    Children,
    OlderPeople,
    PeopleWithDisabilities,
    StrandedOutside,
    StrandedChildren,
    BaselineInflowTonnesPerDay,
}

/// <summary>
/// A figure with the wording and the sources it was read in: "over 120,000" is
/// <c>Value = 120000, Qualifier = "over"</c>. A figure without a source is not kept.
/// </summary>
public sealed record SourcedFigure(long Value, string? Qualifier, IReadOnlyList<string> Sources);

/// <summary>
/// What held for a route or a utility before any event about it, as sources state it ("the road carried 400 t a day
/// before the blockade"): without one, the status before the first event is unknown.
/// </summary>
public sealed record StatusBaseline<TStatus>(TStatus Status, IReadOnlyList<string> Sources) where TStatus : struct, Enum
{
    public bool Equals(StatusBaseline<TStatus>? other) =>
        other is not null && EqualityComparer<TStatus>.Default.Equals(Status, other.Status) && Sources.SequenceEqual(other.Sources);

    public override int GetHashCode() => Status.GetHashCode();
}

/// <summary>A road or corridor into the cut-off area, through the listed places in order.</summary>
public sealed record Route(string Id, string Name, IReadOnlyList<string> Via, IReadOnlyList<string> Sources)
{
    /// <summary>Its status before any event about it, with sources; null: unknown until an event says.</summary>
    public StatusBaseline<CorridorStatus>? Baseline { get; init; }
}

/// <summary>
/// A monitored crisis: a population cut off from a start date (day 1) until, once over, an end date.
/// Corridor status and the day counter are derived from events, never stored here.
/// </summary>
/// <param name="Routes">The routes in; the first is the main route.</param>
public sealed record Situation(
    string Id,
    string Name,
    string Region,
    DateOnly StartDate,
    DateOnly? EndDate,
    IReadOnlyDictionary<SituationFigure, SourcedFigure> Figures,
    IReadOnlyList<Route> Routes)
{
    /// <summary>What held for each utility before any event about it, with sources; a utility not listed is unknown until an event says.</summary>
    public IReadOnlyDictionary<Utility, StatusBaseline<UtilityStatus>> UtilityBaselines { get; init; } = new Dictionary<Utility, StatusBaseline<UtilityStatus>>();

    /// <summary>The first day its record may carry, as declared; null: the start date (<see cref="RecordPeriod"/>).</summary>
    public DateOnly? RecordFrom { get; init; }

    /// <summary>The last day its record may carry, as declared; null: the end date, or open while it goes on.</summary>
    public DateOnly? RecordUntil { get; init; }

    /// <summary>The days its events, observations and assessments may be dated: by default the situation's own period.</summary>
    public RecordPeriod RecordPeriod => new(Id, RecordFrom ?? StartDate, RecordUntil ?? EndDate);

    public Route? MainRoute => Routes.Count > 0 ? Routes[0] : null;

    /// <summary>The day a dashboard shows when none is picked: the last day once over, else today.</summary>
    public DateOnly DefaultDate(DateOnly today)
    {
        if (EndDate is { } end && end <= today)
        {
            return end;
        }
        return today < StartDate ? StartDate : today;
    }

    /// <summary>The last day there is a record for: the end date, or today while it goes on.</summary>
    public DateOnly LastDay(DateOnly today) => EndDate is { } end && end <= today ? end : (today < StartDate ? StartDate : today);

    public SituationDay DayOf(DateOnly date) => SituationDay.Of(StartDate, date);

    /// <summary>Whether <paramref name="date"/> falls before the situation began, while it lasted, or after it ended.</summary>
    public SituationPhase PhaseOf(DateOnly date) =>
        date < StartDate ? SituationPhase.Before : EndDate is { } end && date > end ? SituationPhase.After : SituationPhase.During;

    /// <summary>Days from <paramref name="date"/> to the start (before it), or from the end to <paramref name="date"/> (after it); 0 during.</summary>
    public int DaysOutside(DateOnly date) => PhaseOf(date) switch
    {
        SituationPhase.Before => StartDate.DayNumber - date.DayNumber,
        SituationPhase.After => date.DayNumber - EndDate!.Value.DayNumber,
        _ => 0,
    };
}

/// <summary>Where a date falls against a situation's start and end.</summary>
public enum SituationPhase
{
    /// <summary>Before the start date: nobody is cut off yet.</summary>
    Before,

    /// <summary>From the start date to the end date (or today, while it goes on).</summary>
    During,

    /// <summary>After the end date: it is over.</summary>
    After,
}

/// <summary>
/// The day counter: the start date is day 1, the next day is day 2. Days before the start have a number ≤ 0.
/// </summary>
public readonly record struct SituationDay(int Number)
{
    public static SituationDay Of(DateOnly start, DateOnly date) => new(checked(date.DayNumber - start.DayNumber + 1));

    public bool HasStarted => Number >= 1;

    public override string ToString() => Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
