using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Lifeline.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Web;

/// <summary>
/// Reads keyed by what the reader may see: ETags and 304s on the dashboard, the situation, its calendar and the event
/// lists; the public tag (and the public caches) kept through an unpublished intake and moved by a publication.
/// </summary>
public sealed class FreshnessTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Situation = "/api/v1/situations/lachin-2022";

    private static readonly string[] Tagged =
    [
        "/situations/lachin-2022?date=2023-03-21", "/", "/situations/lachin-2022/calendar", "/situations/lachin-2022/events",
        Situation, Situation + "/calendar", Situation + "/events?pageSize=5", Situation + "/events?q=convoy",
    ];

    private static async Task<string> TagOf(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        return response.Headers.ETag!.ToString();
    }

    private static async Task<HttpStatusCode> StatusWith(HttpClient client, string path, string tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", tag);
        return (await client.SendAsync(request, Cancel)).StatusCode;
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reads_AskedAgainWithTheirTag_Answer304(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        foreach (var path in Tagged)
        {
            var tag = await TagOf(server.Client, path);
            Assert.StartsWith("W/\"", tag, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotModified, await StatusWith(server.Client, path, tag));
            Assert.Equal(HttpStatusCode.OK, await StatusWith(server.Client, path, "W/\"something-else\""));
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PublicTag_UnpublishedIntake_KeepsIt_PublicationMovesIt(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var staff = await server.ClientFor(Role.Reporter, Role.Verifier, Role.Publisher);
        var publicTag = await TagOf(server.Client, Situation);
        var publicEvents = await TagOf(server.Client, Situation + "/events");
        var staffTag = await TagOf(staff, Situation);
        var cache = server.Services.GetRequiredService<ReadCache>();

        var created = await staff.PostAsJsonAsync(Situation + "/events", new
        {
            date = "2023-08-10",
            place = "kornidzor",
            type = "convoy-turned-back",
            actor1 = "azerbaijan",
            notes = "Intake that the public must not see (freshnessmarker).",
            sources = new[] { "news-am-775042" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("event").GetProperty("id").GetString();

        // The intake changes what staff see, not what the public sees: the public's tags and cached reads stand.
        var computations = cache.Computations;
        Assert.Equal(HttpStatusCode.NotModified, await StatusWith(server.Client, Situation, publicTag));
        Assert.Equal(HttpStatusCode.NotModified, await StatusWith(server.Client, Situation + "/events", publicEvents));
        Assert.Equal(publicTag, await TagOf(server.Client, Situation));
        Assert.Equal(computations, cache.Computations);
        Assert.NotEqual(staffTag, await TagOf(staff, Situation));

        // Reviewed: still not public.
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"{Situation}/events/{id}/reviews", new { verdict = "verified", note = "Checked." }, Cancel)).StatusCode);
        Assert.Equal(publicTag, await TagOf(server.Client, Situation));

        // Published: the public view has changed.
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"{Situation}/events/{id}/publication", new { published = true, reason = "Public interest." }, Cancel)).StatusCode);
        var published = await TagOf(server.Client, Situation);
        Assert.NotEqual(publicTag, published);
        Assert.Equal(HttpStatusCode.OK, await StatusWith(server.Client, Situation + "/events", publicEvents));
        Assert.Contains("freshnessmarker", await server.Client.GetStringAsync(Situation + "/events?q=freshnessmarker", Cancel), StringComparison.Ordinal);

        // Withdrawn: it changes again, and the event is gone from the public list.
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"{Situation}/events/{id}/publication", new { published = false, reason = "Source retracted." }, Cancel)).StatusCode);
        Assert.NotEqual(published, await TagOf(server.Client, Situation));
        Assert.DoesNotContain("freshnessmarker", await server.Client.GetStringAsync(Situation + "/events?q=freshnessmarker", Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadCache_ManyReadersAtOnce_ComputeOnceAndShareIt()
    {
        var cache = new ReadCache();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var readers = Enumerable.Range(0, 50).Select(_ => Task.Run(() => cache.GetAsync("k", "v1", async () =>
        {
            Interlocked.Increment(ref calls);
            await release.Task;
            return new Box<int>(42);
        }), Cancel)).ToList();
        await Task.Delay(200, Cancel);
        release.SetResult();
        var values = await Task.WhenAll(readers);

        Assert.Equal(1, calls);
        Assert.All(values, v => Assert.Equal(42, v.Value));
        Assert.Equal(42, (await cache.GetAsync("k", "v1", () => Task.FromResult(new Box<int>(0)))).Value);
        Assert.Equal(7, (await cache.GetAsync("k", "v2", () => Task.FromResult(new Box<int>(7)))).Value);
    }

    [Fact]
    public async Task ReadCache_ComputationFails_NextReaderComputesAgain()
    {
        var cache = new ReadCache();
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync<Box<int>>("k", "v1", () => throw new InvalidOperationException("database gone")));
        Assert.Equal(3, (await cache.GetAsync("k", "v1", () => Task.FromResult(new Box<int>(3)))).Value);
    }
}
