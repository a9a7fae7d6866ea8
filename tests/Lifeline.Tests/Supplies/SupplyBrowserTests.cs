using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Web;

namespace Lifeline.Tests.Supplies;

/// <summary>A coordinator in a real browser: records a stock count through the form, then reads its runway on the dashboard.</summary>
public sealed class SupplyBrowserTests
{
    [Fact]
    public async Task RecordAStockCount_ThenTheDashboardDrawsItsRunway()
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var context = await browser.NewContextAsync(new Microsoft.Playwright.BrowserNewContextOptions { BaseURL = server.Address.ToString() });
            var page = await context.NewPageAsync();
            // No CSP violation and no failed resource on the way (the browser's own favicon request aside).
            var problems = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                {
                    problems.Add(message.Text);
                }
            };
            page.Response += (_, response) =>
            {
                if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
                {
                    problems.Add($"{response.Status} {response.Url}");
                }
            };
            await BrowserTests.SignIn(page, await server.AddUser(Role.Reporter));

            await page.GotoAsync("/situations/lachin-2022/supplies");
            await page.ClickAsync("text=Record an observation");
            await page.SelectOptionAsync("#Input_Kind", "stock");
            await page.FillAsync("#Input_Date", "2023-09-20");
            await page.SelectOptionAsync("#Input_Commodity", "cereal");
            await page.FillAsync("#Input_Low", "300");
            await page.FillAsync("#Input_Amount", "400");
            await page.FillAsync("#Input_High", "600");
            await page.SelectOptionAsync("#Input_Unit", "t");
            await page.FillAsync("#Input_Location", "Stepanakert");
            await page.SelectOptionAsync("#Input_Sources", SupplyApiTests.KnownSource);
            await page.ClickAsync("#observation-form button[type=submit]");

            Assert.Contains("/situations/lachin-2022/supplies/observations/o-", page.Url, StringComparison.Ordinal);
            Assert.Contains("400 (from 300 to 600) t", await page.TextContentAsync("#figure"), StringComparison.Ordinal);

            await page.GotoAsync("/situations/lachin-2022/supplies?date=2023-09-24");
            var chart = page.Locator("#runway-chart");
            Assert.True(await chart.IsVisibleAsync());
            Assert.True((await chart.BoundingBoxAsync())!.Height > 50);
            Assert.True(await page.Locator("#deliveries-chart").IsVisibleAsync());
            Assert.Contains("Cereal", await page.TextContentAsync("#commodities tr[data-commodity='cereal']"), StringComparison.Ordinal);
            Assert.Empty(problems);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
