using System.Text.Json;
using Lifeline.Core.Common;

namespace Lifeline.Core.EarlyWarning;

/// <summary>Which crimes a risk factor points to: the Framework's common factors, or the specific ones.</summary>
public enum CrimeGroup
{
    /// <summary>Risk factors 1–8, common to all atrocity crimes.</summary>
    Common,

    /// <summary>Risk factors 9–10.</summary>
    Genocide,

    /// <summary>Risk factors 11–12.</summary>
    CrimesAgainstHumanity,

    /// <summary>Risk factors 13–14.</summary>
    WarCrimes,
}

/// <summary>How much of a piece of the Framework's text was read into the catalogue.</summary>
public enum TextStatus
{
    Read,

    /// <summary>The copy read broke off part-way: the meaning covers what was read, and more may follow.</summary>
    Partial,

    NotRead,
}

/// <summary>How much of a risk factor's list of indicators was read into the catalogue.</summary>
public enum ListCoverage
{
    Complete,

    /// <summary>Read up to where the copy broke off: more indicators may follow the last one listed.</summary>
    Partial,

    /// <summary>None read: the factor can still be assessed as a whole.</summary>
    NotRead,
}

/// <summary>
/// One numbered indicator of a risk factor, its meaning in our words and where it was read. <see cref="Note"/> says
/// how much of it was read (for analysts, with the catalogue's coverage: never in public text); <see cref="Wording"/>
/// is the Framework's own words where they were read, with where.
/// </summary>
public sealed record Indicator(IndicatorId Id, string Meaning, TextStatus Text, Uri Citation)
{
    /// <summary>What was not read of it (the copy broke off), for analysts; null when it was read whole.</summary>
    public string? Note { get; init; }

    /// <summary>The Framework's wording, verbatim as far as it was read; null when not read.</summary>
    public string? Wording { get; init; }

    /// <summary>Where the wording was read.</summary>
    public Uri? WordingCitation { get; init; }
}

/// <summary>
/// One of the Framework's 14 risk factors. <paramref name="IndicatorList"/> says whether
/// <paramref name="Indicators"/> is the whole list, the start of it, or nothing (not read).
/// </summary>
/// <param name="TitleCitation">The address where the title was read, or the project note it comes from.</param>
/// <param name="Meaning">The factor's definition in our words; null where it was not read.</param>
public sealed record RiskFactor(
    int Number,
    CrimeGroup Group,
    string Title,
    string TitleCitation,
    string? Meaning,
    Uri? MeaningCitation,
    ListCoverage IndicatorList,
    IReadOnlyList<Indicator> Indicators)
{
    /// <summary>The subject that stands for this factor as a whole (<c>14</c>).</summary>
    public IndicatorId Id => IndicatorId.WholeFactor(Number);
}

/// <summary>One of Stanton's ten stages of genocide, a second lens on the same evidence.</summary>
public sealed record StantonStage(int Number, string Name, string Meaning, Uri Citation);

/// <summary>An indicator (or whole factor) that bears directly on a siege, and why.</summary>
public sealed record SiegeRelevance(IndicatorId Subject, string Why);

/// <summary>
/// The Framework of Analysis for Atrocity Crimes (UN, 2014) as data: its 14 risk factors with the indicators that
/// were read, Stanton's ten stages, and the subjects that bear on a siege. Built from the JSON text of
/// <c>data/standards/framework-of-analysis.json</c> by <see cref="Parse"/>; the shell reads the file.
/// </summary>
public sealed class FrameworkCatalogue
{
    private readonly Dictionary<IndicatorId, Indicator> indicators;

    private FrameworkCatalogue(IReadOnlyList<RiskFactor> factors, IReadOnlyList<StantonStage> stages, IReadOnlyList<SiegeRelevance> siegeRelevant, string coverage)
    {
        Factors = factors;
        Stages = stages;
        SiegeRelevant = siegeRelevant;
        Coverage = coverage;
        indicators = factors.SelectMany(f => f.Indicators).ToDictionary(i => i.Id);
    }

    /// <summary>The 14 risk factors in order, 1 to 14.</summary>
    public IReadOnlyList<RiskFactor> Factors { get; }

    /// <summary>Stanton's stages in order, 1 to 10.</summary>
    public IReadOnlyList<StantonStage> Stages { get; }

    public IReadOnlyList<SiegeRelevance> SiegeRelevant { get; }

    /// <summary>What was read and what was not, in words, to show next to the catalogue.</summary>
    public string Coverage { get; }

    /// <summary>Risk factor 1 to 14.</summary>
    public RiskFactor Factor(int number) =>
        number is >= 1 and <= IndicatorId.FactorCount
            ? Factors[number - 1]
            : throw new ArgumentOutOfRangeException(nameof(number), number, "risk factors are numbered 1 to 14");

    /// <summary>Whether an assessment or signal may speak to <paramref name="subject"/>: every whole factor, and every listed indicator.</summary>
    public bool Contains(IndicatorId subject) =>
        subject.IsWholeFactor ? subject.Factor is >= 1 and <= IndicatorId.FactorCount : indicators.ContainsKey(subject);

    /// <summary>The indicator, or null for a whole factor or a number the catalogue does not list.</summary>
    public Indicator? Find(IndicatorId subject) => indicators.GetValueOrDefault(subject);

    /// <summary>What a subject is called: the indicator's meaning, or the factor's title for a whole factor.</summary>
    public string Describe(IndicatorId subject) =>
        subject.IsWholeFactor ? Factor(subject.Factor).Title : Find(subject)?.Meaning ?? subject.ToString();

    /// <summary>
    /// Reads the catalogue from its JSON text. The file ships with Lifeline, so anything wrong in it is a bug:
    /// throws <see cref="FormatException"/> listing every problem (14 factors numbered 1–14 in their groups,
    /// indicators numbered F.1, F.2, ... without gaps, each with a meaning and an http(s) citation).
    /// </summary>
    public static FrameworkCatalogue Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        CatalogueFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CatalogueFile>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the Framework catalogue is not valid JSON: {e.Message}", e);
        }
        if (file is null)
        {
            throw new FormatException("the Framework catalogue is empty");
        }

        var errors = new ValidationErrors();
        var factors = ReadFactors(file.RiskFactors ?? [], errors);
        var stages = ReadStages(file.StantonStages?.Stages ?? [], errors);
        var siege = new List<SiegeRelevance>();
        var known = factors.SelectMany(f => f.Indicators).Select(i => i.Id).ToHashSet();
        foreach (var (entry, i) in (file.SiegeRelevant ?? []).Select((e, i) => (e, i)))
        {
            var subject = IndicatorId.TryParse(entry.Subject);
            if (subject is null || (!subject.Value.IsWholeFactor && !known.Contains(subject.Value)))
            {
                errors.Add($"siegeRelevant[{i}].subject", $"'{entry.Subject}' is not a factor or a listed indicator");
                continue;
            }
            siege.Add(new SiegeRelevance(subject.Value, entry.Why ?? ""));
        }
        if (!errors.IsEmpty)
        {
            throw new FormatException($"the Framework catalogue is wrong: {errors}");
        }
        return new FrameworkCatalogue(factors, stages, siege, file.Coverage ?? "");
    }

    private static List<RiskFactor> ReadFactors(IReadOnlyList<FactorEntry> entries, ValidationErrors errors)
    {
        if (entries.Count != IndicatorId.FactorCount)
        {
            errors.Add("riskFactors", $"has {entries.Count} risk factors; the Framework has {IndicatorId.FactorCount}");
        }
        var factors = new List<RiskFactor>();
        for (var f = 0; f < entries.Count; f++)
        {
            var entry = entries[f];
            var at = $"riskFactors[{f}]";
            if (entry.Number != f + 1)
            {
                errors.Add($"{at}.number", $"is {entry.Number}; factors must be listed 1 to 14 in order");
            }
            var group = KebabCase.Parse<CrimeGroup>(entry.Group);
            if (group is null || group != GroupOf(entry.Number))
            {
                errors.Add($"{at}.group", $"'{entry.Group}' is wrong for factor {entry.Number}: expected {KebabCase.Of(GroupOf(entry.Number))}");
            }
            if (string.IsNullOrWhiteSpace(entry.Title) || string.IsNullOrWhiteSpace(entry.TitleCitation))
            {
                errors.Add($"{at}.title", "a title and where it was read (titleCitation) are required");
            }
            var list = KebabCase.Parse<ListCoverage>(entry.IndicatorList);
            if (list is null)
            {
                errors.Add($"{at}.indicatorList", $"'{entry.IndicatorList}' is not one of {KebabCase.Choices<ListCoverage>()}");
            }
            Uri? meaningCitation = null;
            if (entry.Meaning is not null && !TryWebAddress(entry.MeaningCitation, out meaningCitation))
            {
                errors.Add($"{at}.meaningCitation", "a meaning needs the http(s) address where it was read");
            }

            var indicators = new List<Indicator>();
            var items = entry.Indicators ?? [];
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                var itemAt = $"{at}.indicators[{i}]";
                var id = IndicatorId.TryParse(item.Number);
                if (id is not { IsWholeFactor: false } || id.Value.Factor != entry.Number || id.Value.Number != i + 1)
                {
                    errors.Add($"{itemAt}.number", $"is '{item.Number}'; expected {entry.Number}.{i + 1} (numbers run from 1 without gaps, as in the Framework)");
                    continue;
                }
                if (string.IsNullOrWhiteSpace(item.Meaning))
                {
                    errors.Add($"{itemAt}.meaning", "is required (write \"not read\" when the text was not found)");
                }
                var text = KebabCase.Parse<TextStatus>(item.Text);
                if (text is null)
                {
                    errors.Add($"{itemAt}.text", $"'{item.Text}' is not one of {KebabCase.Choices<TextStatus>()}");
                }
                if (!TryWebAddress(item.Citation, out var citation))
                {
                    errors.Add($"{itemAt}.citation", "is required: the http(s) address where the indicator was read");
                }
                Uri? wordingCitation = null;
                if (item.Wording is not null && !TryWebAddress(item.WordingCitation, out wordingCitation))
                {
                    errors.Add($"{itemAt}.wordingCitation", "a wording needs the http(s) address where it was read");
                }
                if (text == TextStatus.Partial && string.IsNullOrWhiteSpace(item.Note))
                {
                    errors.Add($"{itemAt}.note", "an indicator read only in part needs a note saying what was not read");
                }
                if (text is not null && citation is not null)
                {
                    indicators.Add(new Indicator(id.Value, item.Meaning!.Trim(), text.Value, citation)
                    {
                        Note = string.IsNullOrWhiteSpace(item.Note) ? null : item.Note.Trim(),
                        Wording = string.IsNullOrWhiteSpace(item.Wording) ? null : item.Wording.Trim(),
                        WordingCitation = wordingCitation,
                    });
                }
            }
            if (list == ListCoverage.NotRead && items.Count > 0)
            {
                errors.Add($"{at}.indicatorList", "says not-read but indicators are listed");
            }
            factors.Add(new RiskFactor(
                entry.Number, group ?? CrimeGroup.Common, entry.Title?.Trim() ?? "", entry.TitleCitation?.Trim() ?? "",
                entry.Meaning?.Trim(), meaningCitation, list ?? ListCoverage.NotRead, indicators));
        }
        return factors;
    }

    private static List<StantonStage> ReadStages(IReadOnlyList<StageEntry> entries, ValidationErrors errors)
    {
        var stages = new List<StantonStage>();
        if (entries.Count != 10)
        {
            errors.Add("stantonStages.stages", $"has {entries.Count} stages; Stanton names 10");
        }
        for (var s = 0; s < entries.Count; s++)
        {
            var entry = entries[s];
            if (entry.Number != s + 1 || string.IsNullOrWhiteSpace(entry.Name) || string.IsNullOrWhiteSpace(entry.Meaning)
                || !TryWebAddress(entry.Citation, out var citation))
            {
                errors.Add($"stantonStages.stages[{s}]", "needs number (in order), name, meaning and an http(s) citation");
                continue;
            }
            stages.Add(new StantonStage(entry.Number, entry.Name!.Trim(), entry.Meaning!.Trim(), citation));
        }
        return stages;
    }

    /// <summary>The Framework's grouping: 1–8 common, 9–10 genocide, 11–12 crimes against humanity, 13–14 war crimes.</summary>
    public static CrimeGroup GroupOf(int factor) => factor switch
    {
        <= 8 => CrimeGroup.Common,
        <= 10 => CrimeGroup.Genocide,
        <= 12 => CrimeGroup.CrimesAgainstHumanity,
        _ => CrimeGroup.WarCrimes,
    };

    private static bool TryWebAddress(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? address) =>
        Uri.TryCreate(text, UriKind.Absolute, out address) && (address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
    };

    private sealed record CatalogueFile(
        string? Format,
        string? Coverage,
        IReadOnlyList<FactorEntry>? RiskFactors,
        IReadOnlyList<SiegeEntry>? SiegeRelevant,
        StagesEntry? StantonStages);

    private sealed record FactorEntry(
        int Number,
        string? Group,
        string? Title,
        string? TitleCitation,
        string? Meaning,
        string? MeaningCitation,
        string? IndicatorList,
        IReadOnlyList<IndicatorEntry>? Indicators);

    private sealed record IndicatorEntry(string? Number, string? Meaning, string? Text, string? Citation, string? Note, string? Wording, string? WordingNote, string? WordingCitation);

    private sealed record SiegeEntry(string? Subject, string? Why);

    private sealed record StagesEntry(IReadOnlyList<StageEntry>? Stages);

    private sealed record StageEntry(int Number, string? Name, string? Meaning, string? Citation);
}
