using Lifeline.Accounts;
using Lifeline.Situations;
using Lifeline.Storage;
using Lifeline.Tests.Events;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Ledger;

/// <summary>
/// The audit log is a hash chain: in normal use, however many servers write at once, <c>ledger verify</c> finds one
/// unbroken chain; an entry deleted, altered or moved behind Lifeline's back is named by its place in the chain.
/// </summary>
public sealed class AuditChainTests
{
    private static async Task<LifelineProcess.Result> Verify(Seeded seeded) =>
        await LifelineProcess.Run(seeded.Database.Folder, ["ledger", "verify", .. LedgerTestKit.StorageArgs(seeded.Database)]);

    /// <summary>Some audited work: confidential reads (each its own transaction) and an event recorded with its audit line.</summary>
    private static void Work(Seeded seeded, int reads)
    {
        var parts = seeded.As();
        for (var i = 0; i < reads; i++)
        {
            parts.Audit.Add("read", "event", $"read-{i}", Scenarios.Default, $"test read {i}");
            seeded.Db.SaveChanges();
        }
        Assert.IsType<Lifeline.Events.RecordOutcome.Stored>(parts.Recorder.Record(Scenarios.Default, EventRecorderTests.Valid()).GetAwaiter().GetResult());
    }

    private static List<(long Seq, long RowId)> Chain(LifelineDbContext db) =>
        db.Audit.AsNoTracking().Where(a => a.Seq != null).OrderBy(a => a.Seq).Select(a => new { Seq = a.Seq!.Value, a.RowId }).AsEnumerable()
            .Select(a => (a.Seq, a.RowId)).ToList();

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void ManyWrites_MakeOneChain_ThatVerifies(string provider)
    {
        using var seeded = new Seeded(provider);
        Work(seeded, 120);
        var chain = Chain(seeded.Db);
        Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), chain.Select(c => c.Seq));
        Assert.True(chain.Count >= 121);
        Assert.Equal(0, seeded.Db.Audit.Count(a => a.Seq == null));
        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
        Assert.Equal(chain.Count, report.AuditEntries);
        Assert.Equal(chain.Count, report.AuditHead.Seq);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ConcurrentWriters_MakeOneChain_ThatVerifies(string provider)
    {
        using var seeded = new Seeded(provider);
        const int writers = 6;
        const int each = 25;
        var start = new TaskCompletionSource();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            // Each writer has its own connection, as two servers over one database have.
            using var db = seeded.Database.Open(prepare: false);
            var audit = new AuditLog(db, new TestUser($"writer-{w}"), seeded.Clock);
            await start.Task;
            for (var i = 0; i < each; i++)
            {
                if (i % 5 == 4)
                {
                    audit.Add("read", "event", $"w{w}-{i}", Scenarios.Default, "async write");
                    await db.SaveChangesAsync(TestContext.Current.CancellationToken);
                }
                else
                {
                    // The command line's way: a blocking save, linked into the chain in its own transaction.
                    audit.Add("read", "event", $"w{w}-{i}", Scenarios.Default, "concurrent read");
                    db.SaveChanges();
                }
            }
        })).ToList();
        start.SetResult();
        await Task.WhenAll(tasks);

        var chain = Chain(seeded.Db);
        Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), chain.Select(c => c.Seq));
        Assert.Equal(writers * each, seeded.Db.Audit.Count(a => a.Detail == "concurrent read" || a.Detail == "async write"));
        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeletedEntry_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        Work(seeded, 10);
        LedgerTestKit.Tamper(seeded.Db, "audit_log", "DELETE FROM audit_log WHERE seq = 4");
        var result = await Verify(seeded);
        Assert.True(result.ExitCode == 1, result.Output + result.Error);
        Assert.Contains("audit entry 4 is missing: it was deleted (entry 5, ", result.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED: 1 findings", result.Output, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void AlteredEntry_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        Work(seeded, 10);
        LedgerTestKit.Tamper(seeded.Db, "audit_log", "UPDATE audit_log SET user_name = 'someone else' WHERE seq = 3");
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        var finding = Assert.Single(findings);
        Assert.StartsWith("audit entry 3 (", finding, StringComparison.Ordinal);
        Assert.EndsWith("): its content or its place in the chain was changed after it was written", finding, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void ReorderedEntries_AreNamed_FromTheFirst(string provider)
    {
        using var seeded = new Seeded(provider);
        Work(seeded, 10);
        LedgerTestKit.Tamper(seeded.Db, "audit_log", "UPDATE audit_log SET seq = -1 WHERE seq = 2");
        LedgerTestKit.Tamper(seeded.Db, "audit_log", "UPDATE audit_log SET seq = 2 WHERE seq = 6");
        LedgerTestKit.Tamper(seeded.Db, "audit_log", "UPDATE audit_log SET seq = 6 WHERE seq = -1");
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        Assert.StartsWith("audit entry 2 (", findings[0], StringComparison.Ordinal);
        Assert.Contains(findings, f => f.StartsWith("audit entry 3 (", StringComparison.Ordinal) && f.EndsWith("it no longer follows entry 2 as written: entries before it were changed or moved", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("audit entry 6 (", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void LastEntryDeleted_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        Work(seeded, 3);
        var last = seeded.Db.Audit.Max(a => a.Seq)!.Value;
        LedgerTestKit.Tamper(seeded.Db, "audit_log", $"DELETE FROM audit_log WHERE seq = {last}");
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        Assert.Contains($"audit entry {last} is missing: the last entry was deleted (the chain's head says {last} entries)", findings);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void EntriesFromBeforeTheChain_AreCounted_AndOneAddedLaterIsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        // As a database upgraded from before the chain: its earlier entries have no place in it.
        var unchained = $"INSERT INTO audit_log (at, user_name, action, record_type, record_id) VALUES ('2026-01-01 00:00:00', 'old', 'read', 'event', 'x')";
        LiftChainTrigger(seeded.Db);
        seeded.Db.Database.ExecuteSqlRaw(unchained);
        Work(seeded, 2);
        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
        Assert.Equal(1, report.AuditNotChained);

        seeded.Db.Database.ExecuteSqlRaw(unchained);
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        Assert.Contains(findings, f => f.StartsWith("audit entry row ", StringComparison.Ordinal) && f.EndsWith("it is not in the audit chain, though written after the chain began: it was added outside Lifeline", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void TheDatabaseRefuses_AnEntryOutsideTheChain_AndMovingTheHeadBack(string provider)
    {
        using var seeded = new Seeded(provider);
        Work(seeded, 2);
        var insert = Record.Exception(() => seeded.Db.Database.ExecuteSqlRaw(
            "INSERT INTO audit_log (at, user_name, action, record_type, record_id) VALUES ('2026-01-01 00:00:00', 'x', 'read', 'event', 'x')"));
        Assert.Contains("with their place in the audit chain", insert?.Message, StringComparison.Ordinal);
        var back = Record.Exception(() => seeded.Db.Database.ExecuteSqlRaw("UPDATE audit_chain_head SET seq = 1"));
        Assert.Contains("only moves forward", back?.Message, StringComparison.Ordinal);
        Assert.NotNull(Record.Exception(() => seeded.Db.Database.ExecuteSqlRaw("DELETE FROM audit_chain_head")));
    }

    private static void LiftChainTrigger(LifelineDbContext db) =>
        db.Database.ExecuteSqlRaw(db.Provider == StorageProvider.Sqlite
            ? "DROP TRIGGER audit_log_chained"
            : "ALTER TABLE audit_log DISABLE TRIGGER audit_log_chained");
}
