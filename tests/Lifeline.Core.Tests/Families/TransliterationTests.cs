using Lifeline.Core.Families;

namespace Lifeline.Core.Tests.Families;

public sealed class TransliterationTests
{
    public static TheoryData<string, int> RussianSamples()
    {
        var data = new TheoryData<string, int>();
        foreach (var scheme in RussianScheme.All)
        {
            for (var i = 0; i < scheme.Samples.Count; i++)
            {
                data.Add(scheme.Name, i);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RussianSamples))]
    public void Romanize_GivesThePublishersOwnSamples(string scheme, int sample)
    {
        var chosen = RussianScheme.All.Single(s => s.Name == scheme);
        var (cyrillic, latin) = chosen.Samples[sample];
        Assert.Equal(latin, chosen.Romanize(cyrillic));
    }

    [Fact]
    public void Schemes_DifferWhereTheirStandardsDo()
    {
        Assert.Equal("Oganesian", RussianScheme.Icao.Romanize("Оганесян"));
        Assert.Equal("Oganesyan", RussianScheme.BgnPcgn.Romanize("Оганесян"));
        Assert.Equal("Oganesân", RussianScheme.Gost779.Romanize("Оганесян"));
        Assert.Equal("Arutiunian", RussianScheme.Icao.Romanize("Арутюнян"));
    }

    [Theory]
    [InlineData("Երևան", "Yerevan")]
    [InlineData("Գյումրի", "Gyumri")]
    [InlineData("Ոսկեվազ", "Voskevaz")]
    [InlineData("Էջմիածին", "Ejmiatsin")]
    [InlineData("Հովհաննիսյան", "Hovhannisyan")]
    [InlineData("Հարությունյան", "Harut’yunyan")]
    [InlineData("Եղիազարյան", "Yeghiazaryan")]
    public void ArmenianBgn_FollowsTheContextRules(string armenian, string latin) =>
        Assert.Equal(latin, ArmenianBgn.Romanize(armenian));

    [Theory]
    [InlineData("Հովհաննիսյան", "Hovhannisyan", "Оганесян", "Oganesyan")]
    [InlineData("Հարությունյան", "Harutyunyan", "Арутюнян", "АРУТЮНЯН")]
    [InlineData("Հակոբյան", "Hakobyan", "Акопян", "Hagopian")]
    public void SurnameForms_JoinTheArmenianLatinAndRussianSpellings(string armenian, string latin, string russian, string other)
    {
        var groups = new[] { armenian, latin, russian, other }.Select(n => SurnameForms.GroupOf(PersonName.From(NameRole.Family, n)!)).ToList();
        Assert.NotNull(groups[0]);
        Assert.All(groups, g => Assert.Equal(groups[0], g));
    }

    [Fact]
    public void SurnameForms_KeepDifferentSurnamesApart() =>
        Assert.NotEqual(SurnameForms.GroupOf(PersonName.From(NameRole.Family, "Petrosyan")!), SurnameForms.GroupOf(PersonName.From(NameRole.Family, "Grigoryan")!));

    [Theory]
    [InlineData("Հովհաննիսյան", "Hovhannisyan")]
    [InlineData("Оганесян", "Oganesyan")]
    [InlineData("Петросян", "Petrosian")]
    [InlineData("Арам", "Aram")]
    [InlineData("Տիգրան", "Тигран")]
    public void PhoneticKeys_AgreeAcrossScripts(string one, string other)
    {
        var a = NameKeys.Phonetic(NameKeys.Latin(PersonName.From(NameRole.Family, one)!));
        var b = NameKeys.Phonetic(NameKeys.Latin(PersonName.From(NameRole.Family, other)!));
        Assert.True(a == b || NameKeys.Distance(a, b) <= 1, $"{one} → {a}, {other} → {b}");
    }

    [Fact]
    public void PhoneticKeys_OfDifferentNames_StayFarApart()
    {
        var a = NameKeys.Phonetic(NameKeys.Latin(PersonName.From(NameRole.Family, "Петросян")!));
        var b = NameKeys.Phonetic(NameKeys.Latin(PersonName.From(NameRole.Family, "Hakobyan")!));
        Assert.True(NameKeys.Distance(a, b) > 2);
    }

    [Theory]
    [InlineData("Aram", Script.Latin)]
    [InlineData("Արամ", Script.Armenian)]
    [InlineData("Арам", Script.Cyrillic)]
    [InlineData("Ter-Petrosyan", Script.Latin)]
    [InlineData("Harut’yunyan", Script.Latin)]
    public void ScriptOf_NamesTheOneScript(string text, Script script) => Assert.Equal(script, PersonName.ScriptOf(text));

    [Theory]
    [InlineData("Aрам")]
    [InlineData("Արam")]
    [InlineData("Aram2")]
    [InlineData("")]
    public void ScriptOf_MixedOrNoLetters_IsNone(string text) => Assert.Null(PersonName.ScriptOf(text));
}
