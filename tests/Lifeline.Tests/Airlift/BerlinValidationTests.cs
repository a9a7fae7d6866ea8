using Lifeline.Airlift;
using Lifeline.Core.Airlift;

namespace Lifeline.Tests.Airlift;

/// <summary>
/// The built-in berlin-1948 scenario (Tempelhof and Gatow before Tegel opened; inputs and their sources in
/// data/scenarios/berlin-1948/README.md) against what the airlift achieved (shared/data/airlift-reference.md §1):
/// the planned capacity must lie between the blockade's average and the Easter Parade, the most the landing slots
/// ever allowed.
/// </summary>
public sealed class BerlinValidationTests
{
    private const decimal ShortTon = 0.90718474m;

    /// <summary>4,949 short tons a day over the blockade (1,583,721.5 short tons in 320 days, UPI).</summary>
    private static readonly decimal BlockadeAverage = 4949 * ShortTon;

    /// <summary>12,941 short tons in 24 hours at the Easter Parade, 15–16 April 1949, on three airfields.</summary>
    private static readonly decimal EasterParade = 12941 * ShortTon;

    private static AirliftPlan Plan(ScenarioDraft draft)
    {
        var (scenario, errors) = ScenarioValidator.Validate(draft);
        Assert.True(errors.IsEmpty, errors.ToString());
        return new AirliftPlanner(TimeProvider.System).Plan(scenario!, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Berlin_MeetsTheDailyRequirement_AndItsCapacityIsInTheHistoricalRange()
    {
        var plan = Plan(AirliftScenarios.Load("berlin-1948")!);

        Assert.True(plan.Optimality.Proven);
        Assert.Equal(0m, plan.Shortfall.Value);
        // 1,534 + 3,475 short tons a day of food, coal and gasoline.
        Assert.Equal(Math.Round(5009 * ShortTon, 0), Math.Round(plan.Delivered.Value / plan.Scenario.HorizonDays, 0));
        Assert.InRange(plan.DailyCapacity.Value, BlockadeAverage, EasterParade);
    }

    [Fact]
    public void Berlin_AboveCapacity_TheBerlinLandingIntervalsBind()
    {
        var draft = AirliftScenarios.Load("berlin-1948")!;
        var heavy = draft with { Demand = draft.Demand!.Select(d => d! with { TonnesPerDay = d.TonnesPerDay * 3 }).ToList() };

        var plan = Plan(heavy);

        // Two airfields, one landing every 3 minutes round the clock: 960 landings of 9 t.
        Assert.Equal(8640m, plan.DailyCapacity.Value);
        Assert.All(plan.Days, d => Assert.Equal(8640m, d.Delivered.Value));
        Assert.InRange(plan.Days[0].Delivered.Value, BlockadeAverage, EasterParade);
        Assert.Equal(["Gatow", "Tempelhof"], plan.Binding.Where(b => b.Limit == LimitKind.LandingSlots).Select(b => b.Subject).Order(StringComparer.Ordinal));
        Assert.All(plan.Binding, b => Assert.Equal(216m, b.GainPerDay!.Value.Value));
        // Food before coal: all the shortfall is coal and gasoline.
        Assert.Equal(0m, plan.Commodities.Single(c => c.Priority == Priority.Food).Shortfall.Value);
    }

    [Fact]
    public void Berlin_LandingSlotsOnThreeAirfields_AreWhatTheEasterParadeUsed()
    {
        // The model's slot limit with Tegel as well: 3 × 86,400 / 180 = 1,440 landings a day; the Easter Parade flew
        // 1,398 (97 %), at one landing every 61 s across the three airfields.
        var berlin = ScenarioValidator.Validate(AirliftScenarios.Load("berlin-1948")!).Scenario!;
        var tempelhof = berlin.Destinations.Single(a => a.Code == "Tempelhof");
        var tegel = tempelhof with { Code = "Tegel" };

        var slots = berlin.Destinations.Sum(a => a.LandingSlotsPerDay) + tegel.LandingSlotsPerDay;

        Assert.Equal(1440, slots);
        Assert.InRange(1398.0 / slots, 0.95, 1.0);
    }
}
