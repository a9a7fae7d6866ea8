using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Lifeline.Tests.Web;

/// <summary>
/// Script and HTML typed into every text field come back as text: nothing runs, and the words show as written.
/// </summary>
public sealed class XssBrowserTests
{
    private const string Payload = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=1\">\"'><svg onload=window.__xss=1>";

    [Fact]
    public async Task EveryTextField_ShowsScriptAsText()
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.Address.ToString() });
            var dialogs = 0;
            page.Dialog += async (_, dialog) =>
            {
                dialogs++;
                await dialog.DismissAsync();
            };
            await BrowserTests.SignIn(page, await server.AddUser(Role.Reporter, Role.Verifier, Role.Publisher));

            await page.GotoAsync("/situations/lachin-2022/events/new");
            await page.FillAsync("#Input_Date", "2023-05-04");
            await page.SelectOptionAsync("#Input_Type", "statement");
            await page.SelectOptionAsync("#Input_Place", "goris");
            await page.FillAsync("#Input_Time", Payload);
            await page.FillAsync("#Input_Notes", Payload);
            await page.FillAsync("#Input_NewSourcePublisher", Payload);
            await page.FillAsync("#Input_NewSourceUrl", "https://example.org/?q=" + Uri.EscapeDataString(Payload));
            await page.FillAsync("#Input_NewSourceTitle", Payload);
            await page.FillAsync("#Input_Fatalities", Payload);
            // Deaths are refused with a message that repeats what was typed: that echo must be text too. The time is
            // longer than any time may be, so its length is refused first, without repeating it.
            await page.ClickAsync("#event-form button[type=submit]");
            Assert.Contains("at most 64", await page.TextContentAsync("#time-error"), StringComparison.Ordinal);
            Assert.Contains(Payload, await page.TextContentAsync("#fatalities-error"), StringComparison.Ordinal);
            await NothingRan(page);

            await page.FillAsync("#Input_Time", "");
            await page.FillAsync("#Input_Fatalities", "");
            await page.ClickAsync("#event-form button[type=submit]");
            Assert.Equal(Payload, (await page.TextContentAsync("#notes"))!.Trim());
            Assert.Contains(Payload, await page.TextContentAsync("#sources"), StringComparison.Ordinal);
            await NothingRan(page);
            var eventUrl = page.Url;

            await page.SelectOptionAsync("#Verdict", "verified");
            await page.FillAsync("#ReviewNote", Payload);
            await page.ClickAsync("#review-form button[type=submit]");
            Assert.Contains(Payload, await page.TextContentAsync("#reviews"), StringComparison.Ordinal);
            await page.FillAsync("#PublishNote", Payload);
            await page.ClickAsync("#publish-form button[type=submit]");
            Assert.Contains(Payload, await page.TextContentAsync("#versions"), StringComparison.Ordinal);
            await NothingRan(page);

            foreach (var path in new[] { "/situations/lachin-2022?date=2023-05-04", "/situations/lachin-2022/events?q=window" })
            {
                await page.GotoAsync(path);
                Assert.Contains(Payload, await page.InnerTextAsync("main"), StringComparison.Ordinal);
                await NothingRan(page);
            }

            await page.GotoAsync("/situations/lachin-2022/events?q=" + Uri.EscapeDataString(Payload));
            Assert.Equal(Payload, await page.InputValueAsync("#q"));
            await NothingRan(page);

            await page.GotoAsync("/account/tokens");
            await page.FillAsync("#Name", Payload);
            await page.ClickAsync("#token-form button[type=submit]");
            Assert.Contains(Payload, await page.TextContentAsync("#tokens"), StringComparison.Ordinal);
            await NothingRan(page);

            await page.GotoAsync(eventUrl);
            await NothingRan(page);
            Assert.Equal(0, dialogs);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task NothingRan(IPage page) =>
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
}
