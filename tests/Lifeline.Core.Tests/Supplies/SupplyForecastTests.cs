using Lifeline.Core.Supplies;

namespace Lifeline.Core.Tests.Supplies;

public sealed class SupplyForecastTests
{
    private static readonly DateOnly Start = new(2023, 1, 20);

    private static SupplyOutlook Outlook(Estimate stock, Estimate use, InflowScenario? inflow = null, Commodity? commodity = null) =>
        new(commodity ?? SupplyStandards.Cereal, stock, use, inflow ?? InflowScenario.Blocked);

    private static Runway Single(SupplyOutlook outlook, ulong seed = 7, int runs = 2_000) =>
        SupplyForecast.Run([outlook], Start, runs, seed)[0];

    [Fact]
    public void Run_ZeroInflowExactFigures_DepletesAtStockOverConsumption()
    {
        var runway = Single(Outlook(Estimate.Exactly(1_000), Estimate.Exactly(40)));
        Assert.Equal(25, runway.P10Days);
        Assert.Equal(25, runway.P50Days);
        Assert.Equal(25, runway.P90Days);
        Assert.Equal(new DateOnly(2023, 2, 14), runway.P50Date);
    }

    [Fact]
    public void Run_QuantilesAreOrdered()
    {
        var runway = Single(Outlook(Estimate.Of(500, 1_000, 2_000), Estimate.Of(20, 40, 80), InflowScenario.Steady("icrc", Estimate.Of(0, 5, 15))));
        Assert.True(runway.P10Days <= runway.P50Days && runway.P50Days <= runway.P90Days);
        Assert.True(runway.P10Days < runway.P90Days);
    }

    [Fact]
    public void Run_MoreStock_NeverDepletesEarlier()
    {
        foreach (var seed in new ulong[] { 1, 2, 3, 42, 1_000 })
        {
            var less = Single(Outlook(Estimate.Of(500, 1_000, 2_000), Estimate.Of(20, 40, 80)), seed);
            var more = Single(Outlook(Estimate.Of(600, 1_100, 2_100), Estimate.Of(20, 40, 80)), seed);
            Assert.True(more.P10Days >= less.P10Days && more.P50Days >= less.P50Days && more.P90Days >= less.P90Days);
        }
    }

    [Fact]
    public void Run_SameSeed_SameResult_OtherSeed_Differs()
    {
        var outlook = Outlook(Estimate.Of(500, 1_000, 2_000), Estimate.Of(20, 40, 80));
        Assert.Equal(Single(outlook, 11), Single(outlook, 11));
        Assert.NotEqual(Single(outlook, 11).P50Days, Single(outlook, 12).P50Days);
    }

    [Fact]
    public void Run_InflowAboveUse_NeverRunsOut()
    {
        var runway = Single(Outlook(Estimate.Exactly(100), Estimate.Exactly(40), InflowScenario.Steady("reopened", Estimate.Exactly(400))));
        Assert.Null(runway.P10Days);
        Assert.Null(runway.P90Date);
        Assert.False(runway.Alert);
    }

    [Fact]
    public void Run_ReopeningLater_LastsUntilItsStockRunsOutOrForever()
    {
        // 100 units at 10 a day last 10 days; reopening on day 5 with 20 a day means it never runs out.
        var reopening = new InflowScenario("reopens on day 5", [new InflowPhase(0, Estimate.Exactly(0)), new InflowPhase(5, Estimate.Exactly(20))]);
        Assert.Null(Single(Outlook(Estimate.Exactly(100), Estimate.Exactly(10), reopening)).P50Days);
        var tooLate = new InflowScenario("reopens on day 15", [new InflowPhase(0, Estimate.Exactly(0)), new InflowPhase(15, Estimate.Exactly(20))]);
        Assert.Equal(10, Single(Outlook(Estimate.Exactly(100), Estimate.Exactly(10), tooLate)).P50Days);
    }

    [Fact]
    public void Run_InsulinAlertsAMonthAheadCerealTwoWeeks()
    {
        var insulin = Single(Outlook(Estimate.Exactly(250), Estimate.Exactly(10), commodity: SupplyStandards.Insulin));
        var cereal = Single(Outlook(Estimate.Exactly(250), Estimate.Exactly(10)));
        Assert.Equal(25, insulin.P10Days);
        Assert.True(insulin.Alert);
        Assert.False(cereal.Alert);
        Assert.Equal(30, insulin.AlertWithinDays);
        Assert.Equal(14, cereal.AlertWithinDays);
    }

    [Fact]
    public void Run_EmptyStock_IsDayZero() =>
        Assert.Equal(0, Single(Outlook(Estimate.Exactly(0), Estimate.Exactly(10))).P50Days);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.999)]
    public void Estimate_SampleStaysWithinItsRange(double u)
    {
        var e = Estimate.Of(10, 12, 20);
        Assert.InRange(e.Sample(u), 10, 20);
    }

    [Fact]
    public void Estimate_OutOfOrder_IsRefused() => Assert.Null(Estimate.TryOf(5, 3, 10));
}
