using Lifeline.Core.Events;
using Lifeline.Core.Supplies;

namespace Lifeline.Core.Tests.Supplies;

/// <summary>The forecast's airlift assumption: a plan's food and medical tonnes split by need and flown day by day.</summary>
public sealed class PlannedAirliftTests
{
    private static readonly DateOnly Start = new(2022, 12, 12);
    private static readonly DateOnly Day = new(2023, 3, 1);

    private static readonly SupplySetting Setting = new(
        "test", Start, new DateOnly(2023, 10, 1),
        new PopulationProfile(new Dictionary<PopulationGroup, long> { [PopulationGroup.Everyone] = 120_000 }),
        ["src"], 400, ["src"], new EnergyConditions());

    private static readonly ObservationContext Context = new(Start, new DateOnly(2026, 1, 1), new HashSet<string>(), new HashSet<string> { "src" }, []);

    private static ObservationVersion CerealStock(double tonnes)
    {
        var (observation, errors) = SupplyObservationValidator.Validate(
            new SupplyObservationDraft { Kind = "stock", Date = "2023-03-01", Commodity = "cereal", Amount = tonnes, Unit = "t", Sources = ["src"] }, Context);
        Assert.True(errors.IsEmpty, errors.ToString());
        return new ObservationVersion("test", "stock", 1, observation!, new Recording(DateTimeOffset.UnixEpoch, "tester", "test"));
    }

    // The WFP basket is 555 g a person a day, 400 g of it cereal: 66.6 t of food for 120,000 people, 48 t of it cereal.
    private static PlannedAirlift Flying(double foodTonnesPerDay, int days, double lastDayFoodTonnes) =>
        new("test-plan", Enumerable.Range(1, days)
            .Select(d => new AirliftDay(d, (d == days ? lastDayFoodTonnes : foodTonnesPerDay) * 1000, 164))
            .ToList());

    private static SupplyLine Cereal(PlannedAirlift plan, double stockTonnes) =>
        SupplyPicture.Forecast(Setting, [CerealStock(stockTonnes)], Day, InflowAssumption.Airlift, 200, 1, airlift: plan)
            .Lines.Single(l => l.Commodity.Id == "cereal");

    [Fact]
    public void Shares_SplitEachCargoByNeed()
    {
        var shares = PlannedAirlift.Shares(SupplyPicture.Needs(Setting, [], Day));

        Assert.Equal(400.0 / 555, shares["cereal"], precision: 9);
        Assert.Equal(60.0 / 555, shares["pulses"], precision: 9);
        Assert.Equal(1.0, shares["iehk"], precision: 9);
        Assert.False(shares.ContainsKey("water"));
    }

    [Fact]
    public void HalfTheFoodNeedFlown_HalvesTheDrawOnStock()
    {
        // 33.3 t of food a day brings 24 t of cereal against 48 t used: 480 t lasts 20 days instead of 10.
        var line = Cereal(Flying(33.3, days: 30, lastDayFoodTonnes: 33.3), 480);

        Assert.Equal(24_000, line.Inflow.FirstRate.Likely, precision: 6);
        Assert.Equal(20, line.Runway!.P50Days);
        Assert.Contains("test-plan", line.Inflow.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanThatStops_DrawsOnStockFromItsLastDay()
    {
        // The whole need flown for 4 days, nothing on the 5th and after: the 480 t then lasts 10 more days.
        var line = Cereal(Flying(66.6, days: 5, lastDayFoodTonnes: 0), 480);

        Assert.Equal(14, line.Runway!.P50Days);
    }

    [Fact]
    public void WholeNeedFlown_StockLastsBeyondTheHorizon()
    {
        var line = Cereal(Flying(66.6, days: 30, lastDayFoodTonnes: 66.6), 480);

        Assert.Null(line.Runway!.P10Days);
        Assert.False(line.Runway.Alert);
    }

    [Fact]
    public void CommodityOutsideTheCargo_GetsNothingAndSaysSo()
    {
        var water = SupplyPicture.Forecast(Setting, [], Day, InflowAssumption.Airlift, 10, 1, airlift: Flying(66.6, 30, 66.6))
            .Lines.Single(l => l.Commodity.Id == "water");

        Assert.Equal(0, water.Inflow.FirstRate.Likely);
        Assert.Contains("carries no", water.Inflow.Basis, StringComparison.Ordinal);
    }
}
