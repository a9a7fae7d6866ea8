using Lifeline.Evidence;
using Lifeline.Ledger;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Lifeline.Tests.Evidence;

/// <summary><c>lifeline evidence move</c>: files between a folder and PostgreSQL, every hash checked, safe after kill -9.</summary>
public sealed class EvidenceMoveTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<LifelineProcess.Result> Lifeline(TestDatabase database, params string[] args) =>
        LifelineProcess.Run(database.Folder, [.. args, .. LedgerTestKit.StorageArgs(database)]);

    private static async Task<LifelineProcess.Result> Succeeds(TestDatabase database, params string[] args)
    {
        var result = await Lifeline(database, args);
        Assert.True(result.ExitCode == 0, $"lifeline {string.Join(' ', args)} exited {result.ExitCode}\n{result.Output}{result.Error}");
        return result;
    }

    /// <summary>The evidence files in the folder, by name (the incoming area left out).</summary>
    private static List<string> InFolder(TestDatabase database)
    {
        var root = Path.Combine(database.Folder, "evidence");
        return Directory.Exists(root)
            ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}incoming{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    private static async Task<long> InDatabase(TestDatabase database)
    {
        using var db = database.Open(prepare: false);
        return await db.Set<EvidenceBlobRow>().LongCountAsync(Cancel);
    }

    private static async Task<EvidenceStoreKind> Receiving(TestDatabase database)
    {
        using var db = database.Open(prepare: false);
        return await EvidenceStorage.KindAsync(db, forUpdate: false, Cancel);
    }

    /// <summary>A deployment on PostgreSQL whose evidence is kept in its folder, with <paramref name="files"/> files in it.</summary>
    private static async Task<(Seeded Seeded, List<string> Hashes)> FolderDeployment(int files)
    {
        var seeded = new Seeded(TestDatabase.Postgres);
        var switched = await Succeeds(seeded.Database, "evidence", "move", "--to", "folder");
        Assert.Contains("New evidence files now go to the folder", switched.Output, StringComparison.Ordinal);
        var parts = new EvidenceParts(seeded.Db, seeded.Clock, TestUser.Everything, seeded.Database.Options, seeded.Sequencer);
        var hashes = Enumerable.Range(1, files)
            .Select(i => parts.Added(Scenarios.Default, LedgerTestKit.EventId, LedgerTestKit.Jpeg(seed: i, length: 64 * 1024), $"frame-{i}.jpg").Sha256)
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(hashes, InFolder(seeded.Database));
        Assert.Equal(0, await InDatabase(seeded.Database));
        return (seeded, hashes);
    }

    [Fact]
    public async Task Move_KilledMidway_GoesOnWhenRunAgain_LedgerVerifies_AndMovesBack()
    {
        var (seeded, hashes) = await FolderDeployment(40);
        using var _ = seeded;
        var database = seeded.Database;

        // Hold the move at the 21st file (in the order it copies them, by hash): another transaction has that file's
        // first chunk, so the move's insert waits, with 20 files committed to the database.
        await using var blocker = new NpgsqlConnection(database.Options.ConnectionString);
        await blocker.OpenAsync(Cancel);
        var hold = await blocker.BeginTransactionAsync(Cancel);
        await using (var insert = new NpgsqlCommand("INSERT INTO evidence_chunks (sha256, idx, data) VALUES (@h, 0, '\\x00'::bytea)", blocker, hold))
        {
            insert.Parameters.AddWithValue("h", hashes[20]);
            await insert.ExecuteNonQueryAsync(Cancel);
        }
        using (var move = LifelineProcess.Start(database.Folder, ["evidence", "move", "--to", "postgres", .. LedgerTestKit.StorageArgs(database)]))
        {
            await WaitUntil(async () => await InDatabase(database) == 20 && await Waiting(database) > 0, () => move.HasExited);
            move.KillHard();
        }
        await hold.RollbackAsync(Cancel);

        // Killed mid-way: nothing was removed from the folder, and new files still go there.
        Assert.Equal(hashes, InFolder(database));
        Assert.Equal(20, await InDatabase(database));
        Assert.Equal(EvidenceStoreKind.Folder, await Receiving(database));

        var again = await Succeeds(database, "evidence", "move", "--to", "postgres");
        Assert.Contains("Copied 20 files", again.Output, StringComparison.Ordinal);
        Assert.Contains("20 were there already", again.Output, StringComparison.Ordinal);
        Assert.Contains("Removed 40 files from the folder", again.Output, StringComparison.Ordinal);
        Assert.Empty(InFolder(database));
        Assert.Equal(40, await InDatabase(database));
        Assert.Equal(EvidenceStoreKind.Postgres, await Receiving(database));
        var verified = await Succeeds(database, "ledger", "verify");
        Assert.Contains("40 evidence files checked", verified.Output, StringComparison.Ordinal);

        // Run again: nothing left to do, nothing broken.
        var idle = await Succeeds(database, "evidence", "move", "--to", "postgres");
        Assert.Contains("Copied 0 files", idle.Output, StringComparison.Ordinal);

        var back = await Succeeds(database, "evidence", "move", "--to", "folder");
        Assert.Contains("Copied 40 files", back.Output, StringComparison.Ordinal);
        Assert.Equal(hashes, InFolder(database));
        Assert.Equal(0, await InDatabase(database));
        Assert.Equal(EvidenceStoreKind.Folder, await Receiving(database));
        await Succeeds(database, "ledger", "verify");
    }

    [Fact]
    public async Task Move_WithAFileInNeitherStore_StopsBeforeSwitching_NamingIt_AndRemovesNothing()
    {
        var (seeded, hashes) = await FolderDeployment(3);
        using var _ = seeded;
        var lost = hashes[1];
        File.Delete(Path.Combine(seeded.Database.Folder, "evidence", lost[..2], lost));

        var result = await Lifeline(seeded.Database, "evidence", "move", "--to", "postgres");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"its file ({lost}) is in neither the folder", result.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing was removed from the folder", result.Output, StringComparison.Ordinal);
        Assert.Equal([hashes[0], hashes[2]], InFolder(seeded.Database));
        Assert.Equal(EvidenceStoreKind.Folder, await Receiving(seeded.Database));
    }

    [Fact]
    public async Task Move_CarriesOverFilesRecordedWhileItCopied_WhenItSwitches()
    {
        var (seeded, _) = await FolderDeployment(2);
        using var __ = seeded;
        var storage = new EvidenceStorage(seeded.Db, seeded.Database.Options);
        var mover = new EvidenceMover(seeded.Db, storage, new FakeTimeProvider(LifelineServer.Now));
        var plan = await mover.PlanAsync(EvidenceStoreKind.Postgres, Cancel);
        Assert.True((await mover.CopyAsync(plan, null, Cancel)).Holds);
        // An upload while the move runs still goes to the folder.
        var late = new EvidenceParts(seeded.Db, seeded.Clock, TestUser.Everything, seeded.Database.Options, seeded.Sequencer)
            .Added(Scenarios.Default, LedgerTestKit.EventId, LedgerTestKit.Jpeg(seed: 99), "late.jpg");
        Assert.True((await mover.VerifyAsync(plan, null, Cancel)).Holds);

        var switched = await mover.SwitchAsync(plan, Cancel);

        Assert.True(switched.Holds, string.Join("\n", switched.Findings));
        Assert.Equal(1, switched.Files);
        Assert.True(Sha256Digest.TryParse(late.Sha256, out var sha256));
        Assert.True(await storage.Database!.ExistsAsync(sha256, Cancel));
        Assert.Equal(3, (await mover.RemoveAsync(plan, null, Cancel)).Files);
        Assert.Empty(InFolder(seeded.Database));
        Assert.True(LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Holds);
    }

    [Fact]
    public async Task Move_OnSqlite_ToPostgres_IsBadUsage_AndToFolder_HasNothingToDo()
    {
        using var database = TestDatabase.Create(TestDatabase.Sqlite);
        using (database.Open())
        {
        }
        var refused = await Lifeline(database, "evidence", "move", "--to", "postgres");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("only when Lifeline runs on PostgreSQL", refused.Error, StringComparison.Ordinal);
        var folder = await Lifeline(database, "evidence", "move", "--to", "folder");
        Assert.Equal(0, folder.ExitCode);
        Assert.Contains("nothing to move", folder.Output, StringComparison.Ordinal);
        Assert.Equal(2, (await Lifeline(database, "evidence", "move", "--to", "s3")).ExitCode);
    }

    /// <summary>How many backends of this database wait for a lock (the move's insert behind the test's).</summary>
    private static async Task<long> Waiting(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.Options.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, Func<bool> gaveUp)
    {
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            Assert.False(gaveUp(), "the move ended before it reached the file held back");
            if (await condition())
            {
                return;
            }
            await Task.Delay(100, Cancel);
        }
        Assert.Fail("the move did not reach the file held back within two minutes");
    }
}
