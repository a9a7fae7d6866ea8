using System.Globalization;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Evidence;

/// <summary>A file an evidence record needs: its hash, its size and the first record that names it.</summary>
internal sealed record NeededFile(Sha256Digest Sha256, long Size, string Evidence);

/// <summary>What <c>evidence move</c> has to do: the files the records need, how many and how large, and where it stopped reading.</summary>
internal sealed record MovePlan(EvidenceStoreKind From, EvidenceStoreKind To, long Files, long Bytes, long LastRowId);

/// <summary>What one step of a move did, and what stopped it.</summary>
internal sealed record MoveStep(long Files, long Bytes, long Skipped, IReadOnlyList<string> Findings)
{
    public bool Holds => Findings.Count == 0;
}

/// <summary>
/// Moves a PostgreSQL deployment's evidence files from one store to the other (<c>lifeline evidence move --to postgres</c>,
/// <c>--to folder</c>), in steps that can each be cut short by kill -9 and run again:
/// <list type="number">
/// <item>copy: every file an evidence record needs that the target lacks is copied from the source, its hash checked on
///   the way in (a file already in the target is skipped, so a second run goes on where the first stopped);</item>
/// <item>verify: every needed file is read back from the target and hashed;</item>
/// <item>switch: under the <c>evidence_store</c> row's update lock (uploads wait), any needed file the target still
///   lacks (recorded since the copy began) is copied and verified too, and the target becomes the store that receives
///   new files;</item>
/// <item>remove: only then is each file the target holds removed from the source.</item>
/// </list>
/// Nothing is removed from the source until the target holds and verifies every file; a file missing from both
/// stores, or altered in the source, stops the move before the switch, naming it.
/// </summary>
internal sealed class EvidenceMover(LifelineDbContext db, EvidenceStorage storage, TimeProvider clock)
{
    private const int Page = 1_000;
    private const int MaxFindings = 1_000;

    /// <summary>The key of the session advisory lock that lets one move run at a time: "evidence" in ASCII.</summary>
    private const long MoveLockKey = 0x65766964656e6365;

    public IEvidenceStore Target(MovePlan plan) => storage.Of(plan.To)!;

    public IEvidenceStore Source(MovePlan plan) => storage.Of(plan.From)!;

    /// <summary>Takes the move lock for as long as the context's connection stays open; false when another move holds it.</summary>
    public async Task<bool> LockAsync(CancellationToken cancel)
    {
        await db.Database.OpenConnectionAsync(cancel);
        return await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({MoveLockKey}) AS \"Value\"").SingleAsync(cancel);
    }

    /// <summary>The files to move (read when the move begins) toward <paramref name="to"/>.</summary>
    public async Task<MovePlan> PlanAsync(EvidenceStoreKind to, CancellationToken cancel)
    {
        var from = to == EvidenceStoreKind.Postgres ? EvidenceStoreKind.Folder : EvidenceStoreKind.Postgres;
        var lastRowId = await db.Set<EvidenceRow>().MaxAsync(e => (long?)e.RowId, cancel) ?? 0;
        await db.Database.OpenConnectionAsync(cancel);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM (SELECT sha256, MAX(size) AS size FROM evidence GROUP BY sha256) AS files";
            await using var reader = await command.ExecuteReaderAsync(cancel);
            await reader.ReadAsync(cancel);
            return new MovePlan(from, to, Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), lastRowId);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Step 1: copies every needed file the target lacks. <paramref name="progress"/> counts bytes.</summary>
    public async Task<MoveStep> CopyAsync(MovePlan plan, IProgress<long>? progress, CancellationToken cancel)
    {
        var (source, target) = (Source(plan), Target(plan));
        var findings = new List<string>();
        long files = 0, bytes = 0, skipped = 0, done = 0;
        await foreach (var file in NeededAsync(plan.LastRowId, cancel))
        {
            if (await target.ExistsAsync(file.Sha256, cancel))
            {
                skipped++;
            }
            else if (await CopyOneAsync(file, source, target, findings, cancel))
            {
                files++;
                bytes += file.Size;
            }
            done += file.Size;
            progress?.Report(done);
        }
        return new MoveStep(files, bytes, skipped, findings);
    }

    /// <summary>Step 2: reads every needed file back from the target and hashes it. <paramref name="progress"/> counts bytes.</summary>
    public async Task<MoveStep> VerifyAsync(MovePlan plan, IProgress<long>? progress, CancellationToken cancel)
    {
        var target = Target(plan);
        var findings = new List<string>();
        long files = 0, bytes = 0;
        await foreach (var file in NeededAsync(plan.LastRowId, cancel))
        {
            if (await VerifyOneAsync(file, target, findings, cancel))
            {
                files++;
            }
            bytes += file.Size;
            progress?.Report(bytes);
        }
        return new MoveStep(files, bytes, 0, findings);
    }

    /// <summary>
    /// Step 3: under the update lock of the <c>evidence_store</c> row, copies and verifies every needed file the target
    /// still lacks (those recorded since the plan was made), then makes the target the store that receives new files.
    /// </summary>
    public async Task<MoveStep> SwitchAsync(MovePlan plan, CancellationToken cancel)
    {
        var (source, target) = (Source(plan), Target(plan));
        var findings = new List<string>();
        long files = 0, bytes = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancel);
        // Uploads hold the row for share until they commit: this waits for those under way, and holds back new ones.
        await EvidenceStorage.KindAsync(db, forUpdate: true, cancel);
        // Every needed file, not only those of records after the plan: a record may commit after one with a higher row id.
        await foreach (var file in NeededAsync(long.MaxValue, cancel))
        {
            if (await target.ExistsAsync(file.Sha256, cancel))
            {
                continue;
            }
            if (!await CopyOneAsync(file, source, target, findings, cancel))
            {
                continue;
            }
            if (await VerifyOneAsync(file, target, findings, cancel))
            {
                files++;
                bytes += file.Size;
            }
        }
        if (findings.Count > 0)
        {
            return new MoveStep(files, bytes, 0, findings);
        }
        await EvidenceStorage.SetKindAsync(db, plan.To, clock.GetUtcNow(), cancel);
        await transaction.CommitAsync(cancel);
        return new MoveStep(files, bytes, 0, findings);
    }

    /// <summary>
    /// Step 4, once the target receives new files: removes from the source every file the target holds. A file in the
    /// source that the target lacks (no record names it) is left, and counted.
    /// </summary>
    public async Task<MoveStep> RemoveAsync(MovePlan plan, IProgress<long>? progress, CancellationToken cancel)
    {
        var (source, target) = (Source(plan), Target(plan));
        if (await EvidenceStorage.KindAsync(db, forUpdate: false, cancel) != plan.To)
        {
            throw new InvalidOperationException($"Nothing is removed from {source.Describe()} before {target.Describe()} receives new files.");
        }
        var kept = new List<Sha256Digest>();
        await foreach (var sha256 in source.ListAsync(cancel))
        {
            kept.Add(sha256);
        }
        long removed = 0, left = 0;
        foreach (var sha256 in kept)
        {
            if (await target.ExistsAsync(sha256, cancel))
            {
                await source.DeleteAsync(sha256, cancel);
                removed++;
            }
            else
            {
                left++;
            }
            progress?.Report(removed + left);
        }
        return new MoveStep(removed, 0, left, []);
    }

    /// <summary>How many files the source holds, for the removal step's progress.</summary>
    public async Task<long> CountInSourceAsync(MovePlan plan, CancellationToken cancel)
    {
        long count = 0;
        await foreach (var _ in Source(plan).ListAsync(cancel))
        {
            count++;
        }
        return count;
    }

    private static async Task<bool> CopyOneAsync(NeededFile file, IEvidenceStore source, IEvidenceStore target, List<string> findings, CancellationToken cancel)
    {
        await using var content = await source.OpenAsync(file.Sha256, cancel);
        if (content is null)
        {
            Find(findings, $"evidence {file.Evidence}: its file ({file.Sha256}) is in neither {source.Describe()} nor {target.Describe()}. If another node kept it in its own folder, run the move there too.");
            return false;
        }
        try
        {
            await target.PutAsync(file.Sha256, content, cancel);
            return true;
        }
        catch (EvidenceContentMismatchException ex)
        {
            Find(findings, $"evidence {file.Evidence}: its file in {source.Describe()} no longer has SHA-256 {file.Sha256} (it has {ex.Actual}): it was replaced or altered, and was not copied.");
            return false;
        }
        catch (IOException ex)
        {
            Find(findings, $"evidence {file.Evidence}: its file ({file.Sha256}) could not be read from {source.Describe()}: {ex.Message}");
            return false;
        }
    }

    private static async Task<bool> VerifyOneAsync(NeededFile file, IEvidenceStore target, List<string> findings, CancellationToken cancel)
    {
        await using var content = await target.OpenAsync(file.Sha256, cancel);
        if (content is null)
        {
            Find(findings, $"evidence {file.Evidence}: its file ({file.Sha256}) is not in {target.Describe()}.");
            return false;
        }
        try
        {
            if (await Sha256Digest.OfAsync(content, cancel) == file.Sha256)
            {
                return true;
            }
        }
        catch (IOException)
        {
        }
        Find(findings, $"evidence {file.Evidence}: its file read back from {target.Describe()} does not have SHA-256 {file.Sha256}.");
        return false;
    }

    private static void Find(List<string> findings, string finding)
    {
        if (findings.Count < MaxFindings)
        {
            findings.Add(finding);
        }
    }

    /// <summary>The files that evidence records up to <paramref name="upToRowId"/> need, once each, by hash, a page at a time.</summary>
    private async IAsyncEnumerable<NeededFile> NeededAsync(long upToRowId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        var after = "";
        while (true)
        {
#pragma warning disable CA1309 // Translated to SQL: the hashes are compared by the database, as it orders them.
            var page = await db.Set<EvidenceRow>().AsNoTracking()
                .Where(e => e.RowId <= upToRowId && string.Compare(e.Sha256, after) > 0)
                .GroupBy(e => e.Sha256)
                .Select(g => new { Sha256 = g.Key, Size = g.Max(e => e.Size), Evidence = g.Min(e => e.SituationId + "/" + e.EvidenceId) })
                .OrderBy(f => f.Sha256)
                .Take(Page)
                .ToListAsync(cancel);
#pragma warning restore CA1309
            foreach (var file in page)
            {
                if (Sha256Digest.TryParse(file.Sha256, out var digest))
                {
                    yield return new NeededFile(digest, file.Size, file.Evidence!);
                }
            }
            if (page.Count < Page)
            {
                yield break;
            }
            after = page[^1].Sha256;
        }
    }
}
