namespace Lifeline.Core.Supplies;

/// <summary>
/// The per-person rates of the humanitarian standards, each with the page it was read in. A commodity without
/// a standard rate here (insulin, infant formula, fuel: no standard figure was found) gets its rate from users,
/// with their reason.
/// </summary>
public static class SupplyStandards
{
    public const string WfpBasket = "http://www.wfp.org/nutrition/wfp-foodbasket";
    public const string SphereWater = "http://www.spherehandbook.org/en/water-supply-standard-1-access-and-water-quantity/";
    public const string UnicefIehk = "https://docslib.org/doc/10333338/the-interagency-emergency-health-kits-information-note";

    public static Commodity Cereal { get; } = new("cereal", "Cereal (wheat flour, rice)", CommodityCategory.Food, MeasureUnit.Kilogram);
    public static Commodity Pulses { get; } = new("pulses", "Pulses", CommodityCategory.Food, MeasureUnit.Kilogram);
    public static Commodity Oil { get; } = new("oil", "Vegetable oil", CommodityCategory.Food, MeasureUnit.Kilogram);
    public static Commodity FortifiedBlend { get; } = new("fortified-blend", "Fortified blended food (Corn Soya Blend)", CommodityCategory.Food, MeasureUnit.Kilogram);
    public static Commodity Sugar { get; } = new("sugar", "Sugar", CommodityCategory.Food, MeasureUnit.Kilogram);
    public static Commodity Salt { get; } = new("salt", "Iodised salt", CommodityCategory.Food, MeasureUnit.Kilogram);
    public static Commodity Water { get; } = new("water", "Water", CommodityCategory.Water, MeasureUnit.Litre);
    public static Commodity HealthKit { get; } = new("iehk", "Interagency Emergency Health Kit (medicines and devices)", CommodityCategory.MedicalKit, MeasureUnit.Kilogram);
    public static Commodity Insulin { get; } = new("insulin", "Insulin", CommodityCategory.Insulin, MeasureUnit.Item);
    public static Commodity InfantFormula { get; } = new("infant-formula", "Infant formula", CommodityCategory.InfantFormula, MeasureUnit.Kilogram);
    public static Commodity Petrol { get; } = new("petrol", "Petrol", CommodityCategory.Fuel, MeasureUnit.Litre);
    public static Commodity Diesel { get; } = new("diesel", "Diesel", CommodityCategory.Fuel, MeasureUnit.Litre);
    public static Commodity Soap { get; } = new("soap", "Soap", CommodityCategory.Hygiene, MeasureUnit.Kilogram);
    public static Commodity Bread { get; } = new("bread", "Bread", CommodityCategory.Food, MeasureUnit.Kilogram);
    public static Commodity Yeast { get; } = new("yeast", "Yeast", CommodityCategory.Food, MeasureUnit.Kilogram);
    public static Commodity Medicines { get; } = new("medicines", "Medicines and medical items (not in kits)", CommodityCategory.Medicine, MeasureUnit.Kilogram);
    public static Commodity CookingGas { get; } = new("cooking-gas", "Bottled gas (LPG)", CommodityCategory.Fuel, MeasureUnit.Kilogram);
    public static Commodity MixedCargo { get; } = new("mixed-cargo", "Humanitarian cargo, contents not itemised", CommodityCategory.MixedCargo, MeasureUnit.Kilogram);

    /// <summary>
    /// Every commodity Lifeline plans in, in the order pages list them. Rice, pasta, buckwheat and wheat flour are
    /// <see cref="Cereal"/>, as in the WFP basket; bread is its own commodity (a kilogram of bread is not a kilogram
    /// of flour, and no conversion is recorded).
    /// </summary>
    public static IReadOnlyList<Commodity> Commodities { get; } =
        [Cereal, Pulses, Oil, FortifiedBlend, Sugar, Salt, Bread, Yeast, Water, HealthKit, Medicines, Insulin, InfantFormula, Petrol, Diesel, CookingGas, Soap, MixedCargo];

    /// <summary>
    /// The WFP full emergency basket (2,100 kcal), Sphere's 15 litres of water, and the IEHK 2017 kit: 1.25 t of
    /// medicines and devices for 10,000 people for about 3 months (91.25 days).
    /// </summary>
    public static IReadOnlyList<NeedRate> Rates { get; } =
    [
        new(Cereal, Quantity.Kilograms(0.400), PopulationGroup.Everyone, true, WfpBasket, "WFP full emergency basket: 400 g cereal"),
        new(Pulses, Quantity.Kilograms(0.060), PopulationGroup.Everyone, true, WfpBasket, "WFP full emergency basket: 60 g pulses"),
        new(Oil, Quantity.Kilograms(0.025), PopulationGroup.Everyone, true, WfpBasket, "WFP full emergency basket: 25 g oil"),
        new(FortifiedBlend, Quantity.Kilograms(0.050), PopulationGroup.Everyone, true, WfpBasket, "WFP full emergency basket: 50 g Corn Soya Blend"),
        new(Sugar, Quantity.Kilograms(0.015), PopulationGroup.Everyone, true, WfpBasket, "WFP full emergency basket: 15 g sugar"),
        new(Salt, Quantity.Kilograms(0.005), PopulationGroup.Everyone, true, WfpBasket, "WFP full emergency basket: 5 g iodised salt"),
        new(Water, Quantity.Litres(15), PopulationGroup.Everyone, false, SphereWater, "Sphere: at least 15 litres a person a day"),
        new(HealthKit, Quantity.Kilograms(1250.0 / 10_000 / 91.25), PopulationGroup.Everyone, false, UnicefIehk,
            "IEHK 2017: 1.25 t for 10,000 people for 3 months"),
    ];

    public static Commodity? Find(string id) => Commodities.FirstOrDefault(c => c.Id == id);
}
