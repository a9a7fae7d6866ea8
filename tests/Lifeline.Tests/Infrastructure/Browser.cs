using Microsoft.Playwright;

namespace Lifeline.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright cannot download its own browser here, so it is pointed
/// at the system one; as root Chromium needs --no-sandbox.
/// </summary>
internal static class Browser
{
    public static string? ExecutablePath()
    {
        var configured = Environment.GetEnvironmentVariable("LIFELINE_CHROMIUM");
        string[] candidates = configured is null ? ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"] : [configured];
        return candidates.FirstOrDefault(File.Exists);
    }

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> Launch()
    {
        var path = ExecutablePath();
        TestEnvironment.Require(path is not null, "Chromium",
            "Install Debian's chromium (`sudo apt-get install chromium`) or set LIFELINE_CHROMIUM to a Chromium executable.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
