using Microsoft.Playwright;

namespace Lifeline.Tests.Infrastructure;

/// <summary>
/// Screenshots kept for a person to look at, in the folder <c>LIFELINE_SCREENSHOTS</c> names (else
/// lifeline-screenshots in the temporary folder): how a page looks on a phone and on a laptop is judged by eye.
/// </summary>
internal static class Screenshots
{
    /// <summary>
    /// Keeps a screenshot of the page. Chromium under heavy load sometimes answers "Unable to capture screenshot" to a
    /// full-page capture (a protocol time-out, not a fault of the page): the capture is tried again, then the visible
    /// part alone is kept, so that a busy machine does not fail a test whose assertions are elsewhere.
    /// </summary>
    public static async Task Keep(IPage page, string name, bool fullPage = true)
    {
        var folder = Environment.GetEnvironmentVariable("LIFELINE_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "lifeline-screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage && attempt < 3 });
                return;
            }
            catch (PlaywrightException e) when (attempt < 3 && e.Message.Contains("Unable to capture screenshot", StringComparison.Ordinal))
            {
                await Task.Delay(500 * attempt);
            }
        }
    }
}
