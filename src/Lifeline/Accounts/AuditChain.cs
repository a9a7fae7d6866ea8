using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lifeline.Accounts;

/// <summary>
/// The audit log's hash chain (docs/security.md, "The audit chain"): entry n stores
/// <c>hash(n) = SHA-256(hash(n − 1) ‖ canonical form of entry n)</c>, hash(0) being 32 zero bytes, and its position n
/// (<c>seq</c>). An entry that is deleted, altered or moved breaks the chain at that point, which <c>ledger verify</c>
/// names. The chain's head (the last position and hash) is a single row that every writer locks and moves forward in
/// the transaction that adds its entries, so two servers writing at once still make one chain.
/// </summary>
internal static class AuditChain
{
    /// <summary>The hash before the first entry.</summary>
    public static readonly byte[] Genesis = new byte[32];

    /// <summary>How <c>at</c> is written: UTC to the microsecond, the precision both engines keep.</summary>
    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>The RFC 8785 canonical JSON of an entry, with its position in the chain.</summary>
    public static byte[] Canonical(AuditRow row, long seq) => CanonicalJson.Serialize(new JsonObject
    {
        ["seq"] = seq,
        ["at"] = DateTime.SpecifyKind(row.At, DateTimeKind.Utc).ToString(InstantFormat, CultureInfo.InvariantCulture),
        ["userId"] = row.UserId,
        ["userName"] = row.UserName,
        ["action"] = row.Action,
        ["recordType"] = row.RecordType,
        ["recordId"] = row.RecordId,
        ["situationId"] = row.SituationId,
        ["address"] = row.Address,
        ["detail"] = row.Detail,
    });

    /// <summary>The hash of an entry at <paramref name="seq"/> following an entry whose hash is <paramref name="previous"/>.</summary>
    public static byte[] Link(byte[] previous, AuditRow row, long seq)
    {
        var canonical = Canonical(row, seq);
        var buffer = new byte[previous.Length + canonical.Length];
        previous.CopyTo(buffer, 0);
        canonical.CopyTo(buffer, previous.Length);
        return SHA256.HashData(buffer);
    }

    /// <summary>
    /// Gives every audit entry about to be inserted its place in the chain: locks the head (in the open transaction),
    /// links the entries after it and moves the head. The caller's SaveChanges then inserts them in the same transaction.
    /// </summary>
    public static void Chain(LifelineDbContext db, IReadOnlyList<AuditRow> entries)
    {
        var (connection, transaction) = Open(db);
        using var read = Command(connection, transaction, HeadSql(db));
        long seq;
        byte[] hash;
        using (var reader = read.ExecuteReader())
        {
            if (!reader.Read())
            {
                throw new InvalidOperationException("The audit chain's head row is missing: the database was not migrated, or it was removed");
            }
            seq = reader.GetInt64(0);
            hash = (byte[])reader.GetValue(1);
        }
        var previous = seq;
        foreach (var entry in entries)
        {
            Prepare(entry);
            seq = checked(seq + 1);
            hash = Link(hash, entry, seq);
            entry.Seq = seq;
            entry.Hash = hash;
        }
        using var move = Command(connection, transaction, "UPDATE audit_chain_head SET seq = @p0, hash = @p1 WHERE id = 1 AND seq = @p2", seq, hash, previous);
        if (move.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException("The audit chain's head moved while it was locked");
        }
    }

    /// <inheritdoc cref="Chain"/>
    public static async Task ChainAsync(LifelineDbContext db, IReadOnlyList<AuditRow> entries, CancellationToken cancellationToken)
    {
        var (connection, transaction) = Open(db);
        await using var read = Command(connection, transaction, HeadSql(db));
        long seq;
        byte[] hash;
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException("The audit chain's head row is missing: the database was not migrated, or it was removed");
            }
            seq = reader.GetInt64(0);
            hash = (byte[])reader.GetValue(1);
        }
        var previous = seq;
        foreach (var entry in entries)
        {
            Prepare(entry);
            seq = checked(seq + 1);
            hash = Link(hash, entry, seq);
            entry.Seq = seq;
            entry.Hash = hash;
        }
        await using var move = Command(connection, transaction, "UPDATE audit_chain_head SET seq = @p0, hash = @p1 WHERE id = 1 AND seq = @p2", seq, hash, previous);
        if (await move.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException("The audit chain's head moved while it was locked");
        }
    }

    /// <summary>
    /// The chain's head held for a whole ledger batch (<see cref="Ledger.LedgerSequencer"/>): read and locked once as
    /// the batch begins, moved forward in memory as each write of the batch links its entries, and written back once
    /// before the batch commits. A batch of many writers then reads and moves the head once rather than once per
    /// writer; the chain it makes is the same, entry for entry, as if each had moved the head itself.
    /// </summary>
    internal sealed class Head
    {
        private readonly long first;

        private Head(long seq, byte[] hash)
        {
            first = seq;
            Seq = seq;
            Hash = hash;
        }

        public long Seq { get; private set; }

        public byte[] Hash { get; private set; }

        /// <summary>Reads the head and holds it until the transaction ends (FOR UPDATE on PostgreSQL; SQLite's one writer).</summary>
        public static async Task<Head> LockAsync(StorageProvider provider, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
        {
            var sql = provider == StorageProvider.Postgres
                ? "SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE"
                : "SELECT seq, hash FROM audit_chain_head WHERE id = 1";
            await using var read = Command(connection, transaction, sql);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException("The audit chain's head row is missing: the database was not migrated, or it was removed");
            }
            return new Head(reader.GetInt64(0), (byte[])reader.GetValue(1));
        }

        /// <summary>Gives entries about to be inserted their places after the head, and moves the head past them.</summary>
        public void Link(IReadOnlyList<AuditRow> entries)
        {
            foreach (var entry in entries)
            {
                Prepare(entry);
                Seq = checked(Seq + 1);
                Hash = AuditChain.Link(Hash, entry, Seq);
                entry.Seq = Seq;
                entry.Hash = Hash;
            }
        }

        /// <summary>Where the head is now, to go back to when what was linked since is undone.</summary>
        public (long Seq, byte[] Hash) Mark() => (Seq, Hash);

        public void Reset((long Seq, byte[] Hash) mark) => (Seq, Hash) = mark;

        /// <summary>Writes the head back, in the batch's transaction, if anything was linked.</summary>
        public async Task StoreAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
        {
            if (Seq == first)
            {
                return;
            }
            await using var move = Command(connection, transaction, "UPDATE audit_chain_head SET seq = @p0, hash = @p1 WHERE id = 1 AND seq = @p2", Seq, Hash, first);
            if (await move.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new InvalidOperationException("The audit chain's head moved while it was locked");
            }
        }
    }

    /// <summary>
    /// Makes an entry exactly what the database will give back: the time to the microsecond, and text without NUL
    /// or lone surrogates (which PostgreSQL refuses and UTF-8 cannot carry), each replaced by U+FFFD.
    /// </summary>
    private static void Prepare(AuditRow entry)
    {
        var at = DateTime.SpecifyKind(entry.At, DateTimeKind.Utc);
        entry.At = at.AddTicks(-(at.Ticks % 10));
        entry.UserId = Clean(entry.UserId);
        entry.UserName = Clean(entry.UserName)!;
        entry.Action = Clean(entry.Action)!;
        entry.RecordType = Clean(entry.RecordType)!;
        entry.RecordId = Clean(entry.RecordId)!;
        entry.SituationId = Clean(entry.SituationId);
        entry.Address = Clean(entry.Address);
        entry.Detail = Clean(entry.Detail);
    }

    internal static string? Clean(string? text)
    {
        if (text is null || (!text.Contains('\0', StringComparison.Ordinal) && !HasLoneSurrogate(text)))
        {
            return text;
        }
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else
            {
                clean.Append(c == '\0' || char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return clean.ToString();
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>On PostgreSQL the head row is locked until the transaction ends; SQLite lets one writer in at a time already.</summary>
    private static string HeadSql(LifelineDbContext db) => db.Provider == StorageProvider.Postgres
        ? "SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE"
        : "SELECT seq, hash FROM audit_chain_head WHERE id = 1";

    private static (DbConnection Connection, DbTransaction Transaction) Open(LifelineDbContext db)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Chaining audit entries needs the transaction that writes them");
        return (transaction.Connection!, transaction);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params object[] parameters) =>
        LedgerSql.Command(connection, transaction, sql, parameters);
}
