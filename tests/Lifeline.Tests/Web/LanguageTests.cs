using System.Net;
using System.Text.RegularExpressions;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Lifeline.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Web;

/// <summary>
/// The pages in English, Armenian and Russian: the catalogues complete, the language taken from the cookie, else
/// Accept-Language, else English; the switcher; and answers kept for the public never given in another language.
/// </summary>
public sealed partial class LanguageTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Dashboard = "/situations/lachin-2022";
    private const string EventForm = "/situations/lachin-2022/events/new";

    private static async Task<HttpResponseMessage> Get(HttpClient client, string path, string? acceptLanguage = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return await client.SendAsync(request, Cancel);
    }

    private static async Task<string> Page(HttpClient client, string path, string? acceptLanguage = null, string? cookie = null)
    {
        var response = await Get(client, path, acceptLanguage, cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Cancel);
    }

    private static string? LangOf(string html) => HtmlLang().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    [Fact]
    public void EveryLanguage_HasEveryKeyEnglishHas()
    {
        var words = Translations.Load();
        var faults = new List<string>();
        foreach (var (code, _) in Translations.Languages.Where(l => l.Code != Translations.Default))
        {
            var missing = words.MissingFrom(code);
            if (missing.Count > 0)
            {
                faults.Add($"{code} lacks {missing.Count}: {string.Join(", ", missing)}");
            }
            // A key English does not have is a leftover: nothing shows it.
            var english = words.Keys(Translations.Default).Select(Base).ToHashSet(StringComparer.Ordinal);
            var extra = words.Keys(code).Where(k => !english.Contains(Base(k))).ToList();
            if (extra.Count > 0)
            {
                faults.Add($"{code} has keys English lacks: {string.Join(", ", extra)}");
            }
        }
        Assert.True(faults.Count == 0, string.Join("\n", faults));
    }

    private static string Base(string key) => key.Split('#')[0];

    [Fact]
    public void EveryKeyThePagesName_IsInTheEnglishCatalogue()
    {
        var english = Translations.Load().Keys(Translations.Default).Select(Base).ToHashSet(StringComparer.Ordinal);
        var source = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Lifeline");
        var named = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source, "*.cshtml", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)))
        {
            foreach (Match m in KeyUse().Matches(File.ReadAllText(file)))
            {
                named.Add(m.Groups["key"].Value);
            }
        }
        Assert.True(named.Count > 150, $"only {named.Count} keys found: the pattern no longer matches how pages name them");
        var unknown = named.Where(k => !english.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"named by a page but not in en.json: {string.Join(", ", unknown)}");
    }

    [Theory]
    [InlineData("en", 1, "one")]
    [InlineData("en", 0, "other")]
    [InlineData("en", 21, "other")]
    [InlineData("hy", 0, "one")]
    [InlineData("hy", 1, "one")]
    [InlineData("hy", 2, "other")]
    [InlineData("ru", 1, "one")]
    [InlineData("ru", 21, "one")]
    [InlineData("ru", 11, "many")]
    [InlineData("ru", 3, "few")]
    [InlineData("ru", 24, "few")]
    [InlineData("ru", 13, "many")]
    [InlineData("ru", 5, "many")]
    [InlineData("ru", 112, "many")]
    public void PluralCategory_FollowsCldr(string language, long count, string category) =>
        Assert.Equal(category, Translations.PluralCategory(language, count));

    [Fact]
    public async Task AcceptLanguageArmenian_GivesTheDashboardAndTheEventFormInArmenian()
    {
        await using var server = await LifelineServer.Start();
        var dashboard = await Page(server.Client, $"{Dashboard}?date=2023-03-21", "hy-AM,hy;q=0.9,en;q=0.5");
        Assert.Equal("hy", LangOf(dashboard));
        Assert.Contains("Շրջափակման 100-րդ օրը", dashboard, StringComparison.Ordinal);
        Assert.Contains(">Իրադարձություններ</a>", dashboard, StringComparison.Ordinal);
        // The date with the Armenian month, the numbers grouped the Armenian way.
        Assert.Contains("21 մարտի 2023 թ.", dashboard, StringComparison.Ordinal);
        Assert.Matches("120(\u00A0|&#xA0;)000", dashboard);
        Assert.DoesNotContain("120,000", dashboard, StringComparison.Ordinal);
        // The places of the latest events in Armenian script.
        Assert.Matches("<td>[\u0531-\u058F][^<]*</td>", dashboard);

        using var reporter = await server.SignedInFor(Role.Reporter);
        reporter.DefaultRequestHeaders.Add("Accept-Language", "hy");
        var form = await reporter.GetStringAsync(EventForm, Cancel);
        Assert.Equal("hy", LangOf(form));
        Assert.Contains("<h1>Գրանցել իրադարձություն</h1>", form, StringComparison.Ordinal);
        Assert.Contains(">Ստեփանակերտ · Stepanakert · Степанакерт</option>", form, StringComparison.Ordinal);

        // An empty form comes back with the messages beside the fields in Armenian.
        var refused = await reporter.PostAsync(EventForm, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignInPage.AntiforgeryToken(form),
        }), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = await refused.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("id=\"place-error\">պարտադիր է՝ վայրը", errors, StringComparison.Ordinal);
        Assert.Contains("id=\"sources-error\">պահանջվում է առնվազն մեկ աղբյուր", errors, StringComparison.Ordinal);
        Assert.Contains("Ոչինչ չի պահպանվել", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCookie_OverridesAcceptLanguage_AndAnUnknownLanguageGivesEnglish()
    {
        await using var server = await LifelineServer.Start();
        var russian = await Page(server.Client, $"{Dashboard}?date=2023-03-21", "hy", $"{Translations.Cookie}=ru");
        Assert.Equal("ru", LangOf(russian));
        Assert.Contains("100-й день блокады", russian, StringComparison.Ordinal);
        Assert.Contains("21 марта 2023", russian, StringComparison.Ordinal);
        Assert.DoesNotContain("Շրջափակման", russian, StringComparison.Ordinal);

        // Counted in the plural form Russian uses for each number.
        foreach (var (date, counted) in new[] { ("2022-12-11", "за 1 день до начала блокады"), ("2022-12-10", "за 2 дня до начала блокады"), ("2022-12-05", "за 7 дней до начала блокады") })
        {
            Assert.Contains(counted + " (12 декабря 2022)", await Page(server.Client, $"{Dashboard}?date={date}", cookie: $"{Translations.Cookie}=ru"), StringComparison.Ordinal);
        }

        // A cookie naming a language Lifeline does not have is ignored: Accept-Language decides.
        Assert.Equal("hy", LangOf(await Page(server.Client, Dashboard, "hy", $"{Translations.Cookie}=de")));

        foreach (var unknown in new[] { "de-DE,fr;q=0.8", "az", "*" })
        {
            var page = await Page(server.Client, $"{Dashboard}?date=2023-03-21", unknown);
            Assert.Equal("en", LangOf(page));
            Assert.Contains("Day 100 of the blockade", page, StringComparison.Ordinal);
            Assert.Contains("21 March 2023", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheSwitcher_KeepsTheChoiceInACookie_AndReturnsToThePage()
    {
        await using var server = await LifelineServer.Start();
        var page = await Page(server.Client, $"{Dashboard}?date=2023-03-21");
        // Links to the other two languages, each returning to this very page.
        Assert.Contains($"href=\"/language?to=hy&amp;return=%2Fsituations%2Flachin-2022%3Fdate%3D2023-03-21\"", page, StringComparison.Ordinal);
        Assert.Contains("<span lang=\"en\" aria-current=\"true\">English</span>", page, StringComparison.Ordinal);

        var switched = await Get(server.Client, "/language?to=hy&return=%2Fsituations%2Flachin-2022%3Fdate%3D2023-03-21");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/situations/lachin-2022?date=2023-03-21", switched.Headers.Location?.OriginalString);
        var cookie = Assert.Single(switched.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{Translations.Cookie}=hy;", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        // Sent back, the cookie gives the page in Armenian, with English and Russian offered.
        var armenian = await Page(server.Client, Dashboard, cookie: $"{Translations.Cookie}=hy");
        Assert.Equal("hy", LangOf(armenian));
        Assert.Contains("<span lang=\"hy\" aria-current=\"true\">Հայերեն</span>", armenian, StringComparison.Ordinal);
        Assert.Contains(">Русский</a>", armenian, StringComparison.Ordinal);

        // Never sent elsewhere; an unknown language is refused and nothing is set.
        foreach (var elsewhere in new[] { "//evil.example/x", "https://evil.example/", "/\\evil.example", "" })
        {
            var away = await Get(server.Client, $"/language?to=ru&return={Uri.EscapeDataString(elsewhere)}");
            Assert.Equal(HttpStatusCode.Redirect, away.StatusCode);
            Assert.Equal("/", away.Headers.Location?.OriginalString);
        }
        foreach (var bad in new[] { "/language?to=de&return=/", "/language", "/language?to=HY" })
        {
            var refused = await Get(server.Client, bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.False(refused.Headers.Contains("Set-Cookie"));
        }
    }

    [GeneratedRegex("<html lang=\"([a-z]+)\"")]
    private static partial Regex HtmlLang();

    /// <summary>How pages name a key: <c>T["key"]</c>, <c>T.Format("key"</c>, <c>T.Count("key"</c>, <c>words["key"]</c>, <c>words.Format("key"</c>.</summary>
    [GeneratedRegex("""\b(?:T|words)(?:\[|\.Format\(|\.Count\()"(?<key>[a-z][a-zA-Z0-9.\-]*)"[\],]""")]
    private static partial Regex KeyUse();
}

/// <summary>The public answer cache and the language: a kept answer is only ever given in the language it was written in.</summary>
/// <remarks>Alone: commits made by other tests in the same process would make this node read its data version again.</remarks>
[Collection(nameof(Lifeline.Tests.Evidence.RunsAlone))]
public sealed class LanguageAnswerCacheTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Dashboard = "/situations/lachin-2022?date=2023-03-21";

    private static async Task<(string Lang, string? Answer, string? Tag)> Get(HttpClient client, string? acceptLanguage, string? cookie = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Dashboard);
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }
        var response = await client.SendAsync(request, Cancel);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return ("304", null, response.Headers.ETag?.ToString());
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        var lang = Regex.Match(html, "<html lang=\"([a-z]+)\"").Groups[1].Value;
        return (lang, response.Headers.TryGetValues(AnswerCache.Header, out var values) ? values.Single() : null, response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task KeptAnswers_AreKeptPerLanguage_AndNeverGivenInAnother()
    {
        await using var server = await LifelineServer.Start();
        var russian = await Get(server.Client, "ru");
        Assert.Equal(("ru", (string?)null), (russian.Lang, russian.Answer));
        var again = await Get(server.Client, "ru-RU,ru;q=0.9");
        Assert.Equal(("ru", "kept"), (again.Lang, again.Answer));

        // Another language at the same address: built afresh, in its own language, then kept in turn.
        var armenian = await Get(server.Client, "hy");
        Assert.Equal(("hy", (string?)null), (armenian.Lang, armenian.Answer));
        var armenianAgain = await Get(server.Client, "hy");
        Assert.Equal(("hy", "kept"), (armenianAgain.Lang, armenianAgain.Answer));
        Assert.Equal("en", (await Get(server.Client, null)).Lang);
        var english = await Get(server.Client, "de");
        Assert.Equal(("en", "kept"), (english.Lang, english.Answer));

        // The language cookie alone still lets the public answer be kept; it decides the language over the header.
        var chosen = await Get(server.Client, "hy", $"{Translations.Cookie}=ru");
        Assert.Equal(("ru", "kept"), (chosen.Lang, chosen.Answer));

        // Each language its own tag: a reader who switched is not told "not modified" with the other language's page.
        Assert.NotEqual(russian.Tag, armenian.Tag);
        Assert.Equal("hy", (await Get(server.Client, "hy", ifNoneMatch: russian.Tag)).Lang);
        Assert.Equal("304", (await Get(server.Client, "ru", ifNoneMatch: russian.Tag)).Lang);
        Assert.Equal(3, server.Services.GetRequiredService<AnswerCache>().Kept);
    }
}
