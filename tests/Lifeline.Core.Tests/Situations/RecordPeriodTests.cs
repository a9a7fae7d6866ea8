using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;
using Lifeline.Core.Events;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Tests.Situations;

public sealed class RecordPeriodTests
{
    private static readonly RecordPeriod Lachin = new("lachin-2022", new DateOnly(2022, 12, 1), new DateOnly(2023, 11, 17));

    private static ValidationErrors Validate(string date, int precision = 1) =>
        EventValidator.Validate(Builders.ValidDraft() with { Date = date, TimePrecision = precision }, Builders.References() with { Period = Lachin }, Builders.Today).Errors;

    [Theory]
    [InlineData("2022-11-30")]
    [InlineData("2023-11-18")]
    public void Event_TheDayBeforeOrAfterThePeriod_IsRefusedNamingIt(string date)
    {
        var errors = Validate(date);
        Assert.Equal([$"{date} is outside the record period of lachin-2022, 1 Dec 2022 – 17 Nov 2023: widen the period first"], errors.ToDictionary()["date"]);
    }

    [Theory]
    [InlineData("2022-12-01", 1)]
    [InlineData("2023-11-17", 1)]
    [InlineData("2022-12-05", 2)] // a Monday
    [InlineData("2022-12-31", 3)]
    public void Event_WhoseEarliestDayFits_IsTaken(string date, int precision) => Assert.True(Validate(date, precision).IsEmpty, Validate(date, precision).ToString());

    [Theory]
    [InlineData("2022-12-04", 2, "2022-11-28")] // a Sunday: its week began on Monday 28 Nov
    [InlineData("2022-12-04", 3, "2022-12-01")]
    public void EarliestDay_IsTheStartOfTheWeekOrMonth(string date, int precision, string earliest) =>
        Assert.Equal(DateOnly.Parse(earliest, System.Globalization.CultureInfo.InvariantCulture),
            EventValidator.EarliestDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), (TimePrecision)precision));

    [Fact]
    public void Event_OnlyItsWeekKnown_ReachingBeforeThePeriod_IsRefused() =>
        Assert.StartsWith("2022-12-04 (as early as 2022-11-28", Assert.Single(Validate("2022-12-04", 2).ToDictionary()["date"]), StringComparison.Ordinal);

    [Fact]
    public void OpenPeriod_RunsToTomorrow()
    {
        var open = Lachin with { Until = null };
        Assert.True(open.Contains(Builders.Today.AddDays(1), Builders.Today));
        Assert.False(open.Contains(Builders.Today.AddDays(2), Builders.Today));
        Assert.Equal("1 Dec 2022 – (open: up to tomorrow)", open.ToString());
    }

    [Fact]
    public void Covers_AWiderPeriodCoversANarrowerOne_NotTheReverse()
    {
        var wider = Lachin with { From = new DateOnly(2022, 11, 1) };
        Assert.True(wider.Covers(Lachin));
        Assert.False(Lachin.Covers(wider));
        Assert.True((Lachin with { Until = null }).Covers(Lachin));
        Assert.False(Lachin.Covers(Lachin with { Until = null }));
    }

    [Theory]
    [InlineData("2022-12-13", null, "situation.recordFrom")]
    [InlineData(null, "2023-09-30", "situation.recordUntil")]
    public void Situation_APeriodThatDoesNotHoldTheSituation_IsRefused(string? from, string? until, string field)
    {
        var draft = new SituationDraft("s", "S", "R", "2022-12-12", "2023-10-01", null, []) { RecordFrom = from, RecordUntil = until };
        var (situation, errors) = SituationValidator.Validate(draft, new HashSet<string>(), new HashSet<string>(), Builders.Today);
        Assert.Null(situation);
        Assert.Equal([field], errors.Fields);
    }

    [Fact]
    public void Situation_StillGoingOn_TakesNoRecordUntil()
    {
        var draft = new SituationDraft("s", "S", "R", "2022-12-12", null, null, []) { RecordUntil = "2023-10-01" };
        Assert.Equal(["situation.recordUntil"], SituationValidator.Validate(draft, new HashSet<string>(), new HashSet<string>(), Builders.Today).Errors.Fields);
    }

    [Fact]
    public void Assessment_DatedAfterThePeriod_IsRefusedNamingIt()
    {
        var references = new AssessmentReferences(
            new Dictionary<string, KnownFrom>(), new Dictionary<string, KnownFrom> { ["src"] = new(new DateOnly(2022, 12, 1), "published") },
            new Dictionary<string, KnownFrom>(), Lachin);
        var draft = new AssessmentDraft { Indicator = "7.6", AsOf = "2023-11-18", Status = "present", Sources = ["src"] };
        var (_, errors) = AssessmentValidator.Validate(draft, EarlyWarning.EarlyWarningBuilders.Catalogue, references, Builders.Today);
        Assert.Contains("record period of lachin-2022", Assert.Single(errors.ToDictionary()["asOf"]), StringComparison.Ordinal);
    }
}
