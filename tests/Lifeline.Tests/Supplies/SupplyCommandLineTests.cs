using System.Net;
using System.Text;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Supplies;

/// <summary>
/// <c>lifeline needs</c> and <c>lifeline forecast</c> run as a user runs them, against the database a server wrote
/// (a stock count recorded through the API), on both engines: the JSON contract and the same output for the same seed.
/// </summary>
public sealed class SupplyCommandLineTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string[] Storage(LifelineServer server) => server.Database.Provider == TestDatabase.Sqlite
        ? ["--data", server.Database.Folder]
        : ["--postgres", server.Database.Options.ConnectionString];

    private static async Task<LifelineServer> WithAStockCount(string provider)
    {
        var server = await LifelineServer.Start(provider);
        using var reporter = await server.ClientFor(Role.Reporter);
        var response = await reporter.PostAsync("/api/v1/situations/lachin-2022/supplies/observations",
            new StringContent(SupplyApiTests.CerealStock, Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return server;
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Needs_Json_HasTheContractShape(string provider)
    {
        await using var server = await LifelineServer.Start(provider);

        var result = await LifelineProcess.Run(server.Database.Folder, ["needs", "--situation", "lachin-2022", "--date", "2023-06-01", "--json", .. Storage(server)]);

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var needs = json.RootElement.GetProperty("needs").EnumerateArray().ToList();
        Assert.NotEmpty(needs);
        foreach (var need in needs)
        {
            foreach (var field in new[] { "commodity", "category", "unit", "quantityPerDay", "basis" })
            {
                Assert.True(need.TryGetProperty(field, out _), field);
            }
        }
        // WFP basket: 400 g of cereal a person a day for 120,000 people is 48 t.
        var cereal = needs.Single(n => n.GetProperty("commodity").GetString() == "cereal");
        Assert.Equal("kg", cereal.GetProperty("unit").GetString());
        Assert.Equal("food", cereal.GetProperty("category").GetString());
        Assert.Equal(48_000, cereal.GetProperty("quantityPerDay").GetDouble(), 0.001);
        Assert.Contains("wfp", cereal.GetProperty("basis").GetString()!, StringComparison.OrdinalIgnoreCase);
        // Sphere: 15 L of water a person a day.
        Assert.Equal(1_800_000, needs.Single(n => n.GetProperty("commodity").GetString() == "water").GetProperty("quantityPerDay").GetDouble(), 0.001);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Forecast_Json_HasTheContractShape_AndTheSameSeedGivesTheSameOutput(string provider)
    {
        await using var server = await WithAStockCount(provider);
        string[] args = ["forecast", "--situation", "lachin-2022", "--date", "2023-09-24", "--runs", "2000", "--json", .. Storage(server)];

        var first = await LifelineProcess.Run(server.Database.Folder, [.. args, "--seed", "42"]);
        var second = await LifelineProcess.Run(server.Database.Folder, [.. args, "--seed", "42"]);
        var other = await LifelineProcess.Run(server.Database.Folder, [.. args, "--seed", "43"]);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(first.Output, second.Output);
        Assert.NotEqual(first.Output, other.Output);
        using var json = JsonDocument.Parse(first.Output);
        var commodities = json.RootElement.GetProperty("commodities").EnumerateArray().ToList();
        foreach (var line in commodities)
        {
            foreach (var field in new[] { "commodity", "stock", "needPerDay", "inflowPerDay", "p10Days", "p50Days", "p90Days" })
            {
                Assert.True(line.TryGetProperty(field, out _), field);
            }
        }
        var cereal = commodities.Single(c => c.GetProperty("commodity").GetString() == "cereal");
        Assert.True(cereal.GetProperty("stock").GetDouble() > 0);
        Assert.Equal(48_000, cereal.GetProperty("needPerDay").GetDouble(), 0.001);
        var (p10, p50, p90) = (cereal.GetProperty("p10Days").GetDouble(), cereal.GetProperty("p50Days").GetDouble(), cereal.GetProperty("p90Days").GetDouble());
        Assert.True(p10 <= p50 && p50 <= p90, $"{p10} {p50} {p90}");
        // No stock was counted for pulses: no runway, and it says so rather than guessing.
        Assert.Equal(JsonValueKind.Null, commodities.Single(c => c.GetProperty("commodity").GetString() == "pulses").GetProperty("p50Days").ValueKind);
    }

    [Fact]
    public async Task Forecast_Airlift_FliesTheSituationsBuiltInAirliftPlan()
    {
        await using var server = await WithAStockCount(TestDatabase.Sqlite);
        string[] args = ["forecast", "--situation", "lachin-2022", "--date", "2023-09-24", "--runs", "500", "--json", .. Storage(server)];

        var airlift = await LifelineProcess.Run(server.Database.Folder, [.. args, "--inflow", "airlift"]);
        var blocked = await LifelineProcess.Run(server.Database.Folder, [.. args, "--inflow", "blocked"]);

        Assert.True(airlift.ExitCode == 0, airlift.Error);
        Assert.True(blocked.ExitCode == 0, blocked.Error);
        JsonElement Cereal(string output) => JsonDocument.Parse(output).RootElement.GetProperty("commodities").EnumerateArray()
            .Single(c => c.GetProperty("commodity").GetString() == "cereal");
        // lachin-2023 flies food among its cargo: cereal comes in, at most its whole need, and the stock lasts longer than blocked.
        var flown = Cereal(airlift.Output).GetProperty("inflowPerDay").GetDouble();
        Assert.InRange(flown, 1, 48_000);
        Assert.Equal(0, Cereal(blocked.Output).GetProperty("inflowPerDay").GetDouble());
        static double Days(JsonElement line) => line.GetProperty("p50Days") is { ValueKind: JsonValueKind.Number } days ? days.GetDouble() : double.PositiveInfinity;
        Assert.True(Days(Cereal(airlift.Output)) > Days(Cereal(blocked.Output)));
        Assert.True(double.IsFinite(Days(Cereal(blocked.Output))));
    }

    [Fact]
    public async Task Forecast_BadInput_ExitsTwoNamingTheOption()
    {
        await using var server = await LifelineServer.Start();

        var result = await LifelineProcess.Run(server.Database.Folder, "forecast", "--situation", "lachin-2022", "--runs", "many", "--date", "2023-13-01", "--data", server.Database.Folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--runs", result.Error, StringComparison.Ordinal);
        Assert.Contains("--date", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forecast_Table_SaysWhereNoStockWasObserved()
    {
        await using var server = await LifelineServer.Start();

        var result = await LifelineProcess.Run(server.Database.Folder, "forecast", "--situation", "lachin-2022", "--runs", "200", "--data", server.Database.Folder);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("no stock observed", result.Output, StringComparison.Ordinal);
        Assert.Contains("ICRC", result.Output, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Forecast_Json_WithoutAStockCount_GivesTheNeedGapAndStatedWhatIfs(string provider)
    {
        await using var server = await LifelineServer.Start(provider);

        var result = await LifelineProcess.Run(server.Database.Folder, ["forecast", "--situation", "lachin-2022", "--date", "2023-05-10", "--runs", "200", "--json", .. Storage(server)]);

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var gap = json.RootElement.GetProperty("needGap");
        Assert.Equal("2022-12-12", gap.GetProperty("from").GetString());
        Assert.Equal(150, gap.GetProperty("days").GetInt32());
        // At least the 4,623 t the ICRC and the peacekeepers brought in the first 150 days, against a need of tens of tonnes a day.
        Assert.True(gap.GetProperty("deliveredTonnes").GetDouble() >= 4_622);
        var need = gap.GetProperty("needTonnesPerDay").GetDouble();
        Assert.True(need > 40, need.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Each figure is rounded to the kilogram, so the day's need times 150 may differ from the total by a few tenths.
        var shortfall = need * 150 - gap.GetProperty("deliveredTonnes").GetDouble();
        Assert.InRange(gap.GetProperty("shortfallTonnes").GetDouble(), shortfall - 1, shortfall + 1);
        Assert.True(gap.GetProperty("daysOfNeedNotDelivered").GetDouble() > 0);
        var whatIfs = gap.GetProperty("whatIfs").EnumerateArray().ToList();
        Assert.Equal([15, 30, 60], whatIfs.Select(w => w.GetProperty("stockDaysOfNeed").GetInt32()));
        Assert.All(whatIfs, w => Assert.Contains("not observed", w.GetProperty("label").GetString(), StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.String, whatIfs[0].GetProperty("runsOutOn").ValueKind);
    }
}
