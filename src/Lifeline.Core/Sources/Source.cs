namespace Lifeline.Core.Sources;

/// <summary>
/// A published report that an event cites: who published it, where, when, and how it is graded.
/// </summary>
/// <param name="Published">When the report was published, if known.</param>
/// <param name="Retrieved">When Lifeline's users read it, if known.</param>
/// <param name="ProtectIdentity">When true, the publisher and address are never shown publicly.</param>
public sealed record Source(
    string Id,
    string Publisher,
    Uri Url,
    string? Title,
    DateOnly? Published,
    DateOnly? Retrieved,
    AdmiraltyGrade Grade,
    bool ProtectIdentity);
