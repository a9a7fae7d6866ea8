using Lifeline.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Lifeline.Tests.Situations;

/// <summary>
/// The dashboard in Chromium, on a phone and on a laptop: a route nothing is known of yet shows a neutral
/// "unknown" badge, and the day-by-day calendar has its row. The screenshots are kept for a person to look at.
/// </summary>
public sealed class StatusTruthBrowserTests : IAsyncLifetime
{
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    /// <summary>Where the screenshots go: <c>LIFELINE_SCREENSHOTS</c>, or a folder under the system's temporary folder.</summary>
    private static string ScreenshotFolder()
    {
        var folder = Environment.GetEnvironmentVariable("LIFELINE_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "lifeline-screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task Dashboard_UnknownRoute_ShowsANeutralBadgeAndItsCalendarRow(int width, int height)
    {
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions
            {
                BaseURL = server.Address.ToString(),
                ViewportSize = new ViewportSize { Width = width, Height = height },
            });
            await page.GotoAsync("/?date=2023-03-21");
            var badge = page.Locator("span.badge[data-route='aghdam-road']");
            Assert.Equal("unknown", (await badge.TextContentAsync())!.Trim());
            Assert.True(await badge.IsVisibleAsync());
            // Neutral: not the green of "open" nor the red of "closed".
            Assert.Equal("rgb(236, 239, 241)", await badge.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
            Assert.Equal("unknown", await page.Locator("tr[data-route='aghdam-road'] td[data-date='2023-03-01']").GetAttributeAsync("data-corridor"));
            await badge.ScrollIntoViewIfNeededAsync();
            var file = Path.Combine(ScreenshotFolder(), $"dashboard-unknown-{width}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            Assert.True(new FileInfo(file).Length > 10_000);
            // The status cards, and the first month of the calendar with its route rows, as they appear on the screen.
            await page.Locator("#status").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreenshotFolder(), $"dashboard-unknown-{width}-status.png") });
            await page.Locator("#calendar table.month[data-month='2023-03']").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreenshotFolder(), $"dashboard-unknown-{width}-march.png") });
            TestContext.Current.SendDiagnosticMessage($"Screenshot: {file}");

            // The day's status fits the screen, each card whole; the calendar scrolls sideways inside its own box.
            var wider = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('#day-counter, #status, #status *, #calendar')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))");
            Assert.True(wider.Length == 0, $"wider than {width} px: {string.Join(", ", wider)}");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
