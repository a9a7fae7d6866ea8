using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Accounts;

/// <summary>The audit log records writes and confidential reads, and the database refuses to change it.</summary>
public sealed class AuditTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Writes_AndConfidentialReads_AreLoggedWithWhoWhenAndWhere(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var reporter = await server.ClientFor(Role.Reporter);
        using var verifier = await server.ClientFor(Role.Verifier);
        using var admin = await server.ClientFor(Role.Admin);

        var created = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-05-02",
            place = "goris",
            type = "statement",
            notes = "Audit test.",
            newSources = new[] { new { publisher = "Witness", url = "https://example.org/audit-test", protectIdentity = true } },
        }, Cancel);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("event").GetProperty("id").GetString();
        await verifier.GetAsync($"/api/v1/situations/lachin-2022/events/{id}", Cancel);

        var log = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/audit?pageSize=200", Cancel)).RootElement.GetProperty("items").EnumerateArray().ToList();
        var create = Assert.Single(log, a => a.GetProperty("action").GetString() == "create" && a.GetProperty("recordType").GetString() == "event" && a.GetProperty("recordId").GetString() == id);
        Assert.Equal("Test Reporter", create.GetProperty("user").GetString());
        Assert.Equal("127.0.0.1", create.GetProperty("address").GetString());
        Assert.Contains(log, a => a.GetProperty("action").GetString() == "create" && a.GetProperty("recordType").GetString() == "source");
        var read = Assert.Single(log, a => a.GetProperty("action").GetString() == "read" && a.GetProperty("recordId").GetString() == id && a.GetProperty("user").GetString() == "Test Verifier");
        Assert.Contains("protected", read.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Reading the log is logged too.
        var again = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/audit?pageSize=5", Cancel)).RootElement.GetProperty("items")[0];
        Assert.Equal("audit-log", again.GetProperty("recordType").GetString());
    }

    /// <summary>
    /// Writes from several accounts share the ledger's batches; each audit line still names the account whose request
    /// made it (not the account whose write happened to start the batching, nor nobody).
    /// </summary>
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ConcurrentWriters_EachAuditLineNamesItsOwnWriter(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var first = await server.ClientFor(Role.Publisher);
        using var reporter = await server.ClientFor(Role.Reporter);
        using var analyst = await server.ClientFor(Role.Analyst);
        using var admin = await server.ClientFor(Role.Admin);

        async Task<string> Record(HttpClient client, string note)
        {
            var created = await client.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
            {
                date = "2023-05-02",
                place = "goris",
                type = "statement",
                notes = note,
                sources = new[] { "news-am-775042" },
            }, Cancel);
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
            return JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("event").GetProperty("id").GetString()!;
        }

        // One account's write comes first and is over before the others write.
        var opening = await Record(first, "Written first, alone.");
        var writes = Enumerable.Range(0, 6).Select(i => (User: i % 2 == 0 ? "Test Reporter" : "Test Analyst", Id: Record(i % 2 == 0 ? reporter : analyst, $"Concurrent write {i}."))).ToList();
        await Task.WhenAll(writes.Select(w => w.Id));

        var log = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/audit?pageSize=200", Cancel)).RootElement.GetProperty("items").EnumerateArray().ToList();
        string CreatedBy(string id) => Assert.Single(log, a => a.GetProperty("action").GetString() == "create" && a.GetProperty("recordType").GetString() == "event"
            && a.GetProperty("recordId").GetString() == id).GetProperty("user").GetString()!;
        Assert.Equal("Test Publisher", CreatedBy(opening));
        foreach (var (user, id) in writes)
        {
            Assert.Equal(user, CreatedBy(await id));
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void AuditLogAndVersions_CannotBeChangedOrDeleted(string provider)
    {
        using var seeded = new Seeded(provider);
        seeded.As().Audit.Add("read", "test", "x", null, "first line");
        seeded.Db.SaveChanges();
        var before = (seeded.Db.Audit.Count(), seeded.Db.EventVersions.Count(), seeded.Db.Reviews.Count());
        foreach (var sql in new[]
        {
            "UPDATE audit_log SET action = 'nothing'", "DELETE FROM audit_log",
            "UPDATE event_versions SET notes = 'rewritten'", "DELETE FROM event_versions",
            "UPDATE reviews SET note = 'rewritten'", "DELETE FROM source_versions",
        })
        {
            var error = Record.Exception(() => seeded.Db.Database.ExecuteSqlRaw(sql));
            Assert.True(error is not null, $"{sql} was allowed");
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(before, (seeded.Db.Audit.Count(), seeded.Db.EventVersions.Count(), seeded.Db.Reviews.Count()));
        Assert.Equal("first line", seeded.Db.Audit.Single(a => a.RecordType == "test").Detail);
    }
}
