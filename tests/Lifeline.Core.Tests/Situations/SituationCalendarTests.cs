using Lifeline.Core.Situations;

namespace Lifeline.Core.Tests.Situations;

public sealed class SituationCalendarTests
{
    private static readonly DateOnly Start = new(2022, 12, 12);
    private static readonly Situation TwoRoutes = Builders.Situation(Start, null, "main", "second");

    private static StatusChange Corridor(DateOnly date, long sequence, CorridorStatus status, string? route = null) =>
        new(date, sequence, route, status, null, null);

    private static StatusChange Supply(DateOnly date, long sequence, Utility utility, UtilityStatus status) =>
        new(date, sequence, null, null, utility, status);

    private static IReadOnlyList<DayStatus> Compute(params StatusChange[] changes) =>
        SituationCalendar.Compute(TwoRoutes, changes, Start, Start.AddDays(9));

    [Fact]
    public void Compute_NoEvents_EverythingOpenAndAvailable()
    {
        var days = Compute();
        Assert.Equal(10, days.Count);
        Assert.All(days, d => Assert.Equal(CorridorStatus.Open, d.Routes["main"]));
        Assert.All(days, d => Assert.All(d.Utilities.Values, s => Assert.Equal(UtilityStatus.Available, s)));
        Assert.Equal(Enumerable.Range(1, 10), days.Select(d => d.Day.Number));
    }

    [Fact]
    public void Compute_Closure_HoldsFromItsDayUntilTheDayAfterTheNextChange()
    {
        // Day 6 eases to humanitarian-only, but the road was closed that morning: the day shows closed.
        var days = Compute(Corridor(Start.AddDays(2), 1, CorridorStatus.Closed), Corridor(Start.AddDays(5), 2, CorridorStatus.HumanitarianOnly));
        Assert.Equal(
            [CorridorStatus.Open, CorridorStatus.Open, CorridorStatus.Closed, CorridorStatus.Closed, CorridorStatus.Closed,
             CorridorStatus.Closed, CorridorStatus.HumanitarianOnly, CorridorStatus.HumanitarianOnly, CorridorStatus.HumanitarianOnly, CorridorStatus.HumanitarianOnly],
            days.Select(d => d.Routes["main"]));
    }

    [Fact]
    public void Compute_ClosedAndReopenedTheSameDay_ShowsClosedThatDayAndOpenAfter()
    {
        var days = Compute(Corridor(Start, 1, CorridorStatus.Closed), Corridor(Start, 2, CorridorStatus.Open));
        Assert.Equal(CorridorStatus.Closed, days[0].Routes["main"]);
        Assert.Equal(CorridorStatus.Open, days[1].Routes["main"]);
    }

    [Fact]
    public void Compute_SameDayChanges_ApplyInRecordingOrderNotInputOrder()
    {
        var days = Compute(Corridor(Start, 2, CorridorStatus.Open), Corridor(Start, 1, CorridorStatus.Closed));
        Assert.Equal(CorridorStatus.Open, days[1].Routes["main"]);
    }

    [Fact]
    public void Compute_ChangeOnOneRoute_LeavesTheOtherAlone()
    {
        var days = Compute(Corridor(Start, 1, CorridorStatus.Closed, "second"));
        Assert.Equal(CorridorStatus.Closed, days[0].Routes["second"]);
        Assert.Equal(CorridorStatus.Open, days[0].Routes["main"]);
    }

    [Fact]
    public void Compute_ChangeWithoutRoute_AppliesToTheMainRoute()
    {
        var days = Compute(Corridor(Start, 1, CorridorStatus.Restricted));
        Assert.Equal(CorridorStatus.Restricted, days[0].Routes["main"]);
        Assert.Equal(CorridorStatus.Open, days[0].Routes["second"]);
    }

    [Fact]
    public void Compute_ChangesBeforeTheRange_SetTheStartingState()
    {
        var days = SituationCalendar.Compute(TwoRoutes, [Corridor(Start, 1, CorridorStatus.Closed)], Start.AddDays(30), Start.AddDays(31));
        Assert.All(days, d => Assert.Equal(CorridorStatus.Closed, d.Routes["main"]));
        Assert.Equal(31, days[0].Day.Number);
    }

    [Fact]
    public void Compute_GasCutForSixHours_ShowsCutThatDayOnly()
    {
        var days = Compute(Supply(Start.AddDays(1), 1, Utility.Gas, UtilityStatus.Cut), Supply(Start.AddDays(1), 2, Utility.Gas, UtilityStatus.Available));
        Assert.Equal([UtilityStatus.Available, UtilityStatus.Cut, UtilityStatus.Available], days.Take(3).Select(d => d.Utilities[Utility.Gas]));
        Assert.All(days, d => Assert.Equal(UtilityStatus.Available, d.Utilities[Utility.Electricity]));
    }

    [Fact]
    public void Compute_PartialAfterCut_IsPartial()
    {
        var days = Compute(Supply(Start, 1, Utility.Electricity, UtilityStatus.Cut), Supply(Start.AddDays(1), 2, Utility.Electricity, UtilityStatus.Partial));
        Assert.Equal(UtilityStatus.Cut, days[0].Utilities[Utility.Electricity]);
        Assert.Equal(UtilityStatus.Cut, days[1].Utilities[Utility.Electricity]);
        Assert.Equal(UtilityStatus.Partial, days[2].Utilities[Utility.Electricity]);
    }

    [Fact]
    public void Compute_ChangesAfterTheRange_AreIgnored()
    {
        var days = Compute(Corridor(Start.AddDays(20), 1, CorridorStatus.Closed));
        Assert.All(days, d => Assert.Equal(CorridorStatus.Open, d.Routes["main"]));
    }

    [Fact]
    public void Compute_EmptyRange_GivesNoDays() =>
        Assert.Empty(SituationCalendar.Compute(TwoRoutes, [], Start.AddDays(1), Start));
}
