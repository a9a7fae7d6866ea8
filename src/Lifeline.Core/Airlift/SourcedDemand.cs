using System.Globalization;

namespace Lifeline.Core.Airlift;

/// <summary>
/// Daily airlift demand worked out from a population and what it received before the blockade, with sourced
/// per-person rates, until the Supplies needs model can be asked instead (docs/airlift.md, "Where demand comes from"):
/// <list type="bullet">
/// <item>food: the WFP full emergency basket, 555 g a person a day (400 g cereal, 60 g pulses, 25 g oil, 50 g
/// Corn Soya Blend, 15 g sugar, 5 g salt);</item>
/// <item>medical: the Interagency Emergency Health Kit 2017, 1.25 t for 10,000 people for about 3 months (91.25 days);</item>
/// <item>other: what remains of the pre-blockade daily inflow, when one is known and larger than the two above.</item>
/// </list>
/// Fuel is left out: no per-person figure was found in the reference (shared/data/airlift-reference.md §6).
/// </summary>
public static class SourcedDemand
{
    public const string WfpBasket = "http://www.wfp.org/nutrition/wfp-foodbasket";
    public const string UnicefIehk = "https://docslib.org/doc/10333338/the-interagency-emergency-health-kits-information-note";

    /// <summary>Kilograms a person a day of the WFP full emergency basket.</summary>
    public const double FoodKilogramsPerPerson = 0.555;

    /// <summary>Kilograms a person a day of the IEHK 2017: 1,250 kg / 10,000 people / 91.25 days.</summary>
    public const double MedicalKilogramsPerPerson = 1250.0 / 10_000 / 91.25;

    /// <param name="populationSource">Where the population figure was read, recorded with each line.</param>
    /// <param name="baselineInflowTonnesPerDay">What came in each day before the blockade, if known.</param>
    public static IReadOnlyList<DemandDraft> For(long population, string populationSource, double? baselineInflowTonnesPerDay, string? inflowSource)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(population);
        var people = population.ToString("N0", CultureInfo.InvariantCulture);
        var food = Math.Round(population * FoodKilogramsPerPerson / 1000, 3);
        var medical = Math.Round(population * MedicalKilogramsPerPerson / 1000, 3);
        var lines = new List<DemandDraft>
        {
            new()
            {
                Commodity = "medical supplies",
                TonnesPerDay = medical,
                Priority = "medical",
                Source = $"IEHK 2017, 1.25 t per 10,000 people per 91.25 days ({UnicefIehk}) × {people} people ({populationSource})",
            },
            new()
            {
                Commodity = "food",
                TonnesPerDay = food,
                Priority = "food",
                Source = $"WFP full emergency basket, 555 g a person a day ({WfpBasket}) × {people} people ({populationSource})",
            },
        };
        if (baselineInflowTonnesPerDay is { } inflow && inflow > food + medical)
        {
            lines.Add(new DemandDraft
            {
                Commodity = "other goods",
                TonnesPerDay = Math.Round(inflow - food - medical, 3),
                Priority = "other",
                Source = $"the rest of the {inflow.ToString("0.###", CultureInfo.InvariantCulture)} t a day that came in before the blockade ({inflowSource}), after food and medical supplies",
            });
        }
        return lines;
    }
}
