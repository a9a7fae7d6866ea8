using Lifeline.Ledger;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Ledger;

/// <summary>
/// Someone with write access to the database or the data folder changes the record behind Lifeline's back:
/// <c>lifeline ledger verify</c>, run as a user runs it, catches each change and names what was changed.
/// </summary>
public sealed class LedgerTamperTests
{
    private static readonly string EventRecord = $"event {Scenarios.Default}/{LedgerTestKit.EventId} version 1";

    private static async Task<LifelineProcess.Result> Verify(Seeded seeded) =>
        await LifelineProcess.Run(seeded.Database.Folder, ["ledger", "verify", .. LedgerTestKit.StorageArgs(seeded.Database)]);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Untouched_Verifies(string provider)
    {
        using var seeded = new Seeded(provider);
        LedgerTestKit.Checkpoints(seeded.Db, seeded.Database.Options, seeded.Clock).SignNow();
        var result = await Verify(seeded);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("OK: every leaf, tree node, checkpoint, record, current row, evidence file and audit entry holds", result.Output, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OneChangedByteOfARecord_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        LedgerTestKit.Tamper(seeded.Db, "event_versions",
            $"UPDATE event_versions SET notes = 'X' || substr(notes, 2) WHERE situation_id = 'lachin-2022' AND event_id = '{LedgerTestKit.EventId}'");
        var result = await Verify(seeded);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{EventRecord}: the stored record no longer matches its ledger leaf", result.Output, StringComparison.Ordinal);
        // The current row still says what the ledger committed to, so it no longer matches the changed version either.
        Assert.Contains($"events {Scenarios.Default}/{LedgerTestKit.EventId}: notes is ", result.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED: 2 findings", result.Output, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeletedRecord_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        LedgerTestKit.Tamper(seeded.Db, "event_versions",
            $"DELETE FROM event_versions WHERE situation_id = 'lachin-2022' AND event_id = '{LedgerTestKit.EventId}'");
        var result = await Verify(seeded);
        Assert.Equal(1, result.ExitCode);
        Assert.Matches($@"{EventRecord} \(leaf \d+\): the ledger holds it, but the record is gone", result.Output);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoReorderedLeaves_AreNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        LedgerTestKit.Checkpoints(seeded.Db, seeded.Database.Options, seeded.Clock).SignNow();
        LedgerTestKit.Tamper(seeded.Db, "ledger_leaves", "UPDATE ledger_leaves SET idx = -1 WHERE idx = 10");
        LedgerTestKit.Tamper(seeded.Db, "ledger_leaves", "UPDATE ledger_leaves SET idx = 10 WHERE idx = 11");
        LedgerTestKit.Tamper(seeded.Db, "ledger_leaves", "UPDATE ledger_leaves SET idx = 11 WHERE idx = -1");
        var result = await Verify(seeded);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("leaf 10: its bytes do not hash to the tree's leaf hash", result.Output, StringComparison.Ordinal);
        Assert.Contains("leaf 11: its bytes do not hash to the tree's leaf hash", result.Output, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ReplacedEvidenceFile_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        var parts = new EvidenceParts(seeded.Db, seeded.Clock, TestUser.Everything, seeded.Database.Options, seeded.Sequencer);
        var evidence = parts.Added(Scenarios.Default, LedgerTestKit.EventId, LedgerTestKit.Jpeg(), "checkpoint.jpg");
        Assert.True(Sha256Digest.TryParse(evidence.Sha256, out var sha256));
        await File.WriteAllBytesAsync(parts.Files.PathOf(sha256), LedgerTestKit.Jpeg(seed: 2), TestContext.Current.CancellationToken);
        var result = await Verify(seeded);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"evidence lachin-2022/{evidence.Id} (checkpoint.jpg): its file no longer has SHA-256 {evidence.Sha256}: it was replaced or altered", result.Output, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void ChangedTreeNode_AndRewrittenHistory_AreNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        LedgerTestKit.Checkpoints(seeded.Db, seeded.Database.Options, seeded.Clock).SignNow();
        LedgerTestKit.Tamper(seeded.Db, "ledger_nodes", "UPDATE ledger_nodes SET hash = (SELECT hash FROM ledger_nodes WHERE level = 0 AND idx = 0) WHERE level = 3 AND idx = 2");
        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.Contains("tree node (level 3, index 2): the stored hash is not the hash of the leaves below it", report.Findings);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void RecordThatNoLongerReads_IsNamedOnce(string provider)
    {
        using var seeded = new Seeded(provider);
        LedgerTestKit.Tamper(seeded.Db, "event_versions",
            $"UPDATE event_versions SET type = 'frobnicate' WHERE situation_id = 'lachin-2022' AND event_id = '{LedgerTestKit.EventId}'");
        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        var finding = Assert.Single(report.Findings, f => f.StartsWith("event ", StringComparison.Ordinal));
        Assert.StartsWith($"{EventRecord}: the stored record cannot be read any more", finding, StringComparison.Ordinal);
        // The current row still has the committed type, so it no longer matches its version.
        Assert.Contains(report.Findings, f => f.StartsWith($"events {Scenarios.Default}/{LedgerTestKit.EventId}: type is ", StringComparison.Ordinal));
        Assert.Equal(2, report.Findings.Count);
    }
}
