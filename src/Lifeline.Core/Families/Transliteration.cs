using System.Text;
using System.Text.Json;

namespace Lifeline.Core.Families;

/// <summary>
/// A Russian romanization scheme as the iuliia project publishes it (data/transliteration/ru_*.json, MIT): a letter
/// table, with letters that read differently after a given letter (<c>prev_mapping</c>: BGN/PCGN's е → ye at the
/// start of a word or after a vowel), before one (<c>next_mapping</c>) or at the end of a word (<c>ending_mapping</c>).
/// </summary>
public sealed class RussianScheme
{
    private readonly Dictionary<string, string> mapping;
    private readonly Dictionary<string, string> previous;
    private readonly Dictionary<string, string> next;
    private readonly Dictionary<string, string> ending;

    private RussianScheme(string name, Dictionary<string, string> mapping, Dictionary<string, string> previous, Dictionary<string, string> next,
        Dictionary<string, string> ending, IReadOnlyList<(string Cyrillic, string Latin)> samples)
    {
        Name = name;
        this.mapping = mapping;
        this.previous = previous;
        this.next = next;
        this.ending = ending;
        Samples = samples;
    }

    /// <summary>ICAO Doc 9303, the scheme of Russian passports since 2014.</summary>
    public static RussianScheme Icao { get; } = Load("ru_icao_doc_9303.json");

    /// <summary>BGN/PCGN 1947, the scheme of British and US maps and gazetteers.</summary>
    public static RussianScheme BgnPcgn { get; } = Load("ru_bgn_pcgn.json");

    /// <summary>GOST 7.79-2000 system A (ISO 9:1995), with diacritics.</summary>
    public static RussianScheme Gost779 { get; } = Load("ru_gost_779.json");

    public static IReadOnlyList<RussianScheme> All { get; } = [Icao, BgnPcgn, Gost779];

    public string Name { get; }

    /// <summary>The examples the scheme's publisher gives, to check this implementation against.</summary>
    public IReadOnlyList<(string Cyrillic, string Latin)> Samples { get; }

    public string Romanize(string text)
    {
        var result = new StringBuilder(text.Length * 2);
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                word.Append(c);
                continue;
            }
            RomanizeWord(word.ToString(), result);
            word.Clear();
            result.Append(c);
        }
        RomanizeWord(word.ToString(), result);
        return result.ToString();
    }

    private void RomanizeWord(string word, StringBuilder result)
    {
        if (word.Length == 0)
        {
            return;
        }
        var stem = word;
        string? end = null;
        if (word.Length > 2 && ending.TryGetValue(word[^2..].ToLowerInvariant(), out var e2))
        {
            (stem, end) = (word[..^2], Case(e2, word[^2..], word));
        }
        else if (word.Length > 1 && ending.TryGetValue(word[^1..].ToLowerInvariant(), out var e1))
        {
            (stem, end) = (word[..^1], Case(e1, word[^1..], word));
        }
        for (var i = 0; i < stem.Length; i++)
        {
            var current = char.ToLowerInvariant(stem[i]).ToString();
            var before = i > 0 ? char.ToLowerInvariant(stem[i - 1]).ToString() : "";
            var after = i + 1 < stem.Length ? char.ToLowerInvariant(stem[i + 1]).ToString() : "";
            if (!previous.TryGetValue(before + current, out var latin) && !next.TryGetValue(current + after, out latin) && !mapping.TryGetValue(current, out latin))
            {
                latin = stem[i].ToString();
                result.Append(latin);
                continue;
            }
            result.Append(Case(latin, stem[i].ToString(), word));
        }
        result.Append(end);
    }

    /// <summary>Upper case follows the source: a capital letter gives a capitalized group, a word in capitals stays in capitals.</summary>
    private static string Case(string latin, string source, string word)
    {
        if (latin.Length == 0 || !char.IsUpper(source[0]))
        {
            return latin;
        }
        if (word.Length > 1 && word.All(c => !char.IsLetter(c) || char.IsUpper(c)))
        {
            return latin.ToUpperInvariant();
        }
        return char.ToUpperInvariant(latin[0]) + latin[1..];
    }

    private static RussianScheme Load(string file)
    {
        using var stream = Resource(file);
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        static Dictionary<string, string> Map(JsonElement root, string name) =>
            root.TryGetProperty(name, out var map) && map.ValueKind == JsonValueKind.Object
                ? map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = root.TryGetProperty("samples", out var s)
            ? s.EnumerateArray().Select(pair => (pair[0].GetString()!, pair[1].GetString()!)).ToList()
            : [];
        return new RussianScheme(root.GetProperty("name").GetString()!, Map(root, "mapping"), Map(root, "prev_mapping"), Map(root, "next_mapping"), Map(root, "ending_mapping"), samples);
    }

    internal static Stream Resource(string file) =>
        typeof(RussianScheme).Assembly.GetManifestResourceStream("Lifeline.Core.Families." + file)
        ?? throw new InvalidOperationException($"The transliteration table {file} is not built into Lifeline.Core.");
}

/// <summary>
/// Eastern Armenian to Latin by BGN/PCGN 1981, following the rules of the CLDR/ICU transform Armenian-Latin-BGN
/// (data/transliteration/Armenian_Latin_BGN.txt, Unicode licence): ե → ye at the start of a word or after a vowel,
/// ո → vo at the start, ու → u, և → yev/ev, ղ → gh, aspirates marked with ’.
/// </summary>
public static class ArmenianBgn
{
    private static readonly Dictionary<char, string> Letters = new()
    {
        ['ա'] = "a", ['բ'] = "b", ['գ'] = "g", ['դ'] = "d", ['ե'] = "e", ['զ'] = "z", ['է'] = "e", ['ը'] = "y", ['թ'] = "t’",
        ['ժ'] = "zh", ['ի'] = "i", ['լ'] = "l", ['խ'] = "kh", ['ծ'] = "ts", ['կ'] = "k", ['հ'] = "h", ['ձ'] = "dz", ['ղ'] = "gh",
        ['ճ'] = "ch", ['մ'] = "m", ['յ'] = "y", ['ն'] = "n", ['շ'] = "sh", ['ո'] = "o", ['չ'] = "ch’", ['պ'] = "p", ['ջ'] = "j",
        ['ռ'] = "rr", ['ս'] = "s", ['վ'] = "v", ['տ'] = "t", ['ր'] = "r", ['ց'] = "ts’", ['ւ'] = "w", ['փ'] = "p’", ['ք'] = "k’",
        ['օ'] = "o", ['ֆ'] = "f",
    };

    private const string Vowels = "աեէըիոևօւ";

    public static string Romanize(string text)
    {
        var source = text.Normalize(NormalizationForm.FormC);
        var result = new StringBuilder(source.Length * 2);
        for (var i = 0; i < source.Length; i++)
        {
            var original = source[i];
            var c = char.ToLowerInvariant(original);
            var atStart = i == 0 || !char.IsLetter(source[i - 1]);
            var afterVowel = i > 0 && Vowels.Contains(char.ToLowerInvariant(source[i - 1]));
            var following = i + 1 < source.Length ? char.ToLowerInvariant(source[i + 1]) : '\0';
            string latin;
            if (c == 'ո' && following == 'ւ')
            {
                latin = "u";
                i++;
            }
            else if (c == 'և' || (c == 'ե' && following == 'ւ'))
            {
                latin = atStart || afterVowel ? "yev" : "ev";
                i += c == 'ե' ? 1 : 0;
            }
            else if (c == 'ե')
            {
                latin = atStart || afterVowel ? "ye" : "e";
            }
            else if (c == 'ո' && following != 'վ')
            {
                latin = atStart ? "vo" : "o";
            }
            else if (Letters.TryGetValue(c, out var mapped))
            {
                latin = mapped;
            }
            else
            {
                result.Append(original);
                continue;
            }
            result.Append(char.IsUpper(original) ? char.ToUpperInvariant(latin[0]) + latin[1..] : latin);
        }
        return result.ToString();
    }
}
