using Lifeline.Core.Events;
using Lifeline.Core.Sources;

namespace Lifeline.Core.Tests.Events;

public sealed class VerificationTests
{
    [Fact]
    public void Assess_OneSource_IsUnverified() =>
        Assert.Equal(VerificationState.Unverified, Verification.Assess([Builders.Source("a", "ICRC")], []));

    [Fact]
    public void Assess_TwoSourcesOfOnePublisher_IsUnverified() =>
        Assert.Equal(VerificationState.Unverified, Verification.Assess([Builders.Source("a", "news.am"), Builders.Source("b", "News.am ")], []));

    [Fact]
    public void Assess_TwoPublishers_IsCorroborated() =>
        Assert.Equal(VerificationState.Corroborated, Verification.Assess([Builders.Source("a", "ICRC"), Builders.Source("b", "OCHA")], []));

    [Fact]
    public void Assess_SecondSourceUnreliable_DoesNotCorroborate() =>
        Assert.Equal(VerificationState.Unverified, Verification.Assess(
            [Builders.Source("a", "ICRC"), Builders.Source("b", "Rumour mill", SourceReliability.E)], []));

    [Fact]
    public void Assess_SecondReportImprobable_DoesNotCorroborate() =>
        Assert.Equal(VerificationState.Unverified, Verification.Assess(
            [Builders.Source("a", "ICRC"), Builders.Source("b", "OCHA", SourceReliability.B, InformationCredibility.Improbable)], []));

    [Fact]
    public void Assess_DisputedReview_WinsOverCorroboration() =>
        Assert.Equal(VerificationState.Disputed, Verification.Assess(
            [Builders.Source("a", "ICRC"), Builders.Source("b", "OCHA")], [Builders.Review(ReviewVerdict.Disputed)]));

    [Fact]
    public void Assess_LatestReviewDecides() =>
        Assert.Equal(VerificationState.Verified, Verification.Assess(
            [Builders.Source("a", "ICRC")], [Builders.Review(ReviewVerdict.Disputed), Builders.Review(ReviewVerdict.Verified)]));
}
