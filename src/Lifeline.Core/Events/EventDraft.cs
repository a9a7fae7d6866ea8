namespace Lifeline.Core.Events;

/// <summary>
/// An event as a person or a file gives it, before anything is checked: every field may be missing or wrong.
/// <see cref="EventValidator"/> turns it into <see cref="EventContent"/> or says, field by field, what is wrong.
/// </summary>
public sealed record EventDraft
{
    public string? Id { get; init; }
    public string? Date { get; init; }
    public string? Time { get; init; }
    public int? TimePrecision { get; init; }
    public string? Place { get; init; }
    public int? GeoPrecision { get; init; }
    public string? Type { get; init; }
    public string? Utility { get; init; }
    public string? Route { get; init; }

    /// <summary>For a status-changing type: the last day the new status is in force (<c>YYYY-MM-DD</c>).</summary>
    public string? EndDate { get; init; }

    /// <summary>With <see cref="EndDate"/>: the time (<c>HH:MM</c>) on that day when it ended.</summary>
    public string? EndTime { get; init; }

    /// <summary>For a status-changing type: how many hours the new status lasted.</summary>
    public double? DurationHours { get; init; }

    /// <summary>For a status-changing type: true when it holds until the next change of the same route or utility.</summary>
    public bool? UntilFurtherNotice { get; init; }

    /// <summary>For <c>utility-partial</c>: hours a day without the utility (rolling blackouts), when the source gives them.</summary>
    public double? HoursPerDay { get; init; }
    public string? Actor1 { get; init; }
    public string? Actor2 { get; init; }
    public int? Fatalities { get; init; }
    public string? Notes { get; init; }
    public IReadOnlyList<string>? Sources { get; init; }
}

/// <summary>
/// The records an event may refer to that exist. The shell fills it with what it found for the ids a draft names.
/// </summary>
public sealed record EventReferences(
    IReadOnlySet<string> Places,
    IReadOnlySet<string> Actors,
    IReadOnlySet<string> Routes,
    IReadOnlySet<string> Sources);
