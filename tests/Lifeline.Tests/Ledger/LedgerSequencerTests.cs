using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Events;
using Lifeline.Ledger;
using Lifeline.Situations;
using Lifeline.Storage;
using Lifeline.Tests.Events;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Ledger;

/// <summary>The ledger's sequencer: the writes waiting at one moment are committed in one transaction, each on its own.</summary>
public sealed class LedgerSequencerTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly TestUser Reporter = new("reporter", Role.Reporter);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Batch_OneWriteFails_TheOthersAreStoredAndItIsNot(string provider)
    {
        using var seeded = new Seeded(provider);
        var contexts = new List<LifelineDbContext>();
        LifelineDbContext Context()
        {
            var db = seeded.Database.Open(prepare: false);
            contexts.Add(db);
            return db;
        }
        try
        {
            // A first write holds the sequencer until the others wait behind it: they then make one batch.
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var holder = Context();
            var holding = seeded.Sequencer.WriteAsync(holder, async _ =>
            {
                running.SetResult();
                await gate.Task;
                return LedgerWrite<int>.Refuse(0);
            });
            await running.Task.WaitAsync(Cancel);

            var good = Enumerable.Range(0, 4).Select(i =>
            {
                var db = Context();
                var recorder = new EventRecorder(db, seeded.Clock, Reporter, new AuditLog(db, Reporter, seeded.Clock), seeded.Sequencer);
                return recorder.Record(Scenarios.Default, EventRecorderTests.Valid($"Batch write {i} (markerbatch).") with { Id = $"batch-{i}" }, answered: true);
            }).ToList();
            // One writer's record fails after it was saved in the batch (its rows and its audit line written): it alone is undone.
            var badDb = Context();
            var badAudit = new AuditLog(badDb, Reporter, seeded.Clock);
            var bad = seeded.Sequencer.WriteAsync<int>(badDb, async cancel =>
            {
                badAudit.Add("create", "event", "batch-bad", Scenarios.Default, "a record that fails");
                await badDb.SaveChangesAsync(cancel);
                throw new InvalidOperationException("this record is bad");
            });
            var refusingDb = Context();
            var refusingAudit = new AuditLog(refusingDb, Reporter, seeded.Clock);
            Task<int>? refusing = null;
            try
            {
                while (seeded.Sequencer.Waiting < 5 && !good.Any(t => t.IsCompleted) && !bad.IsCompleted)
                {
                    await Task.Delay(10, Cancel);
                }
                Assert.Equal(5, seeded.Sequencer.Waiting);
                // A last writer saves, then refuses: after writes that were kept, it too is undone alone.
                refusing = seeded.Sequencer.WriteAsync<int>(refusingDb, async cancel =>
                {
                    refusingAudit.Add("create", "event", "batch-refused", Scenarios.Default, "a record refused after it was saved");
                    await refusingDb.SaveChangesAsync(cancel);
                    return LedgerWrite<int>.Refuse(7);
                });
                while (seeded.Sequencer.Waiting < 6)
                {
                    await Task.Delay(10, Cancel);
                }
            }
            finally
            {
                gate.TrySetResult();
            }
            await holding;

            foreach (var write in good)
            {
                Assert.IsType<RecordOutcome.Stored>(await write);
            }
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
            Assert.Equal("this record is bad", refused.Message);
            Assert.Equal(7, await refusing!);

            await using var check = seeded.Database.Open(prepare: false);
            var ids = Enumerable.Range(0, 4).Select(i => $"batch-{i}").ToList();
            Assert.Equal(4, await check.Events.CountAsync(e => ids.Contains(e.EventId), Cancel));
            var leaves = ids.Select(id => $"{Scenarios.Default}/{id}").ToList();
            Assert.Equal(4, await check.Set<LedgerLeafRow>().CountAsync(l => leaves.Contains(l.RecordId), Cancel));
            Assert.False(await check.Audit.AnyAsync(a => a.RecordId == "batch-bad" || a.RecordId == "batch-refused", Cancel));
            // Each good write has its create line and the line of the read its answer is, committed with it.
            Assert.Equal(8, await check.Audit.CountAsync(a => ids.Contains(a.RecordId), Cancel));
            Assert.Equal(4, await check.Audit.CountAsync(a => ids.Contains(a.RecordId) && a.Action == "read" && a.Detail == "unpublished (intake)", Cancel));
            var report = LedgerTestKit.Verify(check, seeded.Database.Options);
            Assert.True(report.Holds, string.Join("\n", report.Findings));
        }
        finally
        {
            foreach (var db in contexts)
            {
                await db.DisposeAsync();
            }
        }
    }
}
