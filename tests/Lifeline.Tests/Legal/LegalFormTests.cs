using System.Net;
using Lifeline.Core.Access;
using Lifeline.Legal;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lifeline.Tests.Legal;

/// <summary>The forms that write the legal record, in Chromium: each error beside its field, the values re-shown, nothing stored; then recorded.</summary>
public sealed class LegalFormTests
{
    private const string Legal = "/situations/lachin-2022/legal";

    private static async Task<int> Versions(LifelineServer server)
    {
        using var scope = server.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<LifelineDbContext>().Set<LegalRecordVersionRow>().CountAsync(TestContext.Current.CancellationToken);
    }

    private static async Task Shot(IPage page, string name, int width)
    {
        if (Environment.GetEnvironmentVariable("LIFELINE_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
        }
        var pageWidth = await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth");
        Assert.True(pageWidth <= width, $"{page.Url} is {pageWidth} px wide on a {width} px screen");
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task Forms_ErrorsBesideTheirFields_ValuesKept_NothingStored_ThenRecorded(int width, int height)
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
            await BrowserTests.SignIn(page, await server.AddUser(Role.Analyst));
            await page.GotoAsync(Legal);
            Assert.Equal(3, await page.Locator("#legal-forms a[href$='/new']").CountAsync());
            var before = await Versions(server);

            // A proceeding with no source.
            await page.GotoAsync($"{Legal}/proceedings/new");
            await Shot(page, "legal-proceeding-form", width);
            await page.SelectOptionAsync("#Input_Body", "icj");
            await page.FillAsync("#Input_Name", "A test proceeding");
            await page.FillAsync("#Input_Opened", "2023-01-10");
            await page.ClickAsync("#proceeding-form button[type=submit]");
            await page.WaitForSelectorAsync("#error-summary");
            Assert.Contains("at least one source is required", await page.InnerTextAsync("#sources-error"), StringComparison.Ordinal);
            Assert.Equal("A test proceeding", await page.InputValueAsync("#Input_Name"));
            Assert.Equal("icj", await page.InputValueAsync("#Input_Body"));

            // A step dated before its proceeding was opened.
            await page.GotoAsync($"{Legal}/steps/new");
            await page.SelectOptionAsync("#Input_Proceeding", "icj-cerd-armenia-v-azerbaijan");
            await page.FillAsync("#Input_Date", "2021-09-15");
            await page.SelectOptionAsync("#Input_Kind", "hearing");
            await page.FillAsync("#Input_Decision", "Heard the parties.");
            await page.FillAsync("#Input_Sources", "news-am-734702");
            await page.ClickAsync("#step-form button[type=submit]");
            await page.WaitForSelectorAsync("#error-summary");
            await Shot(page, "legal-step-form-error", width);
            Assert.Contains("before its proceeding 'icj-cerd-armenia-v-azerbaijan' was opened", await page.InnerTextAsync("#date-error"), StringComparison.Ordinal);
            Assert.Equal("Heard the parties.", await page.InputValueAsync("#Input_Decision"));

            // An obligation whose rule has an unknown term; then corrected and recorded.
            await page.GotoAsync($"{Legal}/obligations/new");
            await page.SelectOptionAsync("#Input_Step", "icj-2023-02-22-order");
            await page.FillAsync("#Input_Bearer", "Azerbaijan");
            await page.FillAsync("#Input_From", "2023-02-22");
            await page.FillAsync("#Input_Text", "Keep the road free.");
            await page.FillAsync("#Input_Rule", "road-free(lachin-corridor)");
            await page.FillAsync("#Input_Sources", "news-am-734702");
            var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#obligation-form button[type=submit]"),
                r => r.Request.Method == "POST" && r.Url.EndsWith("/legal/obligations/new", StringComparison.Ordinal));
            Assert.Equal((int)HttpStatusCode.UnprocessableEntity, refused.Status);
            await page.WaitForSelectorAsync("#error-summary");
            await Shot(page, "legal-obligation-form-error", width);
            Assert.Contains("unknown term 'road-free'", await page.InnerTextAsync("#rule-error"), StringComparison.Ordinal);
            Assert.Equal("road-free(lachin-corridor)", await page.InputValueAsync("#Input_Rule"));
            Assert.Equal("Keep the road free.", await page.InputValueAsync("#Input_Text"));
            Assert.Equal(before, await Versions(server));

            await page.FillAsync("#Input_Rule", "route-open(lachin-corridor)");
            await page.ClickAsync("#obligation-form button[type=submit]");
            await page.WaitForURLAsync("**/legal/obligations/icj-2023-02-22-order-azerbaijan");
            Assert.Contains("Keep the road free.", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            Assert.Equal(before + 1, await Versions(server));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
