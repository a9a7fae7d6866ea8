using Microsoft.Playwright;

namespace Lifeline.Tests.Infrastructure;

/// <summary>
/// Screenshots kept for a person to look at, in the folder <c>LIFELINE_SCREENSHOTS</c> names (else
/// lifeline-screenshots in the temporary folder): how a page looks on a phone and on a laptop is judged by eye.
/// </summary>
internal static class Screenshots
{
    public static async Task Keep(IPage page, string name, bool fullPage = true)
    {
        var folder = Environment.GetEnvironmentVariable("LIFELINE_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "lifeline-screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = fullPage });
    }
}
