using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Lifeline.Tests.Web;

/// <summary>Review, publish and withdraw with a missing note: the event's own page again, the error beside the field, nothing changed.</summary>
public sealed class WorkflowBrowserTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEmptyNote_IsShownBesideTheField_OnTheSameForm()
    {
        await using var server = await LifelineServer.Start();
        using var reporter = await server.ClientFor(Role.Reporter);
        var recorded = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-05-03",
            place = "goris",
            type = "statement",
            notes = "Reviewed from the browser.",
            sources = new[] { "news-am-775042" },
        }, Cancel);
        var id = JsonDocument.Parse(await recorded.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("event").GetProperty("id").GetString()!;
        var eventPath = $"/situations/lachin-2022/events/{id}";

        var (playwright, browser) = await Browser.Launch();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.Address.ToString() });
            await BrowserTests.SignIn(page, await server.AddUser(Role.Verifier, Role.Publisher));
            await page.GotoAsync(eventPath);

            // Review: no verdict and no note.
            var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#review-form button[type=submit]"), r => r.Request.Method == "POST");
            Assert.Equal(400, answer.Status);
            Assert.Equal(eventPath, new Uri(page.Url).AbsolutePath);
            Assert.Contains("required", await page.TextContentAsync("#review-note-error"), StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(await page.TextContentAsync("#verdict-error")));
            Assert.Contains("What you checked and found", await page.TextContentAsync("#review-errors"), StringComparison.Ordinal);
            Assert.Equal("intake", (await page.TextContentAsync("#stage"))!.Trim());

            // A verdict chosen but still no note: the verdict is kept.
            await page.SelectOptionAsync("#Verdict", "verified");
            await page.ClickAsync("#review-form button[type=submit]");
            Assert.Equal("verified", await page.InputValueAsync("#Verdict"));
            Assert.Contains("required", await page.TextContentAsync("#review-note-error"), StringComparison.Ordinal);
            await page.FillAsync("#ReviewNote", "Checked against the statement itself.");
            await page.ClickAsync("#review-form button[type=submit]");
            Assert.Equal("reviewed", (await page.TextContentAsync("#stage"))!.Trim());

            // Publish, then withdraw: each without a reason first.
            foreach (var next in new[] { "published", "reviewed" })
            {
                answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#publish-form button[type=submit]"), r => r.Request.Method == "POST");
                Assert.Equal(400, answer.Status);
                Assert.Equal(eventPath, new Uri(page.Url).AbsolutePath);
                Assert.Contains("required", await page.TextContentAsync("#publish-note-error"), StringComparison.Ordinal);
                Assert.Contains("Why", await page.TextContentAsync("#publish-errors"), StringComparison.Ordinal);
                await page.FillAsync("#PublishNote", $"Now {next}.");
                await page.ClickAsync("#publish-form button[type=submit]");
                Assert.Equal(next, (await page.TextContentAsync("#stage"))!.Trim());
            }
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
