using System.Text;

namespace Lifeline.Core.Families;

/// <summary>
/// Turns a name in any of the three scripts into keys that agree when the spellings are of the same name: Latin
/// letters (Armenian by BGN/PCGN, Cyrillic by ICAO Doc 9303), then a phonetic folding of the differences that
/// romanization schemes and Russified forms make (kh/h/x, ts/c, y/i/j, e/i, the Armenian h that Russian drops,
/// -yan/-ian/-ян, doubled letters). Keys are for comparing, never for showing.
/// </summary>
public static class NameKeys
{
    /// <summary>The name in Latin letters, lower case, without diacritics or apostrophes.</summary>
    public static string Latin(PersonName name) => Plain(name.Script switch
    {
        Script.Armenian => ArmenianBgn.Romanize(name.Text),
        Script.Cyrillic => RussianScheme.Icao.Romanize(name.Text),
        _ => name.Text,
    });

    /// <summary>Lower-case a–z only: diacritics, apostrophes, hyphens and spaces gone.</summary>
    public static string Plain(string latin)
    {
        var builder = new StringBuilder(latin.Length);
        foreach (var c in latin.Normalize(NormalizationForm.FormD))
        {
            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z')
            {
                builder.Append(lower);
            }
            else if (lower is 'ə')
            {
                builder.Append('y');
            }
        }
        return builder.ToString();
    }

    private static readonly (string From, string To)[] Folds =
    [
        ("shch", "s"), ("dzh", "j"), ("tch", "c"), ("kh", "h"), ("gh", "g"), ("zh", "j"), ("ts", "c"), ("tz", "c"), ("ch", "c"), ("sh", "s"),
        ("ph", "p"), ("th", "t"), ("dj", "j"), ("dz", "z"), ("ck", "k"), ("ou", "u"), ("oo", "u"), ("x", "h"), ("w", "v"), ("q", "k"),
    ];

    /// <summary>The phonetic key of a Latin spelling (see the type's summary).</summary>
    public static string Phonetic(string plainLatin)
    {
        var s = plainLatin;
        if (s.StartsWith("vo", StringComparison.Ordinal) && s.Length > 3)
        {
            s = s[1..];
        }
        if (s.StartsWith("ye", StringComparison.Ordinal) && s.Length > 3)
        {
            s = s[1..];
        }
        foreach (var (from, to) in Folds)
        {
            s = s.Replace(from, to, StringComparison.Ordinal);
        }
        var builder = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            var folded = c switch
            {
                'y' or 'j' when builder.Length > 0 => 'i',
                'e' => 'i',
                'h' => '\0',
                _ => c,
            };
            if (folded != '\0' && (builder.Length == 0 || builder[^1] != folded))
            {
                builder.Append(folded);
            }
        }
        return builder.ToString();
    }

    /// <summary>The phonetic keys of a name part: of its own romanization, and of its other forms in <see cref="SurnameForms"/>.</summary>
    public static IReadOnlySet<string> Keys(PersonName name)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var latin = Latin(name);
        if (latin.Length > 0)
        {
            keys.Add(Phonetic(StripPatronymic(name, latin)));
        }
        return keys;
    }

    /// <summary>Russian and Armenian patronymic endings taken off so that the father's name remains (Ованесович, Hovhannesi).</summary>
    private static string StripPatronymic(PersonName name, string latin)
    {
        if (name.Role != NameRole.Patronymic)
        {
            return latin;
        }
        foreach (var ending in (string[])["ovich", "evich", "ovna", "evna", "ich", "ichna", "vich", "vna"])
        {
            if (latin.EndsWith(ending, StringComparison.Ordinal) && latin.Length > ending.Length + 2)
            {
                return latin[..^ending.Length];
            }
        }
        return name.Script == Script.Armenian && latin.EndsWith('i') && latin.Length > 3 ? latin[..^1] : latin;
    }

    /// <summary>Edit distance (Levenshtein) between two keys, stopping early once it passes <paramref name="limit"/>.</summary>
    public static int Distance(string a, string b, int limit = int.MaxValue)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }
        // Two rows on the stack: matching calls this for most pairs it scores, and names are short.
        Span<int> previous = b.Length < 128 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> current = b.Length < 128 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                best = Math.Min(best, current[j]);
            }
            if (best > limit)
            {
                return limit + 1;
            }
            var done = previous;
            previous = current;
            current = done;
        }
        return previous[b.Length];
    }
}

/// <summary>
/// Armenian surnames in Latin and in their Russian form, as Wikidata labels the same people (654 pairs from
/// data/transliteration/armenian-surnames-en-ru.tsv): Hovhannisyan ↔ Оганесян, Harutyunyan ↔ Арутюнян,
/// Hakobyan ↔ Акопян. Two spellings that this table joins are the same surname, whatever their letters.
/// </summary>
public static class SurnameForms
{
    private static readonly Dictionary<string, int> Groups = Load();

    /// <summary>The group of spellings a surname belongs to, or null when the table does not know it.</summary>
    public static int? GroupOf(PersonName name)
    {
        var key = name.Script switch
        {
            Script.Cyrillic => "ru:" + name.Text.ToLowerInvariant(),
            Script.Armenian => "en:" + NameKeys.Latin(name),
            _ => "en:" + NameKeys.Plain(name.Text),
        };
        return Groups.TryGetValue(key, out var group) ? group : null;
    }

    private static Dictionary<string, int> Load()
    {
        using var reader = new StreamReader(RussianScheme.Resource("armenian-surnames-en-ru.tsv"));
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var next = 0;
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split('\t');
            if (parts.Length != 2)
            {
                continue;
            }
            var (en, ru) = ("en:" + parts[0].Trim(), "ru:" + parts[1].Trim().ToLowerInvariant());
            // A Russian form shared by several Latin spellings joins them all into one group.
            if (groups.TryGetValue(ru, out var group) || groups.TryGetValue(en, out group))
            {
                groups.TryAdd(en, group);
                groups.TryAdd(ru, group);
            }
            else
            {
                groups[en] = groups[ru] = next++;
            }
        }
        return groups;
    }
}
