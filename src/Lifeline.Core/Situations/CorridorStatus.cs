namespace Lifeline.Core.Situations;

/// <summary>
/// How passable a route is on a day, in rising order of restriction: the numeric order is the severity.
/// </summary>
public enum CorridorStatus
{
    /// <summary>No sourced record says: before any event about the route, unless the situation declares a baseline.</summary>
    /// <remarks>Below every status, so that whatever is known of a day outweighs it; never set by an event.</remarks>
    Unknown = -1,

    /// <summary>Normal civilian traffic.</summary>
    Open = 0,

    /// <summary>Civilian traffic passes, under restrictions (controls, one direction, quotas).</summary>
    Restricted = 1,

    /// <summary>Only humanitarian movements pass (the ICRC, peacekeepers); no civilian traffic.</summary>
    HumanitarianOnly = 2,

    /// <summary>Nothing passes, humanitarian traffic included.</summary>
    Closed = 3,
}

/// <summary>The kinds of supply a besieged area depends on through a single line.</summary>
public enum Utility
{
    Gas,
    Electricity,
    Internet,
    Water,
}

/// <summary>How a utility is supplied on a day, in rising order of severity.</summary>
public enum UtilityStatus
{
    /// <summary>No sourced record says: before any event about the utility, unless the situation declares a baseline.</summary>
    /// <remarks>Below every status, so that whatever is known of a day outweighs it; never set by an event.</remarks>
    Unknown = -1,

    Available = 0,

    /// <summary>Partly restored, or rationed (rolling blackouts, a few hours a day).</summary>
    Partial = 1,

    Cut = 2,
}
