using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Legal;
using Lifeline.Ledger;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Legal;

/// <summary>The legal record written through the API against the real server, on both engines: versioned, each version a leaf, bad input refused with nothing stored.</summary>
public sealed class LegalWriteApiTests
{
    private const string Legal = "/api/v1/situations/lachin-2022/legal";
    private const string Source = "news-am-734702";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.Clone();

    private static async Task<(int Versions, int Current, long Leaves)> Stored(LifelineServer server)
    {
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
        return (await db.Set<LegalRecordVersionRow>().CountAsync(Cancel), await db.Set<LegalRecordRow>().CountAsync(Cancel), await db.Set<LedgerLeafRow>().LongCountAsync(Cancel));
    }

    private static void LedgerHolds(LifelineServer server)
    {
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
        var report = LedgerTestKit.Verify(db, server.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Analyst_RecordsABodyProceedingStepAndObligation_ThenANewVersion_EachALeafThatVerifies(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        var analyst = await server.ClientFor(Role.Analyst);
        var before = await Stored(server);

        var body = await analyst.PostAsJsonAsync($"{Legal}/bodies", new { id = "test-committee", name = "A test committee", kind = "committee", sources = new[] { Source } }, Cancel);
        Assert.Equal(HttpStatusCode.Created, body.StatusCode);
        Assert.Equal("/api/v1/situations/lachin-2022/legal/bodies/test-committee", body.Headers.Location?.OriginalString);
        var proceeding = await analyst.PostAsJsonAsync($"{Legal}/proceedings",
            new { body = "test-committee", name = "Communication on the corridor", parties = new[] { "Armenia", "Azerbaijan" }, opened = "2023-01-10", sources = new[] { Source } }, Cancel);
        Assert.Equal(HttpStatusCode.Created, proceeding.StatusCode);
        // No id given: one is made from the name.
        var proceedingId = (await Json(proceeding)).GetProperty("id").GetString()!;
        Assert.Equal("communication-on-the-corridor", proceedingId);
        var step = await analyst.PostAsJsonAsync($"{Legal}/steps",
            new { id = "test-decision", proceeding = proceedingId, date = "2023-03-01", kind = "order", vote = "9-3", decision = "Keep the road open.", sources = new[] { Source } }, Cancel);
        Assert.Equal(HttpStatusCode.Created, step.StatusCode);
        var obligation = await analyst.PostAsJsonAsync($"{Legal}/obligations",
            new { id = "test-road-open", step = "test-decision", bearer = "Azerbaijan", from = "2023-03-01", until = "2023-03-10", text = "Keep the road open.", rule = "route-open(lachin-corridor)", sources = new[] { Source } }, Cancel);
        Assert.Equal(HttpStatusCode.Created, obligation.StatusCode);
        var written = await Json(obligation);
        Assert.Equal(1, written.GetProperty("version").GetInt32());
        Assert.Equal("test-committee", written.GetProperty("obligation").GetProperty("body").GetString());

        // Read back by everyone, its compliance computed at once: humanitarian-only on each of the 10 days.
        var read = await server.Client.GetStringAsync($"{Legal}/proceedings", Cancel);
        Assert.Contains("test-decision", read, StringComparison.Ordinal);
        var compliance = await Json(await server.Client.GetAsync($"{Legal}/obligations/test-road-open/compliance", Cancel));
        Assert.Equal(10, compliance.GetProperty("obligations")[0].GetProperty("daysBreached").GetInt32());
        Assert.Equal((before.Versions + 4, before.Current + 4, before.Leaves + 4), await Stored(server));

        // A new version, saying why; the same again changes nothing.
        var change = new { step = "test-decision", bearer = "Azerbaijan", from = "2023-03-01", until = "2023-03-05", text = "Keep the road open.", rule = "route-open(lachin-corridor)", sources = new[] { Source }, reason = "The order was limited to five days." };
        var changed = await analyst.PutAsJsonAsync($"{Legal}/obligations/test-road-open", change, Cancel);
        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        var second = await Json(changed);
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        Assert.Equal("2023-03-05", second.GetProperty("obligation").GetProperty("until").GetString());
        var again = await analyst.PutAsJsonAsync($"{Legal}/obligations/test-road-open", change, Cancel);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await Json(again)).GetProperty("changed").GetBoolean());
        Assert.Equal((before.Versions + 5, before.Current + 4, before.Leaves + 5), await Stored(server));
        compliance = await Json(await server.Client.GetAsync($"{Legal}/obligations/test-road-open/compliance", Cancel));
        Assert.Equal(5, compliance.GetProperty("obligations")[0].GetProperty("daysBreached").GetInt32());

        using (var scope = server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
            var versions = await db.Set<LegalRecordVersionRow>().Where(v => v.RecordId == "test-road-open").OrderBy(v => v.Version).ToListAsync(Cancel);
            Assert.Equal([1, 2], versions.Select(v => v.Version));
            Assert.Equal("The order was limited to five days.", versions[1].Reason);
            Assert.Contains("2023-03-10", versions[0].Content, StringComparison.Ordinal);
            var leaf = await db.Set<LedgerLeafRow>().CountAsync(l => l.RecordType == RecordTypes.Legal(LegalKinds.Obligation) && l.RecordId == "lachin-2022/test-road-open", Cancel);
            Assert.Equal(2, leaf);
            Assert.True(await db.Audit.AnyAsync(a => a.RecordId == "test-road-open" && a.Action == "edit", Cancel));
        }
        LedgerHolds(server);

        // The OpenAPI document describes the writes with their bodies.
        var paths = (await Json(await server.Client.GetAsync("/openapi/v1.json", Cancel))).GetProperty("paths");
        foreach (var list in new[] { "bodies", "proceedings", "steps", "obligations" })
        {
            Assert.True(paths.GetProperty($"/api/v1/situations/{{situationId}}/legal/{list}").GetProperty("post").TryGetProperty("requestBody", out _), list);
        }
        Assert.True(paths.GetProperty("/api/v1/situations/{situationId}/legal/obligations/{obligationId}").TryGetProperty("put", out _));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BadInput_ProblemNamingTheField_NothingStored(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        var analyst = await server.ClientFor(Role.Analyst);
        var before = await Stored(server);
        var obligation = new { id = "test-bad", step = "icj-2023-02-22-order", bearer = "Azerbaijan", from = "2023-02-22", text = "Open.", rule = "all(route-open, road-free)", sources = new[] { Source } };

        async Task Refused(HttpResponseMessage response, string field, string words)
        {
            var text = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), text);
            Assert.Contains(words, messages[0].GetString(), StringComparison.Ordinal);
        }

        await Refused(await analyst.PostAsJsonAsync($"{Legal}/obligations", obligation, Cancel), "rule", "unknown term 'road-free'");
        await Refused(await analyst.PostAsJsonAsync($"{Legal}/steps",
            new { proceeding = "icj-cerd-armenia-v-azerbaijan", date = "2021-09-15", kind = "hearing", decision = "Heard.", sources = new[] { Source } }, Cancel),
            "date", "before its proceeding 'icj-cerd-armenia-v-azerbaijan' was opened (2021-09-16)");
        await Refused(await analyst.PostAsJsonAsync($"{Legal}/bodies", new { id = "test-unsourced", name = "A body", kind = "court" }, Cancel),
            "sources", "at least one source is required");
        await Refused(await analyst.PostAsJsonAsync($"{Legal}/bodies", new { id = "icj", name = "Another", kind = "court", sources = new[] { Source } }, Cancel),
            "id", "'icj' is already a legal record (body)");
        await Refused(await analyst.PutAsJsonAsync($"{Legal}/obligations/icj-unimpeded-movement", obligation with { rule = "route-open(lachin-corridor)" }, Cancel),
            "reason", "is required");
        // Moving the order after the day its obligation took effect would break the record: refused, naming the obligation.
        await Refused(await analyst.PutAsJsonAsync($"{Legal}/steps/icj-2023-02-22-order",
            new { proceeding = "icj-cerd-armenia-v-azerbaijan", date = "2023-03-01", kind = "order", vote = "13-2", decision = "Moved.", sources = new[] { Source }, reason = "a test" }, Cancel),
            "date", "the obligation 'icj-unimpeded-movement'");
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PutAsJsonAsync($"{Legal}/bodies/no-such-body", new { name = "x", kind = "court", sources = new[] { Source }, reason = "x" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PostAsJsonAsync("/api/v1/situations/nowhere/legal/bodies", new { id = "x", name = "x", kind = "court", sources = new[] { Source } }, Cancel)).StatusCode);
        var notJson = await analyst.PostAsync($"{Legal}/steps", new StringContent("{\"date\": 5", System.Text.Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        // Only admins and analysts write the legal record.
        var reporter = await server.ClientFor(Role.Reporter);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"{Legal}/obligations", obligation with { rule = "route-open" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.PostAsJsonAsync($"{Legal}/obligations", obligation with { rule = "route-open" }, Cancel)).StatusCode);

        Assert.Equal(before, await Stored(server));
        var icj = await Json(await server.Client.GetAsync($"{Legal}/obligations", Cancel));
        Assert.Contains(icj.GetProperty("obligations").EnumerateArray(), o => o.GetProperty("id").GetString() == "icj-unimpeded-movement" && o.GetProperty("rule").GetString() == "route-open(lachin-corridor)");
        LedgerHolds(server);
    }
}
