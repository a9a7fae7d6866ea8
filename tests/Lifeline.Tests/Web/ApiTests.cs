using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Web;

/// <summary>The HTTP API of the real server, over real HTTP, seeded as on a first run.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static object ValidEvent(string notes) => new
    {
        date = "2023-08-10",
        place = "kornidzor",
        type = "convoy-turned-back",
        actor1 = "azerbaijan",
        notes,
        sources = new[] { "news-am-775042" },
    };

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;

    [Fact]
    public async Task Readyz_ReachesTheDatabase()
    {
        var response = await server.Client.GetAsync("/readyz", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await Json(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Situation_OnDay100_GivesTheDayAndTheCorridorStatus()
    {
        var body = await server.Get<JsonElement>("/api/v1/situations/lachin-2022?date=2023-03-21");
        Assert.Equal(100, body.GetProperty("on").GetProperty("day").GetInt32());
        Assert.Equal("humanitarian-only", body.GetProperty("on").GetProperty("routes").GetProperty("lachin-corridor").GetString());
        Assert.Equal(120_000, body.GetProperty("figures").GetProperty("population").GetProperty("value").GetInt64());
        Assert.NotEqual(0, body.GetProperty("figures").GetProperty("population").GetProperty("sources").GetArrayLength());
    }

    [Fact]
    public async Task Situation_BadDate_IsAProblemNamingTheParameter()
    {
        var response = await server.Client.GetAsync("/api/v1/situations/lachin-2022?date=21-03-2023", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("date", out _));
    }

    [Fact]
    public async Task Situation_Unknown_Is404Problem()
    {
        var response = await server.Client.GetAsync("/api/v1/situations/atlantis", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Calendar_CoversTheRequestedDays()
    {
        var days = await server.Get<JsonElement>("/api/v1/situations/lachin-2022/calendar?from=2023-06-14&to=2023-06-20");
        Assert.Equal(7, days.GetArrayLength());
        Assert.Equal("closed", days[6].GetProperty("routes").GetProperty("lachin-corridor").GetString());
        Assert.Equal(191, days[6].GetProperty("day").GetInt32());
    }

    [Fact]
    public async Task Events_ArePagedWithTheirTotal()
    {
        var page = await server.Get<JsonElement>("/api/v1/situations/lachin-2022/events?pageSize=10&page=2");
        Assert.Equal(10, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("total").GetInt32() >= 90);
        Assert.Equal(2, page.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task Events_BadFilters_NameEachParameter()
    {
        var response = await server.Client.GetAsync("/api/v1/situations/lachin-2022/events?type=picnic&from=soon&pageSize=5000&page=x", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("type", out _));
        Assert.True(errors.TryGetProperty("from", out _));
        Assert.True(errors.TryGetProperty("pageSize", out _));
        Assert.True(errors.TryGetProperty("page", out _));
    }

    [Fact]
    public async Task Post_Valid_Is201WithLocationAndIsListedForItsAuthorOnly()
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        var response = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", ValidEvent("Posted through the API (apimarker)."), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await Json(response);
        var id = created.GetProperty("event").GetProperty("id").GetString()!;
        Assert.EndsWith($"/events/{id}", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("Test Reporter", created.GetProperty("firstRecordedBy").GetString());
        Assert.Equal("intake", created.GetProperty("event").GetProperty("stage").GetString());

        var found = await Json(await reporter.GetAsync("/api/v1/situations/lachin-2022/events?q=apimarker", Cancel));
        Assert.Equal(1, found.GetProperty("total").GetInt32());
        Assert.Equal(id, found.GetProperty("items")[0].GetProperty("id").GetString());
        var anonymous = await server.Get<JsonElement>("/api/v1/situations/lachin-2022/events?q=apimarker");
        Assert.Equal(0, anonymous.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Post_Invalid_Is400NamingEachFieldAndStoresNothing()
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        var before = (await Json(await reporter.GetAsync("/api/v1/situations/lachin-2022/events?pageSize=1", Cancel))).GetProperty("total").GetInt32();
        var response = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-02-30",
            place = "atlantis",
            type = "utility-cut",
            notes = "",
            sources = Array.Empty<string>(),
            newSources = new[] { new { publisher = "Someone", url = "not-a-url", reliability = "Z" } },
        }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await Json(response)).GetProperty("errors");
        foreach (var field in new[] { "date", "place", "utility", "endDate", "notes", "newSources[0].url", "newSources[0].reliability" })
        {
            Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {errors}");
            Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        }
        var after = (await Json(await reporter.GetAsync("/api/v1/situations/lachin-2022/events?pageSize=1", Cancel))).GetProperty("total").GetInt32();
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("{ \"date\": \"2023-08-10\", \"fatalities\": \"many\" }", "fatalities")]
    [InlineData("{ \"date\": \"2023-08-10\", \"sources\": \"news\" }", "sources")]
    [InlineData("{ \"date\": ", "date")]
    [InlineData("not json at all", "body")]
    public async Task Post_UnreadableBody_Is400NamingTheField(string json, string field)
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        var response = await reporter.PostAsync("/api/v1/situations/lachin-2022/events", new StringContent(json, Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await Json(response);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        Assert.DoesNotContain("   at ", body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_StatusChangeWithAnEnd_KeepsItAndAnEndOnAnotherTypeIsNamed()
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        var created = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-04-10",
            time = "08:00",
            place = "stepanakert",
            type = "utility-cut",
            utility = "internet",
            endDate = "2023-04-10",
            endTime = "12:00",
            notes = "Internet cut for the morning (api end test).",
            sources = new[] { "news-am-739240" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var e = (await Json(created)).GetProperty("event");
        Assert.Equal(("2023-04-10", "12:00"), (e.GetProperty("endDate").GetString(), e.GetProperty("endTime").GetString()));
        Assert.False(e.TryGetProperty("untilFurtherNotice", out _));

        var refused = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-04-10",
            place = "stepanakert",
            type = "statement",
            durationHours = 4,
            notes = "A statement has no duration.",
            sources = new[] { "news-am-739240" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await Json(refused)).GetProperty("errors");
        Assert.Equal(["durationHours"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains("not to statement", errors.GetProperty("durationHours")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_AddsAVersionAndStaleVersionIsConflict()
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        var created = await Json(await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", ValidEvent("First wording."), Cancel));
        var id = created.GetProperty("event").GetProperty("id").GetString();
        var edit = new { date = "2023-08-10", place = "kornidzor", type = "convoy-turned-back", notes = "Second wording.", sources = new[] { "news-am-775042" }, reason = "clearer", expectedVersion = 1 };
        var response = await reporter.PutAsJsonAsync($"/api/v1/situations/lachin-2022/events/{id}", edit, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var detail = await Json(response);
        Assert.Equal(2, detail.GetProperty("versions").GetArrayLength());
        Assert.Equal("Second wording.", detail.GetProperty("event").GetProperty("notes").GetString());

        var stale = await reporter.PutAsJsonAsync($"/api/v1/situations/lachin-2022/events/{id}", edit with { }, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task Lists_OfPlacesActorsSourcesAndTypes_AreServed()
    {
        Assert.Contains((await server.Get<JsonElement>("/api/v1/situations/lachin-2022/places?pageSize=200")).GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetString() == "hakari-bridge");
        Assert.Contains((await server.Get<JsonElement>("/api/v1/situations/lachin-2022/actors?pageSize=200")).GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetString() == "icrc");
        using var viewer = await server.ClientFor(Role.Viewer);
        var sources = await Json(await viewer.GetAsync("/api/v1/situations/lachin-2022/sources?pageSize=20&page=2", Cancel));
        Assert.Equal(20, sources.GetProperty("items").GetArrayLength());
        Assert.True(sources.GetProperty("total").GetInt32() > 100);
        Assert.All(sources.GetProperty("items").EnumerateArray(), s => Assert.Equal("F6", s.GetProperty("grade").GetString()));
        Assert.Contains((await server.Get<JsonElement>("/api/v1/event-types")).EnumerateArray(), t => t.GetProperty("key").GetString() == "corridor-humanitarian-only");
    }

    [Fact]
    public async Task OpenApi_DescribesTheEventEndpoints()
    {
        var document = await server.Get<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/situations/{situationId}/events", out var events));
        Assert.True(events.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/healthz", out _));
    }

    /// <summary>
    /// The document is built once and then answered from memory (it took about 0.3 s of a core each time, which let
    /// any reader keep a server busy), still naming the address each reader used.
    /// </summary>
    [Fact]
    public async Task OpenApi_KeptOnceBuilt_PerAddressUsed()
    {
        using var first = await server.Client.GetAsync("/openapi/v1.json", Cancel);
        using var second = await server.Client.GetAsync("/openapi/v1.json", Cancel);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(second.Headers.Age is not null, "the second answer should come from the kept copy (an Age header)");
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancel), await second.Content.ReadAsStringAsync(Cancel));

        using var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        elsewhere.Headers.Host = "lifeline.example.org";
        using var answer = await server.Client.SendAsync(elsewhere, Cancel);
        var servers = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("servers");
        Assert.Contains(servers.EnumerateArray(), s => s.GetProperty("url").GetString()!.Contains("lifeline.example.org", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApiReference_IsServedWithoutACdn()
    {
        var response = await server.Client.GetAsync("/api/", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
    }
}
