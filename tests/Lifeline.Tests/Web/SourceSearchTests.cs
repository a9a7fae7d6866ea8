using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Lifeline.Tests.Web;

/// <summary>
/// The event form's sources: ids typed in a text field (no script needed), found with script by a search box over
/// the sources API, which never finds a protected source by its publisher or address for someone who may not see them.
/// </summary>
public sealed class SourceSearchTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<List<string>> Found(HttpClient client, string q)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/situations/lachin-2022/sources?pageSize=50&q={Uri.EscapeDataString(q)}", Cancel);
        return page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SourcesApi_FindsByIdPublisherOrAddress_ButNotAProtectedSourceByItsIdentity(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var reporter = await server.ClientFor(Role.Reporter);
        using var verifier = await server.ClientFor(Role.Verifier);

        Assert.Contains("acaps-nk-blockade-special-report", await Found(reporter, "ACAPS"));
        Assert.Contains("acaps-nk-blockade-special-report", await Found(reporter, "nk-blockade-special"));
        Assert.Empty(await Found(reporter, "no source is called this"));
        var all = await reporter.GetFromJsonAsync<JsonElement>("/api/v1/situations/lachin-2022/sources?pageSize=200", Cancel);
        Assert.True((await Found(reporter, "news.am")).Count < all.GetProperty("total").GetInt32());

        var created = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-05-02",
            place = "goris",
            type = "statement",
            notes = "Source search test.",
            newSources = new[] { new { publisher = "Quiet witness zebra", url = "https://example.org/zebra-report", protectIdentity = true } },
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Empty(await Found(reporter, "zebra"));
        Assert.Single(await Found(verifier, "zebra"));

        var tooLong = await reporter.GetAsync($"/api/v1/situations/lachin-2022/sources?q={new string('a', 201)}", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("\"q\"", await tooLong.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventForm_SourceFoundBySearch_IsAddedToTheIdsField_AndTheEventCitesIt()
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.Address.ToString() });
            page.SetDefaultTimeout(60_000);
            await BrowserTests.SignIn(page, await server.AddUser(Role.Reporter));
            await page.GotoAsync("/situations/lachin-2022/events/new");
            Assert.Equal("INPUT", await page.EvalOnSelectorAsync<string>("#Input_Sources", "e => e.tagName"));
            await page.FillAsync("#Input_Sources", "news-am-775042");
            await page.FillAsync("#source-query", "acaps");
            await page.ClickAsync("#source-matches button[aria-label='Add acaps-nk-blockade-special-report']");
            Assert.Equal("news-am-775042 acaps-nk-blockade-special-report", await page.InputValueAsync("#Input_Sources"));

            await page.FillAsync("#Input_Date", "2023-03-02");
            await page.SelectOptionAsync("#Input_Type", "statement");
            await page.SelectOptionAsync("#Input_Place", "goris");
            await page.FillAsync("#Input_Notes", "Cited two sources found by search.");
            await page.ClickAsync("#event-form button[type=submit]");
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/events/e-"));
            var id = page.Url.Split('/')[^1];
            using var reporter = await server.ClientFor(Role.Admin);
            var stored = await reporter.GetFromJsonAsync<JsonElement>($"/api/v1/situations/lachin-2022/events/{id}", Cancel);
            var cited = stored.GetProperty("event").GetProperty("sources").EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String ? s.GetString() : s.GetProperty("id").GetString()).ToList();
            Assert.Equal(["acaps-nk-blockade-special-report", "news-am-775042"], cited.Order(StringComparer.Ordinal));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
