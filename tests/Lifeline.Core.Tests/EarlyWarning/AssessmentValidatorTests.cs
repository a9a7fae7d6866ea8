using Lifeline.Core.EarlyWarning;
using static Lifeline.Core.Tests.EarlyWarning.EarlyWarningBuilders;

namespace Lifeline.Core.Tests.EarlyWarning;

public sealed class AssessmentValidatorTests
{
    private static readonly DateOnly Today = new(2023, 9, 19);

    private static readonly AssessmentReferences References = new(
        new HashSet<string> { "e1", "e2" }, new HashSet<string> { "src-1" }, new HashSet<string> { "ev-1" });

    private static AssessmentDraft Valid() => new()
    {
        Indicator = "7.6",
        AsOf = "2023-01-12",
        Status = "present",
        Confidence = "high",
        Events = ["e1"],
        StantonStages = [7],
    };

    [Fact]
    public void Validate_ValidDraft_GivesContent()
    {
        var (content, errors) = AssessmentValidator.Validate(Valid(), Catalogue, References, Today);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(new IndicatorId(7, 6), content!.Subject);
        Assert.Equal(IndicatorStatus.Present, content.Status);
        Assert.Equal(Confidence.High, content.Confidence);
        Assert.Equal(["e1"], content.EventIds);
        Assert.Equal([7], content.StantonStages);
    }

    [Fact]
    public void Validate_WholeFactor_IsAccepted()
    {
        var (content, errors) = AssessmentValidator.Validate(Valid() with { Indicator = "14" }, Catalogue, References, Today);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.True(content!.Subject.IsWholeFactor);
    }

    [Fact]
    public void Validate_NoEvidence_NamesTheEvidenceField()
    {
        var (content, errors) = AssessmentValidator.Validate(Valid() with { Events = [] }, Catalogue, References, Today);

        Assert.Null(content);
        Assert.Contains("evidence", errors.Fields);
    }

    [Theory]
    [InlineData("7.99")]
    [InlineData("15")]
    [InlineData("1.1")]
    [InlineData("seven")]
    [InlineData(null)]
    public void Validate_UnknownIndicator_NamesTheIndicatorField(string? indicator)
    {
        var (content, errors) = AssessmentValidator.Validate(Valid() with { Indicator = indicator }, Catalogue, References, Today);

        Assert.Null(content);
        Assert.Equal(["indicator"], errors.Fields);
    }

    [Fact]
    public void Validate_FutureDate_NamesTheAsOfField()
    {
        var (content, errors) = AssessmentValidator.Validate(Valid() with { AsOf = "2023-09-20" }, Catalogue, References, Today);

        Assert.Null(content);
        Assert.Equal(["asOf"], errors.Fields);
    }

    [Fact]
    public void Validate_UnknownEventAndBadStatus_NameEachField()
    {
        var (_, errors) = AssessmentValidator.Validate(Valid() with { Events = ["nope"], Status = "maybe", StantonStages = [11] }, Catalogue, References, Today);

        Assert.Contains("events[0]", errors.Fields);
        Assert.Contains("status", errors.Fields);
        Assert.Contains("stantonStages", errors.Fields);
        Assert.DoesNotContain("evidence", errors.Fields);
    }
}
