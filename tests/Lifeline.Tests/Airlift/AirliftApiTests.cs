using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Airlift;

/// <summary><c>POST /api/v1/airlift/plans</c> and the built-in scenarios, over real HTTP.</summary>
public sealed class AirliftApiTests : IAsyncLifetime
{
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start(seed: false);

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;

    [Fact]
    public async Task BuiltInLachin_PostedBack_GivesAProvenPlanWithTheContractFields()
    {
        using var client = await server.ClientFor(Role.Viewer);
        var scenario = await client.GetStringAsync("/api/v1/airlift/scenarios/lachin-2023", Cancel);

        var response = await client.PostAsync("/api/v1/airlift/plans", Body(scenario), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await Json(response);
        Assert.True(plan.GetProperty("provenOptimal").GetBoolean());
        Assert.Equal(12_000m, plan.GetProperty("deliveredTonnes").GetDecimal());
        Assert.Equal(0m, plan.GetProperty("shortfallTonnes").GetDecimal());
        Assert.Contains(plan.GetProperty("aircraftUsed").EnumerateObject(), a => a.Value.GetInt32() > 0);
        var sortie = plan.GetProperty("sorties")[0];
        foreach (var field in new[] { "day", "aircraft", "from", "to", "count" })
        {
            Assert.True(sortie.TryGetProperty(field, out _), field);
        }
        Assert.Equal("UDYZ", sortie.GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.Array, plan.GetProperty("binding").ValueKind);
        Assert.True(plan.TryGetProperty("cost", out _));
        Assert.Equal(3, plan.GetProperty("estimate").GetArrayLength());
    }

    [Fact]
    public async Task Scenarios_ListsTheBuiltInOnes()
    {
        using var client = await server.ClientFor(Role.Viewer);
        var names = JsonSerializer.Deserialize<string[]>(await client.GetStringAsync("/api/v1/airlift/scenarios", Cancel))!;

        Assert.Equal(["berlin-1948", "lachin-2023"], names);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/airlift/scenarios/atlantis", Cancel)).StatusCode);
    }

    [Fact]
    public async Task InvalidScenario_Is400NamingEachField()
    {
        using var client = await server.ClientFor(Role.Analyst);
        var response = await client.PostAsync("/api/v1/airlift/plans", Body("""
            { "horizonDays": 0, "demand": [],
              "aircraft": [ { "type": "C-130", "payloadTonnes": -1, "cruiseKmh": 600, "groundTimeOriginHours": 1,
                              "groundTimeDestinationHours": 1, "maxHoursPerDay": 10, "available": 2 } ],
              "airports": [ { "code": "A", "role": "origin", "runwayMeters": 3000, "maxOnGround": 2, "minLandingIntervalSeconds": 120, "openHoursPerDay": 24 } ] }
            """), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("horizonDays", out _));
        Assert.True(errors.TryGetProperty("aircraft[0].payloadTonnes", out _));
        Assert.True(errors.TryGetProperty("airports", out _));
    }

    [Theory]
    [InlineData("""{ "horizonDay": 3 }""", "horizonDay", "not a known field")]
    [InlineData("""{ "horizonDays": 3, "aircraft": [ { "payloadTonnes": "ten" } ] }""", "aircraft[0].payloadTonnes", "must be a number")]
    [InlineData("""{ "horizonDays": 3.5 }""", "horizonDays", "whole number")]
    [InlineData("""{ "horizonDays": """, "horizonDays", "not valid JSON")]
    [InlineData("plan it please", "body", "not valid JSON")]
    public async Task UnreadableScenario_Is400NamingTheField(string json, string field, string reason)
    {
        using var client = await server.ClientFor(Role.Viewer);
        var response = await client.PostAsync("/api/v1/airlift/plans", Body(json), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.Contains(reason, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingFits_IsAPlanThatSaysWhy()
    {
        using var client = await server.ClientFor(Role.Viewer);
        var scenario = JsonNode.Parse(await client.GetStringAsync("/api/v1/airlift/scenarios/lachin-2023", Cancel))!;
        foreach (var aircraft in scenario["aircraft"]!.AsArray())
        {
            aircraft!["minRunwayMeters"] = 3000;
        }

        var response = await client.PostAsync("/api/v1/airlift/plans", Body(scenario.ToJsonString()), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await Json(response);
        Assert.Equal(0, plan.GetProperty("sorties").GetArrayLength());
        Assert.Equal(12_000m, plan.GetProperty("shortfallTonnes").GetDecimal());
        Assert.Contains(plan.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("No aircraft type can use Stepanakert (UBBS)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymous_IsRefused()
    {
        var response = await server.Client.PostAsync("/api/v1/airlift/plans", Body("{}"), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Plans_CountAgainstTheWritesLimit()
    {
        await using var limited = await LifelineServer.Start(seed: false, limits: new AbuseLimits(WritesPerMinute: 2));
        using var client = await limited.ClientFor(Role.Viewer);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.PostAsync("/api/v1/airlift/plans", Body("{}"), Cancel)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
    }
}
