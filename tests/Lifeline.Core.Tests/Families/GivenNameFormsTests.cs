using Lifeline.Core.Families;
using static Lifeline.Core.Tests.Families.FamilyBuilders;

namespace Lifeline.Core.Tests.Families;

public sealed class GivenNameFormsTests
{
    private static string[] FileLines(string name) => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Families", name));

    [Fact]
    public void Table_EveryRow_HasASourceListedInSources_AndNamesInTheirScripts()
    {
        var lines = FileLines("given-names.tsv");
        Assert.Equal("name\tvariant\tkind\tname_script\tvariant_script\tas_read\tsource", lines[0]);
        var sources = string.Join('\n', FileLines("SOURCES.md"));
        Assert.Equal(lines.Length - 1, GivenNameForms.Rows.Count);
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split('\t');
            Assert.True(parts.Length == 7, line);
            Assert.True(parts[2] is "diminutive" or "equivalent", line);
            Assert.True(Uri.TryCreate(parts[6], UriKind.Absolute, out var source) && source.Scheme is "http" or "https", line);
            Assert.True(sources.Contains(source.Host, StringComparison.Ordinal), $"{source.Host} is not in SOURCES.md");
            Assert.False(string.IsNullOrWhiteSpace(parts[5]), line);
            Assert.Equal(Enum.Parse<Script>(parts[3]), PersonName.ScriptOf(parts[0]));
            Assert.Equal(Enum.Parse<Script>(parts[4]), PersonName.ScriptOf(parts[1]));
            Assert.NotEqual("", GivenNameForms.KeyOf(parts[0]));
            Assert.NotEqual("", GivenNameForms.KeyOf(parts[1]));
        }
    }

    [Fact]
    public void Relation_AcrossScripts_ShortFormOfTheFullName()
    {
        var sasha = GivenNameForms.KeyOf("Sasha");
        Assert.Equal(sasha, GivenNameForms.KeyOf("Саша"));
        Assert.Equal(GivenNameRelation.ShortForm, GivenNameForms.Relation(sasha, GivenNameForms.KeyOf("Aleksandr")));
        Assert.Equal(GivenNameRelation.ShortForm, GivenNameForms.Relation(sasha, GivenNameForms.KeyOf("Alexander")));
        Assert.Equal(GivenNameRelation.FullForm, GivenNameForms.Relation(GivenNameForms.KeyOf("Ալեքսանդր"), sasha));
        Assert.Equal(GivenNameRelation.ShortFormsOfOneName, GivenNameForms.Relation(sasha, GivenNameForms.KeyOf("Шура")));
        Assert.Equal(GivenNameRelation.SameName, GivenNameForms.Relation(GivenNameForms.KeyOf("Հովհաննես"), GivenNameForms.KeyOf("Иван")));
        Assert.Equal(GivenNameRelation.SameName, GivenNameForms.Relation(GivenNameForms.KeyOf("Hakob"), GivenNameForms.KeyOf("Яков")));
        Assert.Equal(GivenNameRelation.None, GivenNameForms.Relation(GivenNameForms.KeyOf("Aram"), sasha));
    }

    [Fact]
    public void Relation_TwoFullNamesSharingAShortForm_AreNotRelated()
    {
        // Саша is a short form of Александр and of Александра, Женя of Евгений and Евгения: that joins neither pair.
        Assert.Equal(GivenNameRelation.None, GivenNameForms.Relation(GivenNameForms.KeyOf("Александр"), GivenNameForms.KeyOf("Александра")));
        var fullNamesByShortForm = GivenNameForms.Rows.Where(r => r.Kind == GivenNameKind.Diminutive)
            .GroupBy(r => GivenNameForms.KeyOf(r.Variant), r => GivenNameForms.KeyOf(r.Name));
        foreach (var shared in fullNamesByShortForm)
        {
            foreach (var a in shared)
            {
                foreach (var b in shared.Where(b => b != a))
                {
                    Assert.NotEqual(GivenNameRelation.ShortFormsOfOneName, GivenNameForms.Relation(a, b));
                    Assert.NotEqual(GivenNameRelation.ShortForm, GivenNameForms.Relation(a, b));
                }
            }
        }
    }

    [Fact]
    public void RelatedKeys_NoNameRelatesToMany()
    {
        // Every related key is one more lookup for a given name: the table must stay small per name.
        var most = GivenNameForms.Rows.SelectMany(r => new[] { r.Name, r.Variant }).Select(GivenNameForms.KeyOf).Max(k => GivenNameForms.RelatedKeys(k).Count);
        Assert.InRange(most, 1, 8);
    }

    [Fact]
    public void Candidates_ShortFormInCyrillic_ProposesTheFullNameInLatin_WithTheReason()
    {
        var matcher = new Matcher([
            Person("full", "Petrosyan", "Aleksandr", BirthDate.InYear(1970), Sex.Male),
            Person("other", "Petrosyan", "Vladimir", BirthDate.InYear(1970), Sex.Male),
        ]);
        var found = Assert.Single(matcher.CandidatesFor(Person("short", "Петросян", "Саша", BirthDate.InYear(1970), Sex.Male)));
        Assert.Equal("full", found.CandidateId);
        Assert.Contains("given name Саша is a short form of Aleksandr (given-name table: gw2ru.com)", found.Reasons);
        Assert.Equal(found.Score, matcher.CandidatesByPlainScan(Person("short", "Петросян", "Саша", BirthDate.InYear(1970), Sex.Male)).Single().Score);
    }

    [Fact]
    public void Candidates_ShortForm_ScoresBelowTheSameName()
    {
        var matcher = new Matcher([Person("full", "Petrosyan", "Aleksandr", BirthDate.InYear(1970))]);
        var bySame = Assert.Single(matcher.CandidatesFor(Person("s", "Петросян", "Александр", BirthDate.InYear(1970))));
        var byShort = Assert.Single(matcher.CandidatesFor(Person("s", "Петросян", "Саша", BirthDate.InYear(1970))));
        Assert.True(byShort.Score < bySame.Score, $"{byShort.Score} < {bySame.Score}");
        Assert.True(byShort.Score >= Matcher.ProposalThreshold);
    }

    [Fact]
    public void Candidates_ArmenianFormOfARussianName_Proposed()
    {
        var matcher = new Matcher([Person("ru", "Петросян", "Иван", BirthDate.InYear(1950), Sex.Male)]);
        var found = Assert.Single(matcher.CandidatesFor(Person("hy", "Պետրոսյան", "Հովհաննես", BirthDate.InYear(1950), Sex.Male)));
        Assert.Contains(found.Reasons, r => r.StartsWith("given name Հովհաննես is another form of Иван (given-name table: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Candidates_SharedShortForm_OtherSex_NotProposed()
    {
        // Саша is Aleksandr's short form and Aleksandra's: the sexes tell them apart.
        var matcher = new Matcher([Person("her", "Petrosyan", "Aleksandra", BirthDate.InYear(1970), Sex.Female)]);
        Assert.Empty(matcher.CandidatesFor(Person("him", "Петросян", "Саша", BirthDate.InYear(1970), Sex.Male)));
    }

    [Fact]
    public void Candidates_TwoShortFormsOneLetterApart_AreTwoNames_NotASlip()
    {
        // Таня (Татьяна) and Аня (Анна) are one letter apart, as a slip would be; the table knows them as two names.
        var matcher = new Matcher([Person("anya", "Hakobyan", "Anya", BirthDate.InYear(1980))]);
        Assert.Empty(matcher.CandidatesFor(Person("tanya", "Акопян", "Таня", BirthDate.InYear(1980))));
        // A name the table does not know keeps its close spelling: Анаид for Anahit.
        Assert.Single(new Matcher([Person("anahit", "Hakobyan", "Anahit", BirthDate.InYear(1980))]).CandidatesFor(Person("slip", "Акопян", "Анаид", BirthDate.InYear(1980))));
    }

    [Fact]
    public void CandidatesFor_GivenNameAlone_ShortForms_FoundAsByAPlainScan()
    {
        // Without a family name the given name is what is looked up: its short and other forms must be looked up too.
        var born = BirthDate.Exact(new DateOnly(1970, 3, 4));
        var people = new List<PersonRecord>
        {
            new("no-family", [PersonName.From(NameRole.Given, "Саша")!], Sex.Male, born, "Martakert", null, SideOfLine.Unknown, Vulnerability.None, null),
            Person("full", "Petrosyan", "Aleksandr", born, Sex.Male, origin: "Martakert"),
            Person("shura", "Grigoryan", "Шура", born, Sex.Male, origin: "Martakert"),
            Person("vova", "Petrosyan", "Vova", born, Sex.Male, origin: "Martakert"),
        };
        var matcher = new Matcher(people);
        foreach (var person in people)
        {
            Assert.Equal(matcher.CandidatesByPlainScan(person).Select(m => (m.CandidateId, m.Score)), matcher.CandidatesFor(person).Select(m => (m.CandidateId, m.Score)));
        }
        Assert.Contains(matcher.CandidatesFor(people[0]), m => m.CandidateId == "full");
        Assert.Contains(matcher.CandidatesFor(people[1]), m => m.CandidateId == "no-family");
    }
}
