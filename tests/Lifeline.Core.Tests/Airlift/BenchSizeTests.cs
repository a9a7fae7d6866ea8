using System.Diagnostics;

namespace Lifeline.Core.Tests.Airlift;

public sealed class BenchSizeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(472)]
    [InlineData(1416)]
    [InlineData(4720)]
    public void BenchSize_IsProvenOptimal(double tonnesPerDay)
    {
        var clock = Stopwatch.StartNew();
        var plan = AirliftBuilders.Plan(AirliftBuilders.Bench(tonnesPerDay));
        output.WriteLine($"{tonnesPerDay} t/day: {clock.Elapsed.TotalSeconds:0.00} s, proven {plan.Optimality.Proven}, gap {plan.Optimality.Gap}, unproven {plan.Optimality.Unproven}, delivered {plan.Delivered}, short {plan.Shortfall}, cost {plan.Cost}, capacity {plan.DailyCapacity}");
        foreach (var p in plan.Optimality.Phases)
        {
            output.WriteLine($"  {p}");
        }
        foreach (var b in plan.Binding)
        {
            output.WriteLine(b.Text);
        }
        foreach (var n in plan.Notes)
        {
            output.WriteLine(n);
        }
        Assert.True(plan.Optimality.Proven);
    }
}
