using Lifeline.Core.Events;
using Lifeline.Core.Sources;

namespace Lifeline.Core.Tests.Events;

public sealed class VerificationTests
{
    private static Source Graded(string id, string publisher, SourceReliability reliability = SourceReliability.B, InformationCredibility credibility = InformationCredibility.ProbablyTrue) =>
        Builders.Source(id, publisher, reliability, credibility);

    [Fact]
    public void Assess_OneGoodSource_IsUnverified() =>
        Assert.Equal("unverified: only one independent source graded A–C / 1–3", Verification.Explain([Graded("a", "ICRC")], []).ToString());

    [Fact]
    public void Assess_TwoGoodSourcesOfOnePublisher_IsUnverified() =>
        Assert.Equal(VerificationState.Unverified, Verification.Assess([Graded("a", "news.am"), Graded("b", "News.am ")], []));

    [Fact]
    public void Assess_TwoPublishersGradedB2AndC3_IsCorroborated() =>
        Assert.Equal("corroborated: 2 independent sources graded A–C / 1–3", Verification.Explain(
            [Graded("a", "ICRC"), Graded("b", "OCHA", SourceReliability.C, InformationCredibility.PossiblyTrue)], []).ToString());

    [Fact]
    public void Assess_TwoPublishersNotGraded_IsUnverifiedAndSaysSo()
    {
        var finding = Verification.Explain([Builders.Source("a", "ICRC"), Builders.Source("b", "OCHA")], []);
        Assert.Equal(VerificationState.Unverified, finding.State);
        Assert.Equal("unverified: sources not yet graded", finding.ToString());
    }

    [Fact]
    public void Assess_OneGradedOneNot_SaysWhatIsMissing() =>
        Assert.Equal("unverified: only one independent source graded A–C / 1–3; 1 of 2 not yet graded",
            Verification.Explain([Graded("a", "ICRC"), Builders.Source("b", "OCHA")], []).ToString());

    [Theory]
    [InlineData(SourceReliability.D, InformationCredibility.ProbablyTrue)]
    [InlineData(SourceReliability.E, InformationCredibility.ConfirmedByOtherSources)]
    [InlineData(SourceReliability.F, InformationCredibility.ConfirmedByOtherSources)]
    [InlineData(SourceReliability.A, InformationCredibility.Doubtful)]
    [InlineData(SourceReliability.B, InformationCredibility.Improbable)]
    [InlineData(SourceReliability.A, InformationCredibility.CannotBeJudged)]
    public void Assess_SecondSourceGradedBelowTheBar_DoesNotCorroborate(SourceReliability reliability, InformationCredibility credibility) =>
        Assert.Equal("unverified: only one independent source graded A–C / 1–3", Verification.Explain(
            [Graded("a", "ICRC"), Graded("b", "OCHA", reliability, credibility)], []).ToString());

    [Theory]
    [InlineData(SourceReliability.A, InformationCredibility.ConfirmedByOtherSources)]
    [InlineData(SourceReliability.C, InformationCredibility.PossiblyTrue)]
    public void Assess_GradesAtTheEdgesOfTheBar_Corroborate(SourceReliability reliability, InformationCredibility credibility) =>
        Assert.Equal(VerificationState.Corroborated, Verification.Assess(
            [Graded("a", "ICRC", reliability, credibility), Graded("b", "OCHA", reliability, credibility)], []));

    [Fact]
    public void Assess_NoSources_IsUnverified() =>
        Assert.Equal("unverified: no source cited", Verification.Explain([], []).ToString());

    [Fact]
    public void Assess_DisputedReview_WinsOverCorroboration() =>
        Assert.Equal(VerificationState.Disputed, Verification.Assess(
            [Graded("a", "ICRC"), Graded("b", "OCHA")], [Builders.Review(ReviewVerdict.Disputed)]));

    [Fact]
    public void Assess_LatestReviewDecides() =>
        Assert.Equal(VerificationState.Verified, Verification.Assess(
            [Builders.Source("a", "ICRC")], [Builders.Review(ReviewVerdict.Disputed), Builders.Review(ReviewVerdict.Verified)]));
}
