using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Lifeline.Tests.Web;

/// <summary>
/// The language switcher in Chromium, on a phone and a laptop: a reader changes language with the links in the page's
/// header, stays on the page they were on, and the longer Armenian and Russian words never make a page scroll sideways.
/// </summary>
public sealed class LanguageBrowserTests
{
    private const string Dashboard = "/situations/lachin-2022?date=2023-03-21";

    private static async Task SwitchTo(IPage page, string language, string expectedPath)
    {
        await page.ClickAsync($"#languages a[data-language={language}]");
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(expectedPath, new Uri(page.Url).PathAndQuery);
        Assert.Equal(1, await page.Locator($"#languages [lang={language}][aria-current=true]").CountAsync());
    }

    private static async Task Fits(IPage page, int width, string name)
    {
        await Screenshots.Keep(page, $"{name}-{width}");
        var pageWidth = await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth");
        Assert.True(pageWidth <= width, $"{name}: {page.Url} is {pageWidth} px wide on a {width} px screen");
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task SwitchingLanguage_KeepsThePage_AndNothingScrollsSideways(int width, int height)
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        try
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = server.Address.ToString(),
                ViewportSize = new ViewportSize { Width = width, Height = height },
                Locale = "en-GB",
            });
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(60_000);
            await page.GotoAsync(Dashboard);
            Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
            Assert.Contains("Day 100 of the blockade", await page.InnerTextAsync("#day-counter"), StringComparison.Ordinal);

            await SwitchTo(page, "hy", Dashboard);
            Assert.Contains("Շրջափակման 100-րդ օրը", await page.InnerTextAsync("#day-counter"), StringComparison.Ordinal);
            await Fits(page, width, "language-dashboard-hy");
            await SwitchTo(page, "ru", Dashboard);
            Assert.Contains("100-й день блокады", await page.InnerTextAsync("#day-counter"), StringComparison.Ordinal);
            await Fits(page, width, "language-dashboard-ru");
            await page.GotoAsync("/situations/lachin-2022/events");
            Assert.Equal("События", await page.InnerTextAsync("h1"));
            await Fits(page, width, "language-events-ru");

            // Signed in as a reporter: the choice stays, and the forms follow it.
            await BrowserTests.SignIn(page, await server.AddUser(Role.Reporter));
            await page.GotoAsync("/situations/lachin-2022/events/new");
            Assert.Equal("Записать событие", await page.InnerTextAsync("h1"));
            await Fits(page, width, "language-event-form-ru");
            await SwitchTo(page, "hy", "/situations/lachin-2022/events/new");
            Assert.Equal("Գրանցել իրադարձություն", await page.InnerTextAsync("h1"));
            await Fits(page, width, "language-event-form-hy");
            await page.ClickAsync("#record-event");
            Assert.Contains("պարտադիր է", await page.InnerTextAsync("#place-error"), StringComparison.Ordinal);
            await Fits(page, width, "language-event-form-errors-hy");
            await page.GotoAsync("/situations/lachin-2022/supplies/observations/new");
            Assert.Equal("Գրանցել մատակարարման դիտարկում", await page.InnerTextAsync("h1"));
            await Fits(page, width, "language-observation-form-hy");
            await page.GotoAsync("/situations/lachin-2022");
            await Fits(page, width, "language-dashboard-today-hy");
            await SwitchTo(page, "en", "/situations/lachin-2022");
            Assert.Equal("Record an event", await page.InnerTextAsync("#site-nav a[href$='/events/new']"));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
