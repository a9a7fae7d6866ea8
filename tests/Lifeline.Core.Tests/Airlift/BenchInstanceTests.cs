using Lifeline.Core.Airlift;

namespace Lifeline.Core.Tests.Airlift;

/// <summary>The bench's size (90 days × 8 types × 4 origins × 2 destinations) in the three demand regimes.</summary>
public sealed class BenchInstanceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(472)]
    [InlineData(1416)]
    [InlineData(4720)]
    public void BenchInstance_IsProvenOptimal(double tonnesPerDay)
    {
        var plan = AirliftBuilders.Plan(AirliftBuilders.Bench(tonnesPerDay));

        output.WriteLine($"{plan.Optimality.Elapsed.TotalSeconds:0.00} s: {string.Join("; ", plan.Optimality.Phases.Select(p => $"{p.Objective} {p.Method}"))}");
        Assert.True(plan.Optimality.Proven);
        Assert.Equal(0, plan.Optimality.Gap);
        Assert.Empty(PlanChecker.Check(AirliftNetwork.Compile(plan.Scenario), SortiesOf(plan)));
    }

    [Fact]
    public void StockAtStartNearCapacity_WhenNotProvenInTime_SaysHowFarFromProvenItMayBe()
    {
        // Days differ (food comes from stock for 20 days), so the bounds do not meet and SCIP must search; 1 s is short.
        var draft = AirliftBuilders.Bench(3000);
        draft = draft with
        {
            TimeLimitSeconds = 1,
            Demand = draft.Demand!.Select((d, i) => i == 1 ? d! with { StockTonnes = d.TonnesPerDay * 20 } : d).ToList(),
        };

        var plan = AirliftBuilders.Plan(draft);

        Assert.Empty(PlanChecker.Check(AirliftNetwork.Compile(plan.Scenario), SortiesOf(plan)));
        if (plan.Optimality.Proven)
        {
            Assert.Equal(0, plan.Optimality.Gap);
        }
        else
        {
            Assert.Equal("cost", plan.Optimality.Unproven);
            Assert.InRange(plan.Optimality.Gap, 1e-9, 1);
            Assert.Contains(plan.Optimality.Phases, p => p.Method == "search" && !p.Proven);
        }
    }

    private static int[,] SortiesOf(AirliftPlan plan)
    {
        var network = AirliftNetwork.Compile(plan.Scenario);
        var sorties = new int[plan.Scenario.HorizonDays, network.Kinds.Count];
        foreach (var s in plan.Sorties)
        {
            var k = network.Kinds.Single(k => k.Aircraft.Type == s.Aircraft && k.Route.Origin.Code == s.From && k.Route.Destination.Code == s.To);
            sorties[s.Day - 1, k.Index] = s.Count;
        }
        return sorties;
    }
}
