namespace Lifeline.Core.Legal;

/// <summary>What kind of institution a body is.</summary>
public enum BodyKind
{
    Court,
    Council,
    Committee,
    Mechanism,
}

/// <summary>A court, council, committee or mechanism before which proceedings are brought (the ICJ, the ECtHR, the Security Council).</summary>
public sealed record Body(string Id, string Name, BodyKind Kind, IReadOnlyList<string> Sources);

/// <summary>
/// A case or agenda item before a body: its name and number where it has one, its parties, and the day it was
/// opened (a filing, a first meeting). Its steps are dated on or after that day.
/// </summary>
/// <param name="Number">The body's reference ("General List No. 180"); null when the sources give none.</param>
public sealed record Proceeding(
    string Id,
    string BodyId,
    string Name,
    string? Number,
    IReadOnlyList<string> Parties,
    DateOnly Opened,
    IReadOnlyList<string> Sources);

/// <summary>What a step of a proceeding is.</summary>
public enum StepKind
{
    Filing,
    Hearing,
    Order,
    Judgment,
    Meeting,
    Statement,
}

/// <summary>How a decision was voted: so many for, so many against. Unanimity is <c>Against = 0</c>.</summary>
public readonly record struct Vote(int For, int Against)
{
    public override string ToString() => $"{For}–{Against}";
}

/// <summary>
/// One step of a proceeding on a day: a filing, a hearing, an order, a judgment, a meeting, a statement. Its
/// <paramref name="Decision"/> says what it decided or said, in the sources' words.
/// </summary>
/// <param name="Vote">The vote where there was one; null when there was no vote or the sources do not give it.</param>
/// <param name="Cites">
/// The obligations whose breach this step puts before its body (a reminder, a notification, a meeting about the
/// breach): the dates the body was told.
/// </param>
public sealed record ProceedingStep(
    string Id,
    string ProceedingId,
    DateOnly Date,
    StepKind Kind,
    Vote? Vote,
    string Decision,
    IReadOnlyList<string> Cites,
    IReadOnlyList<string> Sources);

/// <summary>
/// What a step requires of whom, from when until when, in words and as a rule over the record that Lifeline can
/// evaluate on any day (<see cref="ObligationRule"/>).
/// </summary>
/// <param name="StepId">The step that imposed it (an order, a statement).</param>
/// <param name="Bearer">Who must comply (a state, an actor), in words.</param>
/// <param name="From">The first day it is in force.</param>
/// <param name="Until">The last day it is in force; null: until revoked (or, for compliance, until the record ends).</param>
/// <param name="Text">What it requires, quoted or summarised from the sources.</param>
public sealed record Obligation(
    string Id,
    string StepId,
    string Bearer,
    DateOnly From,
    DateOnly? Until,
    string Text,
    ObligationRule Rule,
    IReadOnlyList<string> Sources)
{
    /// <summary>Whether it is in force on <paramref name="date"/>.</summary>
    public bool InForceOn(DateOnly date) => date >= From && (Until is not { } until || date <= until);
}
