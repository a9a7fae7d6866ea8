using System.Data.Common;
using System.Diagnostics;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Lifeline.Web;

/// <summary>
/// Which state of the record a reader sees, as two stamps. <see cref="Recorded"/> moves with every version of an
/// event, a source or a place that is written (an intake included); <see cref="Public"/> moves only when what the
/// public may see changes: a version at stage published (a publication, a correction of a public event) or the
/// version after a published one (a withdrawal), a source's grade, a place, a situation's widened record period.
/// </summary>
internal readonly record struct DataVersion(string Recorded, string Public);

/// <summary>
/// Finds the current <see cref="DataVersion"/> with a few index look-ups. The public stamp is the row id of the
/// latest event version that changed the public view: each node finds it once, walking back from the newest version,
/// and afterwards looks only at the versions written since (one node at a time, the others waiting on it). On
/// PostgreSQL, where a transaction may commit after one that took a later row id, the last
/// <see cref="LateCommitWindow"/> versions are looked at again.
/// </summary>
/// <remarks>
/// The public, who are most readers, are answered from the version this node read last (<see cref="RecentAsync"/>)
/// while it is younger than the freshness setting and nothing was committed on this node since: one reading serves
/// every public request of that span, and while it is read again the others keep being answered from the last one.
/// A commit on this node (<see cref="Moved"/>) ends that at once: readers after it wait for a reading begun after it.
/// </remarks>
internal sealed class DataVersions(TimeSpan publicFreshness) : IDisposable
{
    public const int LateCommitWindow = 1_000;

    public DataVersions() : this(TimeSpan.Zero)
    {
    }

    /// <summary>Moved by every commit made in this process (<see cref="CommitSignal"/>): a reading older than the last move is not used.</summary>
    private static long commits;

    /// <summary>Something was committed in this process: the next public reader reads the data version again.</summary>
    public static void Moved() => Interlocked.Increment(ref commits);

    private sealed record Reading(long Commits, long StartedAt, Task<DataVersion> Version);

    /// <summary>The newest reading started (it may still be running).</summary>
    private Reading? started;

    /// <summary>The newest reading that finished.</summary>
    private Reading? settled;

    /// <summary>How many times the data version was read for the public (for tests: one reading serves many).</summary>
    public long PublicReadings => Interlocked.Read(ref publicReadings);

    private long publicReadings;

    /// <summary>
    /// The data version as read at most the freshness setting ago and after the last commit in this process; the
    /// first reader past that reads it again while the others are answered from the last reading of the same
    /// commits, or wait for the new one when there is none.
    /// </summary>
    public async Task<DataVersion> RecentAsync(LifelineDbContext db, CancellationToken cancel)
    {
        if (publicFreshness <= TimeSpan.Zero)
        {
            return await CurrentAsync(db, cancel);
        }
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var moved = Volatile.Read(ref commits);
            var last = Volatile.Read(ref settled);
            var lastCurrent = last is not null && last.Commits == moved;
            if (lastCurrent && Stopwatch.GetElapsedTime(last!.StartedAt, now) < publicFreshness)
            {
                return await last.Version;
            }
            var running = Volatile.Read(ref started);
            if (running is not null && running.Commits == moved && !running.Version.IsCompleted)
            {
                // Someone is reading it again: the last reading of the same commits is good meanwhile.
                return lastCurrent ? await last!.Version : await running.Version.WaitAsync(cancel);
            }
            var answer = new TaskCompletionSource<DataVersion>(TaskCreationOptions.RunContinuationsAsynchronously);
            var mine = new Reading(moved, now, answer.Task);
            if (Interlocked.CompareExchange(ref started, mine, running) != running)
            {
                continue;
            }
            Interlocked.Increment(ref publicReadings);
            try
            {
                // Not the request's own cancellation: others may be waiting on this reading.
                var version = await CurrentAsync(db, CancellationToken.None);
                answer.SetResult(version);
                Settle(mine);
                return version;
            }
            catch (Exception failure)
            {
                answer.SetException(failure);
                _ = answer.Task.Exception;
                throw;
            }
        }
    }

    /// <summary>Keeps <paramref name="reading"/> as the last one unless a reading begun later finished first.</summary>
    private void Settle(Reading reading)
    {
        while (true)
        {
            var last = Volatile.Read(ref settled);
            if (last is not null && (last.Commits > reading.Commits || (last.Commits == reading.Commits && last.StartedAt >= reading.StartedAt)))
            {
                return;
            }
            if (Interlocked.CompareExchange(ref settled, reading, last) == last)
            {
                return;
            }
        }
    }

    private const int WalkBatch = 1_000;
    private static readonly string Published = KebabCase.Of(EventStage.Published);

    private readonly SemaphoreSlim gate = new(1, 1);
    private long scannedTo = -1;
    private long publicChange;

    public void Dispose() => gate.Dispose();

    public async Task<DataVersion> CurrentAsync(LifelineDbContext db, CancellationToken cancel)
    {
        var events = await db.EventVersions.MaxAsync(v => (long?)v.RowId, cancel) ?? 0;
        var sources = await db.SourceVersions.MaxAsync(v => (long?)v.RowId, cancel) ?? 0;
        var places = await db.PlaceVersions.MaxAsync(v => (long?)v.RowId, cancel) ?? 0;
        // A widened record period is a new version of the situation (a handful of rows at most).
        var situations = await db.SituationVersions.CountAsync(cancel);
        var publicEvents = await PublicChangeAsync(db, events, cancel);
        return new DataVersion($"{events}.{sources}.{places}.{situations}", $"{publicEvents}.{sources}.{places}.{situations}");
    }

    private async Task<long> PublicChangeAsync(LifelineDbContext db, long newest, CancellationToken cancel)
    {
        if (Volatile.Read(ref scannedTo) == newest)
        {
            return Volatile.Read(ref publicChange);
        }
        await gate.WaitAsync(cancel);
        try
        {
            if (scannedTo == newest)
            {
                return publicChange;
            }
            long found;
            if (scannedTo < 0)
            {
                found = 0;
                for (var to = newest; to > 0 && found == 0; to -= WalkBatch)
                {
                    found = await LatestPublicChangeAsync(db, to - WalkBatch, to, cancel);
                }
            }
            else
            {
                var from = db.Provider == StorageProvider.Postgres ? Math.Max(0, scannedTo - LateCommitWindow) : scannedTo;
                found = Math.Max(publicChange, await LatestPublicChangeAsync(db, Math.Min(from, newest), newest, cancel));
            }
            Volatile.Write(ref publicChange, found);
            Volatile.Write(ref scannedTo, newest);
            return found;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The highest row id in (<paramref name="after"/>, <paramref name="upTo"/>] of a version that changed the public view, or 0.</summary>
    private static async Task<long> LatestPublicChangeAsync(LifelineDbContext db, long after, long upTo, CancellationToken cancel) =>
        await db.EventVersions.AsNoTracking()
            .Where(v => v.RowId > after && v.RowId <= upTo)
            .Where(v => v.Stage == Published || db.EventVersions.Any(p =>
                p.SituationId == v.SituationId && p.EventId == v.EventId && p.Version == v.Version - 1 && p.Stage == Published))
            .MaxAsync(v => (long?)v.RowId, cancel) ?? 0;
}

/// <summary>
/// The data version and audience of the reader of this request: what cached reads and ETags are keyed by. Anonymous
/// readers share the public stamp; a signed-in reader, who may see unpublished events (their own at least), gets the
/// recorded stamp and a key of their own unless their roles show them every event.
/// </summary>
internal sealed class ReaderVersion(LifelineDbContext db, DataVersions versions, ICurrentUser user)
{
    private Task<DataVersion>? current;

    public bool IsPublic => user.Viewer.IsAnonymous;

    /// <summary>Who sees the same events: <c>public</c>, <c>all</c>, or the stages seen and the account.</summary>
    public string Audience
    {
        get
        {
            var viewer = user.Viewer;
            if (viewer.IsAnonymous)
            {
                return "public";
            }
            var stages = EventAccess.StagesSeenByAnyone(viewer);
            return stages.Count == 3 ? "all" : $"{string.Join(',', stages)}|{viewer.UserId}";
        }
    }

    public Task<DataVersion> CurrentAsync(CancellationToken cancel = default) =>
        current ??= IsPublic ? versions.RecentAsync(db, cancel) : versions.CurrentAsync(db, cancel);

    /// <summary>The audience and the stamp that moves when what it sees may have changed.</summary>
    public async Task<string> KeyAsync(CancellationToken cancel = default)
    {
        var version = await CurrentAsync(cancel);
        return IsPublic ? $"public|{version.Public}" : $"{Audience}|{version.Recorded}";
    }
}

/// <summary>
/// Tells <see cref="DataVersions"/> that something was committed in this process: a save outside a transaction, or
/// a transaction's commit (the ledger's batches, imports). Added to every context Lifeline makes.
/// </summary>
internal sealed class CommitSignal : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public static CommitSignal Instance { get; } = new();

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => DataVersions.Moved();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        DataVersions.Moved();
        return Task.CompletedTask;
    }

    private static void Saved(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            DataVersions.Moved();
        }
    }
}
