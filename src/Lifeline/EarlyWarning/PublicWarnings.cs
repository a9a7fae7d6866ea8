using System.Text.Json;
using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;

namespace Lifeline.EarlyWarning;

/// <summary>A dated public warning (an alert, a statement, an expert opinion) with the pages where it was read.</summary>
/// <param name="DateNote">When the exact day is not known: what is known (the day plotted is the earliest or the latest possible, as said).</param>
/// <param name="KnownFrom">The day the warning counts from in the risk: <paramref name="Date"/>, or the latest day it can have been made when that is uncertain.</param>
/// <param name="BodyKind">Who issued it: genocide-prevention-body, un-mechanism, independent-expert or ngo-coalition.</param>
/// <param name="Event">The record's event for the warning, if there is one.</param>
/// <param name="Names">The Framework subjects (7.10, 9) it names; <paramref name="NamesBasis"/> gives the words that name them.</param>
public sealed record PublicWarning(
    DateOnly Date, string? DateNote, DateOnly? KnownFrom, string By, string BodyKind, string What, string? Event,
    IReadOnlyList<string> Names, string NamesBasis, IReadOnlyList<string> Sources)
{
    public DateOnly CountsFrom => KnownFrom ?? Date;
}

/// <summary>
/// The dated public warnings shipped in data/early-warning/public-warnings.json, by situation: shown on the risk
/// chart next to what Lifeline computes, and read by the third-party-warnings signal. The file ships with Lifeline,
/// so an entry that does not read (a body or subject that does not exist) is a bug and stops the load.
/// </summary>
internal static class PublicWarnings
{
    public const string Format = "lifeline/public-warnings/2";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<PublicWarning>>> Shipped = new(Load);

    public static IReadOnlyList<PublicWarning> For(string situationId) =>
        Shipped.Value.TryGetValue(situationId, out var list) ? list : [];

    /// <summary>
    /// The warnings of a situation as the signal reads them: each with its body, the subjects it names and its
    /// grade, the best of its event's sources' grades (<paramref name="grades"/>; ungraded F6 when the event is not
    /// in the record the caller may see).
    /// </summary>
    public static IReadOnlyList<ThirdPartyWarning> Signals(string situationId, IReadOnlyDictionary<string, IReadOnlyList<Core.Sources.AdmiraltyGrade>> grades) =>
        For(situationId).Select(w =>
        {
            var body = KebabCase.Parse<WarningBody>(w.BodyKind)!.Value;
            var names = w.Names.Select(IndicatorId.Parse).ToList();
            var what = $"{w.What} ({w.NamesBasis})";
            var candidates = (w.Event is not null && grades.TryGetValue(w.Event, out var g) ? g : []).DefaultIfEmpty(Core.Sources.AdmiraltyGrade.Ungraded)
                .Select(grade => new ThirdPartyWarning(w.CountsFrom, w.By, body, what, names, grade, w.Event));
            return candidates.OrderByDescending(c => c.Weight).First();
        }).ToList();

    private static IReadOnlyDictionary<string, IReadOnlyList<PublicWarning>> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "early-warning", "public-warnings.json");
        if (!File.Exists(path))
        {
            return new Dictionary<string, IReadOnlyList<PublicWarning>>();
        }
        var file = JsonSerializer.Deserialize<WarningsFile>(File.ReadAllText(path), JsonOptions)
            ?? throw new InvalidDataException($"{path} is empty");
        if (file.Format != Format)
        {
            throw new InvalidDataException($"{path}: format must be {Format}");
        }
        foreach (var (situation, list) in file.Situations)
        {
            foreach (var (w, i) in list.Select((w, i) => (w, i)))
            {
                if (KebabCase.Parse<WarningBody>(w.BodyKind) is null || w.Names.Any(n => IndicatorId.TryParse(n) is null) || w.Sources.Count == 0)
                {
                    throw new InvalidDataException($"{path}: situations.{situation}[{i}] needs a bodyKind ({KebabCase.Choices<WarningBody>()}), Framework subjects in names and at least one source");
                }
            }
        }
        return file.Situations.ToDictionary(s => s.Key, s => (IReadOnlyList<PublicWarning>)s.Value.OrderBy(w => w.Date).ToList(), StringComparer.Ordinal);
    }

    private sealed record WarningsFile(string Format, string? About, Dictionary<string, List<PublicWarning>> Situations);
}
