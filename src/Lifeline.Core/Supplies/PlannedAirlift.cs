namespace Lifeline.Core.Supplies;

/// <summary>What an airlift plan delivers on one of its days (day 1 is the forecast's first day), in kilograms.</summary>
/// <param name="FoodKilograms">Food and infant formula together: the supply picture splits them by need.</param>
/// <param name="MedicalKilograms">Medicines and medical kits together, split the same way.</param>
public sealed record AirliftDay(int Day, double FoodKilograms, double MedicalKilograms);

/// <summary>
/// An airlift plan as the forecast reads it: flown from the forecast's first day, day by day; after its last day
/// its last day's deliveries go on. Cargo that is neither food nor medical (fuel, other goods) is not counted.
/// </summary>
/// <param name="Name">The plan's scenario, as the basis of each forecast line names it.</param>
public sealed record PlannedAirlift(string Name, IReadOnlyList<AirliftDay> Days)
{
    /// <summary>Which part of the cargo a commodity comes out of, or null when an airlift plan carries none of it.</summary>
    public static AirliftCargo? CargoOf(Commodity commodity) =>
        commodity.Unit != MeasureUnit.Kilogram ? null : commodity.Category switch
        {
            CommodityCategory.Food or CommodityCategory.InfantFormula => AirliftCargo.Food,
            CommodityCategory.Medicine or CommodityCategory.MedicalKit => AirliftCargo.Medical,
            _ => null,
        };

    /// <summary>
    /// Each commodity's share of its cargo: its need over the need of every commodity drawn from the same cargo.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Shares(IEnumerable<DailyNeed> needs)
    {
        var weighed = needs.Where(n => n.PerDay.Value > 0 && CargoOf(n.Commodity) is not null).ToList();
        var totals = weighed.GroupBy(n => CargoOf(n.Commodity)!.Value).ToDictionary(g => g.Key, g => g.Sum(n => n.PerDay.Value));
        return weighed.ToDictionary(n => n.Commodity.Id, n => n.PerDay.Value / totals[CargoOf(n.Commodity)!.Value], StringComparer.Ordinal);
    }

    /// <summary>The inflow of one commodity, given its share of its cargo: a phase a day, in kilograms.</summary>
    public IReadOnlyList<InflowPhase> PhasesFor(AirliftCargo cargo, double share) =>
        Days.OrderBy(d => d.Day)
            .Select(d => new InflowPhase(d.Day - 1, Estimate.Exactly((cargo == AirliftCargo.Food ? d.FoodKilograms : d.MedicalKilograms) * share)))
            .ToList();
}

/// <summary>The parts of an airlift plan's cargo that the forecast counts.</summary>
public enum AirliftCargo
{
    Food,
    Medical,
}
