using System.Net;
using System.Text.Json;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Situations;

/// <summary>
/// What the public pages and the situation API say of routes and utilities: unknown until a sourced record says
/// otherwise, the situation's declared baselines with their sources, and every route in the day-by-day calendar.
/// </summary>
public sealed class StatusTruthTests : IAsyncLifetime
{
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<string> Page(string path)
    {
        var response = await server.Client.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Cancel);
    }

    [Fact]
    public async Task Day100_AghdamRoadWithNoEventYet_IsUnknownNotOpen()
    {
        var html = await Page("/?date=2023-03-21");
        Assert.Contains("class=\"badge s-unknown\" data-route=\"aghdam-road\">unknown", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-route=\"aghdam-road\">open", html, StringComparison.Ordinal);
        Assert.Contains("no sourced record yet", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DayByDay_HasARowForEveryRoute()
    {
        var html = await Page("/situations/lachin-2022?date=2023-03-21");
        Assert.Contains("<tr data-route=\"lachin-corridor\"><th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-route=\"aghdam-road\"><th>", html, StringComparison.Ordinal);
        Assert.Contains("data-date=\"2023-03-21\" data-corridor=\"unknown\"", html, StringComparison.Ordinal);
        Assert.Contains("? unknown: no sourced record yet", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusCards_SayWhereEachStatusComesFrom()
    {
        var html = await Page("/?date=2023-03-21");
        // The Lachin road's status on day 100 comes from the event that set it; the link opens it.
        Assert.Contains("href=\"/situations/lachin-2022/events/2022-12-12-blockade-begins\">this event</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalendarApi_AghdamRoadIsUnknownUntilItsFirstEvent()
    {
        var days = await server.Get<JsonElement>("/api/v1/situations/lachin-2022/calendar?from=2022-12-12&to=2023-07-25");
        var aghdam = days.EnumerateArray().Select(d => (Date: d.GetProperty("date").GetString(), Status: d.GetProperty("routes").GetProperty("aghdam-road").GetString())).ToList();
        Assert.All(aghdam.Where(d => string.CompareOrdinal(d.Date, "2023-07-25") < 0), d => Assert.Equal("unknown", d.Status));
        Assert.Equal(("2023-07-25", "closed"), aghdam[^1]);
    }

    [Fact]
    public async Task SituationApi_GivesTheBaselinesWithTheirSources()
    {
        var body = await server.Get<JsonElement>("/api/v1/situations/lachin-2022?date=2023-03-21");
        var routes = body.GetProperty("routes").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal("open", routes["lachin-corridor"].GetProperty("baseline").GetProperty("status").GetString());
        Assert.Contains(routes["lachin-corridor"].GetProperty("baseline").GetProperty("sources").EnumerateArray(), s => s.GetString() == "forrights-am-2022-12-21-400-tons");
        Assert.Equal(JsonValueKind.Null, routes["aghdam-road"].GetProperty("baseline").ValueKind);
        var utilities = body.GetProperty("utilityBaselines");
        Assert.Equal(["electricity", "gas", "internet"], utilities.EnumerateObject().Select(u => u.Name).Order(StringComparer.Ordinal));
        Assert.Equal("unknown", body.GetProperty("on").GetProperty("routes").GetProperty("aghdam-road").GetString());
        Assert.Equal("unknown", body.GetProperty("on").GetProperty("utilities").GetProperty("water").GetString());
    }
}
