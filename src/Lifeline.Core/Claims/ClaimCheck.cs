using Lifeline.Core.Legal;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Claims;

/// <summary>
/// What the derived record says of a claim's assertion, day by day: the same evaluation as an obligation's compliance
/// (<see cref="Compliance"/>), over the same calendar, so that a claim and an order are read against one record. A day
/// on which the rule holds supports the claim, one on which it does not contradicts it, and one the record does not
/// settle is unknown.
/// </summary>
public sealed record ClaimCheck(ClaimAssertion Assertion, IReadOnlyList<ComplianceDay> Days)
{
    public int DaysSupported => Days.Count(d => d.State == ComplianceState.Complied);

    public int DaysContradicted => Days.Count(d => d.State == ComplianceState.NotComplied);

    public int DaysUnknown => Days.Count(d => d.State == ComplianceState.Unknown);

    /// <summary>
    /// The standing the record suggests: supported when every day it settles supports the claim, contradicted when
    /// every such day contradicts it, mixed when it settles days both ways, not checkable when it settles none. Unknown
    /// days do not count either way. A verifier confirms it or decides otherwise.
    /// </summary>
    public ClaimStanding Suggested => (DaysSupported, DaysContradicted) switch
    {
        (0, 0) => ClaimStanding.NotCheckable,
        (_, 0) => ClaimStanding.Supported,
        (0, _) => ClaimStanding.Contradicted,
        _ => ClaimStanding.Mixed,
    };

    /// <summary>The events that decide the days, each once, in the order of the days.</summary>
    public IReadOnlyList<string> DecidingEvents => Days.SelectMany(d => d.DecidingEvents).Distinct(StringComparer.Ordinal).ToList();

    /// <param name="calendar">The derived calendar (<see cref="SituationCalendar.Compute"/>) covering the assertion's days; a day it lacks is unknown.</param>
    /// <param name="events">The events the rule may read (those of the types it names), in any order.</param>
    public static ClaimCheck Evaluate(Situation situation, ClaimAssertion assertion, IReadOnlyList<DayStatus> calendar, IEnumerable<RecordedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        // An assertion is read as an obligation in force on exactly its days: one evaluation for orders and claims.
        var asObligation = new Obligation("claim", "claim", "", assertion.From, assertion.To, assertion.Words, assertion.Rule, []);
        var summary = Compliance.Evaluate(situation, asObligation, calendar, events, [], assertion.From, assertion.To);
        return new ClaimCheck(assertion, summary.Days);
    }
}
