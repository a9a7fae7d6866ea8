using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Web;

namespace Lifeline.Tests.Airlift;

/// <summary>A planner in a real browser, JavaScript off: changes the fleet, plans, then compares with a second plan.</summary>
public sealed class AirliftBrowserTests
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public async Task LachinPlan_SaysWhatItsChartShows_OnAPhoneAndALaptop(int width, int height)
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var context = await browser.NewContextAsync(new Microsoft.Playwright.BrowserNewContextOptions
            {
                BaseURL = server.Address.ToString(),
                JavaScriptEnabled = false,
                ViewportSize = new Microsoft.Playwright.ViewportSize { Width = width, Height = height },
            });
            var page = await context.NewPageAsync();
            await BrowserTests.SignIn(page, await server.AddUser(Role.Viewer));

            await page.GotoAsync("/airlift");
            Assert.Equal("Stepanakert", await page.InputValueAsync("input[name='Input.Airports[1].Name']"));
            await Screenshots.Keep(page, $"airlift-form-{width}", fullPage: false);
            await page.ClickAsync("#plan");

            Assert.True(await page.IsVisibleAsync("#plan-summary"));
            Assert.StartsWith("Demand is", (await page.TextContentAsync("#plan-summary"))!.Trim(), StringComparison.Ordinal);
            Assert.Contains("Yerevan Zvartnots (UDYZ)", await page.TextContentAsync("#airport-use"), StringComparison.Ordinal);
            await Screenshots.Keep(page, $"airlift-plan-{width}");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task PlanThroughThePage_ThenChangeTheFleetAndCompare()
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var context = await browser.NewContextAsync(new Microsoft.Playwright.BrowserNewContextOptions { BaseURL = server.Address.ToString(), JavaScriptEnabled = false });
            var page = await context.NewPageAsync();
            await BrowserTests.SignIn(page, await server.AddUser(Role.Viewer));

            await page.GotoAsync("/airlift");
            Assert.Equal("UBBS", await page.InputValueAsync("input[name='Input.Airports[1].Code']"));
            await page.ClickAsync("#plan");

            Assert.EndsWith("/airlift/plan", page.Url, StringComparison.Ordinal);
            Assert.Equal("proven optimal", (await page.TextContentAsync("#optimality .badge"))!.Trim());
            Assert.Equal(2, await page.Locator("svg.chart").CountAsync());
            Assert.Equal("0 t", (await page.TextContentAsync("#shortfall"))!.Trim());

            // No Il-76 any more: the C-130s and helicopters must carry it all.
            await page.FillAsync("input[name='Input.Aircraft[1].Available']", "0");
            await page.ClickAsync("#plan-compare");

            var comparison = await page.TextContentAsync("#comparison");
            Assert.Contains("Il-76 used", comparison, StringComparison.Ordinal);
            Assert.Equal("0", (await page.TextContentAsync("#aircraft-use tbody tr:nth-child(2) td:nth-child(2)"))!.Trim());
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
