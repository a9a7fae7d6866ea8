namespace Lifeline.Core.Airlift;

/// <summary>
/// Given the payload flown each day, which commodity it carries. Commodities are served in priority order; each
/// serves its days in order, each day's need from the latest payload that can still serve it (deliveries may come
/// early and wait in stock, never late), so earlier payload stays free for what comes after. Served in priority
/// order this is the greedy algorithm on a transversal matroid: it leaves the least priority-weighted shortfall
/// any allocation could. It works to the kilogram.
/// </summary>
public static class DeliveryAllocation
{
    /// <summary>What a commodity gets on a day; all in tonnes.</summary>
    public sealed record Day(Tonnes Need, Tonnes Delivered, Tonnes Shortfall, Tonnes StockAtEnd);

    /// <param name="capacity">The payload flown each day (index 0 is day 1).</param>
    /// <returns>[day, commodity] in the order of <paramref name="demand"/>.</returns>
    public static Day[,] Allocate(IReadOnlyList<Tonnes> capacity, IReadOnlyList<DemandLine> demand)
    {
        var days = capacity.Count;
        var free = capacity.Select(c => c.Kilograms).ToArray();
        var result = new Day[days, demand.Count];
        var order = Enumerable.Range(0, demand.Count).OrderByDescending(c => demand[c].Priority.Weight()).ThenBy(c => c).ToList();
        foreach (var c in order)
        {
            var line = demand[c];
            var need = line.PerDay.Kilograms;
            var stock = line.StockAtStart.Kilograms;
            // Stock at start is eaten first, day by day.
            var uncovered = new long[days];
            for (var d = 0; d < days; d++)
            {
                var fromStock = Math.Min(stock, need);
                stock -= fromStock;
                uncovered[d] = need - fromStock;
            }
            var delivered = new long[days];
            var served = new long[days];
            for (var d = 0; d < days; d++)
            {
                var want = uncovered[d];
                for (var source = d; source >= 0 && want > 0; source--)
                {
                    var take = Math.Min(want, free[source]);
                    if (take == 0)
                    {
                        continue;
                    }
                    free[source] -= take;
                    delivered[source] = checked(delivered[source] + take);
                    served[d] = checked(served[d] + take);
                    want -= take;
                }
            }
            var held = line.StockAtStart.Kilograms;
            for (var d = 0; d < days; d++)
            {
                var shortfall = uncovered[d] - served[d];
                held = checked(held + delivered[d] - (need - shortfall));
                result[d, c] = new Day(line.PerDay, Tonnes.FromKilograms(delivered[d]), Tonnes.FromKilograms(shortfall), Tonnes.FromKilograms(held));
            }
        }
        return result;
    }

    /// <summary>Σ weight × shortfall in tonnes: the first objective.</summary>
    public static decimal WeightedShortfall(Day[,] allocation, IReadOnlyList<DemandLine> demand)
    {
        var total = 0m;
        for (var d = 0; d < allocation.GetLength(0); d++)
        {
            for (var c = 0; c < demand.Count; c++)
            {
                total += allocation[d, c].Shortfall.Value * demand[c].Priority.Weight();
            }
        }
        return total;
    }
}
