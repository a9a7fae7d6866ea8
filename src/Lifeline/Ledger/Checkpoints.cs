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
/// <param name="CheckpointInterval">A new checkpoint is signed at most this often on request (LIFELINE_CHECKPOINT_SECONDS, default 60 s), by whichever node is asked first; on demand (CLI, bundles) at once.</param>
/// <param name="KeyFile">The signing key: LIFELINE_LEDGER_KEY, the deployment's one key file that every node reads;
/// without it, <c>DATA/ledger/signing-key</c>.</param>
/// <param name="MakeKey">Whether a missing key is made on first use: only for SQLite (one machine, one node) with
/// no LIFELINE_LEDGER_KEY. Nodes over PostgreSQL never make a key of their own.</param>
internal sealed record LedgerOptions(string DataDirectory, string Origin, TimeSpan CheckpointInterval, string KeyFile, bool MakeKey)
{
    public const string DefaultOrigin = "lifeline.local/ledger";
    public const string KeySetting = "LIFELINE_LEDGER_KEY";

    public static LedgerOptions For(StorageOptions storage)
    {
        var origin = Environment.GetEnvironmentVariable("LIFELINE_LEDGER_ORIGIN");
        var seconds = Environment.GetEnvironmentVariable("LIFELINE_CHECKPOINT_SECONDS");
        var keyFile = Environment.GetEnvironmentVariable(KeySetting);
        return new LedgerOptions(
            storage.DataDirectory,
            string.IsNullOrWhiteSpace(origin) ? DefaultOrigin : origin.Trim(),
            TimeSpan.FromSeconds(int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 60),
            string.IsNullOrWhiteSpace(keyFile) ? LedgerKey.PathIn(storage.DataDirectory) : Path.GetFullPath(keyFile.Trim()),
            string.IsNullOrWhiteSpace(keyFile) && storage.Provider == StorageProvider.Sqlite);
    }

    /// <summary>What a node without the key is told: how to give it the deployment's key.</summary>
    public static string HowToProvideKey =>
        $"This node has no ledger signing key, so it does not sign checkpoints. Every node of a deployment signs with one key: " +
        $"make it once with 'lifeline keys new --out FOLDER' and set {KeySetting} to its ledger-signing-key file on every node (docs/deploy.md).";

    /// <summary>
    /// The key this node signs with, or null when it has none: made on first use when <see cref="MakeKey"/>, else
    /// read from <see cref="KeyFile"/> if it is there.
    /// </summary>
    /// <exception cref="InvalidDataException">The key file exists but is not a key, or LIFELINE_LEDGER_KEY names a file that is not there.</exception>
    public LedgerKey? LoadKey()
    {
        if (MakeKey)
        {
            return LedgerKey.LoadOrCreate(DataDirectory, Origin);
        }
        if (File.Exists(KeyFile))
        {
            return LedgerKey.ReadFile(KeyFile);
        }
        if (KeyFile != LedgerKey.PathIn(DataDirectory))
        {
            throw new InvalidDataException($"{KeySetting} names {KeyFile}, which does not exist. Give the path of the deployment's ledger-signing-key file (made by 'lifeline keys new').");
        }
        return null;
    }
}

/// <summary>The node's signing key, held for the server's lifetime; <see cref="Key"/> is null on a node that has none.</summary>
internal sealed record LedgerSigner(LedgerKey? Key);

/// <summary>A checkpoint as signed and stored: the signed note and what it says.</summary>
internal sealed record SignedCheckpoint(Checkpoint Checkpoint, string Note, DateTimeOffset SignedAt);

/// <summary>The latest checkpoint, or why this node could not sign a new one that was due (<paramref name="Refused"/>).</summary>
internal sealed record CheckpointResult(SignedCheckpoint? Signed, string? Refused)
{
    public static CheckpointResult Of(SignedCheckpoint signed) => new(signed, null);

    public static CheckpointResult Refusal(string why) => new(null, why);
}

/// <summary>
/// Signs and keeps checkpoints. A checkpoint is signed only under the ledger's lock and only after checking that
/// the stored tree still agrees with the last one signed, so the log never signs two views that contradict
/// each other. The interval is checked again under the lock, so that of several nodes asked at once only the
/// first signs: one checkpoint per interval per deployment. A node without the key, or with a key other than the
/// one that signed the ledger's latest checkpoint, refuses to sign and says why.
/// </summary>
internal sealed class Checkpoints(LifelineDbContext db, LedgerKey? key, LedgerOptions options, TimeProvider clock)
{
    /// <summary>The key this node signs with; null when it has none (then <see cref="WhyNoKey"/> says how to give it one).</summary>
    public LedgerKey? Key => key;

    public static string WhyNoKey => LedgerOptions.HowToProvideKey;

    /// <summary>The latest signed checkpoint, or null when none has been signed.</summary>
    public async Task<SignedCheckpoint?> LatestAsync(CancellationToken cancel = default)
    {
        var row = await db.Set<LedgerCheckpointRow>().AsNoTracking().OrderByDescending(c => c.RowId).FirstOrDefaultAsync(cancel);
        return row is null ? null : ToSigned(row);
    }

    /// <summary>
    /// The latest checkpoint, signing a new one first when the ledger has grown and the latest is older than the
    /// interval (or there is none).
    /// </summary>
    public Task<CheckpointResult> CurrentAsync(CancellationToken cancel = default) => SignAsync(force: false, cancel);

    /// <summary>Signs a checkpoint of the ledger as it is now, unless the latest already covers every leaf.</summary>
    public Task<CheckpointResult> SignNowAsync(CancellationToken cancel = default) => SignAsync(force: true, cancel);

    private bool Due(SignedCheckpoint? latest, ulong size, bool force) =>
        latest is null || (latest.Checkpoint.Size != size && (force || clock.GetUtcNow() - latest.SignedAt >= options.CheckpointInterval));

    private async Task<CheckpointResult> SignAsync(bool force, CancellationToken cancel)
    {
        var latest = await LatestAsync(cancel);
        var size = (ulong)await db.Set<LedgerStateRow>().AsNoTracking().Where(s => s.Id == LedgerStateRow.SingleId).Select(s => s.Size).SingleAsync(cancel);
        if (!Due(latest, size, force))
        {
            return CheckpointResult.Of(latest!);
        }
        if (key is null)
        {
            return CheckpointResult.Refusal(LedgerOptions.HowToProvideKey);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancel);
        var dbTransaction = transaction.GetDbTransaction();
        var connection = dbTransaction.Connection!;
        size = await LedgerSql.LockSizeAsync(db.Provider, connection, dbTransaction, cancel);
        latest = await LatestAsync(cancel);
        if (!Due(latest, size, force))
        {
            return CheckpointResult.Of(latest!);
        }
        if (latest is not null && !SignedNote.TryOpen(latest.Note, key.Verifier, out _, out _))
        {
            return CheckpointResult.Refusal(
                $"This node's ledger key ({key.Verifier}) did not sign the ledger's latest checkpoint, so it does not sign: " +
                $"every node of a deployment must read the same key file ({LedgerOptions.KeySetting}, docs/deploy.md).");
        }
        if (latest is not null && await RootAsync(connection, dbTransaction, latest.Checkpoint.Size, cancel) != latest.Checkpoint.Root)
        {
            throw new InvalidOperationException(
                $"The stored ledger no longer agrees with the checkpoint signed at size {latest.Checkpoint.Size}; no new checkpoint is signed. Run 'lifeline ledger verify'.");
        }
        var checkpoint = new Checkpoint(key.Name, size, await RootAsync(connection, dbTransaction, size, cancel));
        var note = SignedNote.Sign(checkpoint.Body, key);
        var now = clock.GetUtcNow();
        var row = new LedgerCheckpointRow { Size = (long)size, Root = checkpoint.Root.ToArray(), SignedAt = now.UtcDateTime, Note = note };
        db.Set<LedgerCheckpointRow>().Add(row);
        await db.SaveChangesAsync(cancel);
        await transaction.CommitAsync(cancel);
        db.Entry(row).State = EntityState.Detached;
        return CheckpointResult.Of(new SignedCheckpoint(checkpoint, note, now));
    }

    /// <summary>The root of the tree of the first <paramref name="size"/> leaves, from its stored perfect subtrees.</summary>
    private static async Task<MerkleHash> RootAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, ulong size, CancellationToken cancel) =>
        MerkleFrontier.FromStoredNodes(size, await LedgerSql.ReadNodesAsync(connection, transaction, MerkleFrontier.NodeIdsFor(size), cancel)).Root;

    /// <summary>Every checkpoint signed, oldest first.</summary>
    public IReadOnlyList<SignedCheckpoint> All() =>
        db.Set<LedgerCheckpointRow>().AsNoTracking().OrderBy(c => c.RowId).AsEnumerable().Select(ToSigned).ToList();

    private static SignedCheckpoint ToSigned(LedgerCheckpointRow row) => new(
        new Checkpoint(ParseOrigin(row.Note), (ulong)row.Size, MerkleHash.FromBytes(row.Root)),
        row.Note,
        new DateTimeOffset(DateTime.SpecifyKind(row.SignedAt, DateTimeKind.Utc)));

    private static string ParseOrigin(string note) => note[..Math.Max(0, note.IndexOf('\n', StringComparison.Ordinal))];
}
