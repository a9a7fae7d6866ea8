using Lifeline.Core.Claims;
using Lifeline.Core.Legal;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Tests.Claims;

public sealed class ClaimCheckTests
{
    private static readonly DateOnly Start = new(2023, 1, 1);
    private static readonly Situation Situation = Builders.Situation(Start, null, "main");

    private static StatusChange Route(int day, CorridorStatus status, string id) => new(Start.AddDays(day), day, "main", status, null, null) { Time = TimeOnly.MinValue, EventId = id };

    /// <summary>Days 0–1 unknown; 2–3 open; 4–6 closed; 7 humanitarian-only; 8–9 closed.</summary>
    private static readonly IReadOnlyList<DayStatus> Calendar = SituationCalendar.Compute(Situation,
        [Route(2, CorridorStatus.Open, "o1"), Route(4, CorridorStatus.Closed, "c1"), Route(7, CorridorStatus.HumanitarianOnly, "h1"), Route(8, CorridorStatus.Closed, "c2")],
        Start, Start.AddDays(9));

    private static ClaimAssertion Asserts(string rule, int from, int to) =>
        new(ObligationRule.Parse(rule).Rule!, Start.AddDays(from), Start.AddDays(to), "the road is open");

    private static ClaimCheck Check(string rule, int from, int to, params RecordedEvent[] events) =>
        ClaimCheck.Evaluate(Situation, Asserts(rule, from, to), Calendar, events);

    [Fact]
    public void Evaluate_RoadOpenOnClosedDays_Contradicted_WithTheClosingEvent()
    {
        var check = Check("route-open", 4, 6);
        Assert.Equal((0, 3, 0), (check.DaysSupported, check.DaysContradicted, check.DaysUnknown));
        Assert.Equal(ClaimStanding.Contradicted, check.Suggested);
        Assert.Equal(["c1"], check.DecidingEvents);
    }

    [Fact]
    public void Evaluate_RoadOpenOnOpenDays_Supported()
    {
        var check = Check("route-open", 2, 3);
        Assert.Equal(ClaimStanding.Supported, check.Suggested);
        Assert.Equal(2, check.DaysSupported);
    }

    [Fact]
    public void Evaluate_SpanOverOpenAndClosedDays_Mixed()
    {
        var check = Check("route-open", 2, 5);
        Assert.Equal((2, 2), (check.DaysSupported, check.DaysContradicted));
        Assert.Equal(ClaimStanding.Mixed, check.Suggested);
    }

    [Fact]
    public void Evaluate_OnlyDaysTheRecordDoesNotSettle_NotCheckable()
    {
        var check = Check("route-open", 0, 1);
        Assert.Equal(2, check.DaysUnknown);
        Assert.Equal(ClaimStanding.NotCheckable, check.Suggested);
    }

    [Fact]
    public void Evaluate_UnknownDays_DoNotTurnAContradictionIntoMixed()
    {
        var check = Check("route-open", 0, 5);
        Assert.Equal((2, 2, 2), (check.DaysSupported, check.DaysContradicted, check.DaysUnknown));
        Assert.Equal(ClaimStanding.Contradicted, Check("route-open", 4, 11).Suggested); // days 10-11 are not in the calendar
        Assert.Equal(ClaimStanding.Contradicted, Check("route-open", 4, 6).Suggested);
    }

    [Fact]
    public void Evaluate_HumanitarianTrafficClaim_SupportedOnHumanitarianDay_ContradictedOnClosedOnes()
    {
        Assert.Equal(ClaimStanding.Supported, Check("route-at-most(humanitarian-only)", 7, 7).Suggested);
        Assert.Equal(ClaimStanding.Contradicted, Check("route-at-most(humanitarian-only)", 8, 9).Suggested);
    }

    [Fact]
    public void Evaluate_SuppliesDelivered_SupportedOnlyOnTheDaysAConvoyIsRecorded()
    {
        var convoy = new RecordedEvent(Start.AddDays(7), "convoy-passed", "convoy-1");
        var check = Check("event(convoy-passed)", 6, 8, convoy);
        Assert.Equal([ComplianceState.Unknown, ComplianceState.Complied, ComplianceState.Unknown], check.Days.Select(d => d.State));
        Assert.Equal(ClaimStanding.Supported, check.Suggested);
        Assert.Equal(["convoy-1"], check.DecidingEvents);
    }

    [Fact]
    public void Evaluate_CoversExactlyTheAssertedDays()
    {
        var check = Check("route-open", 3, 8);
        Assert.Equal(Start.AddDays(3), check.Days[0].Date);
        Assert.Equal(Start.AddDays(8), check.Days[^1].Date);
        Assert.Equal(6, check.Days.Count);
    }
}
