using Lifeline.Core.Supplies;

namespace Lifeline.Core.Tests.Supplies;

public sealed class NeedsModelTests
{
    private static readonly PopulationProfile Lachin = new(new Dictionary<PopulationGroup, long>
    {
        [PopulationGroup.Everyone] = 120_000,
        [PopulationGroup.Children] = 30_000,
    });

    private static DailyNeed Need(IEnumerable<DailyNeed> needs, string id) => needs.Single(n => n.Commodity.Id == id);

    [Fact]
    public void Compute_WfpBasketFor120000_Gives66Point6TonnesADay()
    {
        // By hand: 0.555 kg × 120,000 = 66,600 kg.
        var needs = NeedsModel.Compute(Lachin, SupplyStandards.Rates, [], new EnergyConditions(), SupplyStandards.Commodities.ToDictionary(c => c.Id));
        var food = needs.Where(n => n.Commodity.Category == CommodityCategory.Food).Sum(n => n.PerDay.Value);
        Assert.Equal(66_600, food, precision: 6);
        Assert.Equal(48_000, Need(needs, "cereal").PerDay.Value, precision: 6);
        Assert.Equal(1_800_000, Need(needs, "water").PerDay.Value, precision: 6);
    }

    [Fact]
    public void Compute_HealthKit_Is1Point25TonnesPer10000PeoplePer3Months()
    {
        var needs = NeedsModel.Compute(Lachin, SupplyStandards.Rates, [], new EnergyConditions(), new Dictionary<string, Commodity>());
        // 1,250 kg / 10,000 / 91.25 days × 120,000 = 164.38 kg a day.
        Assert.Equal(164.38, Need(needs, "iehk").PerDay.Value, precision: 2);
    }

    [Theory]
    [InlineData(20, false, 2100)]
    [InlineData(15, false, 2200)]
    [InlineData(0, false, 2500)]
    [InlineData(25, false, 2100)]
    [InlineData(20, true, 2240)]
    [InlineData(-5, true, 2740)]
    public void Kilocalories_FollowTheUnhcrAdjustments(double celsius, bool active, double expected) =>
        Assert.Equal(expected, NeedsModel.Kilocalories(new EnergyConditions(celsius, active)), precision: 6);

    [Fact]
    public void Compute_Cold_ScalesFoodButNotWater()
    {
        var warm = NeedsModel.Compute(Lachin, SupplyStandards.Rates, [], new EnergyConditions(20), new Dictionary<string, Commodity>());
        var cold = NeedsModel.Compute(Lachin, SupplyStandards.Rates, [], new EnergyConditions(0), new Dictionary<string, Commodity>());
        Assert.Equal(Need(warm, "cereal").PerDay.Value * 2500 / 2100, Need(cold, "cereal").PerDay.Value, precision: 6);
        Assert.Equal(Need(warm, "water").PerDay.Value, Need(cold, "water").PerDay.Value);
        Assert.Contains("2500 kcal", Need(cold, "cereal").Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_Override_ReplacesTheStandardAndSaysWhy()
    {
        var overrides = new[] { new RateOverride("water", Quantity.Litres(20), PopulationGroup.Everyone, "Hospitals and heating need more", "coordinator") };
        var needs = NeedsModel.Compute(Lachin, SupplyStandards.Rates, overrides, new EnergyConditions(), new Dictionary<string, Commodity>());
        Assert.Equal(2_400_000, Need(needs, "water").PerDay.Value, precision: 6);
        Assert.Contains("Hospitals and heating need more", Need(needs, "water").Basis, StringComparison.Ordinal);
        Assert.Single(needs, n => n.Commodity.Id == "water");
    }

    [Fact]
    public void Compute_OverrideWithoutAStandard_AddsTheCommodityForItsGroup()
    {
        var overrides = new[] { new RateOverride("infant-formula", Quantity.Kilograms(0.1), PopulationGroup.Children, "Rate from the paediatric ward", "nurse") };
        var needs = NeedsModel.Compute(Lachin, SupplyStandards.Rates, overrides, new EnergyConditions(), SupplyStandards.Commodities.ToDictionary(c => c.Id));
        var formula = Need(needs, "infant-formula");
        Assert.Equal(3_000, formula.PerDay.Value, precision: 6);
        Assert.Equal(30_000, formula.People);
    }

    [Fact]
    public void Quantity_OfDifferentUnits_DoNotAdd() =>
        Assert.Throws<InvalidOperationException>(() => Quantity.Kilograms(1) + Quantity.Litres(1));

    [Fact]
    public void Quantity_Negative_IsRefused()
    {
        Assert.Null(Quantity.TryOf(-1, MeasureUnit.Kilogram));
        Assert.Null(Quantity.TryOf(double.NaN, MeasureUnit.Kilogram));
        Assert.Equal(0, Quantity.Kilograms(1).Less(Quantity.Kilograms(3)).Value);
    }
}
