using Lifeline.Core.Events;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Tests.Events;

public sealed class EventValidatorTests
{
    private static (EventContent? Content, IReadOnlyDictionary<string, string[]> Errors) Validate(EventDraft draft, IReadOnlyCollection<string>? extra = null)
    {
        var (content, errors) = EventValidator.Validate(draft, Builders.References(), Builders.Today, extra);
        return (content, errors.ToDictionary());
    }

    [Fact]
    public void Validate_ValidDraft_GivesContentWithDefaults()
    {
        var (content, errors) = Validate(Builders.ValidDraft());
        Assert.Empty(errors);
        Assert.NotNull(content);
        Assert.Equal(new DateOnly(2023, 3, 21), content.When.Day);
        Assert.Equal(TimePrecision.Day, content.When.Precision);
        Assert.Equal(GeoPrecision.Place, content.GeoPrecision);
        Assert.Equal(CorridorStatus.Closed, content.Type.SetsCorridor);
        Assert.Equal("lachin-corridor", content.RouteId);
    }

    [Fact]
    public void Validate_EmptyDraft_NamesEveryRequiredField()
    {
        var (content, errors) = Validate(new EventDraft());
        Assert.Null(content);
        Assert.Equal(["date", "notes", "place", "sources", "type"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("21/03/2023")]
    [InlineData("2023-02-30")]
    [InlineData("yesterday")]
    public void Validate_DateNotIso_SaysHowToWriteIt(string date)
    {
        var (_, errors) = Validate(Builders.ValidDraft() with { Date = date });
        Assert.Contains("YYYY-MM-DD", errors["date"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DateAfterTomorrow_IsInTheFuture()
    {
        var (_, errors) = Validate(Builders.ValidDraft() with { Date = "2026-11-28" });
        Assert.Contains("future", errors["date"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Tomorrow_IsAllowedForReportersEastOfUtc() =>
        Assert.Empty(Validate(Builders.ValidDraft() with { Date = "2026-11-27" }).Errors);

    [Fact]
    public void Validate_UnknownReferences_NameTheMissingRecord()
    {
        var (_, errors) = Validate(Builders.ValidDraft() with { Place = "atlantis", Actor1 = "nobody", Route = "sky-road", Sources = ["src-1", "src-9"] });
        Assert.Contains("atlantis", errors["place"][0], StringComparison.Ordinal);
        Assert.Contains("nobody", errors["actor1"][0], StringComparison.Ordinal);
        Assert.Contains("sky-road", errors["route"][0], StringComparison.Ordinal);
        Assert.Contains("src-9", errors["sources[1]"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SourceCreatedInTheSameRequest_Counts() =>
        Assert.Empty(Validate(Builders.ValidDraft() with { Sources = ["new-source"] }, ["new-source"]).Errors);

    [Fact]
    public void Validate_UtilityEventWithoutUtility_AsksWhichOne()
    {
        var (_, errors) = Validate(Builders.ValidDraft() with { Type = "utility-cut", Route = null });
        Assert.Contains("gas", errors["utility"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UtilityOnAnotherType_IsRefused()
    {
        var (_, errors) = Validate(Builders.ValidDraft() with { Utility = "gas" });
        Assert.Contains("applies only", errors["utility"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UtilityCut_KeepsTheUtility()
    {
        var (content, errors) = Validate(Builders.ValidDraft() with { Type = "utility-cut", Utility = "electricity", Route = null });
        Assert.Empty(errors);
        Assert.Equal(Utility.Electricity, content!.Utility);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Validate_PrecisionOutOfRange_IsRefused(int precision)
    {
        var (_, errors) = Validate(Builders.ValidDraft() with { TimePrecision = precision, GeoPrecision = precision });
        Assert.True(errors.ContainsKey("timePrecision"));
        Assert.True(errors.ContainsKey("geoPrecision"));
    }

    [Fact]
    public void Validate_NegativeFatalities_IsRefused() =>
        Assert.True(Validate(Builders.ValidDraft() with { Fatalities = -1 }).Errors.ContainsKey("fatalities"));

    [Fact]
    public void Validate_TimeNotHoursAndMinutes_IsRefused() =>
        Assert.Contains("HH:MM", Validate(Builders.ValidDraft() with { Time = "half past two" }).Errors["time"][0], StringComparison.Ordinal);

    [Fact]
    public void Validate_TimeGiven_IsKept() =>
        Assert.Equal(new TimeOnly(14, 35), Validate(Builders.ValidDraft() with { Time = "14:35" }).Content!.When.Time);

    [Fact]
    public void Validate_UnknownType_PointsToTheList() =>
        Assert.Contains("/api/v1/event-types", Validate(Builders.ValidDraft() with { Type = "picnic" }).Errors["type"][0], StringComparison.Ordinal);

    [Fact]
    public void Validate_NotesTooLong_SaysTheLimit() =>
        Assert.Contains("10,000", Validate(Builders.ValidDraft() with { Notes = new string('x', 10_001) }).Errors["notes"][0], StringComparison.Ordinal);

    [Fact]
    public void Validate_BadId_IsRefused() =>
        Assert.True(Validate(Builders.ValidDraft() with { Id = "Has Spaces" }).Errors.ContainsKey("id"));

    [Fact]
    public void Validate_DuplicateSources_AreCitedOnce() =>
        Assert.Equal(["src-1"], Validate(Builders.ValidDraft() with { Sources = ["src-1", "src-1"] }).Content!.SourceIds);

    [Fact]
    public void Validate_StatusChangeWithoutAnEnd_AsksForOneNamingEndDate()
    {
        var (content, errors) = Validate(Builders.ValidDraft() with { UntilFurtherNotice = null });
        Assert.Null(content);
        var message = Assert.Single(errors["endDate"]);
        Assert.Contains("durationHours", message, StringComparison.Ordinal);
        Assert.Contains("untilFurtherNotice", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UntilFurtherNoticeFalse_IsNoEnd() =>
        Assert.True(Validate(Builders.ValidDraft() with { UntilFurtherNotice = false }).Errors.ContainsKey("endDate"));

    [Theory]
    [InlineData("endDate")]
    [InlineData("durationHours")]
    [InlineData("untilFurtherNotice")]
    [InlineData("endTime")]
    public void Validate_EndOnAnEventThatChangesNoStatus_IsRefusedNamingTheField(string field)
    {
        var draft = Builders.ValidDraft() with { Type = "statement", Route = null, UntilFurtherNotice = null };
        draft = field switch
        {
            "endDate" => draft with { EndDate = "2023-03-22" },
            "durationHours" => draft with { DurationHours = 3 },
            "untilFurtherNotice" => draft with { UntilFurtherNotice = true },
            _ => draft with { EndTime = "12:00" },
        };
        var (content, errors) = Validate(draft);
        Assert.Null(content);
        Assert.Equal([field], errors.Keys);
        Assert.Contains("statement", errors[field][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoEnds_NamesTheSecond()
    {
        var (_, errors) = Validate(Builders.ValidDraft() with { DurationHours = 3 });
        Assert.Contains("only one", errors["untilFurtherNotice"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EndDateAndTime_AreKept()
    {
        var (content, errors) = Validate(Builders.ValidDraft() with { UntilFurtherNotice = null, Time = "08:00", EndDate = "2023-03-21", EndTime = "12:00" });
        Assert.Empty(errors);
        Assert.Equal(StatusEnd.On(new DateOnly(2023, 3, 21), new TimeOnly(12, 0)), content!.Ends);
    }

    [Theory]
    [InlineData("2023-03-20", null, "before the day")]
    [InlineData("2033-03-22", null, "in the future")]
    [InlineData("1899-12-31", null, "before 1900-01-01")]
    [InlineData("21.03.2023", null, "YYYY-MM-DD")]
    public void Validate_BadEndDate_SaysWhy(string endDate, string? endTime, string why)
    {
        var (_, errors) = Validate(Builders.ValidDraft() with { UntilFurtherNotice = null, EndDate = endDate, EndTime = endTime });
        Assert.Contains(why, errors["endDate"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EndMoreThanTenYearsAfterTheChange_IsRefused()
    {
        var (_, errors) = Validate(Builders.ValidDraft() with { Date = "2010-01-01", UntilFurtherNotice = null, EndDate = "2020-01-02" });
        Assert.Contains("more than 10 years", errors["endDate"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EndTimeNotAfterTheStart_IsRefused()
    {
        var (_, errors) = Validate(Builders.ValidDraft() with { UntilFurtherNotice = null, Time = "14:00", EndDate = "2023-03-21", EndTime = "09:00" });
        Assert.Contains("not after", errors["endTime"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EndTimeWithoutEndDate_AsksForTheDay()
    {
        var (_, errors) = Validate(Builders.ValidDraft() with { UntilFurtherNotice = null, EndTime = "09:00" });
        Assert.Contains("endDate", errors["endTime"][0], StringComparison.Ordinal);
        Assert.True(errors.ContainsKey("endDate"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(9000)]
    [InlineData(double.NaN)]
    public void Validate_DurationOutOfRange_IsRefused(double hours) =>
        Assert.True(Validate(Builders.ValidDraft() with { UntilFurtherNotice = null, DurationHours = hours }).Errors.ContainsKey("durationHours"));

    [Fact]
    public void Validate_Duration_IsKept() =>
        Assert.Equal(StatusEnd.After(6), Validate(Builders.ValidDraft() with { UntilFurtherNotice = null, DurationHours = 6 }).Content!.Ends);

    [Fact]
    public void Validate_WithoutRequiringAnEnd_AcceptsAVersionRecordedWithoutOne()
    {
        var (content, errors) = EventValidator.Validate(Builders.ValidDraft() with { UntilFurtherNotice = null }, Builders.References(), Builders.Today, requireEnd: false);
        Assert.True(errors.IsEmpty);
        Assert.Null(content!.Ends);
    }

    [Fact]
    public void Validate_HoursPerDayOnRollingBlackouts_IsKept()
    {
        var (content, errors) = Validate(Builders.ValidDraft() with { Type = "utility-partial", Utility = "electricity", Route = null, HoursPerDay = 6 });
        Assert.Empty(errors);
        Assert.Equal(6, content!.HoursPerDay);
    }

    [Theory]
    [InlineData("utility-cut", 6, "applies only")]
    [InlineData("utility-partial", 24, "below 24")]
    [InlineData("utility-partial", 0, "above 0")]
    public void Validate_BadHoursPerDay_IsRefused(string type, double hours, string why) =>
        Assert.Contains(why, Validate(Builders.ValidDraft() with { Type = type, Utility = "gas", Route = null, HoursPerDay = hours }).Errors["hoursPerDay"][0], StringComparison.Ordinal);
}
