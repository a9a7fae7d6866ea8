using Lifeline.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Lifeline.Tests.Web;

/// <summary>
/// The dashboard's map in Chromium on a phone and on a laptop: it fits the screen (the page never scrolls sideways),
/// its labels as the browser lays them out overlap none of each other, and on the phone they are still large enough to
/// read. Screenshots are kept for a person to look at.
/// </summary>
public sealed class MapBrowserTests : IAsyncLifetime
{
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    /// <summary>Pairs of labels (place names, country names, route tags) whose boxes on the screen overlap by more than a pixel.</summary>
    private const string OverlappingLabels = """
        () => {
          const boxes = [...document.querySelectorAll('#map svg text[data-label], #map svg text[font-style=italic], #map svg text[data-route-tag]')]
            .map(e => ({ name: e.textContent, r: e.getBoundingClientRect() }));
          const pairs = [];
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i].r, b = boxes[j].r;
              const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
              const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
              if (w > 1 && h > 1) pairs.push(boxes[i].name + ' / ' + boxes[j].name);
            }
          return pairs;
        }
        """;

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task Dashboard_Map_FitsTheScreen_WithReadableLabelsThatDoNotOverlap(int width, int height)
    {
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions
            {
                BaseURL = server.Address.ToString(),
                ViewportSize = new ViewportSize { Width = width, Height = height },
            });
            foreach (var date in new[] { "2023-07-25", "2023-06-20" })
            {
                await page.GotoAsync($"/situations/lachin-2022?date={date}");
                var map = page.Locator("#map > svg");
                Assert.True(await map.IsVisibleAsync());
                Assert.Equal(width, await page.EvaluateAsync<int>("() => document.documentElement.clientWidth"));
                Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width, "the page scrolls sideways");
                var box = (await map.BoundingBoxAsync())!;
                Assert.True(box.X >= 0 && box.X + box.Width <= width, $"the map spans {box.X}–{box.X + box.Width} px of {width}");
                Assert.True(box.Width >= Math.Min(width - 40, 300), $"the map is only {box.Width} px wide");

                var overlaps = await page.EvaluateAsync<string[]>(OverlappingLabels);
                Assert.True(overlaps.Length == 0, $"{date} at {width} px: {string.Join("; ", overlaps)}");
                var labels = await page.Locator("#map svg text[data-label]").CountAsync();
                Assert.True(labels >= 8, $"only {labels} places labelled");
                // Readable: the smallest place label is drawn at least 10 px tall.
                var smallest = await page.EvaluateAsync<double>("() => Math.min(...[...document.querySelectorAll('#map svg text[data-label]')].map(e => e.getBoundingClientRect().height))");
                Assert.True(smallest >= 10, $"labels are {smallest:0.#} px tall at {width} px");

                await page.Locator("#map").ScrollIntoViewIfNeededAsync();
                await Screenshots.Keep(page, $"map-{date}-{width}", fullPage: false);
                await page.Locator("#map").ScreenshotAsync(new LocatorScreenshotOptions
                {
                    Path = Path.Combine(Environment.GetEnvironmentVariable("LIFELINE_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "lifeline-screenshots"), $"map-{date}-{width}-figure.png"),
                });
            }
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
