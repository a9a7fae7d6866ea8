using System.Net;
using System.Text.RegularExpressions;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Situations;

/// <summary>
/// The map on the dashboard and the events list, served by the real server over the built-in Lachin record: the
/// corridor drawn closed on a day the record has it closed, open on a day it was open, a route nothing is known of
/// drawn unknown, and the day's events marked at their places or listed with the reason they are not.
/// </summary>
public sealed class SituationMapPageTests : IAsyncLifetime
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

    private static string RouteStatus(string html, string route)
    {
        var line = Regex.Match(html, $"<polyline [^>]*data-route=\"{route}\" data-status=\"([a-z-]+)\"");
        Assert.True(line.Success, $"no line for {route}");
        return line.Groups[1].Value;
    }

    [Fact]
    public async Task Dashboard_Map_DrawsTheCorridorClosedOnADayTheRecordHasItClosed()
    {
        // 15 June 2023: "total closure" of the Hakari bridge checkpoint until humanitarian crossings resumed on 25 June.
        var html = await Page("/situations/lachin-2022?date=2023-06-20");

        Assert.Equal("closed", RouteStatus(html, "lachin-corridor"));
        Assert.Contains("<li data-route=\"lachin-corridor\" data-status=\"closed\">", html, StringComparison.Ordinal);
        Assert.Matches("<li data-route=\"lachin-corridor\" data-status=\"closed\"><svg class=\"map-swatch\"[^>]*><path d=\"[^\"]*\" stroke=\"#b71c1c\"[^<]*</svg>A: Stepanakert.{1,8}Goris road via the Lachin corridor: <strong>closed</strong>", html);
    }

    [Fact]
    public async Task Dashboard_Map_DrawsTheCorridorOpenBeforeTheBlockade_AndARouteWithNoRecordUnknown()
    {
        var html = await Page("/situations/lachin-2022?date=2022-12-10");

        Assert.Equal("open", RouteStatus(html, "lachin-corridor"));
        // Nothing is recorded of the Aghdam road before July 2023 and it has no baseline: unknown, not open.
        Assert.Equal("unknown", RouteStatus(html, "aghdam-road"));
        Assert.Contains("<li data-route=\"aghdam-road\" data-status=\"unknown\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_Map_MarksTheDaysEventsAtTheirPlaces_AndListsTheOthersWithTheReason()
    {
        var html = await Page("/situations/lachin-2022?date=2023-07-25");

        Assert.Equal("closed", RouteStatus(html, "aghdam-road"));
        // Closed since 11 July; humanitarian crossings resumed that day at a time not recorded: a day shows its worst.
        Assert.Equal("closed", RouteStatus(html, "lachin-corridor"));
        Assert.Contains("<g data-place=\"stepanakert\" data-events=\"1\">", html, StringComparison.Ordinal);
        Assert.Contains("<g data-place=\"aghdam\" data-events=\"1\">", html, StringComparison.Ordinal);
        var listed = Regex.Match(html, "<ol id=\"map-events\">(.*?)</ol>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("/situations/lachin-2022/events/2023-07-25-president-no-food-40-days", listed, StringComparison.Ordinal);
        Assert.Contains("/situations/lachin-2022/events/2023-07-25-aghdam-road-no-aid-access", listed, StringComparison.Ordinal);
        var elsewhere = Regex.Match(html, "<p id=\"map-not-shown\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("/situations/lachin-2022/events/2023-07-25-icrc-medical-evacuations-through-checkpoint", elsewhere, StringComparison.Ordinal);
        Assert.Contains("at Hakari bridge (no coordinates recorded)", elsewhere, StringComparison.Ordinal);
        Assert.Contains("at Nagorno-Karabakh (no coordinates recorded)", elsewhere, StringComparison.Ordinal);
        Assert.DoesNotContain("2023-07-26-armenian-aid-convoy", listed + elsewhere, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_WithTheMap_StaysUnder100KB()
    {
        foreach (var path in new[] { "/", "/situations/lachin-2022?date=2023-07-25", "/situations/lachin-2022?date=2023-09-29" })
        {
            var html = await Page(path);
            Assert.Contains("<figure class=\"situation-map\" id=\"map\"", html, StringComparison.Ordinal);
            var bytes = System.Text.Encoding.UTF8.GetByteCount(html);
            TestContext.Current.SendDiagnosticMessage($"{path}: {bytes:N0} bytes, map {System.Text.Encoding.UTF8.GetByteCount(Regex.Match(html, "<svg.*?</svg>", RegexOptions.Singleline).Value):N0}");
            Assert.True(bytes < 100_000, $"{path}: {bytes:N0} bytes");
        }
    }

    [Fact]
    public async Task EventsList_Map_IsOfTheFiltersLastDay_ElseOfTheLatestDay()
    {
        var filtered = await Page("/situations/lachin-2022/events?from=2023-06-01&to=2023-06-20");
        Assert.Contains("data-date=\"2023-06-20\"", filtered, StringComparison.Ordinal);
        Assert.Equal("closed", RouteStatus(filtered, "lachin-corridor"));

        var unfiltered = await Page("/situations/lachin-2022/events");
        // The record ended on 1 October 2023: its latest day.
        Assert.Contains("data-date=\"2023-10-01\"", unfiltered, StringComparison.Ordinal);

        var refused = await Page("/situations/lachin-2022/events?to=not-a-date");
        Assert.Contains("data-date=\"2023-10-01\"", refused, StringComparison.Ordinal);
    }

    [Fact]
    public void BoundaryFile_ShippedExtract_HoldsTheSouthCaucasusInsideItsBox()
    {
        var boundaries = BoundaryFile.Caucasus;

        Assert.Equal(["Armenia", "Azerbaijan", "Georgia", "Iran", "Russia", "Turkey"], boundaries.Countries.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(new Core.Places.GeoBox(39, 36.5, 51, 44.5), boundaries.Coverage);
        var vertices = boundaries.Countries.SelectMany(c => c.Polygons).SelectMany(p => p).SelectMany(r => r).ToList();
        Assert.All(vertices, v => Assert.True(v.Longitude is >= 39 and <= 51 && v.Latitude is >= 36.5 and <= 44.5, $"{v} is outside the box"));
        // Armenia's outline reaches from the Turkish border (about 43.4° E) to Meghri near the Iranian border (about 38.8° N).
        var armenia = boundaries.Countries.Single(c => c.Code == "051").Polygons.SelectMany(p => p).SelectMany(r => r).ToList();
        Assert.InRange(armenia.Min(v => v.Longitude), 43.3, 43.6);
        Assert.InRange(armenia.Min(v => v.Latitude), 38.7, 38.9);
    }
}
