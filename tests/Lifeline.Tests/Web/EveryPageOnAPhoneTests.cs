using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Lifeline.Tests.Web;

/// <summary>
/// Every page, opened in Chromium as a person on a phone would open it (390 px wide) and as the public, an
/// administrator, a reporter, a verifier and a caseworker see it: the page never scrolls sideways (a wide table may
/// scroll inside its own box), it weighs under 100 KB (the page itself under 100 KB raw and 30 KB as sent compressed),
/// and axe-core finds no serious or critical accessibility fault. The pages are read from the server's routes, as in the every-form test, so a new
/// page is checked without anyone adding it.
/// </summary>
public sealed class EveryPageOnAPhoneTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The phone width the issue names; the narrowest common phone, 320 px, is checked for sideways scrolling below.</summary>
    private const int PhoneWidth = 390;
    private const int NarrowestPhone = 320;
    private const int RawLimit = 100 * 1024;
    private const int CompressedLimit = 30 * 1024;
    private const int TransferredLimit = 100 * 1024;

    [Fact]
    public async Task EveryPage_AtPhoneWidth_FitsWeighsLittleAndHasNoSeriousAccessibilityFault() =>
        await WalkEveryPage([null, Role.Admin], minimumPages: 40);

    /// <summary>
    /// The same walk as the people who work inside a situation see it: a reporter, a verifier and a caseworker get
    /// their own forms, lists and refusals, which neither the public nor an administrator sees.
    /// </summary>
    [Fact]
    public async Task EveryPage_AsAReporterVerifierAndCaseworkerSeeIt_FitsWeighsLittleAndHasNoSeriousAccessibilityFault() =>
        await WalkEveryPage([Role.Reporter, Role.Verifier, Role.Caseworker], minimumPages: 30);

    /// <summary>
    /// Opens every page at <see cref="PhoneWidth"/> as each of <paramref name="roles"/> (null: the public) and fails
    /// naming each page that scrolls sideways, weighs too much or has a serious or critical axe-core finding.
    /// </summary>
    private static async Task WalkEveryPage(Role?[] roles, int minimumPages)
    {
        await using var server = await LifelineServer.Start();
        var routes = EveryFormBrowserTests.RouteValues(await EveryFormBrowserTests.Prepare(server));
        var paths = EveryFormBrowserTests.PagePaths(server.Services, routes);
        // The API reference's parts are pages of their own, reached from /api.
        var reference = await server.Client.GetStringAsync("/api", Cancel);
        paths.AddRange(System.Text.RegularExpressions.Regex.Matches(reference, "href=\"(/api\\?part=[a-z-]+)\"").Select(m => m.Groups[1].Value).Distinct());
        var (playwright, browser) = await Browser.Launch();
        var failures = new List<string>();
        var checkedPages = 0;
        try
        {
            foreach (var role in roles)
            {
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
                {
                    BaseURL = server.Address.ToString(),
                    ViewportSize = new ViewportSize { Width = PhoneWidth, Height = 844 },
                    ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Encoding"] = "br, gzip" },
                });
                var page = await context.NewPageAsync();
                page.SetDefaultTimeout(60_000);
                var who = role is { } r ? r.ToString() : "anonymous";
                if (role is { } signedIn)
                {
                    await BrowserTests.SignIn(page, await server.AddUser(signedIn));
                }
                foreach (var path in paths.Where(p => p != "/account/sign-in" || role is null))
                {
                    var responses = new List<IResponse>();
                    void Keep(object? sender, IResponse response) => responses.Add(response);
                    page.Response += Keep;
                    var opened = await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
                    page.Response -= Keep;
                    if (opened is null || opened.Status == 404 || EveryFormBrowserTests.Refused(page.Url) && (role is null || new Uri(page.Url).AbsolutePath != "/account/sign-in"))
                    {
                        continue;
                    }
                    if (opened.Status >= 400)
                    {
                        continue;
                    }
                    checkedPages++;
                    var where = $"{who} {path}";
                    var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                    if (width > PhoneWidth)
                    {
                        var widest = await page.EvaluateAsync<string>(WidestElement, PhoneWidth);
                        failures.Add($"{where}: {width} px wide at {PhoneWidth} px ({widest})");
                    }
                    var raw = (await opened.BodyAsync()).Length;
                    var sent = (await opened.Request.SizesAsync()).ResponseBodySize;
                    var transferred = 0L;
                    foreach (var response in responses)
                    {
                        transferred += Math.Max(0, (await response.Request.SizesAsync()).ResponseBodySize);
                    }
                    if (raw > RawLimit || sent > CompressedLimit || transferred > TransferredLimit)
                    {
                        failures.Add($"{where}: {raw / 1024.0:N1} KB raw, {sent / 1024.0:N1} KB sent, {transferred / 1024.0:N1} KB with what it loads");
                    }
                    var axe = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
                    foreach (var violation in axe.Violations.Where(v => v.Impact is "serious" or "critical"))
                    {
                        var nodes = string.Join(" | ", violation.Nodes.Take(3).Select(n => $"{n.Target} {n.Html[..Math.Min(n.Html.Length, 80)]}"));
                        failures.Add($"{where}: axe {violation.Impact} {violation.Id} ({violation.Nodes.Length}): {nodes}");
                    }
                }
            }
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
        Assert.True(checkedPages > minimumPages, $"only {checkedPages} pages were opened");
        Assert.True(failures.Count == 0, $"{failures.Count} faults on {checkedPages} pages:\n{string.Join("\n", failures)}");
    }

    /// <summary>
    /// The narrowest common phone (320 px): every page again, as the public and as an administrator, for sideways
    /// scrolling alone (the weight and axe-core's findings do not change with the width).
    /// </summary>
    [Fact]
    public async Task EveryPage_AtTheNarrowestPhoneWidth_DoesNotScrollSideways()
    {
        await using var server = await LifelineServer.Start();
        var routes = EveryFormBrowserTests.RouteValues(await EveryFormBrowserTests.Prepare(server));
        var paths = EveryFormBrowserTests.PagePaths(server.Services, routes);
        var (playwright, browser) = await Browser.Launch();
        var failures = new List<string>();
        var checkedPages = 0;
        try
        {
            foreach (var role in new Role?[] { null, Role.Admin })
            {
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
                {
                    BaseURL = server.Address.ToString(),
                    ViewportSize = new ViewportSize { Width = NarrowestPhone, Height = 640 },
                });
                var page = await context.NewPageAsync();
                page.SetDefaultTimeout(60_000);
                if (role is { } signedIn)
                {
                    await BrowserTests.SignIn(page, await server.AddUser(signedIn));
                }
                foreach (var path in paths.Where(p => p != "/account/sign-in" || role is null))
                {
                    var opened = await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
                    if (opened is null || opened.Status >= 400 || EveryFormBrowserTests.Refused(page.Url) && (role is null || new Uri(page.Url).AbsolutePath != "/account/sign-in"))
                    {
                        continue;
                    }
                    checkedPages++;
                    var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                    if (width > NarrowestPhone)
                    {
                        var widest = await page.EvaluateAsync<string>(WidestElement, NarrowestPhone);
                        failures.Add($"{(role is { } r ? r.ToString() : "anonymous")} {path}: {width} px wide at {NarrowestPhone} px ({widest})");
                    }
                }
            }
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
        Assert.True(checkedPages > 40, $"only {checkedPages} pages were opened");
        Assert.True(failures.Count == 0, $"{failures.Count} pages scroll sideways at {NarrowestPhone} px:\n{string.Join("\n", failures)}");
    }

    /// <summary>Names the element that sticks out furthest past the phone's right edge, outside any box that scrolls.</summary>
    private const string WidestElement = """
        (limit) => {
          let worst = null, right = limit;
          for (const e of document.querySelectorAll('body *')) {
            let inside = false;
            for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
              const o = getComputedStyle(p).overflowX;
              if (o === 'auto' || o === 'scroll' || o === 'hidden') { inside = true; break; }
            }
            if (inside) continue;
            const r = e.getBoundingClientRect().right;
            if (r > right + 0.5) { right = r; worst = e; }
          }
          if (!worst) return 'nothing found';
          const id = worst.id ? '#' + worst.id : '';
          const cls = worst.className && typeof worst.className === 'string' ? '.' + worst.className.trim().split(/\s+/).join('.') : '';
          return worst.tagName.toLowerCase() + id + cls + ' to ' + Math.round(right) + ' px';
        }
        """;
}
