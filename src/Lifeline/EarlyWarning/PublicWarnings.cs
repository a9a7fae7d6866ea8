using System.Text.Json;

namespace Lifeline.EarlyWarning;

/// <summary>A dated public warning (an alert, a statement, an expert opinion) with the pages where it was read.</summary>
/// <param name="DateNote">When the exact day is not known: what is known (the day plotted is the earliest or the latest possible, as said).</param>
public sealed record PublicWarning(DateOnly Date, string? DateNote, string By, string What, IReadOnlyList<string> Sources);

/// <summary>
/// The dated public warnings shipped in data/early-warning/public-warnings.json, by situation: shown on the risk
/// chart next to what Lifeline computes, so that a reader can compare the two.
/// </summary>
internal static class PublicWarnings
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<PublicWarning>>> Shipped = new(Load);

    public static IReadOnlyList<PublicWarning> For(string situationId) =>
        Shipped.Value.TryGetValue(situationId, out var list) ? list : [];

    private static IReadOnlyDictionary<string, IReadOnlyList<PublicWarning>> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "early-warning", "public-warnings.json");
        if (!File.Exists(path))
        {
            return new Dictionary<string, IReadOnlyList<PublicWarning>>();
        }
        var file = JsonSerializer.Deserialize<WarningsFile>(File.ReadAllText(path), JsonOptions)
            ?? throw new InvalidDataException($"{path} is empty");
        return file.Situations.ToDictionary(s => s.Key, s => (IReadOnlyList<PublicWarning>)s.Value.OrderBy(w => w.Date).ToList(), StringComparer.Ordinal);
    }

    private sealed record WarningsFile(string Format, Dictionary<string, List<PublicWarning>> Situations);
}
