using System.Text.Json;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Situations;

/// <summary>
/// Dates before a situation began or after it ended: the pages and the API say so, show the state then, and never
/// present the siege's "cut off" figures as current.
/// </summary>
public sealed class OutsideTheSituationTests : IAsyncLifetime
{
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Page_BeforeTheStart_SaysHowLongBeforeAndShowsNoCutOffFigures()
    {
        var html = await server.Client.GetStringAsync("/?date=2022-11-01", Cancel);
        Assert.Contains("41 days before the blockade began on 12 December 2022", html, StringComparison.Ordinal);
        Assert.Contains("data-phase=\"before\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("people cut off", html, StringComparison.Ordinal);
        Assert.Contains("id=\"figures-not-yet\"", html, StringComparison.Ordinal);
        // The state then: the Lachin road open by its sourced baseline; nothing known of the Aghdam road.
        Assert.Contains("data-route=\"lachin-corridor\">open", html, StringComparison.Ordinal);
        Assert.Contains("data-route=\"aghdam-road\">unknown", html, StringComparison.Ordinal);
        Assert.Contains("before the blockade: unknown unless a source says", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_AfterTheEnd_SaysItEndedAndLabelsTheStateAndFiguresAsPast()
    {
        var html = await server.Client.GetStringAsync("/?date=2024-06-01", Cancel);
        Assert.Contains("244 days after the blockade ended on 1 October 2023 (day 294)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Day 538", html, StringComparison.Ordinal);
        Assert.Contains("after the blockade ended: the last recorded status", html, StringComparison.Ordinal);
        Assert.Contains("During the blockade, 12 December 2022 to 1 October 2023", html, StringComparison.Ordinal);
        Assert.Contains("people were cut off", html, StringComparison.Ordinal);
        Assert.DoesNotContain("people cut off", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2022-11-01", "before", 41, null)]
    [InlineData("2023-03-21", "during", null, null)]
    [InlineData("2023-10-01", "during", null, null)]
    [InlineData("2024-06-01", "after", null, 244)]
    public async Task Api_SaysBeforeDuringOrAfter(string date, string phase, int? before, int? after)
    {
        var body = await server.Get<JsonElement>($"/api/v1/situations/lachin-2022?date={date}");
        Assert.Equal(date, body.GetProperty("date").GetString());
        Assert.Equal(phase, body.GetProperty("phase").GetString());
        Assert.Equal(before, body.GetProperty("daysBeforeStart").ValueKind == JsonValueKind.Null ? null : body.GetProperty("daysBeforeStart").GetInt32());
        Assert.Equal(after, body.GetProperty("daysAfterEnd").ValueKind == JsonValueKind.Null ? null : body.GetProperty("daysAfterEnd").GetInt32());
    }

    [Fact]
    public async Task Api_BeforeTheStart_GivesTheStateThen()
    {
        var on = (await server.Get<JsonElement>("/api/v1/situations/lachin-2022?date=2022-11-01")).GetProperty("on");
        Assert.Equal("open", on.GetProperty("routes").GetProperty("lachin-corridor").GetString());
        Assert.Equal("unknown", on.GetProperty("routes").GetProperty("aghdam-road").GetString());
        Assert.Equal("available", on.GetProperty("utilities").GetProperty("gas").GetString());
        Assert.Equal("unknown", on.GetProperty("utilities").GetProperty("water").GetString());
    }
}
