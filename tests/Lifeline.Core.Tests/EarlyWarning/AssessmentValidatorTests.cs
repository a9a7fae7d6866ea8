using Lifeline.Core.EarlyWarning;
using static Lifeline.Core.Tests.EarlyWarning.EarlyWarningBuilders;

namespace Lifeline.Core.Tests.EarlyWarning;

public sealed class AssessmentValidatorTests
{
    private static readonly DateOnly Today = new(2023, 9, 19);

    private static readonly DateOnly Early = new(2023, 1, 1);

    private static readonly AssessmentReferences References = new(
        new Dictionary<string, KnownFrom> { ["e1"] = new(Early, "test"), ["e2"] = new(Early, "test") },
        new Dictionary<string, KnownFrom> { ["src-1"] = new(Early, "test") },
        new Dictionary<string, KnownFrom> { ["ev-1"] = new(Early, "test") });

    /// <summary>A source published on 18 Aug, an event it first reported, an undated source recorded in Lifeline in 2026, a photo captured on 1 Aug.</summary>
    private static readonly AssessmentReferences Dated = new(
        new Dictionary<string, KnownFrom>
        {
            ["death"] = KnownFrom.Event(new(2023, 8, 15), [("report", KnownFrom.Source(new(2023, 8, 18), null, new(2026, 11, 26)))]),
            ["undated-event"] = KnownFrom.Event(new(2023, 2, 22), [("undated", KnownFrom.Source(null, null, new(2026, 11, 26)))]),
        },
        new Dictionary<string, KnownFrom>
        {
            ["report"] = KnownFrom.Source(new(2023, 8, 18), null, new(2026, 11, 26)),
            ["undated"] = KnownFrom.Source(null, null, new(2026, 11, 26)),
            ["retrieved"] = KnownFrom.Source(null, new(2023, 8, 1), new(2026, 11, 26)),
        },
        new Dictionary<string, KnownFrom> { ["photo"] = KnownFrom.Evidence(new(2023, 8, 1), new(2026, 11, 26)) });

    private static readonly DateOnly Now = new(2026, 11, 26);

    [Fact]
    public void Validate_SourcePublishedAfterAsOf_IsRefusedNamingTheSource()
    {
        var draft = Valid() with { AsOf = "2023-08-17", Events = [], Sources = ["report"] };

        var (content, errors) = AssessmentValidator.Validate(draft, Catalogue, Dated, Now);

        Assert.Null(content);
        Assert.Contains("sources[0]", errors.Fields);
        Assert.Contains("2023-08-18", errors.ToDictionary()["sources[0]"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SourcePublishedOnAsOf_IsAccepted()
    {
        var (content, errors) = AssessmentValidator.Validate(Valid() with { AsOf = "2023-08-18", Events = [], Sources = ["report"] }, Catalogue, Dated, Now);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.NotNull(content);
    }

    [Fact]
    public void Validate_EventKnownOnlyFromALaterReport_IsRefusedUntilTheReport()
    {
        var before = AssessmentValidator.Validate(Valid() with { AsOf = "2023-08-15", Events = ["death"] }, Catalogue, Dated, Now);
        var after = AssessmentValidator.Validate(Valid() with { AsOf = "2023-08-18", Events = ["death"] }, Catalogue, Dated, Now);

        Assert.Contains("events[0]", before.Errors.Fields);
        Assert.True(after.Errors.IsEmpty, after.Errors.ToString());
    }

    [Fact]
    public void Validate_UndatedSource_CountsFromRetrievalElseFromItsRecording()
    {
        var retrieved = AssessmentValidator.Validate(Valid() with { AsOf = "2023-08-01", Events = [], Sources = ["retrieved"] }, Catalogue, Dated, Now);
        var undated = AssessmentValidator.Validate(Valid() with { AsOf = "2023-08-01", Events = [], Sources = ["undated"] }, Catalogue, Dated, Now);
        var undatedEvent = AssessmentValidator.Validate(Valid() with { AsOf = "2023-02-22", Events = ["undated-event"] }, Catalogue, Dated, Now);
        var today = AssessmentValidator.Validate(Valid() with { AsOf = "2026-11-26", Events = ["undated-event"], Sources = ["undated"] }, Catalogue, Dated, Now);

        Assert.True(retrieved.Errors.IsEmpty, retrieved.Errors.ToString());
        Assert.Contains("sources[0]", undated.Errors.Fields);
        Assert.Contains("recorded in Lifeline on 2026-11-26", undated.Errors.ToDictionary()["sources[0]"][0], StringComparison.Ordinal);
        Assert.Contains("events[0]", undatedEvent.Errors.Fields);
        Assert.True(today.Errors.IsEmpty, today.Errors.ToString());
    }

    [Fact]
    public void Validate_EvidenceCapturedAfterAsOf_IsRefused()
    {
        var (_, errors) = AssessmentValidator.Validate(Valid() with { AsOf = "2023-07-31", Events = [], Evidence = ["photo"] }, Catalogue, Dated, Now);

        Assert.Contains("evidence[0]", errors.Fields);
    }

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
