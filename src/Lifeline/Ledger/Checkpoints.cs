using System.Globalization;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lifeline.Ledger;

/// <summary>
/// How the ledger signs: where its key lives, the origin a new key is named after, and how often at most a new
/// checkpoint is signed when someone asks for the latest.
/// </summary>
/// <param name="Origin">The log's name in checkpoints and in its key, e.g. <c>lifeline.example.org/ledger</c>; read
/// from LIFELINE_LEDGER_ORIGIN when the key is made, then fixed by the key.</param>
/// <param name="CheckpointInterval">A new checkpoint is signed at most this often on request (LIFELINE_CHECKPOINT_SECONDS, default 60 s); on demand (CLI, bundles) at once.</param>
internal sealed record LedgerOptions(string DataDirectory, string Origin, TimeSpan CheckpointInterval)
{
    public const string DefaultOrigin = "lifeline.local/ledger";

    public static LedgerOptions For(StorageOptions storage)
    {
        var origin = Environment.GetEnvironmentVariable("LIFELINE_LEDGER_ORIGIN");
        var seconds = Environment.GetEnvironmentVariable("LIFELINE_CHECKPOINT_SECONDS");
        return new LedgerOptions(
            storage.DataDirectory,
            string.IsNullOrWhiteSpace(origin) ? DefaultOrigin : origin.Trim(),
            TimeSpan.FromSeconds(int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 60));
    }
}

/// <summary>A checkpoint as signed and stored: the signed note and what it says.</summary>
internal sealed record SignedCheckpoint(Checkpoint Checkpoint, string Note, DateTimeOffset SignedAt);

/// <summary>
/// Signs and keeps checkpoints. A checkpoint is signed only under the ledger's lock and only after checking that
/// the stored tree still agrees with the last one signed, so the log never signs two views that contradict
/// each other.
/// </summary>
internal sealed class Checkpoints(LifelineDbContext db, LedgerKey key, LedgerOptions options, TimeProvider clock)
{
    public LedgerKey Key => key;

    /// <summary>The latest signed checkpoint, or null when none has been signed.</summary>
    public SignedCheckpoint? Latest()
    {
        var row = db.Set<LedgerCheckpointRow>().AsNoTracking().OrderByDescending(c => c.RowId).FirstOrDefault();
        return row is null ? null : ToSigned(row);
    }

    /// <summary>
    /// The latest checkpoint, signing a new one first when the ledger has grown and the latest is older than the
    /// interval (or there is none).
    /// </summary>
    public SignedCheckpoint Current() => Sign(force: false);

    /// <summary>Signs a checkpoint of the ledger as it is now, unless the latest already covers every leaf.</summary>
    public SignedCheckpoint SignNow() => Sign(force: true);

    private SignedCheckpoint Sign(bool force)
    {
        var latest = Latest();
        var size = new DatabaseMerkleStore(db).GetSizeAsync().AsTask().GetAwaiter().GetResult();
        if (latest is not null && (latest.Checkpoint.Size == size || (!force && clock.GetUtcNow() - latest.SignedAt < options.CheckpointInterval)))
        {
            return latest;
        }
        using var transaction = db.Database.BeginTransaction();
        var dbTransaction = transaction.GetDbTransaction();
        size = LedgerSql.LockSize(db.Provider, dbTransaction.Connection!, dbTransaction);
        latest = Latest();
        if (latest is not null && latest.Checkpoint.Size == size)
        {
            return latest;
        }
        var log = new MerkleLog(new DatabaseMerkleStore(db));
        if (latest is not null && log.GetRootAsync(latest.Checkpoint.Size).AsTask().GetAwaiter().GetResult() != latest.Checkpoint.Root)
        {
            throw new InvalidOperationException(
                $"The stored ledger no longer agrees with the checkpoint signed at size {latest.Checkpoint.Size}; no new checkpoint is signed. Run 'lifeline ledger verify'.");
        }
        var checkpoint = new Checkpoint(key.Name, size, log.GetRootAsync(size).AsTask().GetAwaiter().GetResult());
        var note = SignedNote.Sign(checkpoint.Body, key);
        var now = clock.GetUtcNow();
        var row = new LedgerCheckpointRow { Size = (long)size, Root = checkpoint.Root.ToArray(), SignedAt = now.UtcDateTime, Note = note };
        db.Set<LedgerCheckpointRow>().Add(row);
        db.SaveChanges();
        transaction.Commit();
        db.Entry(row).State = EntityState.Detached;
        return new SignedCheckpoint(checkpoint, note, now);
    }

    /// <summary>Every checkpoint signed, oldest first.</summary>
    public IReadOnlyList<SignedCheckpoint> All() =>
        db.Set<LedgerCheckpointRow>().AsNoTracking().OrderBy(c => c.RowId).AsEnumerable().Select(ToSigned).ToList();

    private static SignedCheckpoint ToSigned(LedgerCheckpointRow row) => new(
        new Checkpoint(ParseOrigin(row.Note), (ulong)row.Size, MerkleHash.FromBytes(row.Root)),
        row.Note,
        new DateTimeOffset(DateTime.SpecifyKind(row.SignedAt, DateTimeKind.Utc)));

    private static string ParseOrigin(string note) => note[..Math.Max(0, note.IndexOf('\n', StringComparison.Ordinal))];
}
