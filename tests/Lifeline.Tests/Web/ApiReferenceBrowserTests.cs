using Lifeline.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Lifeline.Tests.Web;

/// <summary>
/// The API reference at /api in a real browser: it asks nothing of any other host (a visitor's address goes to no
/// third party, and it works offline), runs no script, shows no vendor's buttons, and leads back to Lifeline.
/// </summary>
public sealed class ApiReferenceBrowserTests
{
    [Fact]
    public async Task ApiReference_LoadsOnlyFromTheServer_AndDescribesTheApi()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.Address.ToString() });
            var requested = new List<string>();
            var problems = new List<string>();
            page.Request += (_, request) => requested.Add(request.Url);
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                {
                    problems.Add(message.Text);
                }
            };
            var response = await page.GotoAsync("/api", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.Equal(200, response!.Status);

            var elsewhere = requested.Where(url => new Uri(url) is var uri && (uri.Host != server.Address.Host || uri.Port != server.Address.Port)).ToList();
            Assert.True(elsewhere.Count == 0, $"requests to other hosts: {string.Join(", ", elsewhere)}");
            Assert.Empty(problems);
            Assert.Equal(0, await page.Locator("script").CountAsync());

            var controls = string.Join("\n", await page.Locator("button, a, [role=button]").AllInnerTextsAsync());
            foreach (var vendor in new[] { "Ask AI", "Deploy", "Generate SDK" })
            {
                Assert.DoesNotContain(vendor, controls, StringComparison.OrdinalIgnoreCase);
            }
            Assert.DoesNotContain("scalar", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
            Assert.True(await page.Locator("main a[href='/']").CountAsync() > 0, "no link back to Lifeline");
            Assert.Equal("/openapi/v1.json", await page.GetAttributeAsync("#openapi-document", "href"));
            Assert.Contains("/api/v1/situations/{situationId}/events", await page.ContentAsync(), StringComparison.Ordinal);
            // The first page lists every operation in a line; each part's page describes its operations in full.
            var listed = await page.Locator("ul.api-list li").CountAsync();
            Assert.True(listed > 40, $"{listed} operations listed");
            var parts = await page.Locator("nav.api-toc a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            var described = 0;
            foreach (var part in parts)
            {
                Assert.Equal(200, (await page.GotoAsync(part))!.Status);
                described += await page.Locator("details.api-operation").CountAsync();
                Assert.True(await page.Locator("main a[href='/api']").CountAsync() > 0, $"{part} has no way back to the list");
            }
            Assert.Equal(listed, described);
            Assert.Equal(404, (await page.GotoAsync("/api?part=no-such-part"))!.Status);
            Assert.Contains("no-such-part", await page.Locator("#part-error").InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
