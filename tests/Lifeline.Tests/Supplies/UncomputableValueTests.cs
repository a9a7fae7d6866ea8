using System.Net;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;

namespace Lifeline.Tests.Supplies;

/// <summary>
/// A stored value no computation can carry (written before today's limits, or behind Lifeline's back) must not
/// break reads for everyone: every supplies answer and page is still 200, and the record is named as set aside.
/// </summary>
public sealed class UncomputableValueTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task StoredValueThatCannotBeComputedWith_LeavesEverySuppliesReadAnswering(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        string poisoned;
        using (var db = server.Database.Open(prepare: false))
        {
            // Written behind Lifeline's back, by someone with the owner's rights: the current-table guards are lifted.
            poisoned = db.SupplyObservations.First(o => o.Kind == "delivery" && o.Amount != null && o.Low == null).ObservationId;
            var evacuations = db.SupplyObservations.Where(o => o.Kind == "evacuation").Take(2).Select(o => o.ObservationId).ToList();
            LedgerTestKit.Tamper(db, "supply_observations", $"UPDATE supply_observations SET amount = 1e308 WHERE observation_id = '{poisoned}'");
            LedgerTestKit.Tamper(db, "supply_observations",
                $"UPDATE supply_observations SET moved = {int.MaxValue} WHERE observation_id IN ('{string.Join("', '", evacuations)}')");
            Assert.Equal(1e308, db.SupplyObservations.Single(o => o.ObservationId == poisoned).Amount);
        }
        using var viewer = await server.ClientFor(Role.Viewer);
        const string api = "/api/v1/situations/lachin-2022/supplies";
        foreach (var path in new[] { "needs", "forecast", "deliveries", "prices", "utilities", "evacuations", "food-security", "observations" })
        {
            var response = await viewer.GetAsync($"{api}/{path}?date=2023-09-01", Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
        }
        var deliveries = await viewer.GetAsync($"{api}/deliveries?date=2023-09-01", Cancel);
        Assert.Contains(poisoned, Uri.UnescapeDataString(string.Join(";", deliveries.Headers.GetValues("Lifeline-Set-Aside"))), StringComparison.Ordinal);

        using var browser = await server.SignedInFor(Role.Viewer);
        foreach (var page in new[] { "", "/observations", "/evacuations", "/utilities", "/prices" })
        {
            var response = await browser.GetAsync($"/situations/lachin-2022/supplies{page}?date=2023-09-01", Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"page {page}: {(int)response.StatusCode}");
        }
        Assert.Contains(poisoned, await browser.GetStringAsync("/situations/lachin-2022/supplies?date=2023-09-01", Cancel), StringComparison.Ordinal);
    }
}
