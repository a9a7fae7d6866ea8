using System.Text.Json.Nodes;
using Lifeline.Core.Claims;
using Lifeline.Core.Common;

namespace Lifeline.Claims;

/// <summary>
/// A reviewed, public claim as schema.org ClaimReview JSON-LD, so that fact-checkers and search engines can read it:
/// <c>claimReviewed</c> (the claim's text), <c>itemReviewed</c> (a Claim with its <c>author</c>, <c>datePublished</c>
/// and <c>appearance</c>, the pages that reported it), <c>reviewRating</c>, <c>author</c> (the organisation running
/// this Lifeline, at its public origin), <c>url</c> and <c>datePublished</c> (the day of the review).
/// </summary>
/// <remarks>
/// The rating is on a scale of 1 (contradicted by the record) to 3 (supported), mixed at 2, with the standing in words
/// as <c>alternateName</c>. A claim the record cannot check gets no number, only its words: a number would place it on
/// the scale from false to true, where it does not belong.
/// </remarks>
internal static class ClaimReviewJsonLd
{
    public const int WorstRating = 1;
    public const int BestRating = 3;

    public static string Of(Claim claim, Uri url, Uri organisation, IReadOnlyList<ClaimAppearance> appearances)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var verdict = claim.Verdict ?? throw new ArgumentException("only a reviewed claim has a ClaimReview", nameof(claim));
        var rating = new JsonObject
        {
            ["@type"] = "Rating",
            ["alternateName"] = Words(verdict.Standing),
        };
        if (Value(verdict.Standing) is { } value)
        {
            rating["ratingValue"] = value;
            rating["worstRating"] = WorstRating;
            rating["bestRating"] = BestRating;
        }
        var review = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "ClaimReview",
            ["url"] = url.ToString(),
            ["datePublished"] = RecordDates.Day(verdict.On),
            ["claimReviewed"] = claim.Text,
            ["itemReviewed"] = new JsonObject
            {
                ["@type"] = "Claim",
                // A claim's actor is a person, a state or a body, in words; it is named without guessing which.
                ["author"] = new JsonObject { ["name"] = claim.Actor },
                ["datePublished"] = RecordDates.Day(claim.Made),
                ["appearance"] = new JsonArray(appearances.Select(a => (JsonNode?)Appearance(a)).ToArray()),
            },
            ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = "Lifeline", ["url"] = organisation.ToString() },
            ["reviewRating"] = rating,
            ["reviewBody"] = verdict.Note,
        };
        // The default encoder escapes '<', '>' and '&', so the document cannot close the script element it sits in.
        return review.ToJsonString();
    }

    public static int? Value(ClaimStanding standing) => standing switch
    {
        ClaimStanding.Contradicted => 1,
        ClaimStanding.Mixed => 2,
        ClaimStanding.Supported => 3,
        _ => null,
    };

    public static string Words(ClaimStanding standing) => standing switch
    {
        ClaimStanding.Contradicted => "Contradicted by the record",
        ClaimStanding.Supported => "Supported by the record",
        ClaimStanding.Mixed => "Mixed: partly supported, partly contradicted by the record",
        _ => "Not checkable against the record",
    };

    private static JsonObject Appearance(ClaimAppearance a)
    {
        var work = new JsonObject { ["@type"] = "CreativeWork", ["url"] = a.Url, ["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = a.Publisher } };
        if (a.Published is { } day)
        {
            work["datePublished"] = RecordDates.Day(day);
        }
        return work;
    }
}
