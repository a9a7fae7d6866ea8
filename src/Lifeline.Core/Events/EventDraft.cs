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
    public string? Actor1 { get; init; }
    public string? Actor2 { get; init; }
    public int? Fatalities { get; init; }
    public string? Notes { get; init; }
    public IReadOnlyList<string>? Sources { get; init; }
    public string? PartOf { get; init; }
    public bool GapBefore { get; init; }
}

/// <summary>
/// The records an event may refer to that exist. The shell fills it with what it found for the ids a draft names.
/// </summary>
public sealed record EventReferences(
    IReadOnlySet<string> Places,
    IReadOnlySet<string> Actors,
    IReadOnlySet<string> Routes,
    IReadOnlySet<string> Sources);
