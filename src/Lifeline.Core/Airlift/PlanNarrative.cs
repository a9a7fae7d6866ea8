using System.Globalization;
using System.Text;

namespace Lifeline.Core.Airlift;

/// <summary>
/// The plan's summary in words, read off the plan's own days so that it says what its chart shows: which days are
/// short (named, with how much), and on which days less than the day's need lands, the need being met from stock
/// (held at the start, or flown in ahead on earlier days).
/// </summary>
public static class PlanNarrative
{
    /// <param name="days">The plan's days, in order (day 1 first).</param>
    /// <param name="commodities">What each commodity needed, got and missed over the horizon.</param>
    /// <param name="dailyCapacity">The most the fleet and airfields can lift in a day.</param>
    /// <param name="needPerDay">The need a day, all commodities.</param>
    public static string Summarise(IReadOnlyList<PlanDay> days, IReadOnlyList<CommodityTotal> commodities, Tonnes dailyCapacity, Tonnes needPerDay)
    {
        if (needPerDay.Kilograms == 0)
        {
            return "There is no demand to deliver: no sortie is planned.";
        }
        var text = new StringBuilder();
        var shortDays = days.Where(d => d.Shortfall.Kilograms > 0).Select(d => d.Day).ToList();
        if (shortDays.Count == 0)
        {
            text.Append("Demand is met every day.");
        }
        else
        {
            var total = days.Aggregate(Tonnes.Zero, (sum, d) => sum + d.Shortfall);
            var which = string.Join(", ", commodities.Where(c => c.Shortfall.Kilograms > 0).Select(c => $"{c.Commodity} {c.Shortfall}"));
            text.Append(CultureInfo.InvariantCulture, $"Demand is not met on {Count(shortDays.Count, "day")} of {days.Count}: {Days(shortDays)}, {total} short in all ({which}).");
        }
        var fromStock = days.Where(d => d.Shortfall.Kilograms == 0 && d.Delivered < d.Need).ToList();
        if (fromStock.Count > 0)
        {
            var nothing = fromStock.Where(d => d.Delivered.Kilograms == 0).Select(d => d.Day).ToList();
            var less = fromStock.Where(d => d.Delivered.Kilograms > 0).Select(d => d.Day).ToList();
            var parts = new List<string>();
            if (nothing.Count > 0)
            {
                parts.Add($"nothing lands on {Days(nothing)}");
            }
            if (less.Count > 0)
            {
                parts.Add($"less than the day's need lands on {Days(less)}");
            }
            var ahead = days.Where(d => d.Delivered > d.Need).Select(d => d.Day).ToList();
            var source = ahead.Count > 0
                ? $"from stock flown in ahead on {Days(ahead)} (up to {days.Max(d => d.Delivered)} a day)"
                : "from the stock held at the start";
            if (ahead.Count > 0 && commodities.Any(c => c.StockAtStart.Kilograms > 0))
            {
                source += " and the stock held at the start";
            }
            text.Append(CultureInfo.InvariantCulture, $" {Capitalised(string.Join(" and ", parts))}: the need on {(fromStock.Count == 1 ? "that day" : "those days")} is met {source}.");
        }
        text.Append(CultureInfo.InvariantCulture, $" The fleet and airfields could lift up to {dailyCapacity} a day against a need of {needPerDay} a day.");
        return text.ToString();
    }

    /// <summary>Days as ranges: "day 4", "days 24–30", "days 1–3, 7 and 9–12".</summary>
    public static string Days(IReadOnlyList<int> days)
    {
        var ranges = new List<string>();
        for (var i = 0; i < days.Count;)
        {
            var j = i;
            while (j + 1 < days.Count && days[j + 1] == days[j] + 1)
            {
                j++;
            }
            ranges.Add(i == j ? N(days[i]) : $"{N(days[i])}–{N(days[j])}");
            i = j + 1;
        }
        var list = ranges.Count == 1 ? ranges[0] : $"{string.Join(", ", ranges.Take(ranges.Count - 1))} and {ranges[^1]}";
        return (days.Count == 1 ? "day " : "days ") + list;
    }

    private static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{N(n)} {unit}s";

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
