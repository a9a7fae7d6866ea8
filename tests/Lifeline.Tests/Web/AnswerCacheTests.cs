using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Lifeline.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Web;

/// <summary>
/// Public answers kept whole in memory under their data-version tag, and the data version itself read once for many
/// public readers: kept through an unpublished intake, replaced at once by a publication, never for a signed-in reader.
/// </summary>
/// <remarks>Alone: commits made by other tests in the same process would make this node read its data version again.</remarks>
[Collection(nameof(Lifeline.Tests.Evidence.RunsAlone))]
public sealed class AnswerCacheTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Situation = "/api/v1/situations/lachin-2022";

    private static async Task<(string Body, string? Answer)> Get(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(Cancel),
            response.Headers.TryGetValues(AnswerCache.Header, out var values) ? values.Single() : null);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PublicAnswers_AreKept_UntilAPublicationReplacesThem(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var staff = await server.ClientFor(Role.Reporter, Role.Verifier, Role.Publisher);
        var list = Situation + "/events?q=answermarker";
        var page = "/situations/lachin-2022/events?q=answermarker";

        var first = await Get(server.Client, list);
        var again = await Get(server.Client, list);
        Assert.Null(first.Answer);
        Assert.Equal("kept", again.Answer);
        Assert.Equal(first.Body, again.Body);
        var firstPage = await Get(server.Client, page);
        Assert.Equal("kept", (await Get(server.Client, page)).Answer);
        // A signed-in reader is always answered afresh.
        Assert.Null((await Get(staff, list)).Answer);

        var created = await staff.PostAsJsonAsync(Situation + "/events", new
        {
            date = "2023-08-10",
            place = "kornidzor",
            type = "convoy-turned-back",
            actor1 = "azerbaijan",
            notes = "Convoy stopped at the checkpoint (answermarker).",
            sources = new[] { "news-am-775042" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("event").GetProperty("id").GetString();

        // Unpublished: what the public is answered has not changed, and is still answered from memory.
        var intake = await Get(server.Client, list);
        Assert.Equal("kept", intake.Answer);
        Assert.DoesNotContain("Convoy stopped", intake.Body, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"{Situation}/events/{id}/reviews", new { verdict = "verified", note = "Checked." }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"{Situation}/events/{id}/publication", new { published = true, reason = "Public interest." }, Cancel)).StatusCode);

        // Published: the very next public reader gets the new answer (no waiting for the freshness span), then it is kept.
        var published = await Get(server.Client, list);
        Assert.Null(published.Answer);
        Assert.Contains("Convoy stopped", published.Body, StringComparison.Ordinal);
        Assert.Equal("kept", (await Get(server.Client, list)).Answer);
        var publishedPage = await Get(server.Client, page);
        Assert.Null(publishedPage.Answer);
        Assert.NotEqual(firstPage.Body, publishedPage.Body);
        Assert.Contains("Convoy stopped", publishedPage.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerThatSetsACookie_OrToARequestWithOne_IsNotKept()
    {
        await using var server = await LifelineServer.Start();
        // A reader who sends a cookie may be someone: answered afresh each time.
        var answers = new List<string?>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Situation);
            request.Headers.Add("Cookie", "x=1");
            var response = await server.Client.SendAsync(request, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(response.Headers.TryGetValues(AnswerCache.Header, out var v) ? v.Single() : null);
        }
        Assert.All(answers, Assert.Null);
        Assert.Equal(0, server.Services.GetRequiredService<AnswerCache>().Kept);

        // The sign-in page sets the anti-forgery cookie: never kept, so never replayed to another reader.
        for (var i = 0; i < 2; i++)
        {
            var response = await server.Client.GetAsync("/account/sign-in", Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains(AnswerCache.Header));
        }
        Assert.Equal(0, server.Services.GetRequiredService<AnswerCache>().Kept);
    }

    [Fact]
    public async Task ManyPublicReadersAtOnce_ReadTheDataVersionOnce()
    {
        await using var server = await LifelineServer.Start(settings: ServerSettings.Default with { PublicFreshnessMs = 60_000 });
        var versions = server.Services.GetRequiredService<DataVersions>();
        await Get(server.Client, Situation);
        var before = versions.PublicReadings;
        var readers = Enumerable.Range(0, 40).Select(i => Get(server.Client, $"{Situation}/events?page={1 + (i % 4)}&pageSize=5")).ToList();
        await Task.WhenAll(readers);
        // Forty readers, at most one reading (a timed job of the server may commit meanwhile: then one more).
        Assert.InRange(versions.PublicReadings - before, 0, 1);

        // A commit on this node: the next public reader reads the data version again, however fresh the last reading.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
            var current = await versions.RecentAsync(db, Cancel);
            DataVersions.Moved();
            Assert.Equal(current, await versions.RecentAsync(db, Cancel));
        }
        Assert.InRange(versions.PublicReadings - before, 1, 3);
    }

    [Fact]
    public async Task AReadingThatFails_IsNotKept_AndTheNextReaderReadsAgain()
    {
        var versions = new DataVersions(TimeSpan.FromMinutes(1));
        using var database = TestDatabase.Create(TestDatabase.Sqlite);
        await using var broken = StorageSetup.CreateContext(database.Options with { ConnectionString = "Data Source=/nonexistent/folder/lifeline.db" });
        await Assert.ThrowsAnyAsync<Exception>(() => versions.RecentAsync(broken, Cancel));
        await using var db = StorageSetup.CreateContext(database.Options);
        StorageSetup.Prepare(db);
        var version = await versions.RecentAsync(db, Cancel);
        Assert.Equal(version, await versions.RecentAsync(db, Cancel));
        Assert.Equal(2, versions.PublicReadings);
    }

    [Fact]
    public async Task AProof_IsForItsTreeSizeForGood_AndSaysSoToCaches()
    {
        await using var server = await LifelineServer.Start();
        var checkpoint = await server.Client.GetStringAsync("/api/v1/ledger/checkpoint", Cancel);
        var treeSize = ulong.Parse(checkpoint.Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(treeSize > 2);
        foreach (var path in new[] { $"/api/v1/ledger/proof/inclusion?index=1&size={treeSize}", $"/api/v1/ledger/proof/consistency?from=2&to={treeSize}" })
        {
            var first = await server.Client.GetAsync(path, Cancel);
            var again = await server.Client.GetAsync(path, Cancel);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", first.Headers.CacheControl?.ToString());
            Assert.Equal(await first.Content.ReadAsStringAsync(Cancel), await again.Content.ReadAsStringAsync(Cancel));
        }
        // A tree the ledger has not reached is refused, and the refusal is not kept.
        var beyond = await server.Client.GetAsync($"/api/v1/ledger/proof/inclusion?index=1&size={treeSize + 5}", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        Assert.NotEqual("public, max-age=31536000, immutable", beyond.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task AKeptAnswer_GoesCompressedToAReaderWhoAcceptsIt_AndReadsTheSame()
    {
        await using var server = await LifelineServer.Start();
        const string page = "/situations/lachin-2022?date=2023-03-21";
        var (plain, _) = await Get(server.Client, page);
        Assert.Equal("kept", (await Get(server.Client, page)).Answer);
        foreach (var (accept, coding) in new[] { ("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("identity", null) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
            using var response = await server.Client.SendAsync(request, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("kept", response.Headers.GetValues(AnswerCache.Header).Single());
            var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
            Assert.Equal(coding, response.Content.Headers.ContentEncoding.SingleOrDefault());
            Stream body = new MemoryStream(bytes);
            body = coding switch
            {
                "br" => new System.IO.Compression.BrotliStream(body, System.IO.Compression.CompressionMode.Decompress),
                "gzip" => new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress),
                _ => body,
            };
            using var reader = new StreamReader(body);
            Assert.Equal(plain, await reader.ReadToEndAsync(Cancel));
            if (coding is not null)
            {
                Assert.True(bytes.Length * 3 < System.Text.Encoding.UTF8.GetByteCount(plain), $"{coding}: {bytes.Length} bytes for {plain.Length} characters");
            }
        }
    }
}
