using System.Diagnostics;
using System.Globalization;
using Lifeline.Core.Families;

namespace Lifeline.Bench;

/// <summary>
/// Matching at scale: generated people registered as safe against generated tracing requests, with the blocking keys,
/// against a plain scan (every sought person scored against every registered person) of the same data in the same run.
/// The plain scan is timed on a sample of the requests and extrapolated linearly (each request costs the same in a
/// plain scan: one score per registered person); on that sample the two must propose the same candidates.
/// Every person is generated: surnames built from 40 three-letter syllables with their Russian spelling and an
/// -yan/-ian/-ян ending (about 64,000 surnames), 30 common given names in Latin or Cyrillic letters.
/// </summary>
internal static class FamilyMatching
{
    private static readonly (string Latin, string Cyrillic)[] Syllables =
    [
        ("Pet", "Пет"), ("Ros", "Рос"), ("Sar", "Сар"), ("Gis", "Гис"), ("Mel", "Мел"), ("Kon", "Кон"), ("Dav", "Дав"), ("Tad", "Тад"),
        ("Bag", "Баг"), ("Dan", "Дан"), ("Mar", "Мар"), ("Gal", "Гал"), ("Ker", "Кер"), ("Tum", "Тум"), ("Lev", "Лев"), ("Nal", "Нал"),
        ("Ves", "Вес"), ("Zak", "Зак"), ("Mik", "Мик"), ("Tor", "Тор"), ("Ged", "Гед"), ("Bab", "Баб"), ("Sim", "Сим"), ("Ner", "Нер"),
        ("Kal", "Кал"), ("Ban", "Бан"), ("Dil", "Дил"), ("Fer", "Фер"), ("Lus", "Лус"), ("Mur", "Мур"), ("Nor", "Нор"), ("Pap", "Пап"),
        ("Rub", "Руб"), ("Sed", "Сед"), ("Tam", "Там"), ("Vil", "Вил"), ("Zar", "Зар"), ("Bed", "Бед"), ("Kir", "Кир"), ("Lal", "Лал"),
    ];

    private static readonly (string Latin, string Cyrillic)[] GivenNames =
    [
        ("Anahit", "Анаит"), ("Armen", "Армен"), ("Aram", "Арам"), ("Gayane", "Гаяне"), ("Tigran", "Тигран"), ("Narine", "Нарине"),
        ("Ashot", "Ашот"), ("Lilit", "Лилит"), ("Karen", "Карен"), ("Siranush", "Сирануш"), ("Davit", "Давит"), ("Mariam", "Мариам"),
        ("Levon", "Левон"), ("Ani", "Ани"), ("Samvel", "Самвел"), ("Nune", "Нуне"), ("Arsen", "Арсен"), ("Hasmik", "Асмик"),
        ("Vahe", "Ваге"), ("Lusine", "Лусине"), ("Gor", "Гор"), ("Anush", "Ануш"), ("Hayk", "Айк"), ("Susanna", "Сусанна"),
        ("Sargis", "Саргис"), ("Karine", "Карине"), ("Ruben", "Рубен"), ("Hripsime", "Рипсиме"), ("Artur", "Артур"), ("Marine", "Марине"),
    ];

    private static readonly string[] Places = ["Stepanakert", "Martakert", "Hadrut", "Askeran", "Martuni", "Shushi", "Berdzor", "Kashatagh"];

    /// <summary>Runs the comparison and returns the figures as a Markdown table with its notes.</summary>
    public static string Run(bool quick, Action<string> log)
    {
        var peopleCount = quick ? 10_000 : 100_000;
        var requestCount = quick ? 1_000 : 10_000;
        var sampleCount = quick ? 20 : 100;
        var random = new Random(20_230_919);
        var specs = Enumerable.Range(0, peopleCount).Select(_ => (Spec: NewSpec(random), Cyrillic: random.Next(3) == 0)).ToList();
        var people = specs.Select((s, i) => Written(s.Spec, $"gen-p{i}", s.Cyrillic, random)).ToList();
        // Half the requests seek someone registered (written in the other script, the year of birth off by one at
        // times); the other half seek someone who is not there, so most requests have namesakes but no true match.
        var expected = new Dictionary<int, string>();
        var sought = Enumerable.Range(0, requestCount).Select(i =>
        {
            if (i % 2 == 1)
            {
                return Written(NewSpec(random), $"gen-s{i}", random.Next(3) == 0, random);
            }
            var registered = random.Next(specs.Count);
            expected[i] = $"gen-p{registered}";
            return Variant(specs[registered].Spec, specs[registered].Cyrillic, $"gen-s{i}", random);
        }).ToList();
        log($"families: {peopleCount:N0} registered, {requestCount:N0} requests, plain scan on {sampleCount:N0} of them");

        // Warm-up on another pool, so that neither way pays for the JIT in the timed part.
        var warm = new Matcher(people.Take(500));
        foreach (var s in sought.Take(50))
        {
            warm.CandidatesFor(s);
            warm.CandidatesByPlainScan(s);
        }
        var clock = Stopwatch.StartNew();
        var matcher = new Matcher(people);
        var indexing = clock.Elapsed;
        clock.Restart();
        var proposals = 0L;
        var blockedResults = new List<IReadOnlyList<MatchCandidate>>(requestCount);
        foreach (var s in sought)
        {
            var found = matcher.CandidatesFor(s);
            proposals += found.Count;
            blockedResults.Add(found);
        }
        var blocked = clock.Elapsed;
        var truePairsFound = expected.Count(e => blockedResults[e.Key].Any(m => m.CandidateId == e.Value));
        log($"families: blocked matching {(indexing + blocked).TotalSeconds:N2} s");

        clock.Restart();
        var same = 0;
        var plainFound = 0L;
        var missedByBlocking = 0L;
        for (var i = 0; i < sampleCount; i++)
        {
            var plain = matcher.CandidatesByPlainScan(sought[i]);
            plainFound += plain.Count;
            var fromBlocks = blockedResults[i].Select(m => m.CandidateId).ToHashSet(StringComparer.Ordinal);
            missedByBlocking += plain.Count(m => !fromBlocks.Contains(m.CandidateId));
            same += plain.Select(m => m.CandidateId).SequenceEqual(blockedResults[i].Select(m => m.CandidateId)) ? 1 : 0;
        }
        var scanSample = clock.Elapsed;
        clock.Restart();
        for (var i = 0; i < sampleCount; i++)
        {
            matcher.CandidatesFor(sought[i]);
        }
        var blockedSample = clock.Elapsed;
        var scanAll = scanSample * ((double)requestCount / sampleCount);
        var total = indexing + blocked;
        log($"families: plain scan {scanSample.TotalSeconds:N2} s for {sampleCount}, about {scanAll.TotalSeconds:N0} s for all");

        var c = CultureInfo.InvariantCulture;
        return string.Create(c, $"""
            | registered | requests | index (s) | blocked matching (s) | blocked total (s) | plain scan, {sampleCount:N0} requests (s) | plain scan, all (s, extrapolated) | ratio | proposals per request |
            |---:|---:|---:|---:|---:|---:|---:|---:|---:|
            | {peopleCount:N0} | {requestCount:N0} | {indexing.TotalSeconds:N2} | {blocked.TotalSeconds:N2} | {total.TotalSeconds:N2} | {scanSample.TotalSeconds:N2} | {scanAll.TotalSeconds:N0} | {scanAll / total:N0}× | {(double)proposals / requestCount:N2} |

            The registered person a request was made from was proposed for {truePairsFound:N0} of those {expected.Count:N0} requests ({(double)truePairsFound / expected.Count:P1}).
            The same {sampleCount:N0} requests, timed again with the blocking keys: {blockedSample.TotalSeconds:N3} s against {scanSample.TotalSeconds:N3} s by plain scan ({scanSample / blockedSample:N1}×).
            On the {sampleCount:N0} requests scanned both ways: the plain scan proposed {plainFound:N0} candidates; blocking missed {missedByBlocking:N0} of them; the two lists were identical for {same:N0} of {sampleCount:N0} requests.
            """);
    }

    /// <summary>A generated person before they are written down: three syllables, a given name, a year, sex and place.</summary>
    private sealed record Spec(int First, int Second, int Third, int Given, int Year, Sex Sex, string Place);

    private static Spec NewSpec(Random random) => new(random.Next(Syllables.Length), random.Next(Syllables.Length), random.Next(Syllables.Length),
        random.Next(GivenNames.Length), random.Next(1935, 2020), random.Next(2) == 0 ? Sex.Female : Sex.Male, Places[random.Next(Places.Length)]);

    /// <summary>A person written in Cyrillic or in Latin letters (with -yan or -ian).</summary>
    private static PersonRecord Written(Spec spec, string id, bool cyrillic, Random random)
    {
        var (a, b, c) = (Syllables[spec.First], Syllables[spec.Second], Syllables[spec.Third]);
        var family = cyrillic
            ? a.Cyrillic + b.Cyrillic.ToLowerInvariant() + c.Cyrillic.ToLowerInvariant() + "ян"
            : a.Latin + b.Latin.ToLowerInvariant() + c.Latin.ToLowerInvariant() + (random.Next(4) == 0 ? "ian" : "yan");
        var given = cyrillic ? GivenNames[spec.Given].Cyrillic : GivenNames[spec.Given].Latin;
        return Person(id, family, given, spec.Year, spec.Sex, spec.Place);
    }

    /// <summary>The same person as a relative would write them: the other script, the year of birth at times one off, the place at times left out.</summary>
    private static PersonRecord Variant(Spec spec, bool registeredInCyrillic, string id, Random random)
    {
        var person = Written(spec with { Year = spec.Year + (random.Next(4) == 0 ? random.Next(-1, 2) : 0) }, id, !registeredInCyrillic, random);
        return random.Next(2) == 0 ? person : person with { PlaceOfOrigin = null };
    }

    private static PersonRecord Person(string id, string family, string given, int year, Sex sex, string place) =>
        new(id, [PersonName.From(NameRole.Family, family)!, PersonName.From(NameRole.Given, given)!], sex, BirthDate.InYear(year), place, null, SideOfLine.Outside, Vulnerability.None, null);
}
