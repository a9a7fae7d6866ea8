using System.Net;
using System.Text.Json;
using Lifeline.Claims;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lifeline.Tests.Claims;

/// <summary>The claims pages: the claim next to the record for its days, ClaimReview JSON-LD on a public claim, the forms in Chromium.</summary>
public sealed class ClaimPageTests
{
    private const string Page = "/situations/lachin-2022/claims/2023-02-18-aliyev-no-blockade";

    private static JsonElement JsonLd(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "<script type=\"application/ld\\+json\" id=\"claim-review\">(?<json>.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(match.Success, "the page carries no ClaimReview JSON-LD");
        return JsonDocument.Parse(match.Groups["json"].Value).RootElement.Clone();
    }

    [Fact]
    public async Task PublicClaimPage_ShowsTheRecordForItsDays_AndCarriesClaimReviewJsonLdOfTheSchemaOrgShape()
    {
        await using var server = await LifelineServer.Start(TestDatabase.Sqlite);
        var cancel = TestContext.Current.CancellationToken;
        var html = await server.Client.GetStringAsync(Page, cancel);
        Assert.Contains("data-date=\"2022-12-20\" data-state=\"contradicts\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/situations/lachin-2022/events/2022-12-12-blockade-begins\"", html, StringComparison.Ordinal);
        Assert.Contains("data-standing=\"contradicted\"", html, StringComparison.Ordinal);

        var review = JsonLd(html);
        Assert.Equal("https://schema.org", review.GetProperty("@context").GetString());
        Assert.Equal("ClaimReview", review.GetProperty("@type").GetString());
        Assert.EndsWith(Page, review.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", review.GetProperty("datePublished").GetString()!);
        Assert.Contains("no blockade", review.GetProperty("claimReviewed").GetString(), StringComparison.Ordinal);
        var item = review.GetProperty("itemReviewed");
        Assert.Equal("Claim", item.GetProperty("@type").GetString());
        Assert.Equal("Ilham Aliyev, President of Azerbaijan", item.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("2023-02-18", item.GetProperty("datePublished").GetString());
        var appearances = item.GetProperty("appearance").EnumerateArray().Select(a => a.GetProperty("url").GetString()).ToList();
        Assert.Contains("https://evnreport.com/politics/calling-a-spade-a-spade-the-icj-orders-azerbaijan-to-lift-its-blockade", appearances);
        var rating = review.GetProperty("reviewRating");
        Assert.Equal("Rating", rating.GetProperty("@type").GetString());
        Assert.Equal(1, rating.GetProperty("ratingValue").GetInt32());
        Assert.Equal(1, rating.GetProperty("worstRating").GetInt32());
        Assert.Equal(3, rating.GetProperty("bestRating").GetInt32());
        Assert.Equal("Contradicted by the record", rating.GetProperty("alternateName").GetString());
        var author = review.GetProperty("author");
        Assert.Equal("Organization", author.GetProperty("@type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(author.GetProperty("name").GetString()));

        var list = await server.Client.GetStringAsync("/situations/lachin-2022/claims", cancel);
        Assert.Contains("data-claim=\"2023-02-18-aliyev-no-blockade\"", list, StringComparison.Ordinal);
        Assert.Contains("data-standing=\"supported\"", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnpublishedClaim_NotFoundForThePublic_AndItsPageHasNoJsonLdForThoseWhoSeeIt()
    {
        await using var server = await LifelineServer.Start(TestDatabase.Sqlite);
        var cancel = TestContext.Current.CancellationToken;
        var reporter = await server.ClientFor(Role.Reporter);
        var created = await reporter.PostAsync("/api/v1/situations/lachin-2022/claims", JsonContent(new
        {
            actor = "Someone",
            made = "2023-03-01",
            text = "Nothing happened.",
            type = "denial",
            subjects = new[] { "corridor" },
            sources = new[] { "news-am-734702" },
        }), cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var path = "/situations/lachin-2022/claims/" + created.Headers.Location!.ToString().Split('/')[^1];
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync(path, cancel)).StatusCode);
        var own = await reporter.GetStringAsync(path, cancel);
        Assert.Contains("data-standing=\"unreviewed\"", own, StringComparison.Ordinal);
        Assert.DoesNotContain("application/ld+json", own, StringComparison.Ordinal);
        Assert.Contains("id=\"no-assertion\"", own, StringComparison.Ordinal);
    }

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task Pages_FitTheScreen_AndTheFormReShowsAClaimWithoutSource_NothingStored(int width, int height)
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
            var folder = Environment.GetEnvironmentVariable("LIFELINE_SCREENSHOTS");
            foreach (var (path, name) in new[] { ("/situations/lachin-2022/claims", "claims"), (Page, "claim") })
            {
                await page.GotoAsync(path);
                if (folder is { Length: > 0 })
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
                }
                var pageWidth = await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth");
                Assert.True(pageWidth <= width, $"{path} is {pageWidth} px wide on a {width} px screen");
            }

            await BrowserTests.SignIn(page, await server.AddUser(Role.Reporter));
            await page.GotoAsync("/situations/lachin-2022/claims/new");
            await page.FillAsync("#Input_Actor", "A spokesman");
            await page.FillAsync("#Input_Made", "2023-03-01");
            await page.FillAsync("#Input_Text", "The road is open.");
            await page.SelectOptionAsync("#Input_Type", "denial");
            await page.CheckAsync("input[name='Input.Subjects'][value='corridor']");
            await page.ClickAsync("#claim-form button[type=submit]");
            await page.WaitForSelectorAsync("#error-summary");
            if (folder is { Length: > 0 })
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"claim-form-error-{width}.png"), FullPage = true });
            }
            Assert.Contains("at least one source is required", await page.InnerTextAsync("#sources-error"), StringComparison.Ordinal);
            Assert.Equal("A spokesman", await page.InputValueAsync("#Input_Actor"));
            using var scope = server.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<Lifeline.Storage.LifelineDbContext>();
            Assert.False(await db.Set<ClaimRow>().AnyAsync(c => c.ClaimId.Contains("a-spokesman"), TestContext.Current.CancellationToken));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
