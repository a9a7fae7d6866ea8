using System.Text;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Supplies;

namespace Lifeline.Tests.EarlyWarning;

/// <summary>The supplies-low signal in the running server: fed from recorded stock counts, shown only to those who may read supplies.</summary>
public sealed class SupplySignalApiTests
{
    private const string Range = "/api/v1/situations/lachin-2022/risk?from=2023-02-26&to=2023-03-04";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// 50 t of cereal (40-60) for 120,000 people, under the rations and ICRC deliveries of the built-in record: about
    /// two days at worst (P10), not weeks.
    /// </summary>
    private const string LowCerealStock = $$"""
        { "kind": "stock", "date": "2023-03-01", "commodity": "cereal", "amount": 50, "low": 40, "high": 60, "unit": "t",
          "location": "Stepanakert", "sources": ["{{SupplyApiTests.KnownSource}}"], "notes": "A count recorded by a test." }
        """;

    /// <summary>Each day of the range, and the data of its supplies-low signal (null when it is off).</summary>
    private static async Task<Dictionary<string, string?>> SuppliesLow(HttpClient client)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync(Range, Cancel));
        return document.RootElement.GetProperty("series").EnumerateArray().ToDictionary(
            d => d.GetProperty("date").GetString()!,
            d => d.GetProperty("factors").EnumerateArray()
                .SelectMany(f => f.GetProperty("subjects").EnumerateArray())
                .SelectMany(s => s.GetProperty("signals").EnumerateArray())
                .Where(g => g.GetProperty("kind").GetString() == "supplies-low")
                .Select(g => g.GetProperty("data").GetString()).FirstOrDefault());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ARecordedLowStock_TurnsTheSuppliesSignalOnFromItsDay_NotBefore(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var reporter = await server.ClientFor(Role.Reporter);
        using var viewer = await server.ClientFor(Role.Viewer);
        Assert.All((await SuppliesLow(viewer)).Values, Assert.Null);

        var created = await reporter.PostAsync("/api/v1/situations/lachin-2022/supplies/observations",
            new StringContent(LowCerealStock, Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);

        var days = await SuppliesLow(viewer);
        Assert.Null(days["2023-02-26"]);
        Assert.Null(days["2023-02-28"]);
        foreach (var day in new[] { "2023-03-01", "2023-03-02", "2023-03-04" })
        {
            Assert.NotNull(days[day]);
            Assert.Contains("Cereal", days[day]!, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("forecast on 2023-03-01", days["2023-03-01"]!, StringComparison.Ordinal);

        // Supply figures are internal: the public risk, and the feed built from it, go without the signal.
        Assert.All((await SuppliesLow(server.Client)).Values, Assert.Null);
        using var caseworker = await server.ClientFor(Role.Caseworker);
        Assert.All((await SuppliesLow(caseworker)).Values, Assert.Null);
    }
}
