using Lifeline.Core.Access;
using Lifeline.Core.Legal;

namespace Lifeline.Core.Claims;

/// <summary>What a claim does, in the words fact-checkers use.</summary>
public enum ClaimType
{
    /// <summary>Says that something recorded did not happen ("there is no blockade").</summary>
    Denial,

    /// <summary>Gives a reason for an act ("crossings are suspended because of smuggling").</summary>
    Justification,

    /// <summary>Answers an accusation with one against the accuser.</summary>
    CounterAccusation,

    /// <summary>Presents two unlike things as the same.</summary>
    FalseEquivalence,

    /// <summary>States a fact that can be held against the record ("traffic resumed on 26 June").</summary>
    FactualAssertion,
}

/// <summary>What a claim is about.</summary>
public enum ClaimSubject
{
    Corridor,
    Supplies,
    Convoys,
    Actors,
}

/// <summary>How a claim stands against the record.</summary>
public enum ClaimStanding
{
    /// <summary>The record shows the opposite.</summary>
    Contradicted,

    /// <summary>The record shows the same.</summary>
    Supported,

    /// <summary>The record shows it in part and contradicts it in part.</summary>
    Mixed,

    /// <summary>The record holds nothing that can confirm or refute it (a motive, a prediction, a day nobody recorded).</summary>
    NotCheckable,
}

/// <summary>
/// The part of a claim that can be held against the derived record: a rule in the language of obligations
/// (<see cref="ObligationRule"/>, docs/legal.md "Rules") over a span of days, first and last included. "The road is
/// open" from D1 to D2 is <c>route-open(lachin-corridor)</c> from D1 to D2; "supplies got through" on a day is
/// <c>event(convoy-passed)</c>.
/// </summary>
/// <param name="Words">What the claim asserts, in words (for the page); the rule is what is checked.</param>
public sealed record ClaimAssertion(ObligationRule Rule, DateOnly From, DateOnly To, string Words)
{
    /// <summary>The longest span an assertion covers (ten years), so that a check costs a bounded calendar.</summary>
    public const int MaxDays = 3_660;

    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>
/// A verifier's finding on a claim: its standing against the record, why, and the evidence it rests on (events of
/// the situation, sources). The automatic check informs it; the verifier decides it.
/// </summary>
/// <param name="By">Who reviewed it (a person's name, or the organisation for a loaded file).</param>
public sealed record ClaimVerdict(
    ClaimStanding Standing,
    string Note,
    IReadOnlyList<string> Events,
    IReadOnlyList<string> Sources,
    string By,
    DateOnly On);

/// <summary>
/// A statement by an actor, dated and placed, quoted or summarised, with the sources that report it (at least one: a
/// claim nobody reported is not recorded), its type, what it is about, and (optionally) the assertion about days that
/// Lifeline can check against the derived record. Its <see cref="Verdict"/> is null until a verifier reviews it; it is
/// public once reviewed and published (<see cref="Stage"/>).
/// </summary>
/// <param name="Actor">Who made it, in words ("President Ilham Aliyev of Azerbaijan").</param>
/// <param name="Made">The day it was made (or first reported, when the sources give no earlier day).</param>
/// <param name="Where">Where or in what it was made ("Munich Security Conference"); null when the sources do not say.</param>
/// <param name="Quoted">True when <paramref name="Text"/> is the actor's words; false when it is a summary.</param>
public sealed record Claim(
    string Id,
    string Actor,
    DateOnly Made,
    string? Where,
    string Text,
    bool Quoted,
    ClaimType Type,
    IReadOnlyList<ClaimSubject> Subjects,
    IReadOnlyList<string> Sources,
    ClaimAssertion? Assertion,
    ClaimVerdict? Verdict,
    EventStage Stage);
