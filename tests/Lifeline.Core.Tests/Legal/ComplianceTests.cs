using Lifeline.Core.Legal;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Tests.Legal;

public sealed class ComplianceTests
{
    private static readonly DateOnly Start = new(2023, 1, 1);
    private static readonly Situation Situation = Builders.Situation(Start, null, "main");

    private static Obligation Order(DateOnly from, DateOnly? until = null) =>
        new("order", "step-1", "State A", from, until, "Unimpeded movement along the corridor.", ObligationRule.Parse("route-open").Rule!, ["src-1"]);

    private static StatusChange Route(int day, CorridorStatus status, string id) => new(Start.AddDays(day), day, "main", status, null, null) { Time = TimeOnly.MinValue, EventId = id };

    /// <summary>Days 0–1 unknown; 2–3 open; 4–6 closed; 7 open; 8–9 closed.</summary>
    private static readonly IReadOnlyList<DayStatus> Calendar = SituationCalendar.Compute(Situation,
        [Route(2, CorridorStatus.Open, "o1"), Route(4, CorridorStatus.Closed, "c1"), Route(7, CorridorStatus.Open, "o2"), Route(8, CorridorStatus.Closed, "c2")],
        Start, Start.AddDays(9));

    private static ProceedingStep Step(string id, int day, params string[] cites) =>
        new(id, "case", Start.AddDays(day), StepKind.Statement, null, "Reminded.", cites, ["src-1"]);

    [Fact]
    public void Evaluate_CountsEachState_AndTheLongestBreach()
    {
        var summary = Compliance.Evaluate(Situation, Order(Start), Calendar, [], [], Start, Start.AddDays(9));
        Assert.Equal(10, summary.Days.Count);
        Assert.Equal(3, summary.DaysComplied);
        Assert.Equal(5, summary.DaysBreached);
        Assert.Equal(2, summary.DaysUnknown);
        Assert.Equal([new Breach(Start.AddDays(4), Start.AddDays(6)), new Breach(Start.AddDays(8), Start.AddDays(9))], summary.Breaches);
        Assert.Equal(3, summary.LongestBreach!.Days);
        Assert.Equal(["c1"], summary.Days[5].DecidingEvents);
    }

    [Fact]
    public void Evaluate_CountsOnlyFromTheDayItTookEffect_ToItsEnd()
    {
        var summary = Compliance.Evaluate(Situation, Order(Start.AddDays(3), Start.AddDays(7)), Calendar, [], [], Start, Start.AddDays(9));
        Assert.Equal(Start.AddDays(3), summary.From);
        Assert.Equal(Start.AddDays(7), summary.To);
        Assert.Equal((2, 3, 0), (summary.DaysComplied, summary.DaysBreached, summary.DaysUnknown));
    }

    [Fact]
    public void Evaluate_DayMissingFromTheCalendar_Unknown()
    {
        var summary = Compliance.Evaluate(Situation, Order(Start), Calendar, [], [], Start.AddDays(9), Start.AddDays(11));
        Assert.Equal([ComplianceState.NotComplied, ComplianceState.Unknown, ComplianceState.Unknown], summary.Days.Select(d => d.State));
    }

    [Fact]
    public void Evaluate_NoBreach_NoLongestBreach()
    {
        var summary = Compliance.Evaluate(Situation, Order(Start), Calendar, [], [], Start.AddDays(2), Start.AddDays(3));
        Assert.Null(summary.LongestBreach);
        Assert.Empty(summary.Breaches);
    }

    [Fact]
    public void Evaluate_Told_StepsCitingTheObligationOnOrAfterItTookEffect()
    {
        var steps = new[] { Step("before", 1, "order"), Step("reminder", 6, "order"), Step("other", 5, "another"), Step("meeting", 5, "order") };
        var summary = Compliance.Evaluate(Situation, Order(Start.AddDays(2)), Calendar, [], steps, Start, Start.AddDays(9));
        Assert.Equal(["meeting", "reminder"], summary.Told.Select(t => t.StepId));
    }
}
