using Lifeline.Core.Families;

namespace Lifeline.Core.Tests.Families;

/// <summary>
/// A generated set of people, each written two or three ways (Armenian, Russian, Latin, with a slip now and then),
/// to measure matching: the pairs that are the same generated person are the truth. Nobody in it is real.
/// </summary>
internal sealed record GeneratedVariants(IReadOnlyList<PersonRecord> People, IReadOnlySet<(string, string)> Truth)
{
    /// <summary>Common given names in the three scripts (Armenian, Russian, Latin).</summary>
    private static readonly (string Hy, string Ru, string En, Sex Sex)[] GivenNames =
    [
        ("Արամ", "Арам", "Aram", Sex.Male), ("Տիգրան", "Тигран", "Tigran", Sex.Male), ("Սուրեն", "Сурен", "Suren", Sex.Male),
        ("Արմեն", "Армен", "Armen", Sex.Male), ("Դավիթ", "Давид", "Davit", Sex.Male), ("Գոռ", "Гор", "Gor", Sex.Male),
        ("Անահիտ", "Анаит", "Anahit", Sex.Female), ("Նարինե", "Нарине", "Narine", Sex.Female), ("Լուսինե", "Лусине", "Lusine", Sex.Female),
        ("Մարիամ", "Мариам", "Mariam", Sex.Female), ("Գայանե", "Гаянэ", "Gayane", Sex.Female), ("Սոնա", "Сона", "Sona", Sex.Female),
    ];

    /// <summary>Surnames in Armenian, with their Latin and Russian forms as in the Wikidata pairs.</summary>
    private static readonly (string Hy, string Ru, string En)[] Surnames =
    [
        ("Հովհաննիսյան", "Оганесян", "Hovhannisyan"), ("Հարությունյան", "Арутюнян", "Harutyunyan"), ("Հակոբյան", "Акопян", "Hakobyan"),
        ("Պետրոսյան", "Петросян", "Petrosyan"), ("Գրիգորյան", "Григорян", "Grigoryan"), ("Սարգսյան", "Саргсян", "Sargsyan"),
        ("Մարտիրոսյան", "Мартиросян", "Martirosyan"), ("Ավետիսյան", "Аветисян", "Avetisyan"), ("Բաբայան", "Бабаян", "Babayan"),
        ("Ղազարյան", "Казарян", "Ghazaryan"), ("Խաչատրյան", "Хачатрян", "Khachatryan"), ("Մկրտչյան", "Мкртчян", "Mkrtchyan"),
        ("Վարդանյան", "Варданян", "Vardanyan"), ("Սիմոնյան", "Симонян", "Simonyan"), ("Դանիելյան", "Даниелян", "Danielyan"),
        ("Ալավերդյան", "Алавердян", "Alaverdyan"),
    ];

    /// <summary>At most one identity per surname and given name, so that two generated people never share a whole name.</summary>
    public static GeneratedVariants Make(int identities, int seed)
    {
        identities = Math.Min(identities, Surnames.Length * GivenNames.Length);
        var random = new Random(seed);
        var people = new List<PersonRecord>();
        var truth = new HashSet<(string, string)>();
        var used = new HashSet<(int, int)>();
        for (var n = 0; n < identities; n++)
        {
            int s, g, year;
            do
            {
                (s, g, year) = (random.Next(Surnames.Length), random.Next(GivenNames.Length), 1940 + random.Next(80));
            }
            while (!used.Add((s, g)));
            var surname = Surnames[s];
            var given = GivenNames[g];
            var forms = new List<(string Family, string Given)> { (surname.Hy, given.Hy), (surname.Ru, given.Ru), (surname.En, given.En) };
            var copies = 2 + random.Next(2);
            var ids = new List<string>();
            for (var c = 0; c < copies; c++)
            {
                var (family, first) = forms[random.Next(forms.Count)];
                if (c > 0 && random.Next(4) == 0 && family.Length > 6 && PersonName.ScriptOf(family) == Script.Latin)
                {
                    // A slip: one letter dropped from the middle.
                    var at = 2 + random.Next(family.Length - 4);
                    family = family.Remove(at, 1);
                }
                var birth = random.Next(3) switch
                {
                    0 => BirthDate.InYear(year + random.Next(-1, 2)),
                    1 => BirthDate.Exact(new DateOnly(year, 1 + random.Next(12), 1 + random.Next(28))),
                    _ => BirthDate.Unknown,
                };
                var id = $"gen-{n}-{c}";
                ids.Add(id);
                people.Add(FamilyBuilders.Person(id, family, first, birth, random.Next(2) == 0 ? given.Sex : Sex.Unknown));
            }
            foreach (var a in ids)
            {
                foreach (var b in ids.Where(b => string.CompareOrdinal(a, b) < 0))
                {
                    truth.Add((a, b));
                }
            }
        }
        return new GeneratedVariants(people, truth);
    }

    public (double Precision, double Recall) Measure(IReadOnlyList<MatchCandidate> proposed)
    {
        var pairs = proposed.Select(m => string.CompareOrdinal(m.PersonId, m.CandidateId) < 0 ? (m.PersonId, m.CandidateId) : (m.CandidateId, m.PersonId)).ToHashSet();
        var right = pairs.Count(Truth.Contains);
        return (pairs.Count == 0 ? 0 : (double)right / pairs.Count, (double)right / Truth.Count);
    }
}
