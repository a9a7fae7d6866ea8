using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

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
internal sealed class DataVersions : IDisposable
{
    public const int LateCommitWindow = 1_000;

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

    public Task<DataVersion> CurrentAsync(CancellationToken cancel = default) => current ??= versions.CurrentAsync(db, cancel);

    /// <summary>The audience and the stamp that moves when what it sees may have changed.</summary>
    public async Task<string> KeyAsync(CancellationToken cancel = default)
    {
        var version = await CurrentAsync(cancel);
        return IsPublic ? $"public|{version.Public}" : $"{Audience}|{version.Recorded}";
    }
}
