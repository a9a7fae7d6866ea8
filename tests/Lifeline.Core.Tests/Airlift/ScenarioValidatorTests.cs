using Lifeline.Core.Airlift;
using static Lifeline.Core.Tests.Airlift.AirliftBuilders;

namespace Lifeline.Core.Tests.Airlift;

/// <summary>Each wrong field is named with its JSON path and a reason a planner can act on.</summary>
public sealed class ScenarioValidatorTests
{
    private static IReadOnlyDictionary<string, string[]> Errors(ScenarioDraft draft)
    {
        var (scenario, errors) = ScenarioValidator.Validate(draft);
        Assert.Null(scenario);
        return errors.ToDictionary();
    }

    [Fact]
    public void Valid_GivesTheScenarioWithDefaults()
    {
        var scenario = Valid(Simple(3, [Demand("food", 10)], Aircraft("C-130")));

        Assert.Equal(3, scenario.HorizonDays);
        Assert.Equal(1.1, scenario.RoutingFactor);
        Assert.Equal(PlanObjective.Cost, scenario.Objective);
        Assert.Equal(10, scenario.TimeLimitSeconds);
    }

    [Fact]
    public void Empty_NamesEveryRequiredList()
    {
        var errors = Errors(new ScenarioDraft());

        Assert.Contains("horizonDays", errors.Keys);
        Assert.Contains("demand", errors.Keys);
        Assert.Contains("aircraft", errors.Keys);
        Assert.Contains("airports", errors.Keys);
    }

    [Fact]
    public void BadAircraftFields_AreNamedByIndex()
    {
        var errors = Errors(Simple(1, [Demand("food", 1)], Aircraft("ok"), Aircraft("bad", payload: -1, cruise: 0, maxHours: 25) with { Available = null }));

        Assert.Contains("aircraft[1].payloadTonnes", errors.Keys);
        Assert.Contains("aircraft[1].cruiseKmh", errors.Keys);
        Assert.Contains("aircraft[1].maxHoursPerDay", errors.Keys);
        Assert.Contains("aircraft[1].available", errors.Keys);
        Assert.DoesNotContain(errors.Keys, k => k.StartsWith("aircraft[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void DuplicateNamesAndUnknownPriority_AreRefused()
    {
        var errors = Errors(Simple(1, [Demand("food", 1), Demand("Food", 2, "urgent")], Aircraft("a"), Aircraft("A")));

        Assert.Equal(["'Food' is listed twice"], errors["demand[1].commodity"]);
        Assert.StartsWith("must be one of: medical, food, fuel, other", errors["demand[1].priority"][0], StringComparison.Ordinal);
        Assert.Contains("aircraft[1].type", errors.Keys);
    }

    [Fact]
    public void RoutesMustRunFromAnOriginToADestination()
    {
        var draft = Simple(1, [], Aircraft("a")) with
        {
            Routes = [Route("B", "A", 10), Route("A", "X", 10), Route("A", "B", 0)],
        };
        var errors = Errors(draft);

        Assert.Contains("routes[0].from", errors.Keys);
        Assert.Contains("routes[1].to", errors.Keys);
        Assert.Contains("routes[2].distanceKm", errors.Keys);
    }

    [Fact]
    public void AnAirportWithNeitherCoordinatesNorRoutes_IsRefused()
    {
        var draft = Simple(1, [], Aircraft("a")) with { Routes = [] };
        var errors = Errors(draft);

        Assert.Contains("lat and lon are needed to compute the distance to B", errors["airports[0].lat"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void APairWithNoDistance_IsNotFlownAndTheNetworkSaysSo()
    {
        var draft = Simple(1, [], Aircraft("a")) with
        {
            Airports = [Airport("A", "origin"), Airport("B", "destination"), Airport("C", "destination")],
            Routes = [Route("A", "B", 100), Route("A", "C", 50)],
        };
        var alsoD = draft with { Airports = [.. draft.Airports!, Airport("O2", "origin")], Routes = [.. draft.Routes!, Route("O2", "B", 80)] };
        var network = AirliftNetwork.Compile(Valid(alsoD));

        Assert.Equal(3, network.Routes.Count);
        Assert.Contains("No distance for O2 → C", network.Notes.Single(n => n.StartsWith("No distance", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void NeedsAnOriginAndADestination()
    {
        var draft = Simple(1, [], Aircraft("a")) with { Airports = [Airport("A", "origin"), Airport("B", "origin")], Routes = [] };

        Assert.Contains("needs at least one airport with role 'destination'", Errors(draft)["airports"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void TooBigAModel_IsRefusedBeforeSolving()
    {
        var draft = Simple(366, [Demand("food", 1)], Enumerable.Range(0, 50).Select(i => Aircraft($"t{i}")).ToArray()) with
        {
            Airports = [.. Enumerable.Range(0, 4).Select(i => Airport($"O{i}", "origin") with { Lat = 40, Lon = 44 + i * 0.1 }),
                        .. Enumerable.Range(0, 4).Select(i => Airport($"D{i}", "destination") with { Lat = 39, Lon = 46 + i * 0.1 })],
            Routes = [],
        };

        Assert.Contains("sortie variables", Errors(draft)["horizonDays"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void ObjectiveAndTimeLimit_AreChecked()
    {
        var errors = Errors(Simple(1, [], Aircraft("a")) with { Objective = "speed", TimeLimitSeconds = 0, RoutingFactor = 0.5 });

        Assert.Contains("objective", errors.Keys);
        Assert.Contains("timeLimitSeconds", errors.Keys);
        Assert.Contains("routingFactor", errors.Keys);
    }
}
