using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Lifeline.Tests.Accounts;

/// <summary>Writes are counted apart from reads, so a burst of writes never stops anyone reading; an answered conflict is not an error.</summary>
public sealed class RateLimitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static object Event(string notes) =>
        new { date = "2023-05-01", place = "goris", type = "statement", notes, sources = new[] { "news-am-775042" } };

    [Fact]
    public async Task WriteLimitReached_TheNewEventFormStillOpens()
    {
        await using var server = await LifelineServer.Start(limits: new AbuseLimits(WritesPerMinute: 2, ReadsPerMinute: 1_000));
        using var reporter = await server.SignedInFor(Role.Reporter);
        // Signing in was the first write of this address, not of this account: the account has its own two.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", Event($"Write {i}."), Cancel)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", Event("One too many."), Cancel)).StatusCode);

        for (var i = 0; i < 3; i++)
        {
            var form = await reporter.GetAsync("/situations/lachin-2022/events/new", Cancel);
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync("/api/v1/situations/lachin-2022/events?pageSize=1", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Reads_HaveTheirOwnLimit_AndLeaveWritesAlone()
    {
        await using var server = await LifelineServer.Start(limits: new AbuseLimits(WritesPerMinute: 10, ReadsPerMinute: 3));
        using var reporter = await server.ClientFor(Role.Reporter);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync("/api/v1/situations", Cancel)).StatusCode);
        }
        var refused = await reporter.GetAsync("/api/v1/situations", Cancel);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Created, (await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", Event("A write after the reads."), Cancel)).StatusCode);
        // Another account reads on.
        using var other = await server.ClientFor(Role.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/situations", Cancel)).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ConcurrentEdits_AreAnswered409_AndLoggedAsInformationNotErrors(string provider)
    {
        var log = new LogSink();
        await using var server = await LifelineServer.Start(provider, logging: log.AddTo);
        using var verifier = await server.ClientFor(Role.Verifier);
        var created = await verifier.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", Event("Edited by many at once."), Cancel);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("event").GetProperty("id").GetString()!;

        // Everyone edits version 1 at the same moment: one wins, the others are told someone else was first.
        var edits = Enumerable.Range(0, 8).Select(i => verifier.PutAsJsonAsync($"/api/v1/situations/lachin-2022/events/{id}", new
        {
            date = "2023-05-01",
            place = "goris",
            type = "statement",
            notes = $"Edit {i}.",
            sources = new[] { "news-am-775042" },
            reason = $"edit {i}",
            expectedVersion = 1,
        }, Cancel));
        var statuses = (await Task.WhenAll(edits)).Select(r => r.StatusCode).ToList();
        Assert.Single(statuses, HttpStatusCode.Created);
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));

        var entries = log.Entries;
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Error);
        Assert.Equal(7, entries.Count(e => e.Level == LogLevel.Information && e.Message.Contains("409", StringComparison.Ordinal)));
    }
}
