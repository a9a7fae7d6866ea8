using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Evidence;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Reports;
using Lifeline.Tests.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lifeline.Tests.Legal;

/// <summary>Dossiers over HTTP and in the builder page, from the real server.</summary>
public sealed class DossierApiTests
{
    private const string Dossiers = "/api/v1/situations/lachin-2022/legal/dossiers";
    private const string Obligation = "icj-unimpeded-movement";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<ulong> LedgerSize(LifelineServer server)
    {
        using var scope = server.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Lifeline.Ledger.LedgerQueries>().SizeAsync(Cancel);
    }

    [Fact]
    public async Task Post_AsAnalyst_AnswersABundleThatVerifies()
    {
        await using var server = await LifelineServer.Start();
        using var analyst = await server.ClientFor(Role.Analyst);
        var response = await analyst.PostAsJsonAsync(Dossiers,
            new { obligation = Obligation, proceeding = "icj-cerd-armenia-v-azerbaijan", from = "2023-06-01", to = "2023-07-31", remove = new[] { "2023-06-15-total-closure" } }, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("dossier-lachin-2022-icj-unimpeded-movement-20230601-20230731.zip", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
        var report = BundleVerifier.Verify(new MemoryStream(bytes), null);
        Assert.True(report.Holds, string.Join("\n", report.Findings));

        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        using var stream = zip.GetEntry("dossier.json")!.Open();
        using var dossier = await JsonDocument.ParseAsync(stream, cancellationToken: Cancel);
        var events = dossier.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain("2023-06-15-total-closure", events);
        Assert.Contains("2023-07-11-sbs-suspends-crossings", events);
        Assert.Equal(["2023-06-15-total-closure"], dossier.RootElement.GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("icj-cerd-armenia-v-azerbaijan", dossier.RootElement.GetProperty("proceeding").GetString());
    }

    [Fact]
    public async Task Post_BadInput_ProblemNamingTheField_NothingWritten()
    {
        await using var server = await LifelineServer.Start();
        using var analyst = await server.ClientFor(Role.Analyst);
        var before = await LedgerSize(server);
        var cases = new (object Body, string Field)[]
        {
            (new { }, "obligation"),
            (new { obligation = "no-such-order" }, "obligation"),
            (new { obligation = Obligation, proceeding = "no-such-case" }, "proceeding"),
            (new { obligation = Obligation, add = new[] { "no-such-event" } }, "add"),
            (new { obligation = Obligation, from = "2023-05-01", to = "2023-04-01" }, "to"),
            (new { obligation = Obligation, from = "1 May 2023" }, "from"),
        };
        foreach (var (body, field) in cases)
        {
            var response = await analyst.PostAsJsonAsync(Dossiers, body, Cancel);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{JsonSerializer.Serialize(body)}: {problem.RootElement}");
        }
        var notFound = await analyst.PostAsJsonAsync("/api/v1/situations/nowhere/legal/dossiers", new { obligation = Obligation }, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(before, await LedgerSize(server));
    }

    [Fact]
    public async Task Pdf_ReadsBack_EveryFigureFootnoted()
    {
        SituationReportTests.RequirePoppler();
        await using var server = await LifelineServer.Start();
        using var analyst = await server.ClientFor(Role.Analyst);
        var response = await analyst.GetAsync($"/situations/lachin-2022/legal/dossier.pdf?obligation={Obligation}&from=2023-06-10&to=2023-06-30", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var file = Path.Combine(Path.GetTempPath(), $"dossier-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync(Cancel), Cancel);
        try
        {
            var text = SituationReportTests.Poppler("pdftotext", file, "-").ReplaceLineEndings(" ");
            Assert.Contains($"Dossier: {Obligation}", text, StringComparison.Ordinal);
            Assert.Matches(@"From 10 June 2023 to 30 June 2023: 21 days not complied with, 0 complied with, 0 unknown \(the record does not say\)\. \[1(, \d+)+\]", text);
            Assert.Contains("2023-06-15 · corridor-closed", text, StringComparison.Ordinal);
            Assert.Matches(@"\[1\] Lifeline: the obligation's rule evaluated", text);
            Assert.Matches(@"DejaVu Sans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes", SituationReportTests.Poppler("pdffonts", file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public async Task Builder_UntickAnEvent_TheDossierLeavesItOut_OnAPhoneAndALaptop(int width, int height)
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = server.Address.ToString(),
                JavaScriptEnabled = false,
                ViewportSize = new ViewportSize { Width = width, Height = height },
            });
            var page = await context.NewPageAsync();
            await BrowserTests.SignIn(page, await server.AddUser(Role.Analyst));

            await page.GotoAsync($"/situations/lachin-2022/legal/dossier?obligation={Obligation}&from=2023-06-01&to=2023-07-31");
            Assert.Contains("61 days not complied with", await page.TextContentAsync("#dossier-summary"), StringComparison.Ordinal);
            Assert.True(await page.IsCheckedAsync("#event-2023-06-15-total-closure"));
            await Screenshots.Keep(page, $"dossier-builder-{width}", fullPage: false);
            var events = await page.Locator("input[name=event]:checked").CountAsync();

            await page.UncheckAsync("#event-2023-06-15-total-closure");
            await page.ClickAsync("#dossier-form button[type=submit]");
            Assert.False(await page.IsCheckedAsync("#event-2023-06-15-total-closure"));
            Assert.Equal(events - 1, await page.Locator("input[name=event]:checked").CountAsync());
            Assert.Equal("2023-06-15-total-closure", await page.InputValueAsync("#bundle-form input[name=Remove]"));
            Assert.Contains("remove=2023-06-15-total-closure", await page.GetAttributeAsync("#dossier-pdf", "href"), StringComparison.Ordinal);
            await Screenshots.Keep(page, $"dossier-builder-chosen-{width}");

            // A wrong day is named, and the form shown again.
            await page.FillAsync("#to", "2023-05-01");
            await page.ClickAsync("#dossier-form button[type=submit]");
            Assert.Contains("is before from", await page.TextContentAsync("#error-summary"), StringComparison.Ordinal);
            Assert.Contains("is before from", await page.TextContentAsync("#to-error"), StringComparison.Ordinal);
            await Screenshots.Keep(page, $"dossier-builder-error-{width}", fullPage: false);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
