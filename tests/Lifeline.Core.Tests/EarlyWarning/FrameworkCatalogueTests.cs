using System.Text.Json.Nodes;
using Lifeline.Core.EarlyWarning;
using static Lifeline.Core.Tests.EarlyWarning.EarlyWarningBuilders;

namespace Lifeline.Core.Tests.EarlyWarning;

public sealed class FrameworkCatalogueTests
{
    [Fact]
    public void Parse_ShippedCatalogue_Has14FactorsInTheFrameworksGroups()
    {
        Assert.Equal(Enumerable.Range(1, 14), Catalogue.Factors.Select(f => f.Number));
        Assert.All(Catalogue.Factors.Take(8), f => Assert.Equal(CrimeGroup.Common, f.Group));
        Assert.All(Catalogue.Factors.Skip(8).Take(2), f => Assert.Equal(CrimeGroup.Genocide, f.Group));
        Assert.All(Catalogue.Factors.Skip(10).Take(2), f => Assert.Equal(CrimeGroup.CrimesAgainstHumanity, f.Group));
        Assert.All(Catalogue.Factors.Skip(12), f => Assert.Equal(CrimeGroup.WarCrimes, f.Group));
        Assert.All(Catalogue.Factors, f => Assert.False(string.IsNullOrWhiteSpace(f.Title)));
        Assert.All(Catalogue.Factors, f => Assert.False(string.IsNullOrWhiteSpace(f.TitleCitation)));
    }

    [Fact]
    public void Parse_ShippedCatalogue_IndicatorNumbersRunFromOneWithoutGaps()
    {
        foreach (var factor in Catalogue.Factors)
        {
            Assert.Equal(Enumerable.Range(1, factor.Indicators.Count), factor.Indicators.Select(i => i.Id.Number));
            Assert.All(factor.Indicators, i => Assert.Equal(factor.Number, i.Id.Factor));
        }
    }

    [Fact]
    public void Parse_ShippedCatalogue_EveryIndicatorHasAMeaningAndTheAddressItWasReadAt()
    {
        var indicators = Catalogue.Factors.SelectMany(f => f.Indicators).ToList();
        Assert.NotEmpty(indicators);
        Assert.All(indicators, i => Assert.False(string.IsNullOrWhiteSpace(i.Meaning)));
        Assert.All(indicators, i => Assert.Equal(Uri.UriSchemeHttps, i.Citation.Scheme));
        Assert.All(Catalogue.Factors.Where(f => f.Meaning is not null), f => Assert.NotNull(f.MeaningCitation));
    }

    [Fact]
    public void Parse_ShippedCatalogue_ListsWhatWasReadAndSaysWhatWasNot()
    {
        // 8 and 9 were read in full; 7 and 13 up to where the copy broke off; the rest not at all.
        Assert.Equal(12, Catalogue.Factor(8).Indicators.Count);
        Assert.Equal(6, Catalogue.Factor(9).Indicators.Count);
        Assert.Equal(ListCoverage.Complete, Catalogue.Factor(8).IndicatorList);
        Assert.Equal(ListCoverage.Complete, Catalogue.Factor(9).IndicatorList);
        Assert.Equal(ListCoverage.Partial, Catalogue.Factor(7).IndicatorList);
        Assert.Equal(ListCoverage.Partial, Catalogue.Factor(13).IndicatorList);
        Assert.Equal(TextStatus.Partial, Catalogue.Find(new IndicatorId(7, 11))!.Text);
        Assert.Equal(TextStatus.Partial, Catalogue.Find(new IndicatorId(13, 10))!.Text);
        Assert.All(Catalogue.Factors.Where(f => f.IndicatorList == ListCoverage.NotRead), f => Assert.Empty(f.Indicators));
        Assert.Contains("not read", Catalogue.Coverage, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ShippedCatalogue_MarksTheSiegeIndicatorsTheIssueNames()
    {
        Assert.Equal(["7.6", "7.7", "7.10", "7.11", "8.7", "13.8", "14"], Catalogue.SiegeRelevant.Select(s => s.Subject.ToString()));
        Assert.All(Catalogue.SiegeRelevant, s => Assert.True(Catalogue.Contains(s.Subject)));
    }

    [Fact]
    public void Parse_ShippedCatalogue_HasStantonsTenStagesWithCitations()
    {
        Assert.Equal(Enumerable.Range(1, 10), Catalogue.Stages.Select(s => s.Number));
        Assert.Equal("Classification", Catalogue.Stages[0].Name);
        Assert.Equal("Denial", Catalogue.Stages[9].Name);
        Assert.All(Catalogue.Stages, s => Assert.False(string.IsNullOrWhiteSpace(s.Meaning)));
    }

    [Fact]
    public void Contains_WholeFactorsAlways_IndicatorsOnlyWhenListed()
    {
        Assert.True(Catalogue.Contains(IndicatorId.WholeFactor(14)));
        Assert.True(Catalogue.Contains(new IndicatorId(7, 7)));
        Assert.False(Catalogue.Contains(new IndicatorId(7, 99)));
        Assert.False(Catalogue.Contains(new IndicatorId(14, 1)));
        Assert.False(Catalogue.Contains(default));
    }

    [Fact]
    public void Describe_WholeFactorAndIndicator_GivesTitleAndMeaning()
    {
        Assert.Equal("Serious threats to humanitarian or peacekeeping operations", Catalogue.Describe(IndicatorId.WholeFactor(14)));
        Assert.Contains("Communication channels", Catalogue.Describe(new IndicatorId(7, 6)), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GapInIndicatorNumbers_NamesTheEntry()
    {
        var json = Mutate(root => root["riskFactors"]![7]!["indicators"]![2]!["number"] = "8.4");
        var error = Assert.Throws<FormatException>(() => FrameworkCatalogue.Parse(json));
        Assert.Contains("riskFactors[7].indicators[2].number", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 8.3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IndicatorWithoutCitation_IsRejected()
    {
        var json = Mutate(root => root["riskFactors"]![8]!["indicators"]![0]!.AsObject().Remove("citation"));
        var error = Assert.Throws<FormatException>(() => FrameworkCatalogue.Parse(json));
        Assert.Contains("riskFactors[8].indicators[0].citation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ThirteenFactors_IsRejected()
    {
        var json = Mutate(root => root["riskFactors"]!.AsArray().RemoveAt(13));
        Assert.Contains("has 13 risk factors", Assert.Throws<FormatException>(() => FrameworkCatalogue.Parse(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FactorInTheWrongGroup_IsRejected()
    {
        var json = Mutate(root => root["riskFactors"]![9]!["group"] = "war-crimes");
        Assert.Contains("expected genocide", Assert.Throws<FormatException>(() => FrameworkCatalogue.Parse(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_SaysSo() =>
        Assert.Contains("not valid JSON", Assert.Throws<FormatException>(() => FrameworkCatalogue.Parse("{ riskFactors: ")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("7.6", 7, 6)]
    [InlineData("14", 14, 0)]
    [InlineData(" 13.10 ", 13, 10)]
    public void IndicatorId_TryParse_ReadsIndicatorsAndWholeFactors(string text, int factor, int number)
    {
        Assert.Equal(new IndicatorId(factor, number), IndicatorId.TryParse(text));
        Assert.Equal(text.Trim(), new IndicatorId(factor, number).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("0")]
    [InlineData("7.")]
    [InlineData("7.0")]
    [InlineData("7.06")]
    [InlineData("7.6.1")]
    [InlineData("-7")]
    [InlineData("seven")]
    public void IndicatorId_TryParse_RejectsAnythingElse(string text) => Assert.Null(IndicatorId.TryParse(text));

    [Fact]
    public void IndicatorId_Order_IsFactorThenNumber() =>
        Assert.Equal(["7", "7.2", "7.10", "13.1"], new[] { "7.10", "13.1", "7", "7.2" }.Select(IndicatorId.Parse).Order().Select(i => i.ToString()));

    private static string Mutate(Action<JsonNode> change)
    {
        var root = JsonNode.Parse(CatalogueJson)!;
        change(root);
        return root.ToJsonString();
    }
}
