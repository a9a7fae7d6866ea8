using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Lifeline.Core.Access;
using Lifeline.Core.Families;
using Lifeline.Families;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lifeline.Tests.Families;

/// <summary>
/// The caseworker's pages against the real server and real Chromium (no script): register a person as safe, open a
/// tracing request, see the candidates with their reasons, move and confirm the case, the disclosure step under the
/// consent in force; the filtered case list and its CSV, each audited once. Every person here is generated.
/// </summary>
public sealed partial class FamilyPageTests
{
    private const string Pages = "/situations/lachin-2022/families";
    private const string Api = "/api/v1/situations/lachin-2022/families";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Caseworker_RegistersOpensConfirmsAndDisclosesAChild_OnThePages_OnALaptopAndAPhone()
    {
        await using var server = await LifelineServer.Start();
        var (playwright, browser) = await Browser.Launch();
        try
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = server.Address.ToString(), JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            });
            var page = await context.NewPageAsync();
            await BrowserTests.SignIn(page, await server.AddUser(Role.Caseworker));

            // A form with mistakes is shown again: each error beside its field, what was typed kept, nothing stored.
            await page.GotoAsync(Pages + "/register-safe");
            await page.FillAsync("#person-given-name", "Անահիտ");
            await page.FillAsync("#person-family-name", "Grigorյan");
            await page.FillAsync("#person-birth-year", "two thousand");
            var refused = await SubmitAsync(page, "#register-safe-form");
            Assert.Equal(422, refused);
            Assert.Contains("Nothing was stored", await page.TextContentAsync("#error-summary"), StringComparison.Ordinal);
            Assert.Contains("one script", await page.TextContentAsync("#person-family-name-error"), StringComparison.Ordinal);
            Assert.Contains("whole number", await page.TextContentAsync("#person-birth-year-error"), StringComparison.Ordinal);
            Assert.Contains("who may be told", await page.TextContentAsync("#consent-scope-error"), StringComparison.Ordinal);
            Assert.Equal("Անահիտ", await page.InputValueAsync("#person-given-name"));
            await Screenshots.Keep(page, "families-register-safe-errors-1366");
            Assert.Empty(await PeopleAsync(server));

            // A separated child, registered safe by a guardian whose consent allows any matched enquirer.
            await page.FillAsync("#person-family-name", "Գրիգորյան");
            await page.FillAsync("#person-birth-year", "2016");
            await page.SelectOptionAsync("#person-sex", "female");
            await page.SelectOptionAsync("#person-side", "outside");
            await page.CheckAsync("input[name='Input.Person.Vulnerabilities'][value='separated-child']");
            await page.FillAsync("#whereabouts", "gen-shelter-in-goris");
            await page.FillAsync("#consent-given-by", "gen guardian");
            await page.FillAsync("#consent-given-on", "2026-12-01");
            await page.SelectOptionAsync("#consent-method", "guardian");
            await page.CheckAsync("input[name='Input.ConsentScope'][value='any-enquirer']");
            Assert.Equal(200, await SubmitAsync(page, "#register-safe-form"));
            Assert.Contains("Registered as safe", await page.TextContentAsync("#stored"), StringComparison.Ordinal);

            // The father asks for her, writing in Latin letters.
            await page.GotoAsync(Pages + "/new-request");
            await page.FillAsync("#enquirer-family-name", "Grigoryan");
            await page.FillAsync("#enquirer-given-name", "Armen");
            await page.FillAsync("#enquirer-birth-year", "1980");
            await page.SelectOptionAsync("#enquirer-sex", "male");
            await page.FillAsync("#relation", "father");
            await page.FillAsync("#sought-family-name", "Grigoryan");
            await page.FillAsync("#sought-given-name", "Anahit");
            await page.FillAsync("#sought-birth-year", "2016");
            await page.SelectOptionAsync("#sought-sex", "female");
            await page.SelectOptionAsync("#sought-side", "outside");
            await page.CheckAsync("input[name='Input.Sought.Vulnerabilities'][value='separated-child']");
            await page.FillAsync("#separated-on", "2023-09-25");
            Assert.Equal(200, await SubmitAsync(page, "#tracing-request-form"));
            Assert.Matches("/families/cases/r-", page.Url);
            var candidate = page.Locator("ol.candidates > li").First;
            Assert.Contains("Գրիգորյան Անահիտ", await candidate.TextContentAsync(), StringComparison.Ordinal);
            Assert.Contains("agrees after transliteration", await candidate.Locator("ul.reasons").TextContentAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("form.confirm-match").CountAsync());
            await Screenshots.Keep(page, "families-case-open-1366");

            // Open → possible match; then the caseworker confirms the candidate.
            await page.SelectOptionAsync("#move-status", "possible-match");
            await page.FillAsync("#move-reason", "A candidate was proposed.");
            Assert.Equal(200, await SubmitAsync(page, "#case-status-form"));
            await page.FillAsync("form.confirm-match textarea", "The guardian confirmed the birth year and the father's name.");
            Assert.Equal(200, await SubmitAsync(page, "form.confirm-match"));
            Assert.Contains("match confirmed", await page.TextContentAsync("#case-status"), StringComparison.Ordinal);
            Assert.Equal(["open", "possible match", "match confirmed"], await page.Locator("#history tbody tr td:nth-child(2)").AllTextContentsAsync());

            // The disclosure step shows the consent in force, and refuses a child's whereabouts without a best-interest decision.
            var consent = await page.TextContentAsync("dl.consent");
            Assert.Contains("tell any enquirer", consent, StringComparison.Ordinal);
            Assert.Contains("yes: a best-interest decision must be recorded", consent, StringComparison.Ordinal);
            await page.FillAsync("form.disclose-form textarea[name='Disclosure.Reason']", "Told the father by phone.");
            Assert.Equal(403, await SubmitAsync(page, "form.disclose-form"));
            var outcome = await page.TextContentAsync("#disclosure-outcome");
            Assert.Contains("best-interest decision", outcome, StringComparison.Ordinal);
            Assert.DoesNotContain("gen-shelter-in-goris", outcome, StringComparison.Ordinal);
            await page.FillAsync("form.disclose-form textarea[name='Disclosure.BestInterestDecision']", "Case conference: reunion with the father is in her best interest.");
            await page.FillAsync("form.disclose-form textarea[name='Disclosure.Reason']", "Told the father by phone.");
            Assert.Equal(200, await SubmitAsync(page, "form.disclose-form"));
            Assert.Contains("gen-shelter-in-goris", await page.TextContentAsync("#disclosure-outcome"), StringComparison.Ordinal);
            await Screenshots.Keep(page, "families-case-disclosed-1366");

            // A photo of the child the father brought: a file that is not an image is refused beside the field, nothing
            // kept; a PNG is sealed and shown on the case page.
            await page.SelectOptionAsync("#photo-person", new SelectOptionValue { Index = 1 });
            await page.SetInputFilesAsync("#photo-file", new FilePayload { Name = "note.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.7 not a photo"u8.ToArray() });
            Assert.Equal(422, await SubmitAsync(page, "#photo-form"));
            Assert.Contains("not a JPEG, PNG or WebP", await page.TextContentAsync("#photo-file-error"), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("ul.photos img").CountAsync());
            await page.SelectOptionAsync("#photo-person", new SelectOptionValue { Index = 1 });
            await page.SetInputFilesAsync("#photo-file", new FilePayload { Name = "girl.png", MimeType = "image/png", Buffer = SolidPng(160, 120) });
            await page.FillAsync("#photo-description", "Brought by the father: taken in 2023.");
            Assert.Equal(200, await SubmitAsync(page, "#photo-form"));
            Assert.Equal(1, await page.Locator("ul.photos img").CountAsync());
            Assert.Contains("Brought by the father", await page.TextContentAsync("ul.photos"), StringComparison.Ordinal);
            Assert.Equal(160, await page.EvaluateAsync<int>("() => document.querySelector('ul.photos img').naturalWidth"));
            await Screenshots.Keep(page, "families-case-photo-1366");

            await page.GotoAsync(Pages + "?vulnerability=separated-child&ageFrom=5&ageTo=12");
            Assert.Equal(1, await page.Locator("#cases tr[data-case]").CountAsync());
            await Screenshots.Keep(page, "families-list-1366");
            var caseUrl = "/situations/lachin-2022/families/cases/" + await page.Locator("#cases tr[data-case]").First.GetAttributeAsync("data-case");

            await page.SetViewportSizeAsync(390, 844);
            foreach (var (path, name) in new[] { (Pages, "list"), (caseUrl, "case"), (Pages + "/register-safe", "register-safe"), (Pages + "/new-request", "new-request") })
            {
                await page.GotoAsync(path);
                // Nothing wider than the phone's screen but the tables, which scroll inside their box.
                Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), $"{path} is wider than a phone");
                await Screenshots.Keep(page, $"families-{name}-390");
            }
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task CaseList_FiltersByStatusVulnerabilitySideAndAge_AuditedOnceWithTheFilter()
    {
        await using var server = await LifelineServer.Start();
        using var caseworker = await server.ClientFor(Role.Caseworker);
        await OpenAsync(caseworker, "gen-r-child", "Petrosyan", "Aram", 1979, "son", "Петросян", "Давид", 2015, "outside", ["unaccompanied-child"]);
        await OpenAsync(caseworker, "gen-r-old", "Harutyunyan", "Lilit", 1990, "mother", "Арутюнян", "Сирануш", 1946, "inside", ["older-person"]);
        var moved = await caseworker.PostAsJsonAsync($"{Api}/requests/gen-r-old/status", new ChangeCaseStatusRequest { Status = "closed", CloseReason = "withdrawn", Reason = "asked" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        Assert.Equal(["gen-r-child", "gen-r-old"], await ListedAsync(caseworker, ""));
        Assert.Equal(["gen-r-child"], await ListedAsync(caseworker, "?status=open"));
        Assert.Equal(["gen-r-old"], await ListedAsync(caseworker, "?status=closed"));
        Assert.Equal(["gen-r-child"], await ListedAsync(caseworker, "?vulnerability=unaccompanied-child"));
        Assert.Equal(["gen-r-old"], await ListedAsync(caseworker, "?side=inside"));
        Assert.Equal(["gen-r-old"], await ListedAsync(caseworker, "?ageFrom=70"));
        // The enquirers (aged about 35 and 47) fall in this range, so both cases are listed.
        Assert.Equal(["gen-r-child", "gen-r-old"], await ListedAsync(caseworker, "?ageFrom=30&ageTo=50"));
        Assert.Empty(await ListedAsync(caseworker, "?side=inside&vulnerability=unaccompanied-child"));

        var bad = await caseworker.GetAsync(Pages + "?ageFrom=old&side=north", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("whole number of years", html, StringComparison.Ordinal);
        Assert.Contains("value=\"old\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-case", html, StringComparison.Ordinal);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
        var lines = await db.Audit.Where(a => a.Action == "read" && a.Detail!.StartsWith("case list page")).Select(a => a.Detail).ToListAsync(Cancel);
        Assert.Equal(8, lines.Count);
        Assert.Contains("case list page (filter: side=inside): 1 cases", lines);
        Assert.Contains("case list page (filter: none): 2 cases", lines);
    }

    [Fact]
    public async Task CsvExport_Filtered_Audited_FormulaCellsDefused()
    {
        await using var server = await LifelineServer.Start();
        using var caseworker = await server.ClientFor(Role.Caseworker);
        await OpenAsync(caseworker, "gen-r1", "Petrosyan", "Aram", 1979, "-son", "Петросян", "Давид", 2015, "outside", [], origin: "=HYPERLINK(\"https://example.org\",\"x\")", at: "@SUM(A1)");
        await OpenAsync(caseworker, "gen-r2", "Harutyunyan", "Lilit", 1990, "mother", "Арутюнян", "Сирануш", 1946, "inside", []);

        var response = await caseworker.GetAsync($"{Api}/export.csv?side=outside", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Cancel)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("case_id,case_status,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("gen-r1,open,1,,'@SUM(A1),gen-r1-enquirer,Petrosyan Aram,'-son,gen-r1-sought,Петросян Давид,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"https://example.org\"\",\"\"x\"\")\",", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Harutyunyan", lines[1], StringComparison.Ordinal);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
            Assert.Equal(1, await db.Audit.CountAsync(a => a.Detail == "CSV export (filter: side=outside): 1 cases", Cancel));
        }
        var bad = await caseworker.GetAsync($"{Api}/export.csv?status=found", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"status\"", await bad.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        using var analyst = await server.ClientFor(Role.Analyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync($"{Api}/export.csv", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync($"{Api}/export.csv", Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+7 374 00", "'+7 374 00")]
    [InlineData("-2", "'-2")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("=a,\"b\"", "\"'=a,\"\"b\"\"\"")]
    public void CsvCell_DefusesFormulas_AndQuotes(string value, string expected) => Assert.Equal(expected, FamilyCsv.Cell(value));

    /// <summary>Opens a tracing request through the API (as the pages would): a new enquirer seeking a new person.</summary>
    private static async Task OpenAsync(HttpClient caseworker, string id, string family, string given, int born, string relation, string soughtFamily, string soughtGiven,
        int soughtBorn, string side, string[] vulnerabilities, string? origin = null, string? at = null)
    {
        var response = await caseworker.PostAsJsonAsync($"{Api}/requests", new OpenTracingRequest
        {
            Id = id, SeparatedAt = at,
            Enquirer = new PersonDraft { Id = id + "-enquirer", FamilyName = family, GivenName = given, BirthYear = born },
            Sought = [new SoughtDraft { Relation = relation, Person = new PersonDraft { Id = id + "-sought", FamilyName = soughtFamily, GivenName = soughtGiven, BirthYear = soughtBorn, Side = side, Vulnerabilities = vulnerabilities, PlaceOfOrigin = origin } }],
        }, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
    }

    private static async Task<List<string>> ListedAsync(HttpClient caseworker, string query)
    {
        var response = await caseworker.GetAsync(Pages + query, Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        return DataCase().Matches(html).Select(m => m.Groups[1].Value).ToList();
    }

    private static async Task<List<string>> PeopleAsync(LifelineServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LifelineDbContext>().Set<FamilyRecordRow>().Select(r => r.RecordId).ToListAsync(Cancel);
    }

    /// <summary>Sends a form with its own button and returns the status of the page it ends on (after any redirect).</summary>
    /// <summary>A real PNG image of one colour, <paramref name="width"/> by <paramref name="height"/> pixels.</summary>
    private static byte[] SolidPng(int width, int height)
    {
        static void Chunk(MemoryStream png, string type, byte[] data)
        {
            var length = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            png.Write(length);
            var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            png.Write(typed);
            var crc = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
            png.Write(crc);
        }
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        using var pixels = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(pixels, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                for (var x = 0; x < width; x++)
                {
                    zlib.Write([0x4A, 0x7A, 0x9B]);
                }
            }
        }
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", pixels.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }

    private static async Task<int> SubmitAsync(IPage page, string form)
    {
        var statuses = new List<int>();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Seen(object? sender, IResponse r)
        {
            if (r.Request.IsNavigationRequest && r.Request.Frame.ParentFrame is null)
            {
                statuses.Add(r.Status);
                if (r.Status is < 300 or >= 400)
                {
                    arrived.TrySetResult();
                }
            }
        }
        page.Response += Seen;
        try
        {
            await page.Locator(form).First.Locator("button[type=submit]").ClickAsync();
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60), Cancel);
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        }
        finally
        {
            page.Response -= Seen;
        }
        return statuses.Count == 0 ? 0 : statuses[^1];
    }

    [GeneratedRegex("data-case=\"([^\"]+)\"")]
    private static partial Regex DataCase();
}
