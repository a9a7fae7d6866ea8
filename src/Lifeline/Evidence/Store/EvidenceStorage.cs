using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Lifeline.Evidence;

/// <summary>
/// The evidence stores of a deployment, as one node sees them: the folder (<see cref="StorageOptions.EvidenceFolder"/>)
/// and, on PostgreSQL, the database. On SQLite the folder receives every file. On PostgreSQL the database does,
/// unless <c>evidence move --to folder</c> chose the folder (the <c>evidence_store</c> row, the same for every node).
/// A file is read from wherever it is, the database first: a file that came before the database kept evidence, or
/// that a move has not reached yet, is still found in the folder.
/// </summary>
internal sealed class EvidenceStorage
{
    private readonly LifelineDbContext db;

    public EvidenceStorage(LifelineDbContext db, StorageOptions storage)
    {
        this.db = db;
        Folder = new FolderEvidenceStore(storage.EvidenceFolder);
        Database = db.Provider == StorageProvider.Postgres ? new PostgresEvidenceStore(db) : null;
    }

    public FolderEvidenceStore Folder { get; }

    /// <summary>The database store; null on SQLite.</summary>
    public PostgresEvidenceStore? Database { get; }

    /// <summary>Every store, in the order files are looked for.</summary>
    public IReadOnlyList<IEvidenceStore> All => Database is null ? [Folder] : [Database, Folder];

    /// <summary>The store of a kind; null when this deployment cannot have it (PostgreSQL on SQLite).</summary>
    public IEvidenceStore? Of(EvidenceStoreKind kind) => kind switch
    {
        EvidenceStoreKind.Folder => Folder,
        EvidenceStoreKind.Postgres => Database,
    };

    /// <summary>
    /// The store that receives new files. On PostgreSQL, inside a transaction, the <c>evidence_store</c> row stays
    /// share-locked until the transaction ends, so that <c>evidence move</c> cannot switch stores between this
    /// upload's choice and its commit.
    /// </summary>
    public async Task<IEvidenceStore> ReceivingAsync(CancellationToken cancel)
    {
        if (Database is null)
        {
            return Folder;
        }
        var kind = await KindAsync(db, forUpdate: false, cancel);
        return Of(kind) ?? Database;
    }

    /// <summary>Keeps a received file in <paramref name="store"/>: renamed into place in its own folder, else copied in.</summary>
    public static async Task KeepAsync(IEvidenceStore store, IncomingFile file, CancellationToken cancel)
    {
        if (store is FolderEvidenceStore folder && folder.Holds(file))
        {
            folder.Keep(file);
            return;
        }
        if (await store.ExistsAsync(file.Sha256, cancel))
        {
            return;
        }
        await using var content = file.OpenRead();
        await store.PutAsync(file.Sha256, content, cancel);
    }

    /// <summary>The file's bytes from whichever store has it (the database first), or null when none has.</summary>
    public async Task<Stream?> OpenAsync(Sha256Digest sha256, CancellationToken cancel)
    {
        foreach (var store in All)
        {
            if (await store.OpenAsync(sha256, cancel) is { } content)
            {
                return content;
            }
        }
        return null;
    }

    /// <summary>Whether any store holds the file.</summary>
    public async Task<bool> ExistsAsync(Sha256Digest sha256, CancellationToken cancel)
    {
        foreach (var store in All)
        {
            if (await store.ExistsAsync(sha256, cancel))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Keeps a copy of the file at <paramref name="path"/> (an evidence file beside an exchange document) in the store
    /// that receives new files, if its bytes hash to <paramref name="sha256"/>; false, keeping nothing, when they do
    /// not. In PostgreSQL the bytes are written in the import's transaction. Synchronous: the command line's import is.
    /// </summary>
    public bool KeepCopyOf(string path, Sha256Digest sha256)
    {
        if (ExistsAsync(sha256, CancellationToken.None).GetAwaiter().GetResult())
        {
            return true;
        }
        using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var store = ReceivingAsync(CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            store.PutAsync(sha256, source, CancellationToken.None).GetAwaiter().GetResult();
            return true;
        }
        catch (EvidenceContentMismatchException)
        {
            return false;
        }
    }

    /// <summary>
    /// Copies the file into <paramref name="folder"/> under its hash (an export's evidence folder), unless it is there;
    /// false when no store holds it. Synchronous: the command line's export is.
    /// </summary>
    public bool CopyTo(Sha256Digest sha256, string folder)
    {
        var target = Path.Combine(folder, sha256.ToHex());
        if (File.Exists(target))
        {
            return true;
        }
        using var content = OpenAsync(sha256, CancellationToken.None).GetAwaiter().GetResult();
        if (content is null)
        {
            return false;
        }
        Directory.CreateDirectory(folder);
        var temporary = target + ".part";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                content.CopyTo(file);
            }
            File.Move(temporary, target, overwrite: true);
            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Where this node looks for files, for people: "PostgreSQL or the folder /var/lib/lifeline/evidence".</summary>
    public string Describe() => string.Join(" or ", All.Select(s => s.Describe()));

    /// <summary>
    /// Which store receives new files on PostgreSQL: the <c>evidence_store</c> row, locked for share (uploads) or for
    /// update (<c>evidence move</c>) when a transaction is open.
    /// </summary>
    public static async Task<EvidenceStoreKind> KindAsync(LifelineDbContext db, bool forUpdate, CancellationToken cancel)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var lockClause = transaction is null ? "" : forUpdate ? " FOR UPDATE" : " FOR SHARE";
        await db.Database.OpenConnectionAsync(cancel);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT kind FROM evidence_store WHERE id = {EvidenceStoreRow.SingleId}{lockClause}",
                (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)transaction);
            return await command.ExecuteScalarAsync(cancel) is "folder" ? EvidenceStoreKind.Folder : EvidenceStoreKind.Postgres;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Makes <paramref name="kind"/> the store that receives new files, in the caller's transaction.</summary>
    public static async Task SetKindAsync(LifelineDbContext db, EvidenceStoreKind kind, DateTimeOffset now, CancellationToken cancel)
    {
        var name = kind == EvidenceStoreKind.Folder ? "folder" : "postgres";
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO evidence_store (id, kind, changed_at) VALUES ({EvidenceStoreRow.SingleId}, {name}, {now.UtcDateTime}) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, changed_at = excluded.changed_at WHERE evidence_store.kind <> excluded.kind",
            cancel);
    }
}
