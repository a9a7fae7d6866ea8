using Lifeline.Exchange;
using Lifeline.Storage;

namespace Lifeline.Situations;

/// <summary>
/// The built-in scenarios: real, sourced situations in the exchange format, shipped beside the executable
/// (from <c>data/scenarios/NAME/NAME.json</c>).
/// </summary>
internal static class Scenarios
{
    /// <summary>The scenario a new database is seeded with.</summary>
    public const string Default = "lachin-2022";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "scenarios");

    public static IReadOnlyList<string> Names() =>
        Directory.Exists(Folder)
            ? Directory.GetDirectories(Folder).Select(Path.GetFileName).OfType<string>()
                .Where(n => File.Exists(FileOf(n))).Order(StringComparer.Ordinal).ToList()
            : [];

    public static string FileOf(string name) => Path.Combine(Folder, name, $"{name}.json");

    /// <returns>Null when there is no scenario of that name.</returns>
    public static ImportResult? Load(LifelineDbContext db, TimeProvider clock, string name, IProgress<long>? progress = null)
    {
        if (!Names().Contains(name, StringComparer.Ordinal))
        {
            return null;
        }
        using var stream = File.OpenRead(FileOf(name));
        var imported = new Importer(db, clock).Import(stream, "Lifeline", $"built-in scenario {name}", progress);
        imported = Supplies.SupplyFiles.AfterScenario(db, clock, Folder, name, imported);
        imported = EarlyWarning.AssessmentFiles.AfterScenario(db, clock, Folder, name, imported);
        imported = Legal.LegalFiles.AfterScenario(db, clock, Folder, name, imported);
        return Claims.ClaimFiles.AfterScenario(db, clock, Folder, name, imported);
    }
}
