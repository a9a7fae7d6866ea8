using Lifeline.Core.Claims;
using Lifeline.Core.Legal;

namespace Lifeline.Core.Tests.Claims;

public sealed class ClaimValidatorTests
{
    private static readonly Lifeline.Core.Situations.Situation Situation = Builders.Situation(new DateOnly(2022, 12, 12), null, "lachin-corridor");
    private static readonly HashSet<string> Sources = ["src-1", "src-2"];
    private static readonly HashSet<string> Events = ["2022-12-12-blockade-begins"];

    private static readonly ClaimDraft NoBlockade = new()
    {
        Actor = "President of Azerbaijan",
        Made = "2023-02-18",
        Where = "Munich Security Conference",
        Text = "There is no blockade.",
        Type = "denial",
        Subjects = ["corridor", "convoys"],
        Sources = ["src-1"],
        Rule = "route-open(lachin-corridor)",
        From = "2022-12-12",
        To = "2023-02-18",
        Asserts = "the road is open",
    };

    private static (Claim? Claim, Common.ValidationErrors Errors) Validate(ClaimDraft draft, string? id = "no-blockade") =>
        ClaimValidator.Validate(Situation, Sources, draft, id, Builders.Today);

    [Fact]
    public void Validate_Valid_ReadsTheClaimAndItsAssertion()
    {
        var (claim, errors) = Validate(NoBlockade);
        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(ClaimType.Denial, claim!.Type);
        Assert.Equal([ClaimSubject.Corridor, ClaimSubject.Convoys], claim.Subjects);
        Assert.Equal(new RouteOpen("lachin-corridor"), claim.Assertion!.Rule);
        Assert.Equal(69, claim.Assertion.Days);
        Assert.Null(claim.Verdict);
    }

    [Fact]
    public void Validate_NoSource_Refused()
    {
        var (claim, errors) = Validate(NoBlockade with { Sources = [] });
        Assert.Null(claim);
        Assert.Contains("sources", errors.Fields);
    }

    [Fact]
    public void Validate_UnknownSourceTypeAndSubject_EachNamed()
    {
        var (_, errors) = Validate(NoBlockade with { Sources = ["nowhere"], Type = "rumour", Subjects = ["weather"] });
        Assert.Contains("there is no source 'nowhere'", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal(["sources", "subjects", "type"], errors.Fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_WithoutAssertion_IsAClaimThatIsNotCheckedAutomatically()
    {
        var (claim, errors) = Validate(NoBlockade with { Rule = null, From = null, To = null, Asserts = null });
        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Null(claim!.Assertion);
    }

    [Fact]
    public void Validate_AssertionDaysBackwards_OrUnknownRoute_OrBadTerm_Named()
    {
        Assert.Contains("to", Validate(NoBlockade with { From = "2023-02-18", To = "2023-02-01" }).Errors.Fields);
        Assert.Contains("there is no route 'aghdam'", Validate(NoBlockade with { Rule = "route-open(aghdam)" }).Errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("unknown term 'road-free'", Validate(NoBlockade with { Rule = "road-free" }).Errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("rule", Validate(NoBlockade with { Rule = null }).Errors.Fields);
    }

    [Fact]
    public void Validate_NoId_Refused()
    {
        Assert.Contains("id", Validate(NoBlockade, id: "Not An Id").Errors.Fields);
    }

    [Fact]
    public void ValidateReview_Contradicted_NeedsEvidence_AndKnownEvents()
    {
        var on = new DateOnly(2023, 3, 1);
        var bare = ClaimValidator.ValidateReview(Sources, Events, new ClaimReviewDraft { Standing = "contradicted", Note = "The record says closed." }, "verifier", on);
        Assert.Contains("events", bare.Errors.Fields);
        var unknown = ClaimValidator.ValidateReview(Sources, Events, new ClaimReviewDraft { Standing = "contradicted", Note = "x", Events = ["nothing"] }, "verifier", on);
        Assert.Contains("there is no event 'nothing'", unknown.Errors.ToString(), StringComparison.Ordinal);
        var good = ClaimValidator.ValidateReview(Sources, Events, new ClaimReviewDraft { Standing = "contradicted", Note = "x", Events = ["2022-12-12-blockade-begins"] }, "verifier", on);
        Assert.Equal(ClaimStanding.Contradicted, good.Verdict!.Standing);
        var notCheckable = ClaimValidator.ValidateReview(Sources, Events, new ClaimReviewDraft { Standing = "not-checkable", Note = "A motive." }, "verifier", on);
        Assert.True(notCheckable.Errors.IsEmpty, notCheckable.Errors.ToString());
        Assert.Contains("standing", ClaimValidator.ValidateReview(Sources, Events, new ClaimReviewDraft { Standing = "false", Note = "x" }, "v", on).Errors.Fields);
    }
}
