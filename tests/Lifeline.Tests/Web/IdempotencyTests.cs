using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Lifeline.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Web;

/// <summary>
/// <c>Idempotency-Key</c> on writes: a request sent again with its key (an answer lost on a bad connection) gets the
/// first answer and stores nothing new; the key is the caller's own; a key reused for another request is refused.
/// </summary>
public sealed class IdempotencyTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Events = "/api/v1/situations/lachin-2022/events";

    private static object NewEvent(string notes) => new
    {
        date = "2023-08-10",
        place = "kornidzor",
        type = "convoy-turned-back",
        actor1 = "azerbaijan",
        notes,
        sources = new[] { "news-am-775042" },
    };

    private static HttpRequestMessage Post(object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Events) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add(IdempotencyKeys.Header, key);
        }
        return request;
    }

    private static async Task<int> CountEvents(LifelineServer server, string marker)
    {
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
        return await db.Events.CountAsync(v => v.Notes.Contains(marker), Cancel);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AWriteSentAgainWithItsKey_GetsTheFirstAnswer_AndStoresNothingNew(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var reporter = await server.ClientFor(Role.Reporter);
        var key = Guid.NewGuid().ToString();

        var first = await reporter.SendAsync(Post(NewEvent("Sent twice (idemmarker1)."), key), Cancel);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await reporter.SendAsync(Post(NewEvent("Sent twice (idemmarker1)."), key), Cancel);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues(IdempotencyKeys.ReplayedHeader).Single());
        Assert.False(first.Headers.Contains(IdempotencyKeys.ReplayedHeader));
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancel), await again.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(1, await CountEvents(server, "idemmarker1"));

        // Without a key, the same request is a second event, as before.
        Assert.Equal(HttpStatusCode.Created, (await reporter.SendAsync(Post(NewEvent("Sent twice (idemmarker1)."), null), Cancel)).StatusCode);
        Assert.Equal(2, await CountEvents(server, "idemmarker1"));
    }

    [Fact]
    public async Task AKeyUsedForAnotherRequest_IsRefused_AndKeysAreEachCallersOwn()
    {
        await using var server = await LifelineServer.Start();
        using var reporter = await server.ClientFor(Role.Reporter);
        using var other = await server.ClientFor(Role.Reporter);
        const string key = "report-2023-08-10-0001";

        Assert.Equal(HttpStatusCode.Created, (await reporter.SendAsync(Post(NewEvent("First (idemmarker2)."), key), Cancel)).StatusCode);
        var reused = await reporter.SendAsync(Post(NewEvent("Something else (idemmarker2)."), key), Cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var problem = JsonDocument.Parse(await reused.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.Contains("another request", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty(IdempotencyKeys.Header, out _));

        // Another account's key of the same name is theirs.
        Assert.Equal(HttpStatusCode.Created, (await other.SendAsync(Post(NewEvent("Something else (idemmarker2)."), key), Cancel)).StatusCode);
        Assert.Equal(2, await CountEvents(server, "idemmarker2"));
    }

    [Fact]
    public async Task ARefusalIsKeptToo_ButAKeyThatCannotBeAKeyIsNot()
    {
        await using var server = await LifelineServer.Start();
        using var reporter = await server.ClientFor(Role.Reporter);
        var bad = new { date = "2023-08-10", place = "nowhere", type = "convoy-turned-back", notes = "x", sources = new[] { "news-am-775042" } };

        var first = await reporter.SendAsync(Post(bad, "k-1"), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        var again = await reporter.SendAsync(Post(bad, "k-1"), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues(IdempotencyKeys.ReplayedHeader).Single());

        foreach (var key in new[] { "", "has space", new string('k', 256) })
        {
            var refused = await reporter.SendAsync(Post(NewEvent("Bad key (idemmarker3)."), key), Cancel);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(IdempotencyKeys.Header, await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }
        Assert.Equal(0, await CountEvents(server, "idemmarker3"));
    }

    [Fact]
    public async Task ASecondRequestWhileTheFirstIsAnswered_IsToldToWait()
    {
        await using var server = await LifelineServer.Start();
        using var reporter = await server.ClientFor(Role.Reporter);
        // The first request's place in the table, as it is while that request runs.
        var first = await reporter.SendAsync(Post(NewEvent("Probe (idemmarker4)."), "probe"), Cancel);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using (var scope = server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
            var row = await db.IdempotencyKeys.SingleAsync(r => r.Key == "probe", Cancel);
            db.IdempotencyKeys.Add(new IdempotencyRow { UserId = row.UserId, Key = "running", Fingerprint = row.Fingerprint, CreatedAt = server.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(Cancel);
        }
        var waiting = await reporter.SendAsync(Post(NewEvent("Probe (idemmarker4)."), "running"), Cancel);
        Assert.Equal(HttpStatusCode.Conflict, waiting.StatusCode);
        Assert.Equal("1", waiting.Headers.GetValues("Retry-After").Single());

        // Once that first request is taken for dead, the key starts again.
        server.Clock.Advance(IdempotencyKeys.Abandoned + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Created, (await reporter.SendAsync(Post(NewEvent("Probe (idemmarker4)."), "running"), Cancel)).StatusCode);
        Assert.Equal(2, await CountEvents(server, "idemmarker4"));
    }
}
