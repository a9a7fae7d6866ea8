using System.Collections.Concurrent;
using Lifeline.Airlift;
using Lifeline.Core.Airlift;
using Lifeline.Core.Supplies;

namespace Lifeline.Supplies;

/// <summary>
/// The airlift the forecast flies for a situation: the built-in airlift scenario that names the situation
/// (data/scenarios/NAME/airlift.json), planned once by the airlift planner and kept, since the same scenario
/// always gives the same plan. Its food and medical deliveries become the supply forecast's inflow.
/// </summary>
internal sealed class BuiltInAirliftPlans(TimeProvider clock) : IPlannedAirlift
{
    private readonly ConcurrentDictionary<string, Lazy<PlannedAirlift?>> plans = new(StringComparer.Ordinal);

    public PlannedAirlift? For(string situationId) =>
        plans.GetOrAdd(situationId, id => new Lazy<PlannedAirlift?>(() => Plan(id, clock))).Value;

    private static PlannedAirlift? Plan(string situationId, TimeProvider clock)
    {
        var named = AirliftScenarios.Names()
            .Select(name => (Name: name, Draft: AirliftScenarios.Load(name)))
            .FirstOrDefault(s => string.Equals(s.Draft?.Situation, situationId, StringComparison.Ordinal));
        if (named.Draft is null)
        {
            return null;
        }
        var (scenario, errors) = ScenarioValidator.Validate(named.Draft);
        if (scenario is null)
        {
            throw new InvalidOperationException($"The built-in airlift scenario {named.Name} is invalid: {errors}");
        }
        return From(named.Name, new AirliftPlanner(clock).Plan(scenario, CancellationToken.None));
    }

    /// <summary>The plan's deliveries per day, food and medical supplies apart; other cargo is not counted.</summary>
    public static PlannedAirlift From(string name, AirliftPlan plan)
    {
        var priorities = plan.Commodities.ToDictionary(c => c.Commodity, c => c.Priority, StringComparer.Ordinal);
        var days = plan.Deliveries.GroupBy(d => d.Day).OrderBy(g => g.Key)
            .Select(g => new AirliftDay(
                g.Key,
                g.Where(d => priorities[d.Commodity] == Priority.Food).Sum(d => (double)d.Delivered.Kilograms),
                g.Where(d => priorities[d.Commodity] == Priority.Medical).Sum(d => (double)d.Delivered.Kilograms)))
            .ToList();
        return new PlannedAirlift(name, days);
    }
}
