using Lifeline.Core.Airlift;
using static Lifeline.Core.Tests.Airlift.AirliftBuilders;

namespace Lifeline.Core.Tests.Airlift;

/// <summary>Inputs that leave nothing to fly or nothing to carry get a plan that says why, never an exception.</summary>
public sealed class DegenerateInputTests
{
    [Fact]
    public void NoAircraftFitsTheRunway_NothingFliesAndThePlanSaysWhy()
    {
        var draft = new ScenarioDraft
        {
            HorizonDays = 3,
            Demand = [Demand("food", 50)],
            Aircraft = [Aircraft("An-124", payload: 120, runway: 3000)],
            Airports = [Airport("UDYZ", "origin", 3850), Airport("UBBS", "destination", 2178)],
            Routes = [Route("UDYZ", "UBBS", 205.4)],
        };
        var plan = Plan(draft);

        Assert.Empty(plan.Sorties);
        Assert.Equal(150m, plan.Shortfall.Value);
        Assert.True(plan.Optimality.Proven);
        Assert.Equal(0m, plan.DailyCapacity.Value);
        Assert.Contains(plan.Notes, n => n.Contains("An-124 needs a runway of 3,000 m", StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.Contains("No aircraft type can use UBBS's 2,178 m runway", StringComparison.Ordinal));
        Assert.False(plan.Estimate.Single().Enough);
    }

    [Fact]
    public void ZeroDemand_NoSortieAndNoCost()
    {
        var plan = Plan(Simple(5, [Demand("food", 0)], Aircraft("C-130")));

        Assert.Empty(plan.Sorties);
        Assert.Equal(0m, plan.Cost.Value);
        Assert.Equal(0m, plan.Shortfall.Value);
        Assert.True(plan.Optimality.Proven);
        Assert.Contains(plan.Notes, n => n.Contains("no demand", StringComparison.Ordinal));
    }

    [Fact]
    public void NoDemandLines_IsZeroDemand()
    {
        var plan = Plan(Simple(2, [], Aircraft("C-130")));

        Assert.Empty(plan.Sorties);
        Assert.Empty(plan.Commodities);
    }

    [Fact]
    public void MogZeroAtTheDestination_NothingLandsThere()
    {
        var draft = Simple(2, [Demand("food", 10)], Aircraft("C-130")) with
        {
            Airports = [Airport("A", "origin"), Airport("B", "destination", mog: 0)],
        };
        var plan = Plan(draft);

        Assert.Empty(plan.Sorties);
        Assert.Equal(20m, plan.Shortfall.Value);
        Assert.Contains(plan.Notes, n => n.Contains("B allows no aircraft on the ground", StringComparison.Ordinal));
    }

    [Fact]
    public void MogZeroAtOneDestination_TheOtherIsUsed()
    {
        var draft = new ScenarioDraft
        {
            HorizonDays = 1,
            Demand = [Demand("food", 10)],
            Aircraft = [Aircraft("C-130")],
            Airports = [Airport("A", "origin"), Airport("B1", "destination", mog: 0), Airport("B2", "destination")],
            Routes = [Route("A", "B1", 100), Route("A", "B2", 300)],
        };
        var plan = Plan(draft);

        Assert.Equal(0m, plan.Shortfall.Value);
        Assert.All(plan.Sorties, s => Assert.Equal("B2", s.To));
    }

    [Fact]
    public void NoAircraftAvailable_NothingFliesAndThePlanSaysSo()
    {
        var plan = Plan(Simple(2, [Demand("food", 10)], Aircraft("C-130", available: 0)));

        Assert.Empty(plan.Sorties);
        Assert.Contains(plan.Notes, n => n.Contains("No C-130 is available", StringComparison.Ordinal));
    }

    [Fact]
    public void AirportClosed_NothingFlies()
    {
        var draft = Simple(2, [Demand("food", 10)], Aircraft("C-130")) with
        {
            Airports = [Airport("A", "origin"), Airport("B", "destination", open: 0)],
        };
        var plan = Plan(draft);

        Assert.Empty(plan.Sorties);
        Assert.Contains(plan.Notes, n => n.Contains("B is open 0 hours a day", StringComparison.Ordinal));
    }

    [Fact]
    public void DemandAboveWhatCanFly_ShortfallFallsOnTheLowestPriority()
    {
        // One aircraft, 10 t a sortie, 12 sorties a day (2 h each, 24 h): 120 t a day against 150 t of need.
        var plan = Plan(Simple(1, [Demand("other", 100, "other"), Demand("insulin", 50, "medical")], Aircraft("C-130")));

        Assert.Equal(120m, plan.Delivered.Value);
        Assert.Equal(30m, plan.Commodities.Single(c => c.Commodity == "other").Shortfall.Value);
        Assert.Equal(0m, plan.Commodities.Single(c => c.Commodity == "insulin").Shortfall.Value);
    }
}
