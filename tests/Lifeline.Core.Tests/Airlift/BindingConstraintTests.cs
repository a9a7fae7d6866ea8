using Lifeline.Core.Airlift;
using static Lifeline.Core.Tests.Airlift.AirliftBuilders;

namespace Lifeline.Core.Tests.Airlift;

/// <summary>What binds, in words, with what one more unit would give; worked out by hand for each case.</summary>
public sealed class BindingConstraintTests
{
    [Fact]
    public void LandingInterval_BindsAndOneMoreSlotAnHourAddsItsPayload()
    {
        // B takes one landing an hour: 24 a day × 10 t = 240 t a day; aircraft are plentiful.
        var draft = Simple(1, [Demand("food", 1000)], Aircraft("C-130", available: 100)) with
        {
            Airports = [Airport("A", "origin"), Airport("B", "destination", interval: 3600)],
        };
        var plan = Plan(draft);

        Assert.Equal(240m, plan.DailyCapacity.Value);
        var binding = Assert.Single(plan.Binding);
        Assert.Equal(LimitKind.LandingSlots, binding.Limit);
        Assert.Equal("B", binding.Subject);
        Assert.Equal(240m, binding.GainPerDay!.Value.Value);
        Assert.Equal("The landing interval at B (one landing every 3600 s, 24 h a day: 24 landings) limits deliveries to 240 t a day; one more landing slot an hour would add 240 t a day.", binding.Text);
    }

    [Fact]
    public void Fleet_BindsAndOneMoreAircraftAddsWhatItFlies()
    {
        // One aircraft, 10 flying hours a day, 2 h a sortie: 5 sorties, 50 t a day.
        var plan = Plan(Simple(1, [Demand("food", 100)], Aircraft("C-130", maxHours: 10)));

        Assert.Equal(50m, plan.DailyCapacity.Value);
        var binding = Assert.Single(plan.Binding);
        Assert.Equal(LimitKind.AircraftDay, binding.Limit);
        Assert.Equal(50m, binding.GainPerDay!.Value.Value);
        Assert.Contains("one more C-130 would add 50 t a day", binding.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GroundSpace_BindsWhenUnloadingIsSlow()
    {
        // 2 h on the ground at B, MOG 1, open 12 h: 6 sorties a day, 60 t.
        var draft = Simple(1, [Demand("food", 500)], Aircraft("C-130", available: 50, groundDestination: 2)) with
        {
            Airports = [Airport("A", "origin"), Airport("B", "destination", mog: 1, open: 12)],
        };
        var plan = Plan(draft);

        Assert.Equal(60m, plan.DailyCapacity.Value);
        Assert.Contains(plan.Binding, b => b.Limit == LimitKind.GroundTime && b.Subject == "B" && b.GainPerDay!.Value.Value == 60m);
        // One more hour a day at B: 6.5 sorties, so 6 whole ones: nothing more. It is not listed.
        Assert.DoesNotContain(plan.Binding, b => b.Lever == "one more opening hour a day" && b.GainPerDay!.Value.Value == 0);
    }

    [Fact]
    public void DemandMet_TheCheapFleetBindsTheCost()
    {
        // The cheap type (100 an hour) flies 4 h a day: two 2 h sorties, 20 t. The other 10 t a day go on the dear
        // one (1,000 an hour). One more cheap aircraft would replace a dear sortie a day: (2,000 − 200) × 2 days.
        var draft = Simple(2, [Demand("food", 30)],
            Aircraft("cheap", maxHours: 4, cost: 100),
            Aircraft("dear", available: 5, cost: 1000));
        var plan = Plan(draft);

        Assert.Equal(0m, plan.Shortfall.Value);
        Assert.Equal(2 * (2 * 200m + 2000m), plan.Cost.Value);
        var binding = Assert.Single(plan.Binding);
        Assert.Equal("cheap", binding.Subject);
        Assert.Equal(3600m, binding.Saving!.Value.Value);
        Assert.Contains("would save about 3,600.00 over the 2 days", binding.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AircraftObjective_UsesFewestAircraft()
    {
        // 40 t a day: one 10 t aircraft flies 12 sorties a day (2 h each), so one aircraft of either type will do.
        var draft = Simple(1, [Demand("food", 40)], Aircraft("a", available: 3, cost: 0), Aircraft("b", available: 3, cost: 0)) with { Objective = "aircraft" };
        var plan = Plan(draft);

        Assert.Equal(1, plan.Aircraft.Sum(a => a.Used));
        Assert.Equal(4, plan.SortieTotal);
    }
}
