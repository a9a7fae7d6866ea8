using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Core.Families;
using Lifeline.Families;
using Lifeline.Tests.Accounts;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Families;

/// <summary>The families API over HTTP against the real server: the caseworker's path, and nothing personal for anyone else.</summary>
public sealed class FamilyApiTests
{
    private const string Families = "/api/v1/situations/lachin-2022/families";

    /// <summary>A generated person registered safe (markers in every field), an enquirer, a request for her in Cyrillic, the match confirmed, disclosed.</summary>
    private static async Task<string> CaseworkerPath(HttpClient caseworker, CancellationToken cancel)
    {
        var safe = await caseworker.PostAsJsonAsync($"{Families}/people", new RecordPersonRequest { Person = FamilyMarkers.Person("gen-found") with { FamilyName = "Qzsoughtmarkyr", GivenName = "Anahit", BirthDate = null, BirthYear = 1961 }, Safe = FamilyMarkers.Safe() }, cancel);
        Assert.Equal(HttpStatusCode.Created, safe.StatusCode);
        var enquirer = await caseworker.PostAsJsonAsync($"{Families}/people", new RecordPersonRequest { Person = FamilyMarkers.Person("gen-enquirer") with { Sex = "male" } }, cancel);
        Assert.Equal(HttpStatusCode.Created, enquirer.StatusCode);
        var request = FamilyMarkers.Request("gen-r1", "gen-enquirer");
        var opened = await caseworker.PostAsJsonAsync($"{Families}/requests", request, cancel);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return "gen-r1";
    }

    [Fact]
    public async Task Caseworker_RegistersOpensMatchesConfirmsAndDiscloses()
    {
        await using var server = await LifelineServer.Start();
        var cancel = TestContext.Current.CancellationToken;
        using var caseworker = await server.ClientFor(Role.Caseworker);
        var requestId = await CaseworkerPath(caseworker, cancel);

        using var view = JsonDocument.Parse(await caseworker.GetStringAsync($"{Families}/requests/{requestId}", cancel));
        var candidates = view.RootElement.GetProperty("candidates")[0].GetProperty("candidates");
        var first = candidates[0];
        Assert.Equal("gen-found", first.GetProperty("personId").GetString());
        Assert.Contains("given name agrees after transliteration", first.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

        // Disclosing before a caseworker confirmed the match is refused.
        var early = await caseworker.PostAsJsonAsync($"{Families}/requests/{requestId}/disclosures", new DiscloseRequest { FoundPersonId = "gen-found", Reason = "phone call" }, cancel);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        var skip = await caseworker.PostAsJsonAsync($"{Families}/requests/{requestId}/status", new ChangeCaseStatusRequest { Status = "match-confirmed", CandidateId = "gen-found", Reason = "interview" }, cancel);
        Assert.Equal(HttpStatusCode.BadRequest, skip.StatusCode);
        Assert.Contains("status", await skip.Content.ReadAsStringAsync(cancel));
        foreach (var (status, reason) in new[] { ("possible-match", "candidate found"), ("match-confirmed", "interview confirmed the birth year and village") })
        {
            var moved = await caseworker.PostAsJsonAsync($"{Families}/requests/{requestId}/status", new ChangeCaseStatusRequest { Status = status, CandidateId = "gen-found", Reason = reason }, cancel);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }
        var disclosed = await caseworker.PostAsJsonAsync($"{Families}/requests/{requestId}/disclosures", new DiscloseRequest { FoundPersonId = "gen-found", Reason = "told by phone" }, cancel);
        Assert.Equal(HttpStatusCode.OK, disclosed.StatusCode);
        Assert.Equal(FamilyMarkers.Whereabouts, (await disclosed.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("told").GetString());

        using var counts = JsonDocument.Parse(await server.Client.GetStringAsync($"{Families}/counts", cancel));
        Assert.Equal("fewer than 5", counts.RootElement.GetProperty("registeredSafe").GetString());
        Assert.Equal("fewer than 5", counts.RootElement.GetProperty("requestsByStatus").GetProperty("match-confirmed").GetString());
        Assert.Equal("0", counts.RootElement.GetProperty("requestsByStatus").GetProperty("open").GetString());
    }

    [Fact]
    public async Task Disclosure_ConsentToNobody_Refused_AndSaysWhy()
    {
        await using var server = await LifelineServer.Start();
        var cancel = TestContext.Current.CancellationToken;
        using var caseworker = await server.ClientFor(Role.Caseworker);
        await caseworker.PostAsJsonAsync($"{Families}/people", new RecordPersonRequest { Person = new PersonDraft { Id = "gen-a", FamilyName = "Petrosyan", GivenName = "Aram", BirthYear = 1950 } }, cancel);
        await caseworker.PostAsJsonAsync($"{Families}/people", new RecordPersonRequest { Person = new PersonDraft { Id = "gen-b", FamilyName = "Петросян", GivenName = "Сона", BirthYear = 1952 }, Safe = FamilyMarkers.Safe(scope: "nobody") }, cancel);
        await caseworker.PostAsJsonAsync($"{Families}/requests", new OpenTracingRequest { Id = "gen-r", EnquirerId = "gen-a", Sought = [new SoughtDraft { Relation = "wife", Person = new PersonDraft { Id = "gen-s", FamilyName = "Petrosyan", GivenName = "Sona", BirthYear = 1952 } }] }, cancel);
        foreach (var status in new[] { "possible-match", "match-confirmed" })
        {
            var moved = await caseworker.PostAsJsonAsync($"{Families}/requests/gen-r/status", new ChangeCaseStatusRequest { Status = status, CandidateId = "gen-b", Reason = "interview" }, cancel);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }
        var refused = await caseworker.PostAsJsonAsync($"{Families}/requests/gen-r/disclosures", new DiscloseRequest { FoundPersonId = "gen-b", Reason = "asked" }, cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("telling nobody", await refused.Content.ReadAsStringAsync(cancel));
        Assert.DoesNotContain(FamilyMarkers.Whereabouts, await refused.Content.ReadAsStringAsync(cancel));
    }

    [Fact]
    public async Task BadInput_ProblemNamesTheField_NothingStored()
    {
        await using var server = await LifelineServer.Start();
        var cancel = TestContext.Current.CancellationToken;
        using var caseworker = await server.ClientFor(Role.Caseworker);
        var bad = await caseworker.PostAsJsonAsync($"{Families}/people", new RecordPersonRequest { Person = new PersonDraft { FamilyName = "Pетросян", BirthDate = "2031-02-30" } }, cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("person.familyName", out _));
        Assert.True(errors.TryGetProperty("person.birthDate", out _));
        using var people = JsonDocument.Parse(await caseworker.GetStringAsync($"{Families}/people", cancel));
        Assert.Equal(0, people.RootElement.GetProperty("people").GetArrayLength());
    }

    private static MultipartFormDataContent PhotoForm(byte[] photo, string type, string? personId = null, string? description = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(photo) { Headers = { ContentType = new(type) } }, "file", "photo.png" } };
        if (personId is not null)
        {
            form.Add(new StringContent(personId), "personId");
        }
        if (description is not null)
        {
            form.Add(new StringContent(description), "description");
        }
        return form;
    }

    [Fact]
    public async Task Photo_CaseworkerAttachesAndViews_NeverCached_OthersGetNothing()
    {
        await using var server = await LifelineServer.Start();
        var cancel = TestContext.Current.CancellationToken;
        using var caseworker = await server.ClientFor(Role.Caseworker);
        await CaseworkerPath(caseworker, cancel);
        var photo = FamilyMarkers.Photo();

        // As a multipart form (the person named in a field), and as the image itself in the body.
        var sent = await caseworker.PostAsync($"{Families}/photos", PhotoForm(photo, "image/png", "gen-found", "at the shelter"), cancel);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var photoId = (await sent.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("id").GetString()!;
        Assert.EndsWith($"/families/photos/{photoId}", sent.Headers.Location!.ToString(), StringComparison.Ordinal);
        var jpeg = Lifeline.Tests.Ledger.LedgerTestKit.Jpeg(7);
        var raw = await caseworker.PostAsync($"{Families}/photos?personId=gen-found", new ByteArrayContent(jpeg) { Headers = { ContentType = new("image/jpeg") } }, cancel);
        Assert.Equal(HttpStatusCode.Created, raw.StatusCode);

        var viewed = await caseworker.GetAsync($"{Families}/photos/{photoId}", cancel);
        Assert.Equal(HttpStatusCode.OK, viewed.StatusCode);
        Assert.Equal(photo, await viewed.Content.ReadAsByteArrayAsync(cancel));
        Assert.Equal("image/png", viewed.Content.Headers.ContentType!.MediaType);
        Assert.True(viewed.Headers.CacheControl!.NoStore);
        using var list = JsonDocument.Parse(await caseworker.GetStringAsync($"{Families}/photos?personId=gen-found", cancel));
        Assert.Equal(["image/png", "image/jpeg"], list.RootElement.GetProperty("photos").EnumerateArray().Select(p => p.GetProperty("mediaType").GetString()));
        // The case page shows both, each linked to the image, for the caseworker only.
        var page = await caseworker.GetStringAsync("/situations/lachin-2022/families/cases/gen-r1", cancel);
        Assert.Contains($"/families/photos/{photoId}", page, StringComparison.Ordinal);

        foreach (var role in new[] { Role.Analyst, Role.Publisher, Role.Viewer })
        {
            using var other = await server.ClientFor(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"{Families}/photos/{photoId}", cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"{Families}/photos?personId=gen-found", new ByteArrayContent(jpeg) { Headers = { ContentType = new("image/jpeg") } }, cancel)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync($"{Families}/photos/{photoId}", cancel)).StatusCode);
    }

    [Fact]
    public async Task Photo_BadInput_400NamingTheProblem_NothingStored()
    {
        await using var server = await LifelineServer.Start();
        var cancel = TestContext.Current.CancellationToken;
        using var caseworker = await server.ClientFor(Role.Caseworker);
        await CaseworkerPath(caseworker, cancel);
        var attempts = new (string What, HttpContent Body, string Query, string Field, string Says)[]
        {
            ("a PDF", new ByteArrayContent("%PDF-1.7 qz"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } }, "?personId=gen-found", "file", "not a JPEG, PNG or WebP"),
            ("a form without a file", new MultipartFormDataContent { { new StringContent("gen-found"), "personId" } }, "", "file", "is required"),
            ("too large", new ByteArrayContent(FamilyMarkers.Photo(length: (int)PhotoRules.MaxBytes + 10)) { Headers = { ContentType = new("image/png") } }, "?personId=gen-found", "file", "larger than the limit"),
            ("no person", PhotoForm(FamilyMarkers.Photo(), "image/png"), "", "personId", "Name the person"),
        };
        foreach (var (what, body, query, field, says) in attempts)
        {
            var answer = await caseworker.PostAsync($"{Families}/photos{query}", body, cancel);
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{what}: {answer.StatusCode}");
            var errors = (await answer.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), $"{what}: {errors}");
            Assert.Contains(says, messages.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await caseworker.PostAsync($"{Families}/photos?personId=gen-nobody", PhotoForm(FamilyMarkers.Photo(), "image/png"), cancel)).StatusCode);
        using var list = JsonDocument.Parse(await caseworker.GetStringAsync($"{Families}/photos?personId=gen-found", cancel));
        Assert.Equal(0, list.RootElement.GetProperty("photos").GetArrayLength());
    }

    /// <summary>
    /// The canary: once a caseworker has recorded people with a marker in every personal field, no answer to anyone
    /// else (every role but caseworker and admin, and anonymous) carries a marker, on any endpoint or page, nor does the log.
    /// </summary>
    [Fact]
    public async Task Canary_NoPersonalFieldReachesAnyOtherRole_OrTheLog()
    {
        var log = new LogSink();
        await using var server = await LifelineServer.Start(logging: log.AddTo);
        var cancel = TestContext.Current.CancellationToken;
        using var caseworker = await server.ClientFor(Role.Caseworker);
        var requestId = await CaseworkerPath(caseworker, cancel);
        var confirmed = await caseworker.PostAsJsonAsync($"{Families}/requests/{requestId}/status", new ChangeCaseStatusRequest { Status = "possible-match", Reason = "found" }, cancel);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        // A photo whose bytes carry a marker: found in any answer to anyone else, the photo itself leaked.
        var photo = await caseworker.PostAsync($"{Families}/photos", PhotoForm(FamilyMarkers.Photo(), "image/png", "gen-found", FamilyMarkers.Origin), cancel);
        Assert.Equal(HttpStatusCode.Created, photo.StatusCode);
        var photoPath = photo.Headers.Location!.ToString();
        Assert.Contains(FamilyMarkers.PhotoMarker, FamilyMarkers.FoundIn(await caseworker.GetByteArrayAsync(photoPath, cancel)));
        // The caseworker sees the markers: the test would find them if they leaked.
        Assert.NotEmpty(FamilyMarkers.FoundIn(await caseworker.GetStringAsync($"{Families}/people/gen-found", cancel)));
        // ... and on the caseworker's pages and in the CSV export.
        const string CasePage = "/situations/lachin-2022/families/cases/gen-r1";
        Assert.NotEmpty(FamilyMarkers.FoundIn(await caseworker.GetStringAsync(CasePage, cancel)));
        Assert.NotEmpty(FamilyMarkers.FoundIn(await caseworker.GetStringAsync("/situations/lachin-2022/families", cancel)));
        Assert.NotEmpty(FamilyMarkers.FoundIn(await caseworker.GetStringAsync($"{Families}/export.csv", cancel)));

        var paths = AuthorizationMatrixTests.Matrix.Where(m => m.Method == "GET").Select(m => m.Path)
            .Concat([
                $"{Families}/people/gen-found", $"{Families}/people/gen-enquirer", $"{Families}/requests/{requestId}",
                "/api/v1/ledger/records/family-person/lachin-2022/gen-found", "/api/v1/ledger/leaves?start=0&end=1000",
                "/api/v1/situations/lachin-2022/export?format=hxl", "/api/v1/situations/lachin-2022/export?format=geojson",
                "/feeds/alerts.atom", "/situations/lachin-2022", "/ledger",
                CasePage, "/situations/lachin-2022/families", "/situations/lachin-2022/families?status=possible-match", "/situations/lachin-2022/families/register-safe",
                "/situations/lachin-2022/families/new-request", $"{Families}/export.csv",
                photoPath, $"{Families}/photos?personId=gen-found", "/api/v1/ledger/records/family-photo/lachin-2022/" + photoPath.Split('/')[^1],
            ]).Distinct().ToList();
        var leaks = new List<string>();
        var others = new List<(string Who, HttpClient Client)> { ("anonymous", server.Client) };
        foreach (var role in Enum.GetValues<Role>().Where(r => !FamilyAccess.CanUse(new Viewer("x", "x", new HashSet<Role> { r }))))
        {
            others.Add((role.ToString(), await server.ClientFor(role)));
        }
        foreach (var (who, client) in others)
        {
            foreach (var path in paths)
            {
                var body = await (await client.GetAsync(path, cancel)).Content.ReadAsStringAsync(cancel);
                leaks.AddRange(FamilyMarkers.FoundIn(body).Select(m => $"{who} GET {path}: {m}"));
            }
        }
        // A court dossier made by an analyst (a bundle of records, proofs and evidence files), read file by file.
        var dossier = await others.Single(o => o.Who == nameof(Role.Analyst)).Client.PostAsJsonAsync("/api/v1/situations/lachin-2022/legal/dossiers", new { obligation = "icj-unimpeded-movement" }, cancel);
        Assert.Equal(HttpStatusCode.OK, dossier.StatusCode);
        using (var zip = new System.IO.Compression.ZipArchive(await dossier.Content.ReadAsStreamAsync(cancel)))
        {
            Assert.NotEmpty(zip.Entries);
            foreach (var entry in zip.Entries)
            {
                using var content = entry.Open();
                using var bytes = new MemoryStream();
                content.CopyTo(bytes);
                leaks.AddRange(FamilyMarkers.FoundIn(bytes.ToArray()).Select(m => $"dossier {entry.FullName}: {m}"));
            }
        }
        leaks.AddRange(log.Entries.SelectMany(e => FamilyMarkers.FoundIn(e.Message + e.Exception)).Select(m => $"log: {m}"));
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        foreach (var (_, client) in others.Skip(1))
        {
            client.Dispose();
        }
    }
}
