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
/// the phonetic key, given names that are short or other forms of one another (<see cref="GivenNameForms"/>), given
/// and family names swapped, then year of birth, sex and place of origin. Only pairs sharing
/// a blocking key are scored (see <see cref="BlocksOf"/>), so the work grows with the number of plausible pairs, not
/// with the product of the two lists.
/// </summary>
public sealed class Matcher
{
    /// <summary>The lowest score proposed to a caseworker.</summary>
    public const double ProposalThreshold = 0.55;

    // The most a pair can still gain once its names are compared: a patronymic, the same date of birth, the same place.
    private const double MostTheRestAdds = 0.05 + 0.20 + 0.10;

    private readonly List<Indexed> pool = [];
    private readonly Dictionary<int, List<int>> familyBlocks = new();
    private readonly Dictionary<int, List<int>> givenBlocks = new();

    // The given-name blocks of the people recorded without a family name: only for them can a given name alone be enough.
    private readonly Dictionary<int, List<int>> givenBlocksWithoutFamily = new();

    // GivenInTable: the given-name keys that the given-name table knows (most names: none), so that most pairs skip it.
    private sealed record Indexed(PersonRecord Person, string[] Family, string[] Given, string[] Patronymic, int[] SurnameGroups, int[] FamilyBlocks, int[] GivenBlocks, string[] GivenInTable);

    public Matcher(IEnumerable<PersonRecord> people)
    {
        foreach (var person in people)
        {
            var indexed = Index(person);
            Add(familyBlocks, indexed.FamilyBlocks, pool.Count);
            Add(givenBlocks, indexed.GivenBlocks, pool.Count);
            if (indexed.Family.Length == 0)
            {
                Add(givenBlocksWithoutFamily, indexed.GivenBlocks, pool.Count);
            }
            pool.Add(indexed);
        }
    }

    private static void Add(Dictionary<int, List<int>> blocks, int[] keys, int member)
    {
        foreach (var key in keys)
        {
            if (!blocks.TryGetValue(key, out var list))
            {
                blocks[key] = list = [];
            }
            list.Add(member);
        }
    }

    /// <summary>The candidates for <paramref name="sought"/> among the pool, best first, at or above <paramref name="threshold"/>.</summary>
    public IReadOnlyList<MatchCandidate> CandidatesFor(PersonRecord sought, double threshold = ProposalThreshold)
    {
        var one = Index(sought);
        var seen = new HashSet<int>();
        var found = new List<MatchCandidate>();
        void Consider(int i)
        {
            if (seen.Add(i) && pool[i].Person.Id != sought.Id && Score(one, pool[i], threshold) is { } match && match.Score >= threshold)
            {
                found.Add(match);
            }
        }
        // Family names that agree (or are a known Russian form of each other).
        foreach (var block in one.FamilyBlocks)
        {
            if (familyBlocks.TryGetValue(block, out var members))
            {
                members.ForEach(Consider);
            }
        }
        // A given name alone reaches the threshold only when one of the two has no family name.
        var byGiven = one.Family.Length == 0 ? givenBlocks : givenBlocksWithoutFamily;
        foreach (var block in one.GivenBlocks)
        {
            if (byGiven.TryGetValue(block, out var members))
            {
                members.ForEach(Consider);
            }
        }
        // Names written the other way round: this family name among the given names and this given name among the family names.
        if (one.Family.Length > 0 && one.Given.Length > 0)
        {
            var familyAsGiven = new HashSet<int>();
            foreach (var block in one.FamilyBlocks)
            {
                if (givenBlocks.TryGetValue(block, out var members))
                {
                    familyAsGiven.UnionWith(members);
                }
            }
            if (familyAsGiven.Count > 0)
            {
                foreach (var block in one.GivenBlocks)
                {
                    if (familyBlocks.TryGetValue(block, out var members))
                    {
                        foreach (var i in members.Where(familyAsGiven.Contains))
                        {
                            Consider(i);
                        }
                    }
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
            if (other.Person.Id != sought.Id && Score(one, other, threshold) is { } match && match.Score >= threshold)
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
                if (i != j && string.CompareOrdinal(pool[i].Person.Id, pool[j].Person.Id) < 0 && Score(pool[i], pool[j], threshold) is { } match && match.Score >= threshold)
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
        var inTable = given.Where(GivenNameForms.Knows).ToArray();
        // A given name is looked up under its own key and under the keys of its short and other forms in the given-name
        // table, so that Саша finds Aleksandr where the given name is what is looked up.
        var givenLookedUp = inTable.Length == 0 ? given : given.Concat(inTable.SelectMany(GivenNameForms.RelatedKeys)).Distinct().ToArray();
        return new Indexed(person, family, given, KeysOf(NameRole.Patronymic), groups, BlocksOf(family, groups), BlocksOf(givenLookedUp, []), inTable);
    }

    /// <summary>
    /// The blocking keys of a person's names, hashed: each key and every key one letter shorter (so that two keys one
    /// slip apart always share one: the slip's letter taken out of both, or out of the longer); for a key of 8 letters or
    /// more, where two slips are allowed, also the first and the last four letters of the key without its -ian ending;
    /// and each surname group. A hash that two unrelated keys happen to share only costs one more pair scored.
    /// </summary>
    private static int[] BlocksOf(string[] keys, int[] groups)
    {
        var blocks = new HashSet<int>();
        Span<char> shorter = stackalloc char[64];
        foreach (var key in keys)
        {
            blocks.Add(Block('k', key));
            if (key.Length is >= 4 and <= 64)
            {
                for (var i = 0; i < key.Length; i++)
                {
                    key.AsSpan(0, i).CopyTo(shorter);
                    key.AsSpan(i + 1).CopyTo(shorter[i..]);
                    blocks.Add(Block('k', shorter[..(key.Length - 1)]));
                }
            }
            if (key.Length >= 8)
            {
                var stem = Stem(key);
                blocks.Add(Block('s', stem.AsSpan(0, Math.Min(4, stem.Length))));
                blocks.Add(Block('e', stem.AsSpan(Math.Max(0, stem.Length - 4))));
            }
        }
        foreach (var group in groups)
        {
            blocks.Add(HashCode.Combine('t', group));
        }
        return [.. blocks];
    }

    private static int Block(char kind, ReadOnlySpan<char> text) => HashCode.Combine(kind, string.GetHashCode(text, StringComparison.Ordinal));

    /// <summary>A family-name key without its -ian ending, which nearly every Armenian surname shares.</summary>
    private static string Stem(string key) => key.EndsWith("ian", StringComparison.Ordinal) && key.Length > 5 ? key[..^3] : key;

    private enum Agreement
    {
        None,
        Close,

        /// <summary>Short or other forms of one name, through the given-name table.</summary>
        Variant,
        Same,
    }

    private static Agreement CompareNames(string[] a, string[] b)
    {
        var best = Agreement.None;
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (x == y)
                {
                    return Agreement.Same;
                }
                var limit = Math.Min(x.Length, y.Length) >= 8 ? 2 : Math.Min(x.Length, y.Length) >= 4 ? 1 : 0;
                if (best == Agreement.None && limit > 0 && NameKeys.Distance(x, y, limit) <= limit)
                {
                    best = Agreement.Close;
                }
            }
        }
        return best;
    }

    private static string? Reason(Agreement agreement, string what) => agreement switch
    {
        Agreement.Same => $"{what} agrees after transliteration",
        Agreement.Close => $"{what} is a close spelling (a slip or a variant)",
        _ => null,
    };

    private static (string Key, string Other, GivenNameRelation Relation)? VariantOf(string[] a, string[] b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (GivenNameForms.Relation(x, y) is var relation && relation != GivenNameRelation.None)
                {
                    return (x, y, relation);
                }
            }
        }
        return null;
    }

    /// <summary>The reason in words, with the names as each record gives them and the pages the table read them on.</summary>
    private static string VariantReason(Indexed a, Indexed b, (string Key, string Other, GivenNameRelation Relation) variant)
    {
        static string TextOf(Indexed person, string key) =>
            person.Person.NamesOf(NameRole.Given).FirstOrDefault(n => NameKeys.Keys(n).Contains(key))?.Text ?? key;
        var (x, y) = (TextOf(a, variant.Key), TextOf(b, variant.Other));
        var table = $"(given-name table: {string.Join(", ", GivenNameForms.SourcesOf(variant.Key, variant.Other))})";
        return variant.Relation switch
        {
            GivenNameRelation.ShortForm => $"given name {x} is a short form of {y} {table}",
            GivenNameRelation.FullForm => $"given name {y} is a short form of {x} {table}",
            GivenNameRelation.ShortFormsOfOneName => $"given names {x} and {y} are short forms of one name {table}",
            _ => $"given name {x} is another form of {y} {table}",
        };
    }

    private static bool ShareAny(int[] a, int[] b)
    {
        foreach (var x in a)
        {
            if (Array.IndexOf(b, x) >= 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The score of a pair and its reasons; null when the pair cannot reach <paramref name="threshold"/> (then no reason
    /// is written down: most pairs a block brings together are not the same person).
    /// </summary>
    private static MatchCandidate? Score(Indexed a, Indexed b, double threshold)
    {
        if (a.Person.Sex is not Sex.Unknown && b.Person.Sex is not Sex.Unknown && a.Person.Sex != b.Person.Sex)
        {
            return null;
        }
        var family = CompareNames(a.Family, b.Family);
        var knownForm = false;
        if (family != Agreement.Same && ShareAny(a.SurnameGroups, b.SurnameGroups))
        {
            (family, knownForm) = (Agreement.Same, true);
        }
        var given = CompareNames(a.Given, b.Given);
        (string Key, string Other, GivenNameRelation Relation)? variant = null;
        if (given != Agreement.Same && a.GivenInTable.Length > 0 && b.GivenInTable.Length > 0)
        {
            if (VariantOf(a.GivenInTable, b.GivenInTable) is { } found)
            {
                (given, variant) = (Agreement.Variant, found);
            }
            else if (given == Agreement.Close && a.GivenInTable.Length == a.Given.Length && b.GivenInTable.Length == b.Given.Length)
            {
                // Two names the table knows, and does not relate, are two names, not a slip: Таня and Аня, Александр and Александра.
                given = Agreement.None;
            }
        }
        var swapped = false;
        if (family == Agreement.None && given == Agreement.None)
        {
            var f2 = CompareNames(a.Family, b.Given);
            var g2 = f2 == Agreement.None ? Agreement.None : CompareNames(a.Given, b.Family);
            if (f2 != Agreement.None && g2 != Agreement.None)
            {
                (family, given, swapped) = (f2, g2, true);
            }
        }
        if (family == Agreement.None && given == Agreement.None)
        {
            return null;
        }
        var score = family switch { Agreement.Same => 0.40, Agreement.Close => 0.28, _ => 0 }
            + given switch { Agreement.Same => 0.30, Agreement.Variant => 0.25, Agreement.Close => 0.20, _ => 0 };
        if (swapped)
        {
            score -= 0.05;
        }
        // A name given on both sides that does not agree speaks against: brothers share a surname, not a first name.
        var givenDiffer = !swapped && given == Agreement.None && a.Given.Length > 0 && b.Given.Length > 0;
        var familyDiffer = !swapped && family == Agreement.None && a.Family.Length > 0 && b.Family.Length > 0;
        score -= (givenDiffer ? 0.20 : 0) + (familyDiffer ? 0.20 : 0);
        if (score + MostTheRestAdds < threshold - 1e-9)
        {
            return null;
        }
        var reasons = new List<string>(6);
        if (swapped)
        {
            reasons.Add("family and given names agree, written the other way round");
        }
        else
        {
            reasons.AddRange(new[] { knownForm ? "family name is a known Russian form of the same surname (Wikidata labels)" : Reason(family, "family name"), variant is { } v ? VariantReason(a, b, v) : Reason(given, "given name") }.OfType<string>());
        }
        if (givenDiffer)
        {
            reasons.Add("given names differ");
        }
        if (familyDiffer)
        {
            reasons.Add("family names differ");
        }
        if (a.Patronymic.Length > 0 && b.Patronymic.Length > 0 && CompareNames(a.Patronymic, b.Patronymic) is var p && p != Agreement.None)
        {
            score += 0.05;
            reasons.Add(Reason(p, "patronymic")!);
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
