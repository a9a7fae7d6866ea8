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
    public void Compute_NoEvents_EverythingUnknown()
    {
        var days = Compute();
        Assert.Equal(10, days.Count);
        Assert.All(days, d => Assert.Equal(CorridorStatus.Unknown, d.Routes["main"]));
        Assert.All(days, d => Assert.All(d.Utilities.Values, s => Assert.Equal(UtilityStatus.Unknown, s)));
        Assert.Equal(Enumerable.Range(1, 10), days.Select(d => d.Day.Number));
    }

    [Fact]
    public void Compute_DeclaredBaselines_HoldBeforeAnyEventAndOthersStayUnknown()
    {
        var situation = TwoRoutes with
        {
            Routes = [TwoRoutes.Routes[0] with { Baseline = new(CorridorStatus.Open, ["src-1"]) }, TwoRoutes.Routes[1]],
            UtilityBaselines = new Dictionary<Utility, StatusBaseline<UtilityStatus>> { [Utility.Gas] = new(UtilityStatus.Available, ["src-2"]) },
        };
        var days = SituationCalendar.Compute(situation, [Corridor(Start.AddDays(2), 1, CorridorStatus.Closed)], Start, Start.AddDays(3));
        Assert.Equal([CorridorStatus.Open, CorridorStatus.Open, CorridorStatus.Closed, CorridorStatus.Closed], days.Select(d => d.Routes["main"]));
        Assert.All(days, d => Assert.Equal(CorridorStatus.Unknown, d.Routes["second"]));
        Assert.All(days, d => Assert.Equal(UtilityStatus.Available, d.Utilities[Utility.Gas]));
        Assert.All(days, d => Assert.Equal(UtilityStatus.Unknown, d.Utilities[Utility.Electricity]));
        Assert.Equal([null, null, null, null], days.Select(d => d.RouteEvents["second"]));
    }

    [Fact]
    public void Compute_TemporaryChangeWithNothingBefore_GivesBackUnknown()
    {
        var days = Compute(Corridor(Start.AddDays(1), 1, CorridorStatus.Closed) with { Ends = StatusEnd.On(Start.AddDays(1)), EventId = "closure" });
        Assert.Equal([CorridorStatus.Unknown, CorridorStatus.Closed, CorridorStatus.Unknown], days.Take(3).Select(d => d.Routes["main"]));
        Assert.Equal("closure", days[1].RouteEvents["main"]);
    }

    [Fact]
    public void Compute_Closure_HoldsFromItsDayUntilTheDayAfterTheNextChange()
    {
        // Day 6 eases to humanitarian-only, but the road was closed that morning: the day shows closed.
        var days = Compute(Corridor(Start.AddDays(2), 1, CorridorStatus.Closed), Corridor(Start.AddDays(5), 2, CorridorStatus.HumanitarianOnly));
        Assert.Equal(
            [CorridorStatus.Unknown, CorridorStatus.Unknown, CorridorStatus.Closed, CorridorStatus.Closed, CorridorStatus.Closed,
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
        Assert.Equal(CorridorStatus.Unknown, days[0].Routes["main"]);
    }

    [Fact]
    public void Compute_ChangeWithoutRoute_AppliesToTheMainRoute()
    {
        var days = Compute(Corridor(Start, 1, CorridorStatus.Restricted));
        Assert.Equal(CorridorStatus.Restricted, days[0].Routes["main"]);
        Assert.Equal(CorridorStatus.Unknown, days[0].Routes["second"]);
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
        Assert.Equal([UtilityStatus.Unknown, UtilityStatus.Cut, UtilityStatus.Available], days.Take(3).Select(d => d.Utilities[Utility.Gas]));
        Assert.All(days, d => Assert.Equal(UtilityStatus.Unknown, d.Utilities[Utility.Electricity]));
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
        Assert.All(days, d => Assert.Equal(CorridorStatus.Unknown, d.Routes["main"]));
    }

    [Fact]
    public void Compute_EmptyRange_GivesNoDays() =>
        Assert.Empty(SituationCalendar.Compute(TwoRoutes, [], Start.AddDays(1), Start));

    private static StatusChange Internet(DateOnly date, long sequence, UtilityStatus status, StatusEnd? ends, TimeOnly? time = null, string? id = null) =>
        new(date, sequence, null, null, Utility.Internet, status) { Ends = ends, Time = time, EventId = id };

    [Fact]
    public void Compute_CutForTheMorningWithAnEnd_ShowsCutThatDayOnlyThenWhatHeldBefore()
    {
        // Restored until further notice on day 1; cut 08:00–12:00 on day 4.
        var days = Compute(
            Internet(Start, 1, UtilityStatus.Available, StatusEnd.FurtherNotice),
            Internet(Start.AddDays(3), 2, UtilityStatus.Cut, StatusEnd.On(Start.AddDays(3), new TimeOnly(12, 0)), new TimeOnly(8, 0)));
        Assert.Equal(
            [UtilityStatus.Available, UtilityStatus.Available, UtilityStatus.Available, UtilityStatus.Cut, UtilityStatus.Available,
             UtilityStatus.Available, UtilityStatus.Available, UtilityStatus.Available, UtilityStatus.Available, UtilityStatus.Available],
            days.Select(d => d.Utilities[Utility.Internet]));
    }

    [Fact]
    public void Compute_CutWithoutAnEnd_LastsUntilTheNextChange()
    {
        var days = Compute(Internet(Start.AddDays(3), 1, UtilityStatus.Cut, StatusEnd.FurtherNotice));
        Assert.All(days.Skip(3), d => Assert.Equal(UtilityStatus.Cut, d.Utilities[Utility.Internet]));
    }

    [Fact]
    public void Compute_RecordWithoutAnyEnd_CountsAsUntilFurtherNotice()
    {
        var days = Compute(Internet(Start.AddDays(3), 1, UtilityStatus.Cut, null));
        Assert.All(days.Skip(3), d => Assert.Equal(UtilityStatus.Cut, d.Utilities[Utility.Internet]));
    }

    [Fact]
    public void Compute_TemporaryChangeOverALongerOne_GivesBackTheLongerOne()
    {
        // Closed until further notice from day 1; humanitarian convoys allowed on days 3–4 only.
        var days = Compute(
            Corridor(Start, 1, CorridorStatus.Closed) with { Ends = StatusEnd.FurtherNotice },
            Corridor(Start.AddDays(2), 2, CorridorStatus.HumanitarianOnly) with { Ends = StatusEnd.On(Start.AddDays(3)) });
        Assert.Equal(
            [CorridorStatus.Closed, CorridorStatus.Closed, CorridorStatus.Closed, CorridorStatus.HumanitarianOnly, CorridorStatus.Closed],
            days.Take(5).Select(d => d.Routes["main"]));
    }

    [Fact]
    public void Compute_ChangeUntilFurtherNoticeDuringATemporaryOne_OutlastsIt()
    {
        var days = Compute(
            Corridor(Start, 1, CorridorStatus.Closed) with { Ends = StatusEnd.On(Start.AddDays(5)) },
            Corridor(Start.AddDays(2), 2, CorridorStatus.Restricted) with { Ends = StatusEnd.FurtherNotice });
        Assert.Equal(CorridorStatus.Restricted, days[3].Routes["main"]);
        Assert.Equal(CorridorStatus.Restricted, days[7].Routes["main"]);
    }

    [Fact]
    public void Compute_DurationInHours_EndsWithinTheDay()
    {
        var days = Compute(Corridor(Start.AddDays(1), 1, CorridorStatus.Closed) with { Ends = StatusEnd.After(3) });
        Assert.Equal([CorridorStatus.Unknown, CorridorStatus.Closed, CorridorStatus.Unknown], days.Take(3).Select(d => d.Routes["main"]));
    }

    [Fact]
    public void Compute_DurationAcrossMidnight_ShowsBothDays()
    {
        var days = Compute(Corridor(Start.AddDays(1), 1, CorridorStatus.Closed) with { Ends = StatusEnd.After(6), Time = new TimeOnly(22, 0) });
        Assert.Equal([CorridorStatus.Unknown, CorridorStatus.Closed, CorridorStatus.Closed, CorridorStatus.Unknown], days.Take(4).Select(d => d.Routes["main"]));
    }

    [Fact]
    public void Timelines_CutForSixHoursThenRestoredWithoutATime_TheRestorationEndsTheSixHours()
    {
        var day = Start.AddDays(1);
        var changes = new[]
        {
            Internet(day, 1, UtilityStatus.Cut, StatusEnd.After(6), id: "cut"),
            Internet(day, 2, UtilityStatus.Available, StatusEnd.FurtherNotice, id: "restored"),
        };
        var timelines = StatusTimelines.Of(TwoRoutes, changes, Start.AddDays(9));
        var cut = Assert.Single(timelines.Utility(Utility.Internet), p => p.Status == UtilityStatus.Cut);
        Assert.Equal(TimeSpan.FromHours(6), cut.Length);
        Assert.Empty(timelines.Anomalies);
        var days = SituationCalendar.Compute(TwoRoutes, changes, Start, Start.AddDays(2));
        Assert.Equal([UtilityStatus.Unknown, UtilityStatus.Cut, UtilityStatus.Available], days.Select(d => d.Utilities[Utility.Internet]));
    }

    [Fact]
    public void Timelines_CutWhileAlreadyCut_IsNoChangeAndAnAnomaly()
    {
        var changes = new[]
        {
            Internet(Start, 1, UtilityStatus.Cut, StatusEnd.FurtherNotice, id: "first-cut"),
            Internet(Start.AddDays(2), 2, UtilityStatus.Cut, StatusEnd.FurtherNotice, id: "second-cut"),
        };
        var timelines = StatusTimelines.Of(TwoRoutes, changes, Start.AddDays(9));
        Assert.All(SituationCalendar.Compute(TwoRoutes, changes, Start, Start.AddDays(9)), d => Assert.Equal(UtilityStatus.Cut, d.Utilities[Utility.Internet]));
        var anomaly = Assert.Single(timelines.Anomalies);
        Assert.Equal(("internet", Start.AddDays(2), "second-cut", "first-cut"), (anomaly.Subject, anomaly.Date, anomaly.EventId, anomaly.PreviousEventId));
        Assert.StartsWith("cut while already cut", anomaly.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Timelines_RestoredWhileNotCut_IsAnAnomaly()
    {
        var changes = new[]
        {
            Internet(Start, 1, UtilityStatus.Cut, StatusEnd.FurtherNotice, id: "cut"),
            Internet(Start.AddDays(1), 2, UtilityStatus.Available, StatusEnd.FurtherNotice, id: "restored"),
            Internet(Start.AddDays(4), 3, UtilityStatus.Available, StatusEnd.FurtherNotice, id: "restored-again"),
        };
        var anomaly = Assert.Single(StatusTimelines.Of(TwoRoutes, changes, Start.AddDays(9)).Anomalies);
        Assert.Equal(("restored-again", "restored"), (anomaly.EventId, anomaly.PreviousEventId));
        Assert.StartsWith("restored while not cut", anomaly.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Timelines_RestoredAfterATemporaryCutEndedAtMidnight_IsNoAnomaly()
    {
        var changes = new[]
        {
            Internet(Start, 1, UtilityStatus.Cut, StatusEnd.After(72), id: "cut"),
            Internet(Start.AddDays(3), 2, UtilityStatus.Available, StatusEnd.FurtherNotice, id: "restored"),
        };
        Assert.Empty(StatusTimelines.Of(TwoRoutes, changes, Start.AddDays(9)).Anomalies);
    }

    [Fact]
    public void Timelines_RouteClosedWhileClosed_IsAnAnomaly_RestrictedTwiceIsNot()
    {
        var changes = new[]
        {
            Corridor(Start, 1, CorridorStatus.Closed) with { EventId = "a" },
            Corridor(Start.AddDays(1), 2, CorridorStatus.Closed) with { EventId = "b" },
            Corridor(Start.AddDays(2), 3, CorridorStatus.Restricted) with { EventId = "c" },
            Corridor(Start.AddDays(3), 4, CorridorStatus.Restricted) with { EventId = "d" },
        };
        var anomaly = Assert.Single(StatusTimelines.Of(TwoRoutes, changes, Start.AddDays(9)).Anomalies);
        Assert.Equal(("main", false, "b"), (anomaly.Subject, anomaly.IsUtility, anomaly.EventId));
        Assert.StartsWith("closed while already closed", anomaly.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Timelines_GapBefore_UnknownFromTheDayAfterThePreviousChangeAndNoAnomaly()
    {
        var changes = new[]
        {
            Internet(Start, 1, UtilityStatus.Cut, StatusEnd.FurtherNotice, id: "cut"),
            Internet(Start.AddDays(4), 2, UtilityStatus.Cut, StatusEnd.FurtherNotice, id: "cut-again") with { GapBefore = true },
        };
        var days = SituationCalendar.Compute(TwoRoutes, changes, Start, Start.AddDays(5));
        Assert.Equal(
            [UtilityStatus.Cut, UtilityStatus.Unknown, UtilityStatus.Unknown, UtilityStatus.Unknown, UtilityStatus.Cut, UtilityStatus.Cut],
            days.Select(d => d.Utilities[Utility.Internet]));
        Assert.Empty(StatusTimelines.Of(TwoRoutes, changes, Start.AddDays(5)).Anomalies);
    }
}
