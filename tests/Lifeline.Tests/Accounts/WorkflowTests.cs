using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Accounts;

/// <summary>Intake → review → publication over the API: each step by its own role, each seen by the right people.</summary>
public sealed class WorkflowTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Events = "/api/v1/situations/lachin-2022/events";

    private static object Closure(string notes) => new
    {
        date = "2023-03-01",
        place = "hakari-bridge",
        type = "corridor-closed",
        untilFurtherNotice = true,
        notes,
        sources = new[] { "news-am-775042" },
    };

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    private static async Task<string> CorridorOn(HttpClient client, string date) =>
        (await Json(await client.GetAsync($"/api/v1/situations/lachin-2022?date={date}", Cancel))).GetProperty("on").GetProperty("routes").GetProperty("lachin-corridor").GetString()!;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Event_MovesFromIntakeToPublic_EachStepByItsRole(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var reporter = await server.ClientFor(Role.Reporter);
        using var otherReporter = await server.ClientFor(Role.Reporter);
        using var viewer = await server.ClientFor(Role.Viewer);
        using var verifier = await server.ClientFor(Role.Verifier);
        using var publisher = await server.ClientFor(Role.Publisher);
        var anonymous = server.Client;

        var created = await Json(await reporter.PostAsJsonAsync(Events, Closure("Workflow test: bridge closed."), Cancel));
        var id = created.GetProperty("event").GetProperty("id").GetString();
        var path = $"{Events}/{id}";

        // Intake: its author, verifiers and publishers see it; the public, other reporters and viewers do not.
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync(path, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await verifier.GetAsync(path, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherReporter.GetAsync(path, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync(path, Cancel)).StatusCode);
        // An unpublished closure does not change the public calendar, but does change the internal one.
        Assert.Equal("humanitarian-only", await CorridorOn(anonymous, "2023-03-02"));
        Assert.Equal("closed", await CorridorOn(verifier, "2023-03-02"));

        // Not publishable before review; a reporter may neither review nor publish.
        var early = await publisher.PostAsJsonAsync($"{path}/publication", new { published = true, reason = "too soon" }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("reviewed", (await Json(early)).GetProperty("errors").GetProperty("published")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"{path}/reviews", new { verdict = "verified", note = "mine" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"{path}/publication", new { published = true, reason = "mine" }, Cancel)).StatusCode);

        // The author may correct it until it is reviewed.
        var correction = await reporter.PutAsJsonAsync(path, new { date = "2023-03-01", place = "hakari-bridge", type = "corridor-closed", untilFurtherNotice = true, notes = "Workflow test: bridge closed to all traffic.", sources = new[] { "news-am-775042" }, reason = "clearer" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, correction.StatusCode);

        var reviewed = await verifier.PostAsJsonAsync($"{path}/reviews", new { verdict = "verified", note = "Matches the monitor's report." }, Cancel);
        Assert.Equal(HttpStatusCode.Created, reviewed.StatusCode);
        var afterReview = await Json(reviewed);
        Assert.Equal("reviewed", afterReview.GetProperty("event").GetProperty("stage").GetString());
        Assert.Equal("verified", afterReview.GetProperty("event").GetProperty("verification").GetString());
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(path, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path, Cancel)).StatusCode);
        // Reviewed: the author may no longer change it on their own.
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PutAsJsonAsync(path, new { date = "2023-03-01", place = "hakari-bridge", type = "corridor-closed", untilFurtherNotice = true, notes = "Changed after review.", sources = new[] { "news-am-775042" }, reason = "late" }, Cancel)).StatusCode);

        var published = await publisher.PostAsJsonAsync($"{path}/publication", new { published = true, reason = "Reviewed and of public interest." }, Cancel);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var inside = await Json(published);
        Assert.Equal(["intake", "intake", "reviewed", "published"], inside.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("stage").GetString()));

        // Public now: the current version, without its history or who recorded it.
        var outside = await Json(await anonymous.GetAsync(path, Cancel));
        Assert.Equal("Workflow test: bridge closed to all traffic.", outside.GetProperty("event").GetProperty("notes").GetString());
        Assert.Equal(0, outside.GetProperty("versions").GetArrayLength());
        Assert.Equal(0, outside.GetProperty("reviews").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, outside.GetProperty("firstRecordedBy").ValueKind);
        Assert.Equal("closed", await CorridorOn(anonymous, "2023-03-02"));

        // Withdrawn: gone from the public record again.
        var withdrawn = await publisher.PostAsJsonAsync($"{path}/publication", new { published = false, reason = "Source retracted." }, Cancel);
        Assert.Equal(HttpStatusCode.Created, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path, Cancel)).StatusCode);
        Assert.Equal("humanitarian-only", await CorridorOn(anonymous, "2023-03-02"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Source_GradedAndProtected_IsHiddenFromThePublicOnly(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var verifier = await server.ClientFor(Role.Verifier);
        using var reporter = await server.ClientFor(Role.Reporter);
        const string source = "/api/v1/situations/lachin-2022/sources/news-am-734702/grade";

        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PutAsJsonAsync(source, new { reliability = "B", credibility = 2, reason = "x" }, Cancel)).StatusCode);
        var bad = await verifier.PutAsJsonAsync(source, new { reliability = "Q", credibility = 9 }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await Json(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("reliability", out _) && errors.TryGetProperty("credibility", out _) && errors.TryGetProperty("reason", out _));

        var graded = await verifier.PutAsJsonAsync(source, new { reliability = "B", credibility = 2, protectIdentity = true, reason = "Long record of accurate reporting; the reporter asked for protection." }, Cancel);
        Assert.Equal(HttpStatusCode.OK, graded.StatusCode);
        Assert.Equal("B2", (await Json(graded)).GetProperty("grade").GetString());

        // The blockade's first event cites this source: the public sees its grade but not who or where it is.
        var outside = (await server.Get<JsonElement>($"{Events}/2022-12-12-blockade-begins")).GetProperty("sources").EnumerateArray()
            .Single(s => s.GetProperty("id").GetString() == "news-am-734702");
        Assert.Equal("Protected source", outside.GetProperty("publisher").GetString());
        Assert.Equal(JsonValueKind.Null, outside.GetProperty("url").ValueKind);
        Assert.Equal("B2", outside.GetProperty("grade").GetString());
        var inside = (await Json(await verifier.GetAsync($"{Events}/2022-12-12-blockade-begins", Cancel))).GetProperty("sources").EnumerateArray()
            .Single(s => s.GetProperty("id").GetString() == "news-am-734702");
        Assert.Equal("news.am", inside.GetProperty("publisher").GetString());
        var reporterView = (await Json(await reporter.GetAsync($"{Events}/2022-12-12-blockade-begins", Cancel))).GetProperty("sources").EnumerateArray()
            .Single(s => s.GetProperty("id").GetString() == "news-am-734702");
        Assert.Equal("Protected source", reporterView.GetProperty("publisher").GetString());
    }
}
