using Lifeline.Core.Access;
using Lifeline.Ledger;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lifeline.Tests.Web;

/// <summary>
/// A reporter with no connection, in a real browser: two events recorded offline are kept on the device and listed
/// as waiting, are still there after the page is opened again with no connection (the service worker answers), and
/// are sent once the connection returns: each stored exactly once, with one ledger leaf each, even though the
/// device sends again what it is not sure was received.
/// </summary>
public sealed class OfflineReportingBrowserTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoEventsRecordedOffline_SurviveAReload_AndAreStoredOnceEachWhenBackOnline()
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        var markers = new[] { "Offline report one: convoy turned back at the bridge.", "Offline report two: the checkpoint closed at noon." };
        try
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = server.Address.ToString(),
                ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            });
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(60_000);
            await BrowserTests.SignIn(page, await server.AddUser(Role.Reporter));
            await page.GotoAsync("/situations/lachin-2022/events/new");
            await page.WaitForSelectorAsync("html[data-offline-ready=true]");

            await context.SetOfflineAsync(true);
            foreach (var notes in markers)
            {
                await page.FillAsync("#Input_Date", "2023-03-02");
                await page.SelectOptionAsync("#Input_Type", "corridor-closed");
                await page.SelectOptionAsync("#Input_Place", "hakari-bridge");
                await page.CheckAsync("#Input_UntilFurtherNotice");
                await page.FillAsync("#Input_Notes", notes);
                await page.FillAsync("#Input_Sources", "news-am-775042");
                await page.ClickAsync("#event-form button[type=submit]");
                await page.WaitForSelectorAsync($"#outbox li:has-text('{notes[..18]}')");
            }
            // A third, with no place: kept as well, and refused by the server once sent, with its reason shown.
            await page.FillAsync("#Input_Date", "2023-03-02");
            await page.SelectOptionAsync("#Input_Type", "corridor-closed");
            await page.FillAsync("#Input_Notes", "Offline report three: no place given.");
            await page.FillAsync("#Input_Sources", "news-am-775042");
            await page.ClickAsync("#event-form button[type=submit]");
            await page.WaitForSelectorAsync("#outbox li:has-text('Offline report three')");
            Assert.Equal("3", await page.GetAttributeAsync("#outbox", "data-waiting"));
            Assert.Equal(3, await page.Locator("#outbox li[data-state=waiting]").CountAsync());
            Assert.Equal(0, await StoredCount(server, markers));

            // Opened again with no connection: the kept form, and what it keeps.
            await page.ReloadAsync();
            await page.WaitForSelectorAsync("#outbox[data-waiting='3']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            Assert.True(await page.IsVisibleAsync("#event-form"));
            Assert.Equal(0, await StoredCount(server, markers));

            // What the device kept, to send again below.
            var kept = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
                async () => {
                  const db = await new Promise(r => { const q = indexedDB.open('lifeline-offline', 1); q.onsuccess = () => r(q.result); });
                  const items = await new Promise(r => { const q = db.transaction('outbox', 'readonly').objectStore('outbox').getAll(); q.onsuccess = () => r(q.result); });
                  db.close();
                  return items.filter(i => !i.title.includes('three')).map(i => ({ key: i.key, action: i.action, body: i.body }));
                }
                """);
            Assert.Equal(2, kept.GetArrayLength());

            await context.SetOfflineAsync(false);
            try
            {
                await page.WaitForSelectorAsync("#outbox[data-waiting='0']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
            }
            catch (TimeoutException)
            {
                Assert.Fail($"not sent: {await page.InnerTextAsync("#outbox")}");
            }
            Assert.Equal(2, await page.Locator("#outbox li[data-state=sent]").CountAsync());
            var refused = await page.InnerTextAsync("#outbox li[data-state=refused]");
            Assert.Contains("Offline report three", refused, StringComparison.Ordinal);
            Assert.Contains("Where", refused, StringComparison.Ordinal);

            // The device sends them again, as it would after losing the answers: the same keys, nothing new stored.
            var replayed = await page.EvaluateAsync<int>("""
                async (json) => {
                  const items = JSON.parse(json);
                  let answered = 0;
                  for (const item of items) {
                    const r = await fetch(item.action, { method: 'POST', credentials: 'same-origin', redirect: 'manual',
                      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': item.key }, body: item.body });
                    if (r.type === 'opaqueredirect') answered++;
                  }
                  return answered;
                }
                """, kept.GetRawText());
            Assert.Equal(2, replayed);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }

        Assert.Equal(2, await StoredCount(server, markers));
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
        foreach (var notes in markers)
        {
            var ids = await db.EventVersions.AsNoTracking().Where(v => v.Notes == notes).Select(v => v.EventId).ToListAsync(Cancel);
            var id = Assert.Single(ids);
            Assert.Equal(1, await db.Set<LedgerLeafRow>().AsNoTracking().CountAsync(l => l.RecordType == RecordTypes.Event && l.RecordId == CanonicalRecords.Id("lachin-2022", id), Cancel));
        }
    }

    private static async Task<int> StoredCount(LifelineServer server, string[] markers)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
        return await db.EventVersions.AsNoTracking().CountAsync(v => markers.Contains(v.Notes), Cancel);
    }
}
