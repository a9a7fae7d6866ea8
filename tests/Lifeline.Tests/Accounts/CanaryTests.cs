using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Accounts;

/// <summary>
/// Confidential fields are seeded with a marker; then everything an anonymous visitor can reach — every page, every
/// link on them, every API answer — is fetched, and the marker must appear nowhere.
/// </summary>
public sealed partial class CanaryTests
{
    private const string Marker = "zqcanary";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private const string Events = "/api/v1/situations/lachin-2022/events";

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AnonymousVisitor_NeverSeesAConfidentialField(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var reporter = await server.ClientFor(Role.Reporter);
        using var verifier = await server.ClientFor(Role.Verifier);
        using var publisher = await server.ClientFor(Role.Publisher);

        // 1. An event that stays at intake: all of it is confidential.
        await Created(reporter.PostAsJsonAsync(Events, new
        {
            date = "2023-05-02",
            place = "goris",
            type = "statement",
            notes = $"Unpublished intake notes {Marker}1.",
            newSources = new[] { new { publisher = $"Intake publisher {Marker}2", url = $"https://example.org/{Marker}3" } },
        }, Cancel));

        // 2. An event that is published, but whose source is protected, whose first wording was corrected, and whose
        //    review and publication notes are internal.
        var published = await Created(reporter.PostAsJsonAsync(Events, new
        {
            date = "2023-05-03",
            place = "goris",
            type = "statement",
            notes = $"First wording {Marker}4.",
            newSources = new[] { new { publisher = $"Witness {Marker}5", url = $"https://{Marker}6.example.org/report", title = $"Title {Marker}7", protectIdentity = true } },
        }, Cancel));
        var id = published.GetProperty("event").GetProperty("id").GetString();
        var sourceId = published.GetProperty("event").GetProperty("sources")[0].GetString();
        Assert.DoesNotContain(Marker, sourceId, StringComparison.Ordinal);
        await Created(reporter.PutAsJsonAsync($"{Events}/{id}", new
        {
            date = "2023-05-03",
            place = "goris",
            type = "statement",
            notes = "A witness reports the road closed.",
            sources = new[] { sourceId },
            reason = $"Removed a name {Marker}8",
        }, Cancel));
        await Created(verifier.PostAsJsonAsync($"{Events}/{id}/reviews", new { verdict = "verified", note = $"Called the witness {Marker}9" }, Cancel));
        await Created(publisher.PostAsJsonAsync($"{Events}/{id}/publication", new { published = true, reason = $"Cleared {Marker}10" }, Cancel));
        // 3. A token whose name is internal.
        await Created(reporter.PostAsJsonAsync("/api/v1/tokens", new { name = $"Token {Marker}11" }, Cancel));

        // The published event is public: its current notes are, its confidential fields are not.
        var outside = await server.Client.GetStringAsync($"{Events}/{id}", Cancel);
        Assert.Contains("A witness reports the road closed.", outside, StringComparison.Ordinal);

        // A search for the marker finds nothing (the page repeats the words searched for, so it is checked apart).
        Assert.Contains(">0 events<", await server.Client.GetStringAsync($"/situations/lachin-2022/events?q={Marker}", Cancel), StringComparison.Ordinal);

        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(
        [
            "/", "/?date=2023-05-03", "/situations/lachin-2022", "/situations/lachin-2022/events",
            "/api/v1/situations", "/api/v1/situations/lachin-2022", "/api/v1/situations/lachin-2022/calendar", "/api/v1/situations/lachin-2022/places",
            "/api/v1/situations/lachin-2022/actors", "/api/v1/situations/lachin-2022/sources", "/api/v1/event-types", "/openapi/v1.json", "/api/",
            "/api/v1/tokens", "/api/v1/audit", "/account/sign-in", "/healthz", $"{Events}?q={Marker}", $"{Events}?pageSize=200",
        ]);
        var events = await server.Get<JsonElement>($"{Events}?pageSize=200");
        foreach (var e in events.GetProperty("items").EnumerateArray())
        {
            queue.Enqueue($"{Events}/{e.GetProperty("id").GetString()}");
        }
        queue.Enqueue($"{Events}/{id}");
        while (queue.Count > 0 && visited.Count < 1500)
        {
            var path = queue.Dequeue();
            if (!visited.Add(path))
            {
                continue;
            }
            var response = await server.Client.GetAsync(path, Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.False(body.Contains(Marker, StringComparison.OrdinalIgnoreCase), $"{path} ({(int)response.StatusCode}) shows a confidential field");
            if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                foreach (Match link in Link().Matches(body))
                {
                    var target = WebUtility.HtmlDecode(link.Groups[1].Value);
                    if (target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal))
                    {
                        queue.Enqueue(target);
                    }
                }
            }
        }
        Assert.True(visited.Count > 150, $"only {visited.Count} addresses were crawled");
        Assert.Contains($"{Events}/{id}", visited);
        Assert.Contains($"/situations/lachin-2022/events/{id}", visited);
    }

    private static async Task<JsonElement> Created(Task<HttpResponseMessage> request)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [GeneratedRegex("href=\"([^\"#]+)\"")]
    private static partial Regex Link();
}
