namespace Lifeline.Core.Supplies;

/// <summary>The groups commodities are planned in.</summary>
public enum CommodityCategory
{
    Food,
    Medicine,
    MedicalKit,
    InfantFormula,
    Insulin,
    Fuel,
    Water,
    Hygiene,

    /// <summary>Cargo whose contents are not itemised ("4,623 t of food, medicine and other goods"): counted in deliveries, never in a runway.</summary>
    MixedCargo,
}

/// <summary>Something a cut-off population needs, counted in one unit (cereal in kilograms, petrol in litres).</summary>
public sealed record Commodity(string Id, string Name, CommodityCategory Category, MeasureUnit Unit);

/// <summary>The groups a per-person rate can apply to.</summary>
public enum PopulationGroup
{
    Everyone,
    Children,
    OlderPeople,
    PeopleWithDisabilities,
    PregnantWomen,
    Patients,
}

/// <summary>How many people are in each group; groups overlap (a child may have a disability).</summary>
public sealed record PopulationProfile(IReadOnlyDictionary<PopulationGroup, long> Counts)
{
    public long CountOf(PopulationGroup group) => Counts.GetValueOrDefault(group);
}
