using Lifeline.Core.Situations;

namespace Lifeline.Core.Events;

/// <summary>
/// Who recorded a version of a record, when (UTC) and why. <paramref name="UserId"/> is the account that did
/// it; null for versions that arrived by import, where <paramref name="By"/> names who imported them.
/// </summary>
public sealed record Recording(DateTimeOffset At, string By, string Reason, string? UserId = null);

/// <summary>
/// The validated content of an event: everything but its identity and recording. <see cref="Ends"/> is set for the
/// types that change a route's or a utility's status (null only on versions recorded before ends were recorded,
/// which count as until further notice); <see cref="HoursPerDay"/> only for <c>utility-partial</c>.
/// </summary>
/// <param name="PartOf">
/// The event that stands for the whole happening this one is a step or another record of (one truck recorded as
/// its crossing, its arrival and the route opening; one restoration reported twice), or null. Counts of happenings
/// count only events without it.
/// </param>
/// <param name="GapBefore">
/// The record does not know the status of this event's route or utility just before it: a change may have gone
/// unrecorded since the previous status event (a cut reported after a cut, with no restoration found between).
/// </param>
public sealed record EventContent(
    EventDate When,
    string PlaceId,
    GeoPrecision GeoPrecision,
    EventType Type,
    Utility? Utility,
    string? RouteId,
    string? Actor1,
    string? Actor2,
    int? Fatalities,
    string Notes,
    IReadOnlyList<string> SourceIds,
    string? PartOf = null,
    bool GapBefore = false)
{
    /// <summary>How long the status this event sets lasts; null for events that set none.</summary>
    public StatusEnd? Ends { get; init; }

    /// <summary>Hours a day without the utility under a <c>utility-partial</c> event, when recorded.</summary>
    public double? HoursPerDay { get; init; }

    public bool Equals(EventContent? other) =>
        other is not null
        && When == other.When && PlaceId == other.PlaceId && GeoPrecision == other.GeoPrecision && Type == other.Type
        && Utility == other.Utility && RouteId == other.RouteId && Actor1 == other.Actor1 && Actor2 == other.Actor2
        && Fatalities == other.Fatalities && Notes == other.Notes && SourceIds.SequenceEqual(other.SourceIds)
        && PartOf == other.PartOf && GapBefore == other.GapBefore
        && Ends == other.Ends && HoursPerDay == other.HoursPerDay;

    public override int GetHashCode() => HashCode.Combine(When, PlaceId, Type, Notes);
}

/// <summary>
/// One version of an event. Versions are never changed: an edit adds version n + 1, and every version
/// stays readable with who recorded it, when and why.
/// </summary>
/// <param name="Version">1 for the first recording, then 2, 3, ...</param>
/// <param name="Stage">Where the event stood in its review when this version was recorded.</param>
public sealed record EventVersion(string SituationId, string Id, int Version, EventContent Content, Recording Recorded, Access.EventStage Stage);
