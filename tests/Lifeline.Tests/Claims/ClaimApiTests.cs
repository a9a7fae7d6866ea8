using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Claims;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Claims;

/// <summary>The claims API over HTTP against the real server, on both engines: recorded, reviewed, published, and read by each audience.</summary>
public sealed class ClaimApiTests
{
    private const string Claims = "/api/v1/situations/lachin-2022/claims";

    private static object Draft(params string[] sources) => new
    {
        actor = "A spokesman",
        made = "2023-03-01",
        where = "A press briefing",
        text = "The road is open to everyone.",
        type = "denial",
        subjects = new[] { "corridor" },
        sources,
        rule = "route-open(lachin-corridor)",
        from = "2023-03-01",
        to = "2023-03-03",
        asserts = "the road is open",
    };

    private static async Task<int> StoredClaims(LifelineServer server)
    {
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Lifeline.Storage.LifelineDbContext>();
        return await db.Set<ClaimVersionRow>().CountAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Claim_RecordedReviewedPublished_ThePublicSeesItOnlyOncePublished(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        var cancel = TestContext.Current.CancellationToken;
        var reporter = await server.ClientFor(Role.Reporter);
        var verifier = await server.ClientFor(Role.Verifier);
        var publisher = await server.ClientFor(Role.Publisher);

        var created = await reporter.PostAsJsonAsync(Claims, Draft("news-am-734702"), cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var claim = await Json(created);
        var id = claim.GetProperty("id").GetString()!;
        Assert.StartsWith("2023-03-01-a-spokesman", id, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, claim.GetProperty("standing").ValueKind);
        // What the record says on the asserted days, before anyone reviews it: the road was humanitarian-only.
        var check = claim.GetProperty("check");
        Assert.Equal("contradicted", check.GetProperty("suggested").GetString());
        Assert.Equal(3, check.GetProperty("daysContradicted").GetInt32());
        Assert.All(check.GetProperty("days").EnumerateArray(), d => Assert.NotEmpty(d.GetProperty("events").EnumerateArray()));

        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"{Claims}/{id}", cancel)).StatusCode);
        Assert.DoesNotContain(id, await server.Client.GetStringAsync(Claims, cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync($"{Claims}/{id}", cancel)).StatusCode);

        var early = await publisher.PostAsJsonAsync($"{Claims}/{id}/publication", new { published = true, reason = "Public interest." }, cancel);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("not been reviewed", await early.Content.ReadAsStringAsync(cancel), StringComparison.Ordinal);

        var reviewed = await verifier.PostAsJsonAsync($"{Claims}/{id}/review",
            new { standing = "contradicted", note = "Humanitarian-only on each day.", events = new[] { "2022-12-12-blockade-begins" } }, cancel);
        Assert.Equal(HttpStatusCode.Created, reviewed.StatusCode);
        var afterReview = await Json(reviewed);
        Assert.Equal("contradicted", afterReview.GetProperty("standing").GetString());
        Assert.Equal(2, afterReview.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"{Claims}/{id}", cancel)).StatusCode);

        var published = await publisher.PostAsJsonAsync($"{Claims}/{id}/publication", new { published = true, reason = "Public interest." }, cancel);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var seen = await Json(await server.Client.GetAsync($"{Claims}/{id}", cancel));
        Assert.Equal("published", seen.GetProperty("stage").GetString());
        Assert.Equal("2022-12-12-blockade-begins", seen.GetProperty("review").GetProperty("events")[0].GetString());
        Assert.Contains(id, await server.Client.GetStringAsync(Claims, cancel), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Claim_BadInput_ProblemNamingTheField_NothingStored(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        var cancel = TestContext.Current.CancellationToken;
        var reporter = await server.ClientFor(Role.Reporter);
        var verifier = await server.ClientFor(Role.Verifier);
        var before = await StoredClaims(server);

        var noSource = await reporter.PostAsJsonAsync(Claims, Draft(), cancel);
        Assert.Equal(HttpStatusCode.BadRequest, noSource.StatusCode);
        var problem = await Json(noSource);
        Assert.True(problem.GetProperty("errors").TryGetProperty("sources", out _));

        var unknownSource = await reporter.PostAsJsonAsync(Claims, Draft("nowhere"), cancel);
        Assert.Contains("there is no source 'nowhere'", await unknownSource.Content.ReadAsStringAsync(cancel), StringComparison.Ordinal);

        var badRule = await reporter.PostAsJsonAsync(Claims, new { actor = "A", made = "2023-03-01", text = "Open.", type = "denial", subjects = new[] { "corridor" }, sources = new[] { "news-am-734702" }, rule = "road-free", from = "2023-03-01", to = "2023-03-02" }, cancel);
        Assert.Equal(HttpStatusCode.BadRequest, badRule.StatusCode);
        Assert.Contains("unknown term 'road-free'", await badRule.Content.ReadAsStringAsync(cancel), StringComparison.Ordinal);

        var notJson = await reporter.PostAsync(Claims, new StringContent("{\"actor\": 5", System.Text.Encoding.UTF8, "application/json"), cancel);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        var noEvidence = await verifier.PostAsJsonAsync($"{Claims}/2023-02-18-aliyev-no-blockade/review", new { standing = "supported", note = "No reason." }, cancel);
        Assert.Equal(HttpStatusCode.BadRequest, noEvidence.StatusCode);
        Assert.Contains("needs its evidence", await noEvidence.Content.ReadAsStringAsync(cancel), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await verifier.PostAsJsonAsync($"{Claims}/nothing/review", new { standing = "mixed", note = "x", events = new[] { "2022-12-12-blockade-begins" } }, cancel)).StatusCode);
        Assert.Equal(before, await StoredClaims(server));
        var still = await Json(await server.Client.GetAsync($"{Claims}/2023-02-18-aliyev-no-blockade", cancel));
        Assert.Equal("contradicted", still.GetProperty("standing").GetString());
    }
}
