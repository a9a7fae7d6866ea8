using System.Net;
using System.Text.Json;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Legal;

/// <summary>The legal API over HTTP against the real server, on both engines.</summary>
public sealed class LegalApiTests
{
    private const string Legal = "/api/v1/situations/lachin-2022/legal";

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_ProceedingsObligationsAndCompliance_AsTheRecordSays(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        var cancel = TestContext.Current.CancellationToken;

        using var proceedings = JsonDocument.Parse(await server.Client.GetStringAsync($"{Legal}/proceedings", cancel));
        var icj = proceedings.RootElement.GetProperty("proceedings").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "icj-cerd-armenia-v-azerbaijan");
        Assert.Equal("General List No. 180", icj.GetProperty("number").GetString());
        var order = icj.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("date").GetString() == "2023-02-22");
        Assert.Equal("13-2", order.GetProperty("vote").GetString());
        Assert.NotEmpty(order.GetProperty("sources").EnumerateArray());

        using var obligations = JsonDocument.Parse(await server.Client.GetStringAsync($"{Legal}/obligations", cancel));
        Assert.Contains(obligations.RootElement.GetProperty("obligations").EnumerateArray(),
            o => o.GetProperty("id").GetString() == "icj-unimpeded-movement" && o.GetProperty("rule").GetString() == "route-open(lachin-corridor)");

        // Anonymous: computed from published events only, as the public calendar is.
        using var compliance = JsonDocument.Parse(await server.Client.GetStringAsync($"{Legal}/obligations/icj-unimpeded-movement/compliance?from=2023-02-22&to=2023-09-19", cancel));
        var one = Assert.Single(compliance.RootElement.GetProperty("obligations").EnumerateArray());
        Assert.Equal("icj", one.GetProperty("body").GetString());
        Assert.Equal(210, one.GetProperty("days").GetArrayLength());
        Assert.Equal("not-complied", one.GetProperty("days").EnumerateArray().Single(d => d.GetProperty("date").GetString() == "2023-06-20").GetProperty("state").GetString());
        foreach (var field in new[] { "from", "daysComplied", "daysBreached", "daysUnknown", "longestBreachDays" })
        {
            Assert.True(one.TryGetProperty(field, out _), field);
        }

        using var all = JsonDocument.Parse(await server.Client.GetStringAsync($"{Legal}/compliance?from=2023-01-01&to=2023-03-01", cancel));
        Assert.Equal(3, all.RootElement.GetProperty("obligations").GetArrayLength());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_BadDatesAndUnknownNames_ProblemsNamingThem(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        var cancel = TestContext.Current.CancellationToken;

        var backwards = await server.Client.GetAsync($"{Legal}/compliance?from=2023-05-01&to=2023-04-01", cancel);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("\"to\"", await backwards.Content.ReadAsStringAsync(cancel), StringComparison.Ordinal);

        var badDate = await server.Client.GetAsync($"{Legal}/compliance?from=22-02-2023", cancel);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("\"from\"", await badDate.Content.ReadAsStringAsync(cancel), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"{Legal}/obligations/nothing/compliance", cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/v1/situations/nowhere/legal/proceedings", cancel)).StatusCode);
    }
}

/// <summary>The legal pages served to the public.</summary>
public sealed class LegalPageTests
{
    [Fact]
    public async Task Pages_ObligationCalendar_ShowsEachDayAndTheBreachCount()
    {
        await using var server = await LifelineServer.Start(TestDatabase.Sqlite);
        var cancel = TestContext.Current.CancellationToken;

        var index = await server.Client.GetStringAsync("/situations/lachin-2022/legal", cancel);
        Assert.Contains("data-obligation=\"icj-unimpeded-movement\"", index, StringComparison.Ordinal);
        Assert.Contains("id=\"step-icj-2023-02-22-order\"", index, StringComparison.Ordinal);
        Assert.Matches("13(–|&#x2013;)2", index);

        var page = await server.Client.GetStringAsync("/situations/lachin-2022/legal/obligations/icj-unimpeded-movement", cancel);
        Assert.Contains("data-date=\"2023-06-20\" data-state=\"not-complied\"", page, StringComparison.Ordinal);
        Assert.Contains("route-open(lachin-corridor)", page, StringComparison.Ordinal);
        Assert.Matches("id=\"breached\">[0-9]+<", page);
    }
}
