using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Core.Sources;

namespace Lifeline.Core.Events;

/// <summary>How far an event has been checked.</summary>
public enum VerificationState
{
    /// <summary>
    /// Fewer than two independent sources graded well enough (<see cref="AdmiraltyGrade.CountsTowardCorroboration"/>),
    /// including sources not graded yet, and no review.
    /// </summary>
    Unverified,

    /// <summary>
    /// At least two sources from different publishers, each graded reliable enough (A–C) and its report credible enough
    /// (1–3), and no review.
    /// </summary>
    Corroborated,

    /// <summary>A reviewer checked it and found it holds.</summary>
    Verified,

    /// <summary>A reviewer found that sources conflict or that it does not hold.</summary>
    Disputed,
}

public enum ReviewVerdict
{
    Verified,
    Disputed,
}

/// <summary>A reviewer's finding on an event, with the reason.</summary>
public sealed record Review(string SituationId, string EventId, ReviewVerdict Verdict, string Note, DateTimeOffset At, string By);

/// <summary>An event's verification state and, in words a reader understands, why it is that.</summary>
/// <param name="Why">e.g. "sources not yet graded", "2 independent sources graded A–C / 1–3".</param>
public sealed record VerificationFinding(VerificationState State, string Why)
{
    /// <summary>The state and why, e.g. "unverified: sources not yet graded".</summary>
    public override string ToString() => $"{KebabCase.Of(State)}: {Why}";
}

/// <summary>
/// Derives an event's verification state from its sources and reviews; it is never typed in. The latest review
/// decides. Without one, an event is <see cref="VerificationState.Corroborated"/> when at least two of its sources from
/// different publishers (compared without case and surrounding space) are graded A–C for reliability and 1–3 for
/// credibility on the Admiralty scale; otherwise it is unverified, and a source still graded F6 counts as not graded.
/// </summary>
public static class Verification
{
    /// <summary>How many independent, well-graded sources corroborate an event.</summary>
    public const int IndependentSourcesNeeded = 2;

    /// <param name="sources">The sources the event's current version cites.</param>
    /// <param name="reviews">Reviews of the event in the order they were made; the latest decides.</param>
    public static VerificationState Assess(IEnumerable<Source> sources, IEnumerable<Review> reviews) => Explain(sources, reviews).State;

    /// <inheritdoc cref="Assess"/>
    public static VerificationFinding Explain(IEnumerable<Source> sources, IEnumerable<Review> reviews)
    {
        var latest = reviews.LastOrDefault();
        if (latest is not null)
        {
            return latest.Verdict switch
            {
                ReviewVerdict.Disputed => new(VerificationState.Disputed, "a reviewer found that its sources conflict or that it does not hold"),
                ReviewVerdict.Verified => new(VerificationState.Verified, "a reviewer checked it and found that it holds"),
            };
        }
        var cited = sources.ToList();
        if (cited.Count == 0)
        {
            return new(VerificationState.Unverified, "no source cited");
        }
        var independent = cited
            .Where(s => s.Grade.CountsTowardCorroboration)
            .Select(s => s.Publisher.Trim().ToUpperInvariant())
            .Distinct(StringComparer.Ordinal)
            .Count();
        if (independent >= IndependentSourcesNeeded)
        {
            return new(VerificationState.Corroborated, $"{Count(independent)} independent sources graded A–C / 1–3");
        }
        var ungraded = cited.Count(s => !s.Grade.IsGraded);
        if (ungraded == cited.Count)
        {
            return new(VerificationState.Unverified, cited.Count == 1 ? "its source is not yet graded" : "sources not yet graded");
        }
        var graded = independent == 0
            ? "no source graded A–C / 1–3"
            : "only one independent source graded A–C / 1–3";
        return new(VerificationState.Unverified, ungraded == 0
            ? graded
            : $"{graded}; {Count(ungraded)} of {Count(cited.Count)} not yet graded");
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
