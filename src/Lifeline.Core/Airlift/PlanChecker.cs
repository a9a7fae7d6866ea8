using System.Globalization;

namespace Lifeline.Core.Airlift;

/// <summary>
/// Checks whole-number sorties against every daily limit of the model, independently of the solver (its answers
/// are floating point, rounded here). A plan the planner returns passes; a message names any limit it breaks.
/// </summary>
public static class PlanChecker
{
    public static IReadOnlyList<string> Check(AirliftNetwork network, int[,] sorties)
    {
        var problems = new List<string>();
        for (var d = 0; d < sorties.GetLength(0); d++)
        {
            foreach (var limit in network.Limits)
            {
                var usage = AirliftNetwork.Usage(limit, k => sorties[d, k]);
                if (usage > limit.Capacity + 1e-6 * Math.Max(1, limit.Capacity))
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"Day {d + 1}: {limit.Describe()} is exceeded ({usage:0.##} of {limit.Capacity:0.##})."));
                }
            }
            for (var k = 0; k < network.Kinds.Count; k++)
            {
                if (sorties[d, k] < 0)
                {
                    problems.Add($"Day {d + 1}: a negative number of sorties.");
                }
            }
        }
        return problems;
    }
}
