using System.Globalization;

namespace Lifeline.Core.Families;

/// <summary>
/// A person record that may be the same person as another, with a score from 0 to 1 and the reasons in words.
/// A candidate is only ever a proposal: a caseworker confirms or rejects it.
/// </summary>
public sealed record MatchCandidate(string PersonId, string CandidateId, double Score, IReadOnlyList<string> Reasons);

/// <summary>
/// Finds the person records that may be the same person: names compared across Armenian, Cyrillic and Latin
/// spellings (<see cref="NameKeys"/>, <see cref="SurnameForms"/>), spelling slips within a small edit distance of
/// the phonetic key, given and family names swapped, then year of birth, sex and place of origin. Only pairs sharing
/// a blocking key (the start or the end of a family-name key, the start of a given-name key) are scored, so the
/// work grows with the number of plausible pairs, not with the product of the two lists.
/// </summary>
public sealed class Matcher
{
    /// <summary>The lowest score proposed to a caseworker.</summary>
    public const double ProposalThreshold = 0.55;

    private readonly List<Indexed> pool = [];
    private readonly Dictionary<string, List<int>> blocks = new(StringComparer.Ordinal);

    private sealed record Indexed(PersonRecord Person, string[] Family, string[] Given, string[] Patronymic, int[] SurnameGroups, string[] Blocks);

    public Matcher(IEnumerable<PersonRecord> people)
    {
        foreach (var person in people)
        {
            var indexed = Index(person);
            foreach (var block in indexed.Blocks)
            {
                if (!blocks.TryGetValue(block, out var list))
                {
                    blocks[block] = list = [];
                }
                list.Add(pool.Count);
            }
            pool.Add(indexed);
        }
    }

    /// <summary>The candidates for <paramref name="sought"/> among the pool, best first, at or above <paramref name="threshold"/>.</summary>
    public IReadOnlyList<MatchCandidate> CandidatesFor(PersonRecord sought, double threshold = ProposalThreshold)
    {
        var one = Index(sought);
        var seen = new HashSet<int>();
        var found = new List<MatchCandidate>();
        foreach (var block in one.Blocks)
        {
            if (!blocks.TryGetValue(block, out var members))
            {
                continue;
            }
            foreach (var i in members)
            {
                if (seen.Add(i) && pool[i].Person.Id != sought.Id && Score(one, pool[i]) is { } match && match.Score >= threshold)
                {
                    found.Add(match);
                }
            }
        }
        return found.OrderByDescending(m => m.Score).ThenBy(m => m.CandidateId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every pair in the pool at or above <paramref name="threshold"/>, each once (the lower id first), best first.</summary>
    public IReadOnlyList<MatchCandidate> AllPairs(double threshold = ProposalThreshold)
    {
        var found = new List<MatchCandidate>();
        foreach (var person in pool)
        {
            foreach (var match in CandidatesFor(person.Person, threshold))
            {
                if (string.CompareOrdinal(match.PersonId, match.CandidateId) < 0)
                {
                    found.Add(match);
                }
            }
        }
        return found.OrderByDescending(m => m.Score).ThenBy(m => m.PersonId, StringComparer.Ordinal).ThenBy(m => m.CandidateId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The same candidates as <see cref="CandidatesFor"/>, found by scoring every person in the pool: the yardstick for the blocking.</summary>
    public IReadOnlyList<MatchCandidate> CandidatesByPlainScan(PersonRecord sought, double threshold = ProposalThreshold)
    {
        var one = Index(sought);
        var found = new List<MatchCandidate>();
        foreach (var other in pool)
        {
            if (other.Person.Id != sought.Id && Score(one, other) is { } match && match.Score >= threshold)
            {
                found.Add(match);
            }
        }
        return found.OrderByDescending(m => m.Score).ThenBy(m => m.CandidateId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The same pairs as <see cref="AllPairs"/>, found by comparing every pair: the yardstick for the blocking.</summary>
    public IReadOnlyList<MatchCandidate> AllPairsByPlainScan(double threshold = ProposalThreshold)
    {
        var found = new List<MatchCandidate>();
        for (var i = 0; i < pool.Count; i++)
        {
            for (var j = 0; j < pool.Count; j++)
            {
                if (i != j && string.CompareOrdinal(pool[i].Person.Id, pool[j].Person.Id) < 0 && Score(pool[i], pool[j]) is { } match && match.Score >= threshold)
                {
                    found.Add(match);
                }
            }
        }
        return found.OrderByDescending(m => m.Score).ThenBy(m => m.PersonId, StringComparer.Ordinal).ThenBy(m => m.CandidateId, StringComparer.Ordinal).ToList();
    }

    private static Indexed Index(PersonRecord person)
    {
        string[] KeysOf(NameRole role) => person.NamesOf(role).SelectMany(NameKeys.Keys).Where(k => k.Length > 0).Distinct().ToArray();
        var family = KeysOf(NameRole.Family);
        var given = KeysOf(NameRole.Given);
        var groups = person.NamesOf(NameRole.Family).Select(SurnameForms.GroupOf).OfType<int>().Distinct().ToArray();
        var blockKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in family.Concat(given))
        {
            var stem = Stem(key);
            blockKeys.Add("s:" + stem[..Math.Min(3, stem.Length)]);
            blockKeys.Add("e:" + stem[Math.Max(0, stem.Length - 3)..]);
        }
        foreach (var group in groups)
        {
            blockKeys.Add("t:" + group.ToString(CultureInfo.InvariantCulture));
        }
        return new Indexed(person, family, given, KeysOf(NameRole.Patronymic), groups, [.. blockKeys]);
    }

    /// <summary>A family-name key without its -ian ending, which nearly every Armenian surname shares.</summary>
    private static string Stem(string key) => key.EndsWith("ian", StringComparison.Ordinal) && key.Length > 5 ? key[..^3] : key;

    private enum Agreement
    {
        None,
        Close,
        Same,
    }

    private static (Agreement Agreement, string? Reason) CompareNames(string[] a, string[] b, string what)
    {
        var best = (Agreement.None, (string?)null);
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (x == y)
                {
                    return (Agreement.Same, $"{what} agrees after transliteration");
                }
                var limit = Math.Min(x.Length, y.Length) >= 8 ? 2 : Math.Min(x.Length, y.Length) >= 4 ? 1 : 0;
                if (limit > 0 && NameKeys.Distance(x, y, limit) <= limit)
                {
                    best = (Agreement.Close, $"{what} is a close spelling (a slip or a variant)");
                }
            }
        }
        return best;
    }

    private static MatchCandidate? Score(Indexed a, Indexed b)
    {
        if (a.Person.Sex is not Sex.Unknown && b.Person.Sex is not Sex.Unknown && a.Person.Sex != b.Person.Sex)
        {
            return null;
        }
        var reasons = new List<string>();
        var (family, familyReason) = CompareNames(a.Family, b.Family, "family name");
        if (family != Agreement.Same && a.SurnameGroups.Intersect(b.SurnameGroups).Any())
        {
            (family, familyReason) = (Agreement.Same, "family name is a known Russian form of the same surname (Wikidata labels)");
        }
        var (given, givenReason) = CompareNames(a.Given, b.Given, "given name");
        var swapped = false;
        if (family == Agreement.None && given == Agreement.None)
        {
            var (f2, _) = CompareNames(a.Family, b.Given, "family name");
            var (g2, _) = CompareNames(a.Given, b.Family, "given name");
            if (f2 != Agreement.None && g2 != Agreement.None)
            {
                (family, given, swapped) = (f2, g2, true);
                (familyReason, givenReason) = ("family and given names agree, written the other way round", null);
            }
        }
        if (family == Agreement.None && given == Agreement.None)
        {
            return null;
        }
        var score = family switch { Agreement.Same => 0.40, Agreement.Close => 0.28, _ => 0 }
            + given switch { Agreement.Same => 0.30, Agreement.Close => 0.20, _ => 0 };
        if (swapped)
        {
            score -= 0.05;
        }
        reasons.AddRange(new[] { familyReason, givenReason }.OfType<string>());
        // A name given on both sides that does not agree speaks against: brothers share a surname, not a first name.
        if (!swapped && given == Agreement.None && a.Given.Length > 0 && b.Given.Length > 0)
        {
            score -= 0.20;
            reasons.Add("given names differ");
        }
        if (!swapped && family == Agreement.None && a.Family.Length > 0 && b.Family.Length > 0)
        {
            score -= 0.20;
            reasons.Add("family names differ");
        }
        if (a.Patronymic.Length > 0 && b.Patronymic.Length > 0 && CompareNames(a.Patronymic, b.Patronymic, "patronymic") is ({ } p, { } pr) && p != Agreement.None)
        {
            score += 0.05;
            reasons.Add(pr);
        }
        if (a.Person.Birth.Years is { } ya && b.Person.Birth.Years is { } yb)
        {
            var gap = Math.Max(0, Math.Max(ya.From - yb.To, yb.From - ya.To));
            if (a.Person.Birth.Precision == BirthPrecision.Exact && b.Person.Birth.Precision == BirthPrecision.Exact && a.Person.Birth.Date == b.Person.Birth.Date)
            {
                score += 0.20;
                reasons.Add("same date of birth");
            }
            else if (gap <= 1)
            {
                score += 0.15;
                reasons.Add("year of birth agrees (±1)");
            }
            else
            {
                score -= gap > 5 ? 0.5 : 0.25;
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"years of birth differ by {gap}"));
            }
        }
        else
        {
            reasons.Add("year of birth unknown on one side");
        }
        if (a.Person.PlaceOfOrigin is { } pa && b.Person.PlaceOfOrigin is { } pb && string.Equals(pa, pb, StringComparison.OrdinalIgnoreCase))
        {
            score += 0.10;
            reasons.Add("same place of origin");
        }
        return new MatchCandidate(a.Person.Id, b.Person.Id, Math.Round(Math.Clamp(score, 0, 1), 2), reasons);
    }
}
