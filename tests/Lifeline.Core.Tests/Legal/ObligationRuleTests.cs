using Lifeline.Core.Legal;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Tests.Legal;

/// <summary>Every term of the rule language over hand-made calendars: complied, not complied and unknown.</summary>
public sealed class ObligationRuleTests
{
    private static readonly DateOnly Start = new(2023, 2, 22);
    private static readonly Situation TwoRoutes = Builders.Situation(Start, null, "main", "second");

    /// <summary>Changes at midnight, so that each day shows one status. Day 1 unknown (no event yet); day 2 the main route open, gas available; day 3 closed, gas partial; day 4 humanitarian-only, gas cut.</summary>
    private static readonly IReadOnlyList<DayStatus> Calendar = SituationCalendar.Compute(TwoRoutes,
    [
        new StatusChange(Start.AddDays(1), 1, "main", CorridorStatus.Open, null, null) { Time = TimeOnly.MinValue, EventId = "open-1" },
        new StatusChange(Start.AddDays(2), 2, "main", CorridorStatus.Closed, null, null) { Time = TimeOnly.MinValue, EventId = "closed-1" },
        new StatusChange(Start.AddDays(3), 3, "main", CorridorStatus.HumanitarianOnly, null, null) { Time = TimeOnly.MinValue, EventId = "humanitarian-1" },
        new StatusChange(Start.AddDays(1), 4, "second", CorridorStatus.Restricted, null, null) { Time = TimeOnly.MinValue, EventId = "second-restricted" },
        new StatusChange(Start.AddDays(1), 5, null, null, Utility.Gas, UtilityStatus.Available) { Time = TimeOnly.MinValue, EventId = "gas-on" },
        new StatusChange(Start.AddDays(2), 6, null, null, Utility.Gas, UtilityStatus.Partial) { Time = TimeOnly.MinValue, EventId = "gas-partial" },
        new StatusChange(Start.AddDays(3), 7, null, null, Utility.Gas, UtilityStatus.Cut) { Time = TimeOnly.MinValue, EventId = "gas-cut" },
    ], Start, Start.AddDays(3));

    private static readonly RecordedEvent Evacuation = new(Start.AddDays(2), "medical-evacuation", "evac-1");

    private static RuleOutcome On(string rule, int day)
    {
        var (parsed, error) = ObligationRule.Parse(rule);
        Assert.Null(error);
        var events = new[] { Evacuation }.Where(e => e.Date == Calendar[day].Date).ToList();
        return parsed!.Evaluate(new RecordDay(Calendar[day], events), "main");
    }

    private static ComplianceState[] States(string rule) => Enumerable.Range(0, 4).Select(d => On(rule, d).State).ToArray();

    private const ComplianceState U = ComplianceState.Unknown;
    private const ComplianceState C = ComplianceState.Complied;
    private const ComplianceState N = ComplianceState.NotComplied;

    [Fact]
    public void RouteOpen_OpenComplied_ClosedOrHumanitarianNot_UnknownUnknown() =>
        Assert.Equal([U, C, N, N], States("route-open"));

    [Fact]
    public void RouteOpen_NamedRoute_ReadsThatRoute() =>
        Assert.Equal([U, N, N, N], States("route-open(second)"));

    [Fact]
    public void RouteOpen_DecidingEvent_IsTheEventThatSetTheStatus()
    {
        Assert.Equal(["closed-1"], On("route-open", 2).DecidingEvents);
        Assert.Empty(On("route-open", 0).DecidingEvents);
    }

    [Fact]
    public void RouteAtMost_HumanitarianOnly_CompliedUpToItNotBeyond() =>
        Assert.Equal([U, C, N, C], States("route-at-most(humanitarian-only)"));

    [Fact]
    public void RouteAtMost_WithRoute_ReadsThatRoute() =>
        Assert.Equal([U, C, C, C], States("route-at-most(restricted, second)"));

    [Fact]
    public void UtilityAvailable_AvailableComplied_PartialAndCutNot() =>
        Assert.Equal([U, C, N, N], States("utility-available(gas)"));

    [Fact]
    public void UtilityAvailable_DecidingEvent_IsTheCut() =>
        Assert.Equal(["gas-cut"], On("utility-available(gas)", 3).DecidingEvents);

    [Fact]
    public void Event_CompliedOnTheDayOfTheEvent_UnknownOtherwise()
    {
        Assert.Equal([U, U, C, U], States("event(medical-evacuation)"));
        Assert.Equal(["evac-1"], On("event(medical-evacuation)", 2).DecidingEvents);
    }

    [Fact]
    public void Any_AnEvacuationOnAClosedDay_Complied_AClosedDayWithout_Unknown()
    {
        // Safe passage for the seriously ill: an evacuation got through, or humanitarian traffic passes. On a closed day
        // with no evacuation recorded the record cannot tell whether anybody was waiting: unknown, not a breach.
        Assert.Equal([U, C, C, C], States("any(event(medical-evacuation), route-at-most(humanitarian-only))"));
        Assert.Equal([U, C, U, U], States("any(event(convoy-passed), route-open)"));
        Assert.Equal([U, C, N, N], States("any(route-open, route-open(second))"));
    }

    [Fact]
    public void All_OneBreachBreaks_UnknownWhenTheRestHolds()
    {
        Assert.Equal([U, C, N, N], States("all(route-open, utility-available(gas))"));
        Assert.Equal([U, N, C, U], States("all(event(medical-evacuation), not(route-open))"));
        Assert.Equal(["closed-1", "gas-partial"], On("all(route-open, utility-available(gas))", 2).DecidingEvents);
    }

    [Fact]
    public void Not_SwapsCompliedAndNot_KeepsUnknown() =>
        Assert.Equal([U, N, C, C], States("not(route-open)"));

    [Fact]
    public void Parse_Normalizes_RoundTrips()
    {
        var (rule, error) = ObligationRule.Parse("  any( event(medical-evacuation) ,route-at-most(humanitarian-only,second))");
        Assert.Null(error);
        Assert.Equal("any(event(medical-evacuation), route-at-most(humanitarian-only, second))", rule!.ToString());
        Assert.Equal(rule, ObligationRule.Parse(rule.ToString()).Rule);
    }

    [Theory]
    [InlineData("road-open", "unknown term 'road-open'")]
    [InlineData("all(route-open, corridor-free)", "unknown term 'corridor-free'")]
    [InlineData("route-at-most(ajar)", "unknown status 'ajar'")]
    [InlineData("utility-available(oil)", "unknown utility 'oil'")]
    [InlineData("event(picnic)", "unknown event type 'picnic'")]
    [InlineData("any(route-open", "')' closing any( is missing")]
    [InlineData("route-open route-open", "after the rule")]
    [InlineData("not(route-open, route-open)", "not takes one rule")]
    [InlineData("", "is empty")]
    public void Parse_BadRule_RefusedNamingWhatIsWrong(string text, string expected)
    {
        var (rule, error) = ObligationRule.Parse(text);
        Assert.Null(rule);
        Assert.Contains(expected, error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTerm_ListsTheTerms()
    {
        var (_, error) = ObligationRule.Parse("road-open");
        Assert.Equal(0, error!.Position);
        Assert.All(ObligationRule.Terms, t => Assert.Contains(t, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DeepNesting_Refused()
    {
        var text = string.Concat(Enumerable.Repeat("not(", 40)) + "route-open" + new string(')', 40);
        Assert.Contains("nest", ObligationRule.Parse(text).Error!.Message, StringComparison.Ordinal);
    }
}
