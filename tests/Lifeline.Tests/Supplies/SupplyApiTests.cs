using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Ledger;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Supplies;

/// <summary>
/// Recording supply observations through the API on both engines: each stored version is a ledger leaf written in
/// the same transaction; bad input is refused with problem details naming the field, and nothing is stored.
/// </summary>
public sealed class SupplyApiTests
{
    private const string Supplies = "/api/v1/situations/lachin-2022/supplies";

    /// <summary>A source the Lachin supplies file cites, so already in the situation's record.</summary>
    internal const string KnownSource = "news-am-735694";

    internal const string CerealStock = """
        { "kind": "stock", "date": "2023-09-20", "commodity": "cereal", "amount": 500, "low": 400, "high": 600, "unit": "t",
          "location": "Stepanakert", "sources": ["news-am-735694"], "notes": "A count recorded by a test." }
        """;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel))!;

    /// <summary>The size of a checkpoint signed now (the clock is moved past the interval between checkpoints).</summary>
    private static async Task<ulong> LedgerSize(LifelineServer server)
    {
        server.Clock.Advance(TimeSpan.FromHours(1));
        var key = await server.Client.GetStringAsync("/api/v1/ledger/key", Cancel);
        Assert.True(VerifierKey.TryParse(key, out var verifier));
        Assert.True(SignedNote.TryOpen(await server.Client.GetStringAsync("/api/v1/ledger/checkpoint", Cancel), verifier, out var body, out var problem), problem);
        Assert.True(Checkpoint.TryParse(body, out var checkpoint));
        return checkpoint.Size;
    }

    private static async Task<int> ObservationCount(HttpClient client) =>
        (await Json(await client.GetAsync($"{Supplies}/observations?pageSize=1", Cancel))).GetProperty("total").GetInt32();

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Record_AStockCount_IsStoredWithItsLedgerLeafAndGivesARunway(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var reporter = await server.ClientFor(Role.Reporter);
        var before = await LedgerSize(server);
        var seeded = await ObservationCount(reporter);

        var response = await reporter.PostAsync($"{Supplies}/observations", Body(CerealStock), Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await Json(response)).GetProperty("observation");
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("stock", created.GetProperty("kind").GetString());
        Assert.Equal(500, created.GetProperty("amount").GetDouble());
        Assert.Equal("t", created.GetProperty("unit").GetString());
        var leaf = created.GetProperty("leaf").GetInt64();
        Assert.Equal((long)before, leaf);
        Assert.Equal(before + 1, await LedgerSize(server));
        Assert.Equal(seeded + 1, await ObservationCount(reporter));
        Assert.Equal(response.Headers.Location?.ToString(), $"{Supplies}/observations/{id}");

        // The ledger names the record, anonymously: its type, id and version, never its content.
        var record = await server.Client.GetAsync($"/api/v1/ledger/records/supply-observation/lachin-2022/{id}", Cancel);
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        Assert.DoesNotContain("Stepanakert", await record.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        // The stock now gives cereal a runway, its quantiles in order.
        var forecast = await Json(await reporter.GetAsync($"{Supplies}/forecast?date=2023-09-24&runs=500&inflow=blocked", Cancel));
        var cereal = forecast.GetProperty("commodities").EnumerateArray().Single(c => c.GetProperty("commodity").GetString() == "cereal");
        var (p10, p50, p90) = (cereal.GetProperty("p10Days").GetDouble(), cereal.GetProperty("p50Days").GetDouble(), cereal.GetProperty("p90Days").GetDouble());
        Assert.True(p10 > 0 && p10 <= p50 && p50 <= p90, $"{p10} {p50} {p90}");
    }

    public static TheoryData<string, string, string> BadInput => new()
    {
        // A negative stock.
        { TestDatabase.Sqlite, """{ "kind": "stock", "date": "2023-09-20", "commodity": "cereal", "amount": -5, "unit": "t", "sources": ["news-am-735694"] }""", "amount" },
        // A unit Lifeline does not know.
        { TestDatabase.Sqlite, """{ "kind": "stock", "date": "2023-09-20", "commodity": "cereal", "amount": 5, "unit": "bushel", "sources": ["news-am-735694"] }""", "unit" },
        // A delivery dated before the situation began (12 Dec 2022).
        { TestDatabase.Sqlite, """{ "kind": "delivery", "date": "2022-11-01", "commodity": "cereal", "amount": 10, "unit": "t", "carriers": ["icrc"], "sources": ["news-am-735694"] }""", "date" },
        // A rate override without a reason.
        { TestDatabase.Sqlite, """{ "kind": "rate-override", "date": "2023-01-20", "commodity": "cereal", "amount": 0.3, "unit": "kg" }""", "reason" },
        { TestDatabase.Postgres, """{ "kind": "stock", "date": "2023-09-20", "commodity": "cereal", "amount": -5, "unit": "t", "sources": ["news-am-735694"] }""", "amount" },
        { TestDatabase.Postgres, """{ "kind": "stock", "date": "2023-09-20", "commodity": "cereal", "amount": 5, "unit": "bushel", "sources": ["news-am-735694"] }""", "unit" },
        { TestDatabase.Postgres, """{ "kind": "delivery", "date": "2022-11-01", "commodity": "cereal", "amount": 10, "unit": "t", "carriers": ["icrc"], "sources": ["news-am-735694"] }""", "date" },
        { TestDatabase.Postgres, """{ "kind": "rate-override", "date": "2023-01-20", "commodity": "cereal", "amount": 0.3, "unit": "kg" }""", "reason" },
    };

    [Theory, MemberData(nameof(BadInput))]
    public async Task Record_BadInput_IsRefusedNamingTheFieldAndNothingIsStored(string provider, string json, string field)
    {
        await using var server = await LifelineServer.Start(provider);
        using var reporter = await server.ClientFor(Role.Reporter);
        var ledger = await LedgerSize(server);
        var count = await ObservationCount(reporter);

        var response = await reporter.PostAsync($"{Supplies}/observations", Body(json), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        Assert.Equal(count, await ObservationCount(reporter));
        Assert.Equal(ledger, await LedgerSize(server));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Edit_ByItsAuthorWithAReason_AddsAVersionAndALeaf_OthersMayNot(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var author = await server.ClientFor(Role.Reporter);
        using var other = await server.ClientFor(Role.Reporter);
        using var verifier = await server.ClientFor(Role.Verifier);
        var created = await author.PostAsync($"{Supplies}/observations", Body(CerealStock), Cancel);
        var id = (await Json(created)).GetProperty("observation").GetProperty("id").GetString()!;
        var path = $"{Supplies}/observations/{id}";
        var corrected = CerealStock.Replace("\"amount\": 500", "\"amount\": 450", StringComparison.Ordinal);
        var ledger = await LedgerSize(server);

        var withoutReason = await author.PutAsync(path, Body(corrected), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.True((await Json(withoutReason)).GetProperty("errors").TryGetProperty("reason", out _));

        var withReason = corrected.Replace("\"notes\"", "\"reason\": \"the second count was lower\", \"notes\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsync(path, Body(withReason), Cancel)).StatusCode);
        Assert.Equal(ledger, await LedgerSize(server));

        var edited = await author.PutAsync(path, Body(withReason), Cancel);
        Assert.Equal(HttpStatusCode.Created, edited.StatusCode);
        var detail = await Json(edited);
        Assert.Equal(2, detail.GetProperty("observation").GetProperty("version").GetInt32());
        Assert.Equal(450, detail.GetProperty("observation").GetProperty("amount").GetDouble());
        Assert.Equal(2, detail.GetProperty("versions").GetArrayLength());
        Assert.Equal(ledger + 1, await LedgerSize(server));

        // A verifier corrects anyone's observation.
        var again = withReason.Replace("\"amount\": 450", "\"amount\": 460", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await verifier.PutAsync(path, Body(again), Cancel)).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LachinSupplies_AreLoadedWithTheScenario(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var viewer = await server.ClientFor(Role.Viewer);

        var deliveries = await Json(await viewer.GetAsync($"{Supplies}/deliveries?date=2023-05-10", Cancel));
        // The ombudsman's 150-day report: about 4,623 t against the 400 t a day before the blockade (60,000 t).
        Assert.Equal(4623, deliveries.GetProperty("deliveredTonnes").GetDouble(), 0.5);
        Assert.Equal(400, deliveries.GetProperty("baselineTonnesPerDay").GetDouble());
        Assert.Equal(150, deliveries.GetProperty("days").GetInt32());
        Assert.Equal(60_000, deliveries.GetProperty("expectedTonnes").GetDouble());

        var utilities = await Json(await viewer.GetAsync($"{Supplies}/utilities", Cancel));
        Assert.Contains(utilities.GetProperty("utilities").EnumerateArray(), u => u.GetProperty("utility").GetString() == "gas");
        var evacuations = await Json(await viewer.GetAsync($"{Supplies}/evacuations?date=2023-07-29", Cancel));
        Assert.True(evacuations.GetProperty("latestCumulative").GetInt32() >= 680);
        var prices = await Json(await viewer.GetAsync($"{Supplies}/prices", Cancel));
        Assert.All(prices.GetProperty("rows").EnumerateArray(), r => Assert.False(r.GetProperty("alpsApplies").GetBoolean()));
    }
}
