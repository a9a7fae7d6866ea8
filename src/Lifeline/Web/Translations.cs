using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Lifeline.Web;

/// <summary>
/// The words of Lifeline's pages in English, Armenian and Russian, read from one JSON catalogue a language
/// (<c>Web/Languages/en.json</c>, <c>hy.json</c>, <c>ru.json</c>, built into the executable). A key is the place of a
/// text (<c>nav.events</c>); a key a language lacks is shown in English; a key English lacks is shown as itself, so
/// a typing mistake is seen on the page. Counted texts have one key a plural category of the language
/// (<c>events.count#one</c>, <c>#few</c>, <c>#many</c>, <c>#other</c>, as CLDR names them). The language of a request is
/// the culture the request-localization middleware chose (<see cref="Languages"/>); this reads it from
/// <see cref="CultureInfo.CurrentUICulture"/>.
/// </summary>
internal sealed class Translations
{
    /// <summary>The language shown when the reader asks for none Lifeline has.</summary>
    public const string Default = "en";

    /// <summary>The cookie that keeps the reader's choice: the language code alone (<c>hy</c>).</summary>
    public const string Cookie = "lifeline-language";

    /// <summary>The languages of the pages, each with its own name, written in itself (as a switcher shows it).</summary>
    public static IReadOnlyList<(string Code, string Name)> Languages { get; } =
        [("en", "English"), ("hy", "Հայերեն"), ("ru", "Русский")];

    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> catalogues;

    /// <summary>
    /// English messages as the core writes them (validation errors, <c>error.*</c>; why an event is verified or not,
    /// <c>why.*</c>) to their keys, for the messages the catalogues translate.
    /// </summary>
    private readonly IReadOnlyDictionary<string, string> messageKeys;

    private Translations(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> catalogues)
    {
        this.catalogues = catalogues;
        messageKeys = catalogues[Default]
            .Where(p => p.Key.StartsWith("error.", StringComparison.Ordinal) || p.Key.StartsWith("why.", StringComparison.Ordinal))
            .GroupBy(p => p.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
    }

    /// <summary>The catalogues built into the executable.</summary>
    public static Translations Load()
    {
        var catalogues = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (code, _) in Languages)
        {
            var name = $"Lifeline.Web.Languages.{code}.json";
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"{name} is missing from the build");
            catalogues[code] = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
                ?? throw new InvalidOperationException($"{name} is empty");
        }
        return new Translations(catalogues);
    }

    /// <summary>Whether <paramref name="code"/> is one of the pages' languages.</summary>
    public static bool IsLanguage(string? code) => Languages.Any(l => l.Code == code);

    /// <summary>The language of the request being answered: <c>en</c>, <c>hy</c> or <c>ru</c>.</summary>
    public static string Current
    {
        get
        {
            var code = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
            return IsLanguage(code) ? code : Default;
        }
    }

    /// <summary>The text of <paramref name="key"/> in the reader's language, else in English, else the key itself.</summary>
    public string this[string key] => Find(Current, key) ?? Find(Default, key) ?? key;

    /// <summary>The text of <paramref name="key"/> in the reader's language, else in English, else <paramref name="fallback"/> (words from the record that a catalogue may not have).</summary>
    public string Or(string key, string fallback) => Find(Current, key) ?? Find(Default, key) ?? fallback;

    /// <summary>A place's name in the reader's language and script where the gazetteer has it, else in English.</summary>
    public static string Place(Core.Places.Place place) => place.NameIn(Current);

    /// <summary>
    /// A place's names for a list to choose from: the reader's first, then those in the pages' other languages that
    /// differ (Ստեփանակերտ · Stepanakert · Степанакерт), so a place can be found by any of them.
    /// </summary>
    public static string PlaceInEveryScript(Core.Places.Place place) =>
        string.Join(" · ", new[] { Current }.Concat(Languages.Select(l => l.Code))
            .Select(place.Names.GetValueOrDefault).OfType<string>().Distinct(StringComparer.Ordinal));

    /// <summary>The text of <paramref name="key"/> with its <c>{0}</c>… filled in, numbers and dates written the reader's way.</summary>
    public string Format(string key, params object?[] values) => string.Format(CultureInfo.CurrentCulture, this[key], values);

    /// <summary>
    /// The counted text of <paramref name="key"/> for <paramref name="count"/>, in the plural form the reader's language
    /// uses for it (one day, два дня, пять дней), with <c>{0}</c> the count written the reader's way.
    /// </summary>
    public string Count(string key, long count, params object?[] more)
    {
        var language = Current;
        var text = Find(language, $"{key}#{PluralCategory(language, count)}")
            ?? Find(Default, $"{key}#{PluralCategory(Default, count)}")
            ?? key;
        var values = new object?[more.Length + 1];
        values[0] = Number(count);
        more.CopyTo(values, 1);
        return string.Format(CultureInfo.CurrentCulture, text, values);
    }

    /// <summary>A day as the reader writes it in words: 21 March 2023, 21 марта 2023.</summary>
    public string Date(DateOnly date) => date.ToString(this["format.date"], CultureInfo.CurrentCulture);

    /// <summary>A month as a heading: March 2023, март 2023.</summary>
    public string Month(DateOnly date) => date.ToString(this["format.month"], CultureInfo.CurrentCulture);

    /// <summary>A whole number with the reader's digit grouping: 120,000, 120 000.</summary>
    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>
    /// A validation message in the reader's language when the catalogues translate it (the fixed messages: a field
    /// that is required, a source that is missing); a message that quotes what was typed stays in English.
    /// </summary>
    public string Message(string english) =>
        messageKeys.TryGetValue(english, out var key) ? this[key] : english;

    /// <summary>The messages of a field, each in the reader's language where translated.</summary>
    public string Messages(IEnumerable<string>? english) => english is null ? "" : string.Join(" ", english.Select(Message));

    /// <summary>
    /// A field's label for an error summary: <paramref name="overrides"/> first (a form whose label differs, already in
    /// the reader's language), then the catalogue's <c>field.NAME</c> (the first new source's fields without their
    /// <c>[0]</c>), else the English label.
    /// </summary>
    public string Field(string field, IReadOnlyDictionary<string, string>? overrides = null) =>
        overrides?.GetValueOrDefault(field)
        ?? Find(Current, "field." + field.Replace("[0]", "", StringComparison.Ordinal))
        ?? FieldLabels.Of(field, overrides);

    /// <summary>The keys of a language's catalogue.</summary>
    public IReadOnlyCollection<string> Keys(string language) => catalogues[language].Keys.ToList();

    /// <summary>
    /// What <paramref name="language"/> lacks that English has: a key (plural keys compared by their text, whatever
    /// their forms), or a plural form the language needs. Empty when the language is complete.
    /// </summary>
    public IReadOnlyList<string> MissingFrom(string language)
    {
        var own = catalogues[language];
        var missing = new List<string>();
        foreach (var key in catalogues[Default].Keys)
        {
            var hash = key.IndexOf('#', StringComparison.Ordinal);
            if (hash < 0)
            {
                if (!own.ContainsKey(key))
                {
                    missing.Add(key);
                }
                continue;
            }
            var text = key[..hash];
            foreach (var category in PluralCategories(language))
            {
                var needed = $"{text}#{category}";
                if (!own.ContainsKey(needed) && !missing.Contains(needed))
                {
                    missing.Add(needed);
                }
            }
        }
        return missing;
    }

    private string? Find(string language, string key) =>
        catalogues.TryGetValue(language, out var catalogue) && catalogue.TryGetValue(key, out var text) && text.Length > 0 ? text : null;

    /// <summary>The plural categories a language's counted texts need (CLDR, cardinals of whole numbers).</summary>
    public static IReadOnlyList<string> PluralCategories(string language) => language switch
    {
        "ru" => ["one", "few", "many"],
        _ => ["one", "other"],
    };

    /// <summary>
    /// The CLDR plural category of a whole number: English one for 1; Armenian one for 0 and 1; Russian one for 1, 21,
    /// 31… (not 11), few for 2–4, 22–24… (not 12–14), many for the rest.
    /// </summary>
    public static string PluralCategory(string language, long count)
    {
        var n = Math.Abs(count);
        return language switch
        {
            "ru" => (n % 10, n % 100) switch
            {
                (1, not 11) => "one",
                ( >= 2 and <= 4, not (>= 12 and <= 14)) => "few",
                _ => "many",
            },
            "hy" => n is 0 or 1 ? "one" : "other",
            _ => n == 1 ? "one" : "other",
        };
    }
}
