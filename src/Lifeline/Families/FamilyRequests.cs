using Lifeline.Core.Common;
using Lifeline.Core.Families;

namespace Lifeline.Families;

/// <summary>
/// The body of <c>POST /api/v1/situations/{id}/families/people</c>: a person as given, and, to register them as safe,
/// where they are and their consent (<see cref="Safe"/>).
/// </summary>
public sealed record RecordPersonRequest
{
    public PersonDraft? Person { get; init; }
    public SafeDraft? Safe { get; init; }
}

/// <summary>A safe registration as it arrives: where the person is, whether they registered themselves, and the consent.</summary>
public sealed record SafeDraft
{
    [TextRule(InputLimits.Phrase)]
    public string? Whereabouts { get; init; }
    public bool? BySelf { get; init; }
    public ConsentDraft? Consent { get; init; }
}

/// <summary>One person sought: an existing person record (<see cref="PersonId"/>) or a new one (<see cref="Person"/>).</summary>
public sealed record SoughtDraft
{
    [TextRule(FamilyIds.MaxLength)]
    public string? PersonId { get; init; }
    public PersonDraft? Person { get; init; }
    [TextRule(InputLimits.Name)]
    public string? Relation { get; init; }
}

/// <summary>The body of <c>POST /api/v1/situations/{id}/families/requests</c>.</summary>
public sealed record OpenTracingRequest
{
    [TextRule(FamilyIds.MaxLength)]
    public string? Id { get; init; }
    [TextRule(FamilyIds.MaxLength)]
    public string? EnquirerId { get; init; }
    public PersonDraft? Enquirer { get; init; }
    [TextRule(InputLimits.Code, MaxItems = 20)]
    public IReadOnlyList<SoughtDraft>? Sought { get; init; }
    [TextRule(InputLimits.Code)]
    public string? SeparatedOn { get; init; }
    [TextRule(InputLimits.Phrase)]
    public string? SeparatedAt { get; init; }
    [TextRule(InputLimits.Note, TextLines.Many)]
    public string? Circumstances { get; init; }
    [TextRule(InputLimits.Id)]
    public IReadOnlyList<string>? LinkedEvents { get; init; }
}

/// <summary>
/// The body of <c>POST .../families/requests/{requestId}/status</c>: the next case status, with the candidate a
/// confirmed match names, the reason a closure gives, and why.
/// </summary>
public sealed record ChangeCaseStatusRequest
{
    [TextRule(InputLimits.Code)]
    public string? Status { get; init; }
    [TextRule(FamilyIds.MaxLength)]
    public string? SoughtId { get; init; }
    [TextRule(FamilyIds.MaxLength)]
    public string? CandidateId { get; init; }
    [TextRule(InputLimits.Code)]
    public string? CloseReason { get; init; }
    [TextRule(InputLimits.Reason, TextLines.Many)]
    public string? Reason { get; init; }
}

/// <summary>The body of <c>POST .../families/requests/{requestId}/disclosures</c>.</summary>
public sealed record DiscloseRequest
{
    [TextRule(FamilyIds.MaxLength)]
    public string? FoundPersonId { get; init; }
    [TextRule(InputLimits.Reason, TextLines.Many)]
    public string? BestInterestDecision { get; init; }
    [TextRule(InputLimits.Reason, TextLines.Many)]
    public string? Reason { get; init; }
}

/// <summary>The body of <c>POST .../families/people/{personId}/erase</c>.</summary>
public sealed record EraseRequest
{
    [TextRule(InputLimits.Reason, TextLines.Many)]
    public string? Reason { get; init; }
}
