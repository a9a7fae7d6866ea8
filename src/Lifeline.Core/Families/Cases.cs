namespace Lifeline.Core.Families;

/// <summary>
/// Where a tracing case stands. It moves forward only (open → possible match → match confirmed → contact restored →
/// reunited), or is closed with a reason from any state but reunited; a wrong match goes back to open.
/// </summary>
public enum CaseStatus
{
    Open,
    PossibleMatch,
    MatchConfirmed,
    ContactRestored,
    Reunited,
    Closed,
}

/// <summary>Why a case was closed without a reunion.</summary>
public enum CloseReason
{
    FoundDeceased,
    Withdrawn,
    Duplicate,
    NoTrace,
}

/// <summary>The moves a case may make, each one a new version recorded with who made it and why.</summary>
public static class CaseTransitions
{
    public static bool IsAllowed(CaseStatus from, CaseStatus to) => (from, to) switch
    {
        (CaseStatus.Open, CaseStatus.PossibleMatch) => true,
        (CaseStatus.PossibleMatch, CaseStatus.MatchConfirmed) => true,
        // A proposed or even confirmed match that turns out wrong sends the case back to the search.
        (CaseStatus.PossibleMatch or CaseStatus.MatchConfirmed, CaseStatus.Open) => true,
        (CaseStatus.MatchConfirmed, CaseStatus.ContactRestored) => true,
        (CaseStatus.ContactRestored, CaseStatus.Reunited) => true,
        (not (CaseStatus.Reunited or CaseStatus.Closed), CaseStatus.Closed) => true,
        _ => false,
    };

    /// <summary>The states a case may move to from <paramref name="from"/>.</summary>
    public static IEnumerable<CaseStatus> Next(CaseStatus from) => Enum.GetValues<CaseStatus>().Where(to => IsAllowed(from, to));
}

/// <summary>A person sought in a tracing request and how the enquirer is related to them (mother, son, brother...).</summary>
public sealed record SoughtPerson(string PersonId, string Relation);

/// <summary>
/// An enquirer looking for one or more people, with what is known of how they were separated.
/// </summary>
/// <param name="LinkedEvents">Event ids in the situation (a corridor closure, an evacuation) the separation followed.</param>
public sealed record TracingRequest(
    string Id,
    string EnquirerId,
    IReadOnlyList<SoughtPerson> Sought,
    DateOnly? SeparatedOn,
    string? SeparatedAt,
    string? Circumstances,
    IReadOnlyList<string> LinkedEvents,
    CaseStatus Status,
    CloseReason? ClosedBecause);
