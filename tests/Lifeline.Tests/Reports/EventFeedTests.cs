using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Reports;

/// <summary>The Atom feed of published events: valid Atom 1.0, the list filters, published events only whoever asks.</summary>
public sealed class EventFeedTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static async Task<XElement> Feed(HttpClient client, string query = "")
    {
        using var response = await client.GetAsync($"/situations/lachin-2022/events.atom{query}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        return XDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Root!;
    }

    /// <summary>RFC 4287: a feed and each entry have an id (an absolute IRI), a title and an updated instant; each entry links to its page.</summary>
    private static void AssertValidAtom(XElement feed)
    {
        Assert.Equal(Atom + "feed", feed.Name);
        foreach (var element in feed.Elements(Atom + "entry").Prepend(feed))
        {
            Assert.True(Uri.TryCreate(element.Element(Atom + "id")?.Value, UriKind.Absolute, out _), $"id of {element.Name.LocalName}");
            Assert.False(string.IsNullOrWhiteSpace(element.Element(Atom + "title")?.Value));
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", element.Element(Atom + "updated")?.Value ?? "");
        }
        Assert.NotNull(feed.Element(Atom + "author")?.Element(Atom + "name"));
        Assert.All(feed.Elements(Atom + "entry"), e => Assert.StartsWith("http://", e.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Feed_IsValidAtom_FollowsTheFilters_ShowsPublishedEventsOnlyEvenToThoseWhoSeeMore()
    {
        await using var server = await LifelineServer.Start();
        var all = await Feed(server.Client);
        AssertValidAtom(all);
        var published = await server.Get<JsonElement>("/api/v1/situations/lachin-2022/events?pageSize=1");
        Assert.Equal(Math.Min(100, published.GetProperty("total").GetInt32()), all.Elements(Atom + "entry").Count());

        var filtered = await Feed(server.Client, "?type=convoy-turned-back&from=2023-01-01&to=2023-12-31");
        AssertValidAtom(filtered);
        var expected = await server.Get<JsonElement>("/api/v1/situations/lachin-2022/events?type=convoy-turned-back&from=2023-01-01&to=2023-12-31&pageSize=200");
        var entries = filtered.Elements(Atom + "entry").ToList();
        Assert.NotEmpty(entries);
        Assert.Equal(
            expected.GetProperty("items").EnumerateArray().Select(e => $"urn:lifeline:event:lachin-2022:{e.GetProperty("id").GetString()}").Order().ToList(),
            entries.Select(e => e.Element(Atom + "id")!.Value).Order().ToList());
        Assert.All(entries, e => Assert.Equal("convoy-turned-back", e.Element(Atom + "category")!.Attribute("term")!.Value));

        // An event at intake is in the list of those who may see it, never in the feed.
        var reporter = await server.ClientFor(Role.Reporter);
        using var recorded = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            id = "feed-intake", date = "2023-08-01", place = "stepanakert", type = "statement", notes = "Not yet reviewed.", sources = new[] { "news-am-775042" },
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var verifier = await server.ClientFor(Role.Verifier);
        var asVerifier = await Feed(verifier, "?from=2023-08-01&to=2023-08-01");
        Assert.DoesNotContain(asVerifier.Elements(Atom + "entry"), e => e.Element(Atom + "id")!.Value.EndsWith(":feed-intake", StringComparison.Ordinal));
        var list = await verifier.GetFromJsonAsync<JsonElement>("/api/v1/situations/lachin-2022/events?from=2023-08-01&to=2023-08-01", TestContext.Current.CancellationToken);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetString() == "feed-intake");
    }

    [Fact]
    public async Task Feed_BadFilterOrUnknownSituation_IsAProblemDocument()
    {
        await using var server = await LifelineServer.Start();
        using var bad = await server.Client.GetAsync("/situations/lachin-2022/events.atom?from=2023-02-30", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"from\"", await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var missing = await server.Client.GetAsync("/situations/nowhere/events.atom", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
