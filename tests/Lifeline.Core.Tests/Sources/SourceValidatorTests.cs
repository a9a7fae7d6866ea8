using Lifeline.Core.Sources;

namespace Lifeline.Core.Tests.Sources;

public sealed class SourceValidatorTests
{
    private static readonly SourceDraft Valid = new() { Publisher = "ICRC", Url = "https://www.icrc.org/en/document/x", Reliability = "b", Credibility = 2 };

    [Fact]
    public void Validate_Valid_GradesAndDerivesAStableId()
    {
        var (source, errors) = SourceValidator.Validate(Valid, Builders.Today);
        Assert.True(errors.IsEmpty);
        Assert.Equal("B2", source!.Grade.Code);
        Assert.StartsWith("icrc-org-", source.Id, StringComparison.Ordinal);
        Assert.Equal(source.Id, SourceValidator.Validate(Valid with { Publisher = "Someone else" }, Builders.Today).Source!.Id);
    }

    [Fact]
    public void Validate_NoGrade_IsF6CannotBeJudged()
    {
        var (source, _) = SourceValidator.Validate(Valid with { Reliability = null, Credibility = null }, Builders.Today);
        Assert.Equal(AdmiraltyGrade.Ungraded, source!.Grade);
        Assert.Equal("Reliability cannot be judged / Truth cannot be judged", source.Grade.Description);
    }

    [Theory]
    [InlineData("G", 2, "reliability")]
    [InlineData("A", 7, "credibility")]
    [InlineData("A", 0, "credibility")]
    public void Validate_GradeOutOfScale_NamesTheField(string reliability, int credibility, string field)
    {
        var (_, errors) = SourceValidator.Validate(Valid with { Reliability = reliability, Credibility = credibility }, Builders.Today, "newSources[0]");
        Assert.Contains($"newSources[0].{field}", errors.Fields);
    }

    [Theory]
    [InlineData("icrc.org")]
    [InlineData("ftp://icrc.org/x")]
    [InlineData("javascript:alert(1)")]
    public void Validate_NotAWebAddress_IsRefused(string url) =>
        Assert.Contains("url", SourceValidator.Validate(Valid with { Url = url }, Builders.Today).Errors.Fields);

    [Fact]
    public void Validate_NoPublisher_IsRefused() =>
        Assert.Contains("publisher", SourceValidator.Validate(Valid with { Publisher = " " }, Builders.Today).Errors.Fields);

    [Fact]
    public void Labels_FollowTheAdmiraltyScale()
    {
        Assert.Equal("Completely reliable", AdmiraltyGrade.Label(SourceReliability.A));
        Assert.Equal("Unreliable", AdmiraltyGrade.Label(SourceReliability.E));
        Assert.Equal("Confirmed by other sources", AdmiraltyGrade.Label(InformationCredibility.ConfirmedByOtherSources));
        Assert.Equal("Improbable", AdmiraltyGrade.Label(InformationCredibility.Improbable));
    }
}
