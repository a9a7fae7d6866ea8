using System.Globalization;

namespace Lifeline.Core.Supplies;

/// <summary>
/// A per-person daily requirement from a standard, with where it comes from: 400 g of cereal per person per day
/// (WFP full emergency basket). Scales with energy: the basket is planned for <see cref="NeedsModel.BaseKilocalories"/>.
/// </summary>
/// <param name="PerPersonPerDay">The amount one person of <paramref name="AppliesTo"/> needs in a day.</param>
/// <param name="ScalesWithEnergy">True for food planned against the energy requirement (it grows in the cold).</param>
public sealed record NeedRate(Commodity Commodity, Quantity PerPersonPerDay, PopulationGroup AppliesTo, bool ScalesWithEnergy, string Source, string Basis);

/// <summary>A rate a user sets in place of the standard one, and why.</summary>
public sealed record RateOverride(string CommodityId, Quantity PerPersonPerDay, PopulationGroup AppliesTo, string Reason, string By);

/// <summary>Conditions that change how much energy people need.</summary>
/// <param name="MeanTemperatureCelsius">Mean temperature; below 20 °C people need more.</param>
/// <param name="ModerateActivity">Whether the whole population is moderately active (repairs, queues, walking).</param>
public sealed record EnergyConditions(double MeanTemperatureCelsius = 20, bool ModerateActivity = false);

/// <summary>The daily need for one commodity, and how it was worked out.</summary>
public sealed record DailyNeed(Commodity Commodity, Quantity PerDay, long People, string Basis, string Source);

/// <summary>
/// Daily needs per commodity: per-person rates from standards (or a user's override, with its reason) applied to
/// the population profile. Food rates are scaled from 2,100 kcal to the energy the conditions call for:
/// +100 kcal per 5 °C of mean temperature below 20 °C, +140 kcal for moderate activity (UNHCR 1997, Annex II).
/// </summary>
public static class NeedsModel
{
    public const double BaseKilocalories = 2_100;
    public const string EnergySource = "https://nzdl.org/cgi-bin/library.cgi?e=d-00000-00---off-0who--00-0----0-10-0---0---0direct-10---4-------0-1l--11-en-50---20-about---00-0-1-00-0-0-11-1-0utfZz-8-00&a=d&c=who&cl=CL2.1&d=HASH01cb9828c4a71042fc43d7ab.9";

    /// <summary>Kilocalories per person per day for the conditions.</summary>
    public static double Kilocalories(EnergyConditions conditions)
    {
        var cold = conditions.MeanTemperatureCelsius < 20 ? (20 - conditions.MeanTemperatureCelsius) / 5 * 100 : 0;
        return BaseKilocalories + cold + (conditions.ModerateActivity ? 140 : 0);
    }

    private static List<DailyNeed> FromStandards(
        PopulationProfile population, IEnumerable<NeedRate> standards, IEnumerable<RateOverride> overrides, EnergyConditions conditions)
    {
        var energyFactor = Kilocalories(conditions) / BaseKilocalories;
        var byCommodity = overrides.GroupBy(o => o.CommodityId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var needs = new List<DailyNeed>();
        foreach (var rate in standards)
        {
            if (byCommodity.Remove(rate.Commodity.Id, out var custom))
            {
                needs.Add(Need(rate.Commodity, custom.PerPersonPerDay, custom.AppliesTo, population, 1,
                    $"override by {custom.By}: {custom.Reason}", "user override"));
                continue;
            }
            var factor = rate.ScalesWithEnergy ? energyFactor : 1;
            var basis = rate.ScalesWithEnergy && factor != 1
                ? $"{rate.Basis}, × {factor.ToString("0.###", CultureInfo.InvariantCulture)} for {Kilocalories(conditions).ToString("0", CultureInfo.InvariantCulture)} kcal"
                : rate.Basis;
            needs.Add(Need(rate.Commodity, rate.PerPersonPerDay, rate.AppliesTo, population, factor, basis, rate.Source));
        }
        return needs;
    }

    /// <summary>
    /// The daily need per commodity. An override replaces the standard rate for its commodity; an override for a
    /// commodity without a standard rate (insulin, fuel: no standard gives one) becomes a need of its own.
    /// </summary>
    public static IReadOnlyList<DailyNeed> Compute(
        PopulationProfile population, IEnumerable<NeedRate> standards, IEnumerable<RateOverride> overrides, EnergyConditions conditions,
        IReadOnlyDictionary<string, Commodity> commodities)
    {
        var standardList = standards.ToList();
        var overrideList = overrides.ToList();
        var needs = FromStandards(population, standardList, overrideList, conditions);
        var covered = standardList.Select(r => r.Commodity.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in overrideList.Where(o => !covered.Contains(o.CommodityId)).GroupBy(o => o.CommodityId, StringComparer.Ordinal).Select(g => g.Last()))
        {
            if (commodities.TryGetValue(extra.CommodityId, out var commodity))
            {
                needs.Add(Need(commodity, extra.PerPersonPerDay, extra.AppliesTo, population, 1, $"set by {extra.By}: {extra.Reason}", "user override"));
            }
        }
        return needs;
    }

    private static DailyNeed Need(Commodity commodity, Quantity perPerson, PopulationGroup group, PopulationProfile population, double factor, string basis, string source)
    {
        var people = population.CountOf(group);
        return new DailyNeed(commodity, perPerson * factor * people, people,
            $"{perPerson} per person a day × {people.ToString("N0", CultureInfo.InvariantCulture)} ({Describe(group)}); {basis}", source);
    }

    private static string Describe(PopulationGroup group) => group switch
    {
        PopulationGroup.Everyone => "everyone",
        PopulationGroup.Children => "children",
        PopulationGroup.OlderPeople => "older people",
        PopulationGroup.PeopleWithDisabilities => "people with disabilities",
        PopulationGroup.PregnantWomen => "pregnant women",
        PopulationGroup.Patients => "patients",
    };
}
