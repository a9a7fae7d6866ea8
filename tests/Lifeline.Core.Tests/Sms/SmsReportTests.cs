using Lifeline.Core.Situations;
using Lifeline.Core.Sms;

namespace Lifeline.Core.Tests.Sms;

public sealed class SmsReportTests
{
    private static readonly DateOnly Today = new(2023, 8, 12);

    private static readonly IReadOnlyList<SmsPlace> Places =
    [
        new("kornidzor", ["Kornidzor", "Կոռնիձոր", "Корнидзор"]),
        new("stepanakert-airport", ["Stepanakert Airport", "Ստեփանակերտի օդանավակայան", "Аэропорт Степанакерт"]),
        new("stepanakert", ["Stepanakert", "Ստեփանակերտ", "Степанакерт"]),
    ];

    [Fact]
    public void TheExample_ReadsAsACorridorClosureWithTheWordsAsNotes()
    {
        var read = SmsReport.Read("CLOSED KORNIDZOR 2023-08-10 convoy of 19 trucks turned back", Today, Places);
        Assert.Null(read.Problem);
        Assert.Equal(new SmsEvent("corridor-closed", null, "kornidzor", new DateOnly(2023, 8, 10), "convoy of 19 trucks turned back", SmsLanguage.English), read.Event);
    }

    [Theory]
    [InlineData("ՓԱԿ Կոռնիձոր 10.08.2023 բեռնատարները հետ դարձվեցին", "corridor-closed", SmsLanguage.Armenian)]
    [InlineData("закрыт корнидзор 10.08.2023 колонна развернута", "corridor-closed", SmsLanguage.Russian)]
    [InlineData("Закрыто Корнидзор 2023-08-10", "corridor-closed", SmsLanguage.Russian)]
    [InlineData("open kornidzor 2023-08-10", "corridor-reopened", SmsLanguage.English)]
    [InlineData("КОНВОЙ Корнидзор 2023-08-10 19 грузовиков", "convoy-passed", SmsLanguage.Russian)]
    public void KeywordsAndPlaces_AreTakenInEachScriptAndCase(string text, string type, SmsLanguage language)
    {
        var read = SmsReport.Read(text, Today, Places);
        Assert.Null(read.Problem);
        Assert.Equal(type, read.Event!.Type);
        Assert.Equal("kornidzor", read.Event.PlaceId);
        Assert.Equal(new DateOnly(2023, 8, 10), read.Event.Date);
        Assert.Equal(language, read.Event.Language);
    }

    [Fact]
    public void AUtilityKeyword_NeedsWhatWasCut_AndANameOfSeveralWordsIsOnePlace()
    {
        var read = SmsReport.Read("CUT GAS Stepanakert Airport since morning", Today, Places);
        Assert.Equal(new SmsEvent("utility-cut", Utility.Gas, "stepanakert-airport", Today, "since morning", SmsLanguage.English), read.Event);
        var russian = SmsReport.Read("ОТКЛЮЧЕН СВЕТ Степанакерт", Today, Places);
        Assert.Equal(("utility-cut", Utility.Electricity, "stepanakert"), (russian.Event!.Type, russian.Event.Utility, russian.Event.PlaceId));

        var missing = SmsReport.Read("CUT Stepanakert", Today, Places);
        Assert.Null(missing.Event);
        Assert.Contains("GAS, POWER, INTERNET or WATER", missing.Problem!.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutADate_TheDayItArrivedIsTheEventsDay()
    {
        Assert.Equal(Today, SmsReport.Read("CLOSED kornidzor", Today, Places).Event!.Date);
    }

    [Theory]
    [InlineData("BLOCKED kornidzor", "'BLOCKED' is not a keyword", SmsLanguage.English)]
    [InlineData("ПЕРЕКРЫТ Корнидзор", "'ПЕРЕКРЫТ' — не ключевое слово", SmsLanguage.Russian)]
    [InlineData("ՓԱԿԵԼ Կոռնիձոր", "'ՓԱԿԵԼ'-ը բանալի բառ չէ", SmsLanguage.Armenian)]
    [InlineData("CLOSED Lisbon", "no place is called 'Lisbon'", SmsLanguage.English)]
    [InlineData("CLOSED", "the place is missing", SmsLanguage.English)]
    [InlineData("CLOSED kornidzor 2023-13-45 words", "'2023-13-45' is not a date", SmsLanguage.English)]
    [InlineData("CLOSED kornidzor 2023-09-30", "'2023-09-30' is after today", SmsLanguage.English)]
    [InlineData("   ", "Empty message", SmsLanguage.English)]
    public void WhatIsNotUnderstood_IsSaidInTheSendersLanguage(string text, string expected, SmsLanguage language)
    {
        var read = SmsReport.Read(text, Today, Places);
        Assert.Null(read.Event);
        Assert.Contains(expected, read.Problem!.Why, StringComparison.Ordinal);
        Assert.Equal(language, read.Problem.Language);
    }

    [Fact]
    public void EveryKeyword_HasAFormInEachLanguage()
    {
        var gas = new Dictionary<SmsLanguage, string> { [SmsLanguage.English] = "GAS", [SmsLanguage.Armenian] = "ԳԱԶ", [SmsLanguage.Russian] = "ГАЗ" };
        foreach (var language in Enum.GetValues<SmsLanguage>())
        {
            var types = SmsReport.KeywordsIn(language)
                .Select(k => SmsReport.Read($"{k} kornidzor", Today, Places).Event?.Type ?? SmsReport.Read($"{k} {gas[language]} kornidzor", Today, Places).Event?.Type)
                .ToHashSet();
            Assert.Equal(9, types.Count);
            Assert.DoesNotContain(null, types);
        }
    }
}
