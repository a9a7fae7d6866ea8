using Lifeline.Core.Airlift;

namespace Lifeline.Core.Tests.Airlift;

public sealed class SourcedDemandTests
{
    [Fact]
    public void Lachin_FoodMedicalAndTheRestOfThe400Tonnes()
    {
        // 120,000 people (ACAPS); 400 t a day came in by road before the blockade.
        var lines = SourcedDemand.For(120_000, "ACAPS", 400, "NK authorities");

        Assert.Equal(66.6, lines.Single(l => l.Priority == "food").TonnesPerDay);
        Assert.Equal(0.164, lines.Single(l => l.Priority == "medical").TonnesPerDay);
        Assert.Equal(333.236, lines.Single(l => l.Priority == "other").TonnesPerDay);
        Assert.All(lines.Where(l => l.Priority != "other"), l => Assert.Contains("ACAPS", l.Source, StringComparison.Ordinal));
        Assert.Contains("NK authorities", lines.Single(l => l.Priority == "other").Source, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutABaseline_OnlyFoodAndMedical()
    {
        Assert.Equal(2, SourcedDemand.For(10_000, "census", null, null).Count);
    }
}
