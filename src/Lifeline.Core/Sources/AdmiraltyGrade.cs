namespace Lifeline.Core.Sources;

/// <summary>
/// Admiralty (NATO STANAG 2511) source reliability, graded from the source's track record:
/// A (completely reliable) to E (unreliable); F means reliability cannot be judged.
/// </summary>
public enum SourceReliability
{
    A = 1,
    B = 2,
    C = 3,
    D = 4,
    E = 5,
    F = 6,
}

/// <summary>
/// Admiralty information credibility, graded for one report independently of its source:
/// 1 (confirmed by other sources) to 5 (improbable); 6 means the truth cannot be judged.
/// </summary>
public enum InformationCredibility
{
    ConfirmedByOtherSources = 1,
    ProbablyTrue = 2,
    PossiblyTrue = 3,
    Doubtful = 4,
    Improbable = 5,
    CannotBeJudged = 6,
}

/// <summary>
/// A two-part Admiralty grade such as <c>B2</c>. The default value is <c>F6</c>: nothing judged.
/// </summary>
public readonly record struct AdmiraltyGrade(SourceReliability Reliability, InformationCredibility Credibility)
{
    public static AdmiraltyGrade Ungraded => new(SourceReliability.F, InformationCredibility.CannotBeJudged);

    /// <summary>Reads a reliability letter (A–F, either case); null when it is not one.</summary>
    public static SourceReliability? ParseReliability(string? letter) =>
        letter?.Trim().ToUpperInvariant() switch
        {
            "A" => SourceReliability.A,
            "B" => SourceReliability.B,
            "C" => SourceReliability.C,
            "D" => SourceReliability.D,
            "E" => SourceReliability.E,
            "F" => SourceReliability.F,
            _ => null,
        };

    /// <summary>Reads a credibility digit (1–6); null when it is not one.</summary>
    public static InformationCredibility? ParseCredibility(int? digit) =>
        digit is >= 1 and <= 6 ? (InformationCredibility)digit.Value : null;

    public static string Label(SourceReliability reliability) => reliability switch
    {
        SourceReliability.A => "Completely reliable",
        SourceReliability.B => "Usually reliable",
        SourceReliability.C => "Fairly reliable",
        SourceReliability.D => "Not usually reliable",
        SourceReliability.E => "Unreliable",
        SourceReliability.F => "Reliability cannot be judged",
    };

    public static string Label(InformationCredibility credibility) => credibility switch
    {
        InformationCredibility.ConfirmedByOtherSources => "Confirmed by other sources",
        InformationCredibility.ProbablyTrue => "Probably true",
        InformationCredibility.PossiblyTrue => "Possibly true",
        InformationCredibility.Doubtful => "Doubtful",
        InformationCredibility.Improbable => "Improbable",
        InformationCredibility.CannotBeJudged => "Truth cannot be judged",
    };

    /// <summary>The short code, e.g. <c>B2</c>.</summary>
    public string Code => $"{Reliability}{(int)Credibility}";

    /// <summary>Both labels, e.g. "Usually reliable / Probably true".</summary>
    public string Description => $"{Label(Reliability)} / {Label(Credibility)}";

    /// <summary>
    /// Whether a report with this grade counts toward corroboration: its source is at least fairly reliable (A–C) and
    /// the report itself at least possibly true (1–3). A grade of D–F or 4–6 (not usually reliable, unreliable, cannot
    /// be judged; doubtful, improbable, cannot be judged) does not count, and neither does the default F6.
    /// </summary>
    public bool CountsTowardCorroboration =>
        (Reliability is SourceReliability.A or SourceReliability.B or SourceReliability.C)
        && (Credibility is InformationCredibility.ConfirmedByOtherSources or InformationCredibility.ProbablyTrue or InformationCredibility.PossiblyTrue);

    /// <summary>False for F6, the grade a source has until a verifier grades it (nothing judged yet).</summary>
    public bool IsGraded => this != Ungraded;

    public override string ToString() => Code;
}
