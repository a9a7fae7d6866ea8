using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Web;
using Microsoft.Playwright;

namespace Lifeline.Tests.Sources;

/// <summary>
/// A verifier on a phone (390 px wide) and on a laptop (1366 px) grades a source in Chromium: from the event's
/// sources to the grade form and back. The pages fit the screen, and screenshots are kept for a person to look at
/// (in the folder <c>LIFELINE_SCREENSHOTS</c> names, else lifeline-screenshots in the temporary folder).
/// </summary>
public sealed class SourceGradingBrowserTests
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public async Task GradeFromTheEventPage_FitsTheScreen(int width, int height)
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = server.Address.ToString(),
                ViewportSize = new ViewportSize { Width = width, Height = height },
            });
            var page = await context.NewPageAsync();
            await BrowserTests.SignIn(page, await server.AddUser(Role.Verifier));
            await page.GotoAsync(SourceGradingPageTests.Event);
            Assert.Equal("unverified", (await page.TextContentAsync("#verification"))!.Trim());
            await page.ClickAsync($"a[href^='{SourceGradingPageTests.GradePage(SourceGradingPageTests.FirstSource)}']");

            await page.FillAsync("#Input_Reason", "");
            await page.ClickAsync("#grade-form button[type=submit]");
            Assert.Contains("is required", await page.TextContentAsync("#reason-error"), StringComparison.Ordinal);
            await Keep(page, $"grade-source-errors-{width}");
            await AssertFits(page, width);

            await page.SelectOptionAsync("#Input_Reliability", "B");
            await page.SelectOptionAsync("#Input_Credibility", "2");
            await page.FillAsync("#Input_Reason", "Established outlet; matches the ICRC statement.");
            await page.ClickAsync("#grade-form button[type=submit]");
            Assert.EndsWith(SourceGradingPageTests.Event, page.Url, StringComparison.Ordinal);
            Assert.Contains("B2", await page.TextContentAsync("#sources"), StringComparison.Ordinal);

            await page.GotoAsync(SourceGradingPageTests.GradePage(SourceGradingPageTests.SecondSource));
            await page.SelectOptionAsync("#Input_Reliability", "C");
            await page.SelectOptionAsync("#Input_Credibility", "3");
            await page.FillAsync("#Input_Reason", "RFE/RL, on the spot.");
            await page.ClickAsync("#grade-form button[type=submit]");
            Assert.Contains("/situations/lachin-2022/sources", page.Url, StringComparison.Ordinal);
            await Keep(page, $"sources-list-{width}", fullPage: false);
            await AssertFits(page, width);

            await page.GotoAsync(SourceGradingPageTests.Event);
            Assert.Equal("corroborated", (await page.TextContentAsync("#verification"))!.Trim());
            await Keep(page, $"event-corroborated-{width}");
            await AssertFits(page, width);

            // The lists show the state and why, too (kept for a person to look at; their calendars and tables are wider).
            await page.GotoAsync("/situations/lachin-2022/events?to=2022-12-12");
            Assert.Contains("2 independent sources graded A–C / 1–3", await page.TextContentAsync("#events tr[data-event='2022-12-12-blockade-begins']"), StringComparison.Ordinal);
            await Keep(page, $"events-list-{width}", fullPage: false);
            await page.GotoAsync("/?date=2022-12-12");
            await Keep(page, $"dashboard-{width}");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    /// <summary>Nothing but a table may be wider than the screen: the page itself never scrolls sideways.</summary>
    private static async Task AssertFits(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var widest = scrollWidth <= width ? "" : await page.EvaluateAsync<string>(
            "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w && !e.closest('.table-scroll'))"
            + ".slice(0, 3).map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')).join(', ')", width);
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide on a {width} px screen: {widest}");
    }

    private static Task Keep(IPage page, string name, bool fullPage = true) => Screenshots.Keep(page, name, fullPage);
}
