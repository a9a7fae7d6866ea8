using Lifeline.Core.Situations;

namespace Lifeline.Core.Tests.Situations;

public sealed class SituationDayTests
{
    private static readonly DateOnly LachinStart = new(2022, 12, 12);

    [Fact]
    public void Of_StartDate_IsDayOne() => Assert.Equal(1, SituationDay.Of(LachinStart, LachinStart).Number);

    [Fact]
    public void Of_21March2023_IsDay100OfTheLachinBlockade() =>
        Assert.Equal(100, SituationDay.Of(LachinStart, new DateOnly(2023, 3, 21)).Number);

    [Fact]
    public void Of_DayBeforeStart_IsDayZeroAndNotStarted()
    {
        var day = SituationDay.Of(LachinStart, LachinStart.AddDays(-1));
        Assert.Equal(0, day.Number);
        Assert.False(day.HasStarted);
    }

    [Fact]
    public void Of_AcrossALeapDay_CountsEveryDay() =>
        Assert.Equal(367, SituationDay.Of(new DateOnly(2024, 1, 1), new DateOnly(2025, 1, 1)).Number);

    [Fact]
    public void DefaultDate_EndedSituation_IsTheLastDay()
    {
        var situation = Builders.Situation(LachinStart, new DateOnly(2023, 10, 1));
        Assert.Equal(new DateOnly(2023, 10, 1), situation.DefaultDate(new DateOnly(2026, 11, 26)));
    }

    [Fact]
    public void DefaultDate_OngoingSituation_IsToday()
    {
        var situation = Builders.Situation(LachinStart, null);
        Assert.Equal(new DateOnly(2023, 1, 5), situation.DefaultDate(new DateOnly(2023, 1, 5)));
    }

    [Fact]
    public void DefaultDate_SituationEndingInTheFuture_IsToday()
    {
        var situation = Builders.Situation(LachinStart, new DateOnly(2023, 10, 1));
        Assert.Equal(new DateOnly(2023, 2, 1), situation.DefaultDate(new DateOnly(2023, 2, 1)));
    }
}
