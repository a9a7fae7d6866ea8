using Lifeline.Core.Common;
namespace Lifeline.Core.Events;

/// <summary>
/// An event as a person or a file gives it, before anything is checked: every field may be missing or wrong.
/// <see cref="EventValidator"/> turns it into <see cref="EventContent"/> or says, field by field, what is wrong.
/// </summary>
public sealed record EventDraft
{
    [TextRule(InputLimits.Id)]
    public string? Id { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Date { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Time { get; init; }
    public int? TimePrecision { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Place { get; init; }
    public int? GeoPrecision { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Type { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Utility { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Route { get; init; }

    /// <summary>For a status-changing type: the last day the new status is in force (<c>YYYY-MM-DD</c>).</summary>
    [TextRule(InputLimits.Code)]
    public string? EndDate { get; init; }

    /// <summary>With <see cref="EndDate"/>: the time (<c>HH:MM</c>) on that day when it ended.</summary>
    [TextRule(InputLimits.Code)]
    public string? EndTime { get; init; }

    /// <summary>For a status-changing type: how many hours the new status lasted.</summary>
    public double? DurationHours { get; init; }

    /// <summary>For a status-changing type: true when it holds until the next change of the same route or utility.</summary>
    public bool? UntilFurtherNotice { get; init; }

    /// <summary>For <c>utility-partial</c>: hours a day without the utility (rolling blackouts), when the source gives them.</summary>
    public double? HoursPerDay { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Actor1 { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Actor2 { get; init; }
    public int? Fatalities { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Notes { get; init; }
    [TextRule(InputLimits.Id)]
    public IReadOnlyList<string>? Sources { get; init; }
    [TextRule(InputLimits.Id)]
    public string? PartOf { get; init; }
    public bool GapBefore { get; init; }
}

/// <summary>
/// The records an event may refer to that exist, and the days it may be dated (its situation's record period).
/// The shell fills it with what it found for the ids a draft names.
/// </summary>
public sealed record EventReferences(
    IReadOnlySet<string> Places,
    IReadOnlySet<string> Actors,
    IReadOnlySet<string> Routes,
    IReadOnlySet<string> Sources,
    Situations.RecordPeriod Period);
