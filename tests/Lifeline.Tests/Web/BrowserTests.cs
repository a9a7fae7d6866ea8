using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Lifeline.Tests.Web;

/// <summary>A coordinator in a real browser: reads the dashboard, records an event through the form, finds it.</summary>
public sealed class BrowserTests
{
    [Fact]
    public async Task RecordThroughTheForm_ThenFindItInTheListAndOnTheCalendar()
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.Address.ToString() });
            await SignIn(page, await server.AddUser(Role.Reporter, Role.Verifier, Role.Publisher));

            await page.GotoAsync("/?date=2023-03-01");
            Assert.Equal("Day 80 of the blockade", (await page.TextContentAsync("#day-counter"))!.Trim());
            Assert.Equal("humanitarian-only", await page.GetAttributeAsync("td[data-date='2023-03-01']", "data-corridor"));

            await page.ClickAsync("text=Record an event");
            await page.FillAsync("#Input_Date", "2023-03-01");
            await page.SelectOptionAsync("#Input_Type", "corridor-closed");
            await page.FillAsync("#Input_EndDate", "2023-03-01");
            await page.SelectOptionAsync("#Input_Place", "hakari-bridge");
            await page.FillAsync("#Input_Notes", "Browser test (browsermarker): all traffic stopped at the bridge.");
            await page.FillAsync("#Input_NewSourcePublisher", "Field monitor");
            await page.FillAsync("#Input_NewSourceUrl", "https://example.org/reports/browser-test");
            await page.SelectOptionAsync("#Input_NewSourceReliability", "B");
            await page.SelectOptionAsync("#Input_NewSourceCredibility", "2");
            await page.ClickAsync("#event-form button[type=submit]");

            Assert.Contains("/situations/lachin-2022/events/", page.Url, StringComparison.Ordinal);
            Assert.Contains("browsermarker", await page.TextContentAsync("#notes"), StringComparison.Ordinal);
            Assert.Contains("B2", await page.TextContentAsync("#sources"), StringComparison.Ordinal);

            // The event is at intake: review it and make it public, as a verifier and publisher would.
            var eventUrl = page.Url;
            await page.SelectOptionAsync("#Verdict", "verified");
            await page.FillAsync("#ReviewNote", "Checked against the field monitor's report.");
            await page.ClickAsync("#review-form button[type=submit]");
            Assert.Equal("reviewed", (await page.TextContentAsync("#stage"))!.Trim());
            await page.FillAsync("#PublishNote", "Reviewed; public interest.");
            await page.ClickAsync("#publish-form button[type=submit]");
            Assert.Equal("published", (await page.TextContentAsync("#stage"))!.Trim());

            await page.GotoAsync("/situations/lachin-2022/events");
            await page.FillAsync("#q", "browsermarker");
            await page.ClickAsync("#filters button[type=submit]");
            var rows = page.Locator("#events tbody tr");
            Assert.Equal(1, await rows.CountAsync());
            Assert.Contains("browsermarker", await rows.First.TextContentAsync(), StringComparison.Ordinal);

            await page.GotoAsync("/?date=2023-03-01");
            Assert.Equal("closed", await page.GetAttributeAsync("td[data-date='2023-03-01']", "data-corridor"));
            // Closed for that day only: the next day, what held before it holds again.
            Assert.Equal("humanitarian-only", await page.GetAttributeAsync("td[data-date='2023-03-02']", "data-corridor"));
            Assert.Contains("browsermarker", await page.TextContentAsync("#latest-events"), StringComparison.Ordinal);

            // Signed out, the public sees the published event, its sources, and no trace of who recorded it.
            await page.ClickAsync("header form.inline button[type=submit]");
            await page.GotoAsync(eventUrl);
            Assert.Contains("browsermarker", await page.TextContentAsync("#notes"), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("#versions").CountAsync());
            Assert.DoesNotContain("Test Reporter", await page.ContentAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    internal static async Task SignIn(IPage page, string email)
    {
        await page.GotoAsync("/account/sign-in");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", LifelineServer.Password);
        await page.ClickAsync("#sign-in-form button[type=submit]");
        Assert.True(await page.IsVisibleAsync("#signed-in-as"), "not signed in");
    }

    [Fact]
    public async Task RecordThroughTheForm_BadInput_ShowsTheErrorNextToTheField()
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.Address.ToString() });
            await SignIn(page, await server.AddUser(Role.Reporter));
            await page.GotoAsync("/situations/lachin-2022/events/new");
            await page.FillAsync("#Input_Date", "tomorrow");
            await page.FillAsync("#Input_Notes", "Kept after the error.");
            await page.ClickAsync("#event-form button[type=submit]");
            Assert.Contains("YYYY-MM-DD", await page.TextContentAsync("#date-error"), StringComparison.Ordinal);
            Assert.Contains("required", await page.TextContentAsync("#place-error"), StringComparison.Ordinal);
            Assert.Equal("Kept after the error.", await page.InputValueAsync("#Input_Notes"));
            Assert.True(await page.IsVisibleAsync("#error-summary"));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
