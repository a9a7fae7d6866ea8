using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Situations;

/// <summary>
/// One rule for every view: a published internet cut for the morning of 10 April 2023, with its end, is cut that day
/// only, then what held before holds again, on the public calendar, the internal utilities page and API, and in the
/// risk signals; unpublished, the public views do not know it.
/// </summary>
public sealed class OneRuleTests : IAsyncLifetime
{
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
    }

    private async Task<IReadOnlyList<string?>> PublicInternet(string from, string to) =>
        (await server.Get<JsonElement>($"/api/v1/situations/lachin-2022/calendar?from={from}&to={to}"))
            .EnumerateArray().Select(d => d.GetProperty("utilities").GetProperty("internet").GetString()).ToList();

    private async Task<IReadOnlyList<string>> CommunicationsSignals(string date)
    {
        var risk = await server.Get<JsonElement>($"/api/v1/situations/lachin-2022/risk?from={date}&to={date}");
        return risk.GetProperty("series")[0].GetProperty("factors").EnumerateArray()
            .SelectMany(f => f.GetProperty("subjects").EnumerateArray())
            .SelectMany(s => s.GetProperty("signals").EnumerateArray())
            .Where(g => g.GetProperty("kind").GetString() == "communications-cut")
            .Select(g => g.GetProperty("data").GetString()!).Distinct().ToList();
    }

    [Fact]
    public async Task InternetCutForTheMorning_IsCutThatDayOnly_InEveryView()
    {
        using var staff = await server.ClientFor(Role.Reporter, Role.Verifier, Role.Publisher);
        var created = await Json(await staff.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-04-10",
            time = "08:00",
            endDate = "2023-04-10",
            endTime = "12:00",
            place = "stepanakert",
            type = "utility-cut",
            utility = "internet",
            notes = "Internet cut for the morning (one-rule test).",
            sources = new[] { "news-am-739240" },
        }, Cancel));
        var id = created.GetProperty("event").GetProperty("id").GetString()!;

        // Not yet published: the public calendar does not know it, internal staff do.
        Assert.Equal(["available", "available", "available"], await PublicInternet("2023-04-09", "2023-04-11"));
        var internal0 = await Json(await staff.GetAsync("/api/v1/situations/lachin-2022/calendar?from=2023-04-10&to=2023-04-10", Cancel));
        Assert.Equal("cut", internal0[0].GetProperty("utilities").GetProperty("internet").GetString());

        await Json(await staff.PostAsJsonAsync($"/api/v1/situations/lachin-2022/events/{id}/reviews", new { verdict = "verified", note = "checked" }, Cancel));
        await Json(await staff.PostAsJsonAsync($"/api/v1/situations/lachin-2022/events/{id}/publication", new { published = true, reason = "checked" }, Cancel));

        // The public calendar: cut on the 10th only, available before and after (as restored on 13 January).
        Assert.Equal(["available", "cut", "available", "available"], await PublicInternet("2023-04-09", "2023-04-12"));

        // The internal utilities API: one stretch of four hours, over by noon.
        var utilities = await Json(await staff.GetAsync("/api/v1/situations/lachin-2022/supplies/utilities?date=2023-04-30", Cancel));
        var internet = utilities.GetProperty("utilities").EnumerateArray().Single(u => u.GetProperty("utility").GetString() == "internet");
        var morning = internet.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("firstDay").GetString() == "2023-04-10");
        Assert.Equal(("cut", "2023-04-10T08:00", "2023-04-10T12:00", false), (
            morning.GetProperty("status").GetString(), morning.GetProperty("from").GetString(), morning.GetProperty("until").GetString(), morning.GetProperty("ongoing").GetBoolean()));
        Assert.Equal(4, morning.GetProperty("hoursWithout").GetDouble(), precision: 6);
        Assert.Equal([id], morning.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.True(internet.GetProperty("hours").GetDouble() <= internet.GetProperty("hoursInPeriod").GetDouble());

        // The internal utilities page says the same.
        var page = await staff.GetStringAsync("/situations/lachin-2022/supplies/utilities?date=2023-04-30", Cancel);
        Assert.Contains("cut on 2023-04-10 for 4 h", page, StringComparison.Ordinal);

        // The risk signals: communications cut on the day, none the day before, and none once the recent window has passed.
        Assert.Empty(await CommunicationsSignals("2023-04-09"));
        Assert.Contains(await CommunicationsSignals("2023-04-10"), d => d.Contains("internet cut on 2023-04-10", StringComparison.Ordinal));
        Assert.Empty(await CommunicationsSignals("2023-04-30"));
    }
}
