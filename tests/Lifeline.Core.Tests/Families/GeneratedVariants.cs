using Lifeline.Core.Families;

namespace Lifeline.Core.Tests.Families;

/// <summary>
/// A generated set of people, each written two or three ways (Armenian, Russian, Latin, with a slip now and then),
/// to measure matching: the pairs that are the same generated person are the truth. Nobody in it is real.
/// </summary>
internal sealed record GeneratedVariants(IReadOnlyList<PersonRecord> People, IReadOnlySet<(string, string)> Truth)
{
    /// <summary>
    /// Common given names in the three scripts (Armenian, Russian, Latin), and for Russian names a usual short form
    /// (from the given-name table), written in Russian or in Latin letters instead of the full name now and then.
    /// </summary>
    private static readonly (string Hy, string Ru, string En, Sex Sex, string? ShortRu, string? ShortEn)[] GivenNames =
    [
        ("Արամ", "Арам", "Aram", Sex.Male, null, null), ("Տիգրան", "Тигран", "Tigran", Sex.Male, null, null), ("Սուրեն", "Сурен", "Suren", Sex.Male, null, null),
        ("Արմեն", "Армен", "Armen", Sex.Male, null, null), ("Դավիթ", "Давид", "Davit", Sex.Male, null, null), ("Գոռ", "Гор", "Gor", Sex.Male, null, null),
        ("Անահիտ", "Анаит", "Anahit", Sex.Female, null, null), ("Նարինե", "Нарине", "Narine", Sex.Female, null, null), ("Լուսինե", "Лусине", "Lusine", Sex.Female, null, null),
        ("Մարիամ", "Мариам", "Mariam", Sex.Female, null, null), ("Գայանե", "Гаянэ", "Gayane", Sex.Female, null, null), ("Սոնա", "Сона", "Sona", Sex.Female, null, null),
        ("Ալեքսանդր", "Александр", "Aleksandr", Sex.Male, "Саша", "Sasha"), ("Վլադիմիր", "Владимир", "Vladimir", Sex.Male, "Володя", "Vova"),
        ("Տատյանա", "Татьяна", "Tatyana", Sex.Female, "Таня", "Tanya"), ("Աննա", "Анна", "Anna", Sex.Female, "Аня", "Anya"),
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
                var form = random.Next(forms.Count);
                var (family, first) = forms[form];
                if (given.ShortRu is not null && random.Next(3) == 0)
                {
                    // A short form instead of the full name: in Russian for a Russian copy, in Latin letters otherwise.
                    first = form == 1 ? given.ShortRu : given.ShortEn!;
                }
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
