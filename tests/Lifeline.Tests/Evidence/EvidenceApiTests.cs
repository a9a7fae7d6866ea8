using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Evidence;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Evidence;

/// <summary>The evidence store over HTTP: upload, limits, kinds, deduplication, custody, downloads and who may do what.</summary>
public sealed class EvidenceApiTests
{
    private const long Limit = 1_500_000;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Evidence(string eventId = LedgerTestKit.EventId) => $"/api/v1/situations/lachin-2022/events/{eventId}/evidence";

    private static MultipartFormDataContent Form(byte[] content, string fileName = "photo.jpg", string? type = "image/jpeg", params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        var file = new ByteArrayContent(content);
        if (type is not null)
        {
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
        }
        form.Add(file, "file", fileName);
        return form;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;

    private static async Task AssertProblemNaming(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await Json(response);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Upload_KeepsTheFileByHash_WithItsCaptureAndFirstCustodyStep_InTheLedger(string provider)
    {
        await using var server = await LifelineServer.Start(provider, evidence: new EvidenceOptions(Limit));
        using var reporter = await server.ClientFor(Role.Reporter);
        // Larger than the server's 1 MB request limit: evidence endpoints have their own.
        var photo = LedgerTestKit.Jpeg(length: 1_200_000);
        var response = await reporter.PostAsync(Evidence(), Form(photo, "IMG_0042.jpg", "image/jpeg",
            ("capturedAt", "2022-12-12T18:30:00+04:00"), ("capturedWhere", "Shushi road"), ("capturedBy", "a resident"), ("device", "Pixel 6"),
            ("description", "The road blocked by tents"), ("reason", "sent by the resident over Signal")), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(photo));
        Assert.Equal(sha, body.GetProperty("sha256").GetString());
        Assert.Equal("image/jpeg", body.GetProperty("mediaType").GetString());
        Assert.Equal("IMG_0042.jpg", body.GetProperty("fileName").GetString());
        Assert.Equal("2022-12-12T14:30:00+00:00", body.GetProperty("capturedAt").GetString());
        var step = Assert.Single(body.GetProperty("custody").EnumerateArray());
        Assert.Equal("received", step.GetProperty("action").GetString());
        Assert.Equal("sent by the resident over Signal", step.GetProperty("why").GetString());
        await AssertKeptWhereTheEngineKeepsIt(server, sha);

        var id = body.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync($"/api/v1/ledger/records/evidence/lachin-2022/{id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync($"/api/v1/ledger/records/custody/lachin-2022/{id}", Cancel)).StatusCode);
        using var db = server.Database.Open();
        var report = LedgerTestKit.Verify(db, server.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
        Assert.Equal(1, report.EvidenceFiles);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SameFile_IsKeptOnce(string provider)
    {
        await using var server = await LifelineServer.Start(provider, evidence: new EvidenceOptions(Limit));
        using var reporter = await server.ClientFor(Role.Verifier);
        var photo = LedgerTestKit.Jpeg(seed: 7);
        var first = await reporter.PostAsync(Evidence(), Form(photo), Cancel);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await reporter.PostAsync(Evidence(), Form(photo), Cancel);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // the same file for the same event: what is kept already
        Assert.Equal((await Json(first)).GetProperty("id").GetString(), (await Json(again)).GetProperty("id").GetString());
        var other = await reporter.PostAsync(Evidence("2023-01-03-stepanakert-shops-empty"), Form(photo), Cancel);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode); // another event: a record of its own, the same file

        var sha = (await Json(first)).GetProperty("sha256").GetString()!;
        await AssertKeptWhereTheEngineKeepsIt(server, sha);
        Assert.Empty(Directory.GetFiles(Path.Combine(server.Database.Folder, "evidence", "incoming")));
        var list = await Json(await reporter.GetAsync(Evidence(), Cancel));
        Assert.Equal(sha, Assert.Single(list.EnumerateArray()).GetProperty("sha256").GetString());
    }

    /// <summary>
    /// SQLite keeps the file once in the data folder (<c>evidence/ab/abcdef…</c>); PostgreSQL keeps it once in the
    /// database and nothing in the folder but the empty incoming area.
    /// </summary>
    private static async Task AssertKeptWhereTheEngineKeepsIt(LifelineServer server, string sha)
    {
        var files = Directory.GetFiles(Path.Combine(server.Database.Folder, "evidence"), "*", SearchOption.AllDirectories);
        if (server.Database.Provider == TestDatabase.Sqlite)
        {
            Assert.Equal(Path.Combine(server.Database.Folder, "evidence", sha[..2], sha), Assert.Single(files));
            return;
        }
        Assert.Empty(files);
        using var db = server.Database.Open(prepare: false);
        Assert.Equal(sha, Assert.Single(await db.Set<EvidenceBlobRow>().Select(b => b.Sha256).ToListAsync(Cancel)));
    }

    [Fact]
    public async Task Postgres_UploadWhoseRecordCannotBeWritten_LeavesNoBytes_AndNoRecord()
    {
        await using var server = await LifelineServer.Start(TestDatabase.Postgres, evidence: new EvidenceOptions(4_000_000));
        using var reporter = await server.ClientFor(Role.Reporter);
        using (var db = server.Database.Open(prepare: false))
        {
            // The database refuses the record after the file's chunks were written in the same transaction.
            await db.Database.ExecuteSqlRawAsync("""
                CREATE FUNCTION refuse_evidence() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
                CREATE TRIGGER refuse_evidence BEFORE INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION refuse_evidence();
                """, Cancel);
        }
        using var ledgerBefore = server.Database.Open(prepare: false);
        var size = await ledgerBefore.Set<Lifeline.Ledger.LedgerStateRow>().Select(l => l.Size).SingleAsync(Cancel);

        var response = await reporter.PostAsync(Evidence(), Form(LedgerTestKit.Jpeg(length: 3_500_000)), Cancel);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var db2 = server.Database.Open(prepare: false);
        Assert.Equal(0, await db2.Set<EvidenceChunkRow>().CountAsync(Cancel));
        Assert.Equal(0, await db2.Set<EvidenceBlobRow>().CountAsync(Cancel));
        Assert.Equal(0, await db2.Set<EvidenceRow>().CountAsync(Cancel));
        Assert.Equal(size, await db2.Set<Lifeline.Ledger.LedgerStateRow>().Select(l => l.Size).SingleAsync(Cancel));
        Assert.Empty(Directory.GetFiles(Path.Combine(server.Database.Folder, "evidence"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task TooLarge_Is413NamingTheFile_AndKeepsNothing()
    {
        await using var server = await LifelineServer.Start(evidence: new EvidenceOptions(100_000));
        using var reporter = await server.ClientFor(Role.Reporter);
        var response = await reporter.PostAsync(Evidence(), Form(LedgerTestKit.Jpeg(length: 100_001)), Cancel);
        await AssertProblemNaming(response, HttpStatusCode.RequestEntityTooLarge, "file");
        Assert.Empty(Directory.GetFiles(Path.Combine(server.Database.Folder, "evidence"), "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("<html><script>alert(1)</script></html>", "page.html", "text/html")]
    [InlineData("<svg xmlns='http://www.w3.org/2000/svg'/>", "photo.jpg", "image/jpeg")]
    [InlineData("MZ\u0090\u0000 executable", "photo.jpg", null)]
    public async Task OtherKinds_Are415NamingTheFile(string content, string name, string? type)
    {
        await using var server = await LifelineServer.Start();
        using var reporter = await server.ClientFor(Role.Reporter);
        var response = await reporter.PostAsync(Evidence(), Form(System.Text.Encoding.UTF8.GetBytes(content), name, type), Cancel);
        await AssertProblemNaming(response, HttpStatusCode.UnsupportedMediaType, "file");
    }

    [Fact]
    public async Task DeclaredTypeThatDisagreesWithTheContent_Is415()
    {
        await using var server = await LifelineServer.Start();
        using var reporter = await server.ClientFor(Role.Reporter);
        var response = await reporter.PostAsync(Evidence(), Form(LedgerTestKit.Jpeg(), "photo.png", "image/png"), Cancel);
        await AssertProblemNaming(response, HttpStatusCode.UnsupportedMediaType, "file");
        Assert.Contains("image/jpeg", (await Json(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadCaptureTime_AndMissingFile_AreNamed()
    {
        await using var server = await LifelineServer.Start();
        using var reporter = await server.ClientFor(Role.Reporter);
        await AssertProblemNaming(await reporter.PostAsync(Evidence(), Form(LedgerTestKit.Jpeg(), fields: ("capturedAt", "yesterday")), Cancel), HttpStatusCode.BadRequest, "capturedAt");
        using var empty = new MultipartFormDataContent { { new StringContent("x"), "description" } };
        await AssertProblemNaming(await reporter.PostAsync(Evidence(), empty, Cancel), HttpStatusCode.BadRequest, "file");
    }

    [Fact]
    public async Task Download_IsAnAttachmentThatCannotRun_AndACustodyStep()
    {
        await using var server = await LifelineServer.Start();
        using var reporter = await server.ClientFor(Role.Reporter);
        var photo = LedgerTestKit.Jpeg();
        var id = (await Json(await reporter.PostAsync(Evidence(), Form(photo, "scène 1.jpg"), Cancel))).GetProperty("id").GetString()!;
        using var viewer = await server.SignedInFor(Role.Viewer);
        var response = await viewer.GetAsync($"/api/v1/situations/lachin-2022/evidence/{id}/file?why=checking%20the%20faces", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(photo, await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());

        var item = await Json(await viewer.GetAsync($"/api/v1/situations/lachin-2022/evidence/{id}", Cancel));
        var viewed = item.GetProperty("custody").EnumerateArray().Last();
        Assert.Equal("viewed", viewed.GetProperty("action").GetString());
        Assert.Equal("checking the faces", viewed.GetProperty("why").GetString());
        Assert.Equal(2, (await server.Get<JsonElement>($"/api/v1/ledger/records/custody/lachin-2022/{id}")).GetProperty("leaves").GetArrayLength());
    }

    [Fact]
    public async Task Transfer_IsRecorded_AndNamesWhatIsMissing()
    {
        await using var server = await LifelineServer.Start();
        using var verifier = await server.ClientFor(Role.Verifier);
        var id = (await Json(await verifier.PostAsync(Evidence(), Form(LedgerTestKit.Jpeg()), Cancel))).GetProperty("id").GetString()!;
        var path = $"/api/v1/situations/lachin-2022/evidence/{id}/custody";
        await AssertProblemNaming(await verifier.PostAsJsonAsync(path, new { action = "transferred", why = "for the hearing" }, Cancel), HttpStatusCode.BadRequest, "to");
        await AssertProblemNaming(await verifier.PostAsJsonAsync(path, new { action = "received", to = "x", why = "y" }, Cancel), HttpStatusCode.BadRequest, "action");
        var response = await verifier.PostAsJsonAsync(path, new { action = "transferred", to = "Registry of the ECtHR", why = "annex to the application" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var step = (await Json(response)).GetProperty("custody").EnumerateArray().Last();
        Assert.Equal("Registry of the ECtHR", step.GetProperty("to").GetString());
    }

    [Fact]
    public async Task Evidence_IsDeniedToAnonymousCallers()
    {
        await using var server = await LifelineServer.Start();
        using var reporter = await server.ClientFor(Role.Reporter);
        var id = (await Json(await reporter.PostAsync(Evidence(), Form(LedgerTestKit.Jpeg()), Cancel))).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync(Evidence(), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync($"/api/v1/situations/lachin-2022/evidence/{id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync($"/api/v1/situations/lachin-2022/evidence/{id}/file", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.PostAsync(Evidence(), Form(LedgerTestKit.Jpeg(seed: 3)), Cancel)).StatusCode);
        var page = await server.Client.GetAsync($"/situations/lachin-2022/events/{LedgerTestKit.EventId}", Cancel);
        Assert.DoesNotContain("id=\"evidence\"", await page.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evidence_OfAnEventTheCallerMayNotSee_IsNotFound()
    {
        await using var server = await LifelineServer.Start();
        using var author = await server.ClientFor(Role.Reporter);
        var created = await author.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-08-10",
            place = "kornidzor",
            type = "convoy-turned-back",
            notes = "Intake only.",
            sources = new[] { "news-am-775042" },
        }, Cancel);
        var eventId = (await Json(created)).GetProperty("event").GetProperty("id").GetString()!;
        var upload = await author.PostAsync(Evidence(eventId), Form(LedgerTestKit.Jpeg()), Cancel);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var id = (await Json(upload)).GetProperty("id").GetString()!;

        // Another reporter, a viewer (intake is not theirs to see) and a caseworker see neither the event nor its evidence.
        foreach (var role in new[] { Role.Reporter, Role.Viewer, Role.Caseworker })
        {
            using var other = await server.ClientFor(role);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(Evidence(eventId), Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/situations/lachin-2022/evidence/{id}", Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/situations/lachin-2022/evidence/{id}/file", Cancel)).StatusCode);
        }
        // A caseworker may see the published event, but not its evidence; a viewer may not add any.
        using var caseworker = await server.ClientFor(Role.Caseworker);
        Assert.Equal(HttpStatusCode.NotFound, (await caseworker.GetAsync(Evidence(), Cancel)).StatusCode);
        using var viewer = await server.ClientFor(Role.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(Evidence(), Form(LedgerTestKit.Jpeg(seed: 4)), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(Evidence(), Cancel)).StatusCode);
    }

    [Fact]
    public async Task EventPage_ListsEvidence_AndTheUploadPageStoresAFile()
    {
        await using var server = await LifelineServer.Start();
        using var browser = await server.SignedInFor(Role.Reporter);
        var eventPage = await browser.GetStringAsync($"/situations/lachin-2022/events/{LedgerTestKit.EventId}", Cancel);
        Assert.Contains("id=\"add-evidence\"", eventPage, StringComparison.Ordinal);
        var form = await browser.GetStringAsync($"/situations/lachin-2022/events/{LedgerTestKit.EventId}/evidence/new", Cancel);
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var content = Form(LedgerTestKit.Jpeg(length: 1_100_000), "from-the-page.jpg", "image/jpeg", ("__RequestVerificationToken", token), ("CapturedWhere", "Lachin"));
        var response = await browser.PostAsync($"/situations/lachin-2022/events/{LedgerTestKit.EventId}/evidence/new", Rename(content), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var item = await browser.GetStringAsync(response.Headers.Location!.ToString(), Cancel);
        Assert.Contains("from-the-page.jpg", item, StringComparison.Ordinal);
        Assert.Contains("<td>received</td>", item, StringComparison.Ordinal);
        var listed = await browser.GetStringAsync($"/situations/lachin-2022/events/{LedgerTestKit.EventId}", Cancel);
        Assert.Contains("from-the-page.jpg", listed, StringComparison.Ordinal);
    }

    /// <summary>The page's form names the file field "File".</summary>
    private static MultipartFormDataContent Rename(MultipartFormDataContent content)
    {
        foreach (var part in content)
        {
            if (part.Headers.ContentDisposition?.Name?.Trim('"') == "file")
            {
                part.Headers.ContentDisposition.Name = "File";
            }
        }
        return content;
    }
}
