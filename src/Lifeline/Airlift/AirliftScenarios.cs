using Lifeline.Core.Airlift;

namespace Lifeline.Airlift;

/// <summary>
/// The built-in airlift scenarios, shipped beside the executable from <c>data/scenarios/NAME/airlift.json</c>
/// (berlin-1948, lachin-2023); each folder's README gives the source of every figure.
/// </summary>
internal static class AirliftScenarios
{
    public const string FileName = "airlift.json";
    public const string Default = "lachin-2023";

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "scenarios");

    public static IReadOnlyList<string> Names() =>
        Directory.Exists(Folder)
            ? Directory.GetDirectories(Folder).Where(d => File.Exists(Path.Combine(d, FileName)))
                .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    public static string? FileOf(string name) =>
        Names().Contains(name, StringComparer.Ordinal) ? Path.Combine(Folder, name, FileName) : null;

    /// <returns>Null when there is no built-in scenario of that name.</returns>
    public static ScenarioDraft? Load(string name)
    {
        if (FileOf(name) is not { } path)
        {
            return null;
        }
        var (draft, errors) = AirliftJson.ReadScenario(File.ReadAllText(path));
        return errors.IsEmpty ? draft : throw new InvalidOperationException($"The built-in airlift scenario {name} is unreadable: {errors}");
    }
}
