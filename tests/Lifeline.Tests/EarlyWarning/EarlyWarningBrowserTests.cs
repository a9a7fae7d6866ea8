using System.Text.Json;
using Lifeline.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Lifeline.Tests.EarlyWarning;

/// <summary>The risk page in Chromium at a phone's width and a laptop's: the chart fits, reads and keeps its labels apart.</summary>
public sealed class EarlyWarningBrowserTests
{
    private const string Boxes = """
        () => {
          const svg = [...document.querySelectorAll('figure.risk-chart svg')].find(s => s.getBoundingClientRect().width > 0);
          const texts = [...svg.querySelectorAll('text')].map(t => {
            const r = t.getBoundingClientRect();
            return { text: t.textContent, x: r.x, y: r.y, w: r.width, h: r.height };
          });
          const overlaps = [];
          for (let i = 0; i < texts.length; i++)
            for (let j = i + 1; j < texts.length; j++) {
              const a = texts[i], b = texts[j];
              if (a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5) overlaps.push(a.text + ' / ' + b.text);
            }
          const frame = svg.getBoundingClientRect();
          return {
            outside: texts.filter(t => t.x < frame.x - 0.5 || t.x + t.w > frame.x + frame.width + 0.5).map(t => t.text),
            layout: svg.getAttribute('class'),
            chartWidth: svg.getBoundingClientRect().width,
            smallest: Math.min(...texts.map(t => t.h)),
            overlaps,
            pageWidth: document.documentElement.scrollWidth,
            headline: document.querySelector('#latest-level').textContent.replace(/\s+/g, ' '),
            drivers: document.querySelectorAll('#drivers li').length,
          };
        }
        """;

    [Theory]
    [InlineData(390, 844, "chart chart-narrow")]
    [InlineData(1366, 768, "chart chart-wide")]
    public async Task RiskPage_ChartFitsTheScreen_ReadsAndKeepsItsLabelsApart(int width, int height, string layout)
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
            await page.GotoAsync("/situations/lachin-2022/risk");
            if (Environment.GetEnvironmentVariable("LIFELINE_SCREENSHOTS") is { Length: > 0 } folder)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"risk-{width}.png") });
                await page.Locator("figure.risk-chart").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, $"risk-chart-{width}.png") });
            }

            var found = JsonDocument.Parse((await page.EvaluateAsync<JsonElement>(Boxes)).GetRawText()).RootElement;

            Assert.Equal(layout, found.GetProperty("layout").GetString());
            Assert.True(found.GetProperty("pageWidth").GetDouble() <= width, $"the page is {found.GetProperty("pageWidth")} px wide on a {width} px screen");
            Assert.True(found.GetProperty("chartWidth").GetDouble() <= width);
            Assert.True(found.GetProperty("smallest").GetDouble() >= 10, $"the smallest chart text is {found.GetProperty("smallest")} px high");
            Assert.Equal("[]", found.GetProperty("overlaps").GetRawText());
            Assert.Equal("[]", found.GetProperty("outside").GetRawText());
            Assert.Matches("level [1-5] .*(rising|steady|falling) over 30 days", found.GetProperty("headline").GetString()!);
            Assert.Equal(3, found.GetProperty("drivers").GetInt32());
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
