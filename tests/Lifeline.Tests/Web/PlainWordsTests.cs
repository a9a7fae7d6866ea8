using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Web;

/// <summary>
/// Pages that speak to people: an HTML "not found" with the site's navigation, a review queue, words instead of
/// internal codes, labels instead of API field names, the same navigation everywhere, public pages described, and
/// what others keep (feed ids, alert senders) independent of the name a request used.
/// </summary>
public sealed partial class PlainWordsTests : IAsyncLifetime
{
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start(settings: Lifeline.Web.ServerSettings.Default with { PublicOrigin = new Uri("https://lifeline.example.org/") });

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/situations/lachin-2022/events/no-such-event")]
    [InlineData("/situations/no-such-situation")]
    [InlineData("/ledger/leaves/99999999")]
    public async Task AnAddressWithNothingThere_IsAnHtmlNotFoundWithTheNavigation(string path)
    {
        var response = await server.Client.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("id=\"status-heading\">Not found<", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/situations/lachin-2022/events\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/no-such-thing")]
    [InlineData("/api/v1/situations/lachin-2022/events/no-such-event")]
    public async Task TheApi_KeepsProblemDocuments(string path)
    {
        var response = await server.Client.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RobotsAndIcon_AreServedWithoutSigningIn()
    {
        var robots = await server.Client.GetAsync("/robots.txt", Cancel);
        Assert.Equal(HttpStatusCode.OK, robots.StatusCode);
        var text = await robots.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("Disallow: /account/", text, StringComparison.Ordinal);
        Assert.Contains("Disallow: /admin/", text, StringComparison.Ordinal);
        Assert.Contains("Allow: /", text, StringComparison.Ordinal);
        var icon = await server.Client.GetAsync("/favicon.ico", Cancel);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/x-icon", icon.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, (await icon.Content.ReadAsByteArrayAsync(Cancel))[..4]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/situations/lachin-2022/events")]
    [InlineData("/situations/lachin-2022/events/2022-12-12-blockade-begins")]
    [InlineData("/situations/lachin-2022/risk")]
    [InlineData("/ledger")]
    [InlineData("/ledger/leaves/0")]
    [InlineData("/api")]
    [InlineData("/account/sign-in")]
    public async Task EveryPublicPage_IsDescribed_AndHasTheWholeNavigation(string path)
    {
        var html = await server.Client.GetStringAsync(path, Cancel);
        Assert.Matches("<meta name=\"description\" content=\"[^\"]{40,}\">", html);
        foreach (var link in new[] { "/situations/lachin-2022", "/situations/lachin-2022/events", "/situations/lachin-2022/risk", "/ledger", "/api" })
        {
            Assert.Contains($"href=\"{link}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignedInPages_HaveTheSameNavigation()
    {
        using var client = await server.SignedInFor(Role.Reporter, Role.Verifier, Role.Publisher);
        foreach (var path in new[] { "/ledger", "/airlift", "/account/tokens", "/situations/lachin-2022" })
        {
            var html = await client.GetStringAsync(path, Cancel);
            foreach (var link in new[] { "/situations/lachin-2022/events", "/situations/lachin-2022/events/new", "/situations/lachin-2022/supplies", "/airlift", "/ledger",
                "/situations/lachin-2022/events?stage=intake", "/situations/lachin-2022/events?stage=reviewed" })
            {
                Assert.Contains($"href=\"{link.Replace("&", "&amp;", StringComparison.Ordinal)}\"", html, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task TheReviewQueue_ShowsWhatWaitsForReview_AndTheFormPicksNoVerdict()
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        var recorded = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-05-02",
            place = "goris",
            type = "statement",
            notes = "Waiting in the review queue.",
            sources = new[] { "news-am-775042" },
        }, Cancel);
        var id = JsonDocument.Parse(await recorded.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("event").GetProperty("id").GetString()!;

        using var verifier = await server.SignedInFor(Role.Verifier);
        var queue = await verifier.GetStringAsync("/situations/lachin-2022/events?stage=intake", Cancel);
        Assert.Contains("<h1>Waiting for review</h1>", queue, StringComparison.Ordinal);
        Assert.Contains($"data-event=\"{id}\"", queue, StringComparison.Ordinal);
        Assert.DoesNotContain("data-event=\"2022-12-12-blockade-begins\"", queue, StringComparison.Ordinal);
        var published = await verifier.GetStringAsync("/situations/lachin-2022/events?stage=published", Cancel);
        Assert.DoesNotContain($"data-event=\"{id}\"", published, StringComparison.Ordinal);

        var api = await verifier.GetAsync("/api/v1/situations/lachin-2022/events?stage=intake", Cancel);
        var items = JsonDocument.Parse(await api.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("items");
        Assert.All(items.EnumerateArray(), e => Assert.Equal("intake", e.GetProperty("stage").GetString()));
        var bad = await verifier.GetAsync("/api/v1/situations/lachin-2022/events?stage=pending", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("stage", await bad.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        var detail = await verifier.GetStringAsync($"/situations/lachin-2022/events/{id}", Cancel);
        Assert.Contains("<option value=\"\">choose…</option>", detail, StringComparison.Ordinal);
        Assert.DoesNotMatch("<option value=\"(verified|disputed)\" selected", detail);
    }

    [Fact]
    public async Task ReadersSeeWords_NotInternalCodes()
    {
        var detail = await server.Client.GetStringAsync("/situations/lachin-2022/events/2022-12-12-blockade-begins", Cancel);
        var type = Regex.Match(detail, "<dd id=\"event-type\">(.*?)</dd>", RegexOptions.Singleline).Groups[1].Value;
        Assert.DoesNotMatch("[a-z]+-[a-z]+-[a-z]+", Regex.Replace(type, "<[^>]+>", ""));
        Assert.Contains("ACLED", type, StringComparison.Ordinal);
        Assert.DoesNotContain("(the day is known)", detail, StringComparison.Ordinal);

        var risk = await server.Client.GetStringAsync("/situations/lachin-2022/risk", Cancel);
        Assert.DoesNotContain(">not-assessed<", risk, StringComparison.Ordinal);
        Assert.DoesNotContain(">signals-below-threshold<", risk, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormErrors_NameTheFieldsByTheirLabels()
    {
        using var reporter = await server.SignedInFor(Role.Reporter);
        var form = await reporter.GetStringAsync("/situations/lachin-2022/events/new", Cancel);
        var response = await reporter.PostAsync("/situations/lachin-2022/events/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Date"] = "2023-05-02",
            ["Input.Type"] = "statement",
            ["Input.Place"] = "goris",
            ["Input.NewSourcePublisher"] = "Field monitor",
            ["Input.NewSourceUrl"] = "not an address",
            ["__RequestVerificationToken"] = SignInPage.AntiforgeryToken(form),
        }), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var summary = Regex.Match(await response.Content.ReadAsStringAsync(Cancel), "<div class=\"summary-errors\" id=\"error-summary\".*?</div>", RegexOptions.Singleline).Value;
        Assert.Contains("Address of the new source", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("newSources[0]", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALedgerLeaf_LinksToTheRecordItCommitsTo()
    {
        var leaves = await server.Get<JsonElement>("/api/v1/ledger/records/event/lachin-2022/2022-12-12-blockade-begins");
        var index = leaves.GetProperty("leaves")[0].GetProperty("index").GetInt64();
        var html = await server.Client.GetStringAsync($"/ledger/leaves/{index}", Cancel);
        Assert.Contains("<a href=\"/situations/lachin-2022/events/2022-12-12-blockade-begins\" id=\"record-link\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedAndAlerts_NameThePublicOrigin_WhateverTheHostHeaderSays()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/alerts.atom");
        request.Headers.Host = "attacker.example";
        var feed = await (await server.Client.SendAsync(request, Cancel)).Content.ReadAsStringAsync(Cancel);
        Assert.Contains("<id>https://lifeline.example.org/feeds/alerts.atom</id>", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example", feed, StringComparison.Ordinal);
        var cap = Regex.Match(feed, "href=\"https://lifeline.example.org(/feeds/alerts/[^\"]+\\.cap\\.xml)\"").Groups[1].Value;
        Assert.NotEmpty(cap);
        using var capRequest = new HttpRequestMessage(HttpMethod.Get, cap);
        capRequest.Headers.Host = "attacker.example";
        var alert = await (await server.Client.SendAsync(capRequest, Cancel)).Content.ReadAsStringAsync(Cancel);
        Assert.Contains("<sender>lifeline.example.org</sender>", alert, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example", alert, StringComparison.Ordinal);
    }
}
