using Lifeline.Core.Airlift;
using static Lifeline.Core.Tests.Airlift.AirliftBuilders;

namespace Lifeline.Core.Tests.Airlift;

public sealed class QuickEstimateTests
{
    [Fact]
    public void Estimate_CountsAircraftWithThePlansOwnFleetLimits()
    {
        // 400 t a day, 18 t a sortie: ⌈22.2⌉ = 23 sorties; flight 2 × 205.4 / 645 = 0.637 h, cycle 0.637 + 1 + 0.5 = 2.137 h;
        // flying hours 23 × 0.637 / 10 = 1.46 aircraft, the aircraft's day 23 × 2.137 / 24 = 2.05: ⌈2.05⌉ = 3 aircraft
        // (counting the ground time against the 10 flying hours, as the estimate once did, asked for 5).
        var draft = new ScenarioDraft
        {
            HorizonDays = 1,
            Demand = [Demand("all", 400)],
            Aircraft = [Aircraft("C-130J-30", payload: 18, cruise: 645, available: 6, groundOrigin: 1, groundDestination: 0.5, maxHours: 10)],
            Airports = [Airport("UDYZ", "origin"), Airport("UBBS", "destination")],
            Routes = [Route("UDYZ", "UBBS", 205.4)],
        };
        var estimate = Assert.Single(QuickEstimate.For(AirliftNetwork.Compile(Valid(draft))));

        Assert.Equal(23, estimate.SortiesPerDay);
        Assert.Equal(0.637, estimate.FlightHours, 3);
        Assert.Equal(3, estimate.AircraftNeeded);
        Assert.True(estimate.Enough);
        Assert.Equal("UDYZ → UBBS", estimate.Route);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(4)]
    public void Estimate_AgreesWithThePlan_WhenOneTypeFliesEachDaysDemandThatDay(double maxHours)
    {
        // One day, no stock, airfields without limits: the plan's aircraft used is the estimate's aircraft needed,
        // whichever of the two fleet limits binds (the aircraft's 24 hours at 10 flying hours, the flying hours at 4).
        var draft = new ScenarioDraft
        {
            HorizonDays = 1,
            Demand = [Demand("all", 400)],
            Aircraft = [Aircraft("C-130J-30", payload: 18, cruise: 645, available: 12, groundOrigin: 1, groundDestination: 0.5, maxHours: maxHours)],
            Airports = [Airport("UDYZ", "origin", interval: 1), Airport("UBBS", "destination", interval: 1)],
            Routes = [Route("UDYZ", "UBBS", 205.4)],
            Objective = "aircraft",
        };
        var plan = Plan(draft);
        var estimate = Assert.Single(plan.Estimate);

        Assert.Equal(0, plan.Shortfall.Kilograms);
        Assert.Equal(estimate.AircraftNeeded, plan.AircraftUsed["C-130J-30"]);
    }

    [Fact]
    public void Estimate_ShowsAirportsByNameAndCode()
    {
        var draft = new ScenarioDraft
        {
            HorizonDays = 1,
            Demand = [Demand("all", 40)],
            Aircraft = [Aircraft("Il-76", payload: 36)],
            Airports = [Airport("UDYZ", "origin") with { Name = "Yerevan Zvartnots" }, Airport("UBBS", "destination") with { Name = " Stepanakert " }],
            Routes = [Route("UDYZ", "UBBS", 226)],
        };
        var estimate = Assert.Single(QuickEstimate.For(AirliftNetwork.Compile(Valid(draft))));

        Assert.Equal("Yerevan Zvartnots (UDYZ) → Stepanakert (UBBS)", estimate.Route);
    }

    [Fact]
    public void GreatCircle_ZvartnotsToStepanakertIs205Km()
    {
        // shared/data/airlift-reference.md §5: 205.4 km from the two sourced coordinate sets.
        var zvartnots = GeoPoint.From(40 + 8 / 60.0 + 50 / 3600.0, 44 + 23 / 60.0 + 45 / 3600.0);
        var stepanakert = GeoPoint.From(39.90139, 46.78694);

        Assert.Equal(205.4, Kilometres.GreatCircle(zvartnots, stepanakert).Value, 1);
    }

    [Fact]
    public void RoutingFactor_StretchesComputedDistancesOnly()
    {
        var draft = new ScenarioDraft
        {
            HorizonDays = 1,
            Demand = [],
            Aircraft = [Aircraft("x")],
            Airports =
            [
                Airport("UDYZ", "origin") with { Lat = 40.14722, Lon = 44.39583 },
                Airport("UBBS", "destination") with { Lat = 39.90139, Lon = 46.78694 },
                Airport("GIVEN", "destination"),
            ],
            Routes = [Route("UDYZ", "GIVEN", 300)],
            RoutingFactor = 1.2,
        };
        var network = AirliftNetwork.Compile(Valid(draft));

        var straight = Kilometres.GreatCircle(GeoPoint.From(40.14722, 44.39583), GeoPoint.From(39.90139, 46.78694)).Value;
        Assert.Equal(straight * 1.2, network.Routes.Single(r => r.Destination.Code == "UBBS").Distance.Value, 6);
        Assert.Equal(300, network.Routes.Single(r => r.Destination.Code == "GIVEN").Distance.Value);
    }
}
