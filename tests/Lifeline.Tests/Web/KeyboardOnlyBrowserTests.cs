using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Lifeline.Tests.Web;

/// <summary>
/// Recording an event with the keyboard alone, as a person who cannot use a mouse or a touch screen would: Tab from
/// the top of the page to each field in turn, type or choose with the arrow keys, tick with the space bar, send with
/// Enter. Every field must be reachable in the order the page shows it, and the event must be stored.
/// </summary>
public sealed class KeyboardOnlyBrowserTests
{
    [Fact]
    public async Task RecordingAnEvent_WithTheKeyboardAlone_StoresIt()
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.Address.ToString() });
            page.SetDefaultTimeout(60_000);
            await BrowserTests.SignIn(page, await server.AddUser(Role.Reporter));
            await page.GotoAsync("/situations/lachin-2022/events/new");

            await TabTo(page, "Input_Date");
            await page.Keyboard.TypeAsync("2023-03-02");
            await TabTo(page, "Input_Type");
            await ChooseWithArrows(page, "corridor-closed");
            await TabTo(page, "Input_UntilFurtherNotice");
            await page.Keyboard.PressAsync("Space");
            Assert.True(await page.IsCheckedAsync("#Input_UntilFurtherNotice"));
            await TabTo(page, "Input_Place");
            await ChooseWithArrows(page, "hakari-bridge");
            await TabTo(page, "Input_Notes");
            await page.Keyboard.TypeAsync("Recorded with the keyboard alone.");
            await TabTo(page, "Input_Sources");
            await page.Keyboard.TypeAsync("news-am-775042");
            await TabTo(page, "record-event");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/situations/lachin-2022/events/e-"));
            Assert.Contains("Recorded with the keyboard alone.", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    /// <summary>Presses Tab (or Shift+Tab, once past it) until the field has the focus; fails if it is never reached.</summary>
    private static async Task TabTo(IPage page, string id)
    {
        for (var presses = 0; presses < 120; presses++)
        {
            if (await page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.id") == id)
            {
                return;
            }
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"#{id} was never reached with the Tab key");
    }

    /// <summary>Moves through a list's choices with the arrow keys until the wanted one is chosen.</summary>
    private static async Task ChooseWithArrows(IPage page, string value)
    {
        for (var presses = 0; presses < 300; presses++)
        {
            if (await page.EvaluateAsync<string>("() => document.activeElement.value") == value)
            {
                return;
            }
            await page.Keyboard.PressAsync("ArrowDown");
        }
        Assert.Fail($"'{value}' could not be chosen with the arrow keys");
    }
}
