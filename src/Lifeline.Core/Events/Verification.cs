using Lifeline.Core.Sources;

namespace Lifeline.Core.Events;

/// <summary>How far an event has been checked.</summary>
public enum VerificationState
{
    /// <summary>One source, or several that do not count as independent.</summary>
    Unverified,

    /// <summary>At least two sources from different publishers, none graded unreliable or doubtful.</summary>
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

/// <summary>Derives an event's verification state from its sources and reviews; it is never typed in.</summary>
public static class Verification
{
    /// <param name="sources">The sources the event's current version cites.</param>
    /// <param name="reviews">Reviews of the event in the order they were made; the latest decides.</param>
    public static VerificationState Assess(IEnumerable<Source> sources, IEnumerable<Review> reviews)
    {
        var latest = reviews.LastOrDefault();
        if (latest is not null)
        {
            return latest.Verdict switch
            {
                ReviewVerdict.Disputed => VerificationState.Disputed,
                ReviewVerdict.Verified => VerificationState.Verified,
            };
        }
        var independentPublishers = sources
            .Where(s => s.Grade.CountsTowardCorroboration)
            .Select(s => s.Publisher.Trim().ToUpperInvariant())
            .Distinct(StringComparer.Ordinal)
            .Count();
        return independentPublishers >= 2 ? VerificationState.Corroborated : VerificationState.Unverified;
    }
}
