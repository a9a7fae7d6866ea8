using System.Text.Json;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.EarlyWarning;

/// <summary>The signals' thresholds come from configuration (EarlyWarning:Signals), and bad ones stop Lifeline from starting.</summary>
public sealed class SignalSettingsTests
{
    private const string Range = "/api/v1/situations/lachin-2022/risk?from=2022-12-12&to=2023-01-31";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lifeline-signal-settings", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The strength of the corridor-closed signal on 13.8 on each day ("" when it is off).</summary>
    private static Dictionary<string, double> CorridorSignal(JsonElement document) =>
        document.GetProperty("series").EnumerateArray().ToDictionary(
            d => d.GetProperty("date").GetString()!,
            d => d.GetProperty("factors")[12].GetProperty("subjects").EnumerateArray()
                .Where(s => s.GetProperty("indicator").GetString() == "13.8")
                .SelectMany(s => s.GetProperty("signals").EnumerateArray())
                .Where(g => g.GetProperty("kind").GetString() == "corridor-closed")
                .Select(g => g.GetProperty("strength").GetDouble()).FirstOrDefault());

    [Fact]
    public async Task Serve_WithAChangedThreshold_GivesADifferentSeriesThanTheDefault()
    {
        var folder = NewFolder();
        try
        {
            await using var standard = await LifelineServer.Start();
            using var defaults = JsonDocument.Parse(await standard.Client.GetStringAsync(Range, Cancel));

            var (server, address) = await LifelineProcess.ServeWith(folder, new Dictionary<string, string>
            {
                ["EarlyWarning__Signals__CorridorDays"] = "30",
                ["EarlyWarning__Signals__IncitementTypes"] = "statement",
            });
            using (server)
            {
                using var client = new HttpClient { BaseAddress = address };
                using var configured = JsonDocument.Parse(await client.GetStringAsync(Range, Cancel));

                Assert.Equal(7, defaults.RootElement.GetProperty("signals").GetProperty("corridorDays").GetInt32());
                Assert.Equal(30, configured.RootElement.GetProperty("signals").GetProperty("corridorDays").GetInt32());
                Assert.Equal(["statement"], configured.RootElement.GetProperty("signals").GetProperty("incitementTypes").EnumerateArray().Select(t => t.GetString()));

                // The blockade began on 12 Dec 2022: by default 13.8 is signalled from the 7th day closed, with 30 from the 30th.
                var before = CorridorSignal(defaults.RootElement);
                var after = CorridorSignal(configured.RootElement);
                Assert.True(before["2022-12-26"] > 0);
                Assert.Equal(0, after["2022-12-26"]);
                Assert.Equal(0, after["2023-01-09"]);
                Assert.True(after["2023-01-10"] > 0);
                Assert.NotEqual(
                    defaults.RootElement.GetProperty("series").EnumerateArray().Select(d => d.GetProperty("score").GetDouble()),
                    configured.RootElement.GetProperty("series").EnumerateArray().Select(d => d.GetProperty("score").GetDouble()));

                // The page and the feed read the same settings: with statements counted as incitement, 8.7 is present
                // from the first day (the 4 Dec and 12 Dec statements), which by default it never is.
                var feed = await client.GetStringAsync("/feeds/alerts.atom", Cancel);
                var standardFeed = await standard.Client.GetStringAsync("/feeds/alerts.atom", Cancel);
                Assert.Contains("2022-12-12-indicator-8.7", feed, StringComparison.Ordinal);
                Assert.DoesNotContain("indicator-8.7", standardFeed, StringComparison.Ordinal);
                var page = await client.GetStringAsync("/situations/lachin-2022/risk/indicators/13.8?date=2022-12-26", Cancel);
                Assert.DoesNotContain("closed to civilians for", page, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_WithABadThreshold_RefusesToStartNamingIt()
    {
        var folder = NewFolder();
        try
        {
            var result = await LifelineProcess.RunWithEnvironment(folder, new Dictionary<string, string>
            {
                ["EarlyWarning__Signals__CorridorDays"] = "0",
                ["EarlyWarning__Signals__TrendDays"] = "a month",
                ["EarlyWarning__Signals__ViolenceTypes"] = "attack,massacre",
                ["EarlyWarning__Signals__CorridorDayz"] = "7",
            }, "serve", "--urls", "http://127.0.0.1:0", "--data", folder);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("EarlyWarning:Signals:CorridorDays = '0' must be a whole number of days from 1", result.Error, StringComparison.Ordinal);
            Assert.Contains("EarlyWarning:Signals:TrendDays = 'a month' is not a whole number", result.Error, StringComparison.Ordinal);
            Assert.Contains("'massacre' is not an event type", result.Error, StringComparison.Ordinal);
            Assert.Contains("EarlyWarning:Signals:CorridorDayz is not a setting", result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "lifeline.db")), "nothing should be created by a server that refused to start");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task RiskCommand_ReadsTheSettingsFromAppSettingsAndRefusesBadOnes()
    {
        var folder = NewFolder();
        try
        {
            Assert.Equal(0, (await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--data", folder)).ExitCode);
            string[] args = ["risk", "--situation", "lachin-2022", "--from", "2022-12-12", "--to", "2023-01-31", "--json", "--data", folder];
            var standard = await LifelineProcess.Run(folder, args);

            await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), """{"EarlyWarning": {"Signals": {"CorridorDays": 30}}}""", Cancel);
            var configured = await LifelineProcess.Run(folder, args);

            Assert.Equal(0, configured.ExitCode);
            using var before = JsonDocument.Parse(standard.Output);
            using var after = JsonDocument.Parse(configured.Output);
            Assert.Equal(30, after.RootElement.GetProperty("signals").GetProperty("corridorDays").GetInt32());
            Assert.True(CorridorSignal(before.RootElement)["2022-12-26"] > 0);
            Assert.Equal(0, CorridorSignal(after.RootElement)["2022-12-26"]);

            await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), """{"EarlyWarning": {"Signals": {"SupplyDaysThreshold": -3}}}""", Cancel);
            var bad = await LifelineProcess.Run(folder, args);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("EarlyWarning:Signals:SupplyDaysThreshold = '-3'", bad.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
