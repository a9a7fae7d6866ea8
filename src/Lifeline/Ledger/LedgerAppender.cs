using System.Data.Common;
using Lifeline.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Lifeline.Ledger;

/// <summary>
/// Appends leaves to the ledger inside the caller's transaction, next to the records they commit to: either all
/// of it is committed or none. The first append locks the ledger (on PostgreSQL the state row, FOR UPDATE; SQLite
/// already lets one writer in at a time) until the transaction ends, so appends are serialized and every leaf
/// index is given out once. Leaves are buffered and written in batches (leaves, tree nodes, new size), which keeps
/// memory flat however many records an import brings. Imports and the command line use it directly, in their own
/// transaction; the server's writes go through <see cref="LedgerSequencer"/>, which uses it for a whole batch of
/// writers at once (<see cref="BeginAsync"/>, <see cref="FlushAsync"/>).
/// </summary>
internal sealed class LedgerAppender
{
    public const int BatchSize = 5_000;

    private readonly StorageProvider provider;
    private readonly DbConnection connection;
    private readonly DbTransaction transaction;
    private List<(LedgerEntry Entry, byte[] Leaf)> pending = [];
    private MerkleFrontier? frontier;

    private LedgerAppender(StorageProvider provider, DbConnection connection, DbTransaction transaction)
    {
        this.provider = provider;
        this.connection = connection;
        this.transaction = transaction;
    }

    /// <summary>
    /// An appender in <paramref name="db"/>'s open transaction. It locks the ledger at once, so that whatever the
    /// caller counts or numbers after this (versions, review numbers) cannot race another writer.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no open transaction.</exception>
    public static LedgerAppender Begin(LifelineDbContext db)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Appending to the ledger needs the transaction that writes the records");
        var appender = new LedgerAppender(db.Provider, transaction.Connection!, transaction);
        appender.frontier = appender.Lock();
        return appender;
    }

    /// <summary>
    /// An appender in an open transaction on <paramref name="connection"/>, the ledger locked at once: the
    /// sequencer's batch transaction, which every writer of the batch then joins.
    /// </summary>
    public static async Task<LedgerAppender> BeginAsync(StorageProvider provider, DbConnection connection, DbTransaction transaction, CancellationToken cancel)
    {
        var appender = new LedgerAppender(provider, connection, transaction);
        var size = await LedgerSql.LockSizeAsync(provider, connection, transaction, cancel);
        var ids = MerkleFrontier.NodeIdsFor(size);
        appender.frontier = MerkleFrontier.FromStoredNodes(size, await LedgerSql.ReadNodesAsync(connection, transaction, ids, cancel));
        return appender;
    }

    /// <summary>Adds the leaves of <paramref name="records"/> and writes them.</summary>
    public void Append(params IEnumerable<CommittedRecord> records)
    {
        foreach (var record in records)
        {
            Add(record.Entry);
        }
        Flush();
    }

    /// <summary>The tree size once everything added so far is written.</summary>
    public ulong Size => (frontier?.Size ?? 0) + (ulong)pending.Count;

    /// <summary>Adds a leaf; returns its leaf index. It is written at the latest by <see cref="Flush"/>.</summary>
    public ulong Add(LedgerEntry entry)
    {
        frontier ??= Lock();
        pending.Add((entry, entry.ToLeaf()));
        var index = frontier.Size + (ulong)pending.Count - 1;
        if (pending.Count >= BatchSize)
        {
            Flush();
        }
        return index;
    }

    /// <summary>Writes the buffered leaves, the nodes they complete and the new size.</summary>
    public void Flush()
    {
        if (pending.Count == 0 || frontier is null)
        {
            return;
        }
        var hashes = new MerkleHash[pending.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = MerkleHasher.HashLeaf(pending[i].Leaf);
        }
        var append = frontier.Append(hashes);
        var leaves = pending;
        void Write()
        {
            LedgerSql.WriteLeaves(provider, connection, transaction, append.FirstLeafIndex, leaves);
            LedgerSql.WriteNodes(provider, connection, transaction, append.Nodes);
            LedgerSql.SetSize(connection, transaction, append.PreviousSize, append.NewSize);
        }
        if (Behind is null)
        {
            Write();
        }
        else
        {
            // The tree grows now; its rows are written behind, in order, before anything else touches the ledger.
            Behind.Post(Write);
        }
        frontier = append.Frontier;
        pending = [];
    }

    /// <summary>
    /// Where a bulk import's batches of leaves are written while it reads on (see <see cref="WriteBehind"/>); null:
    /// <see cref="Flush"/> writes them itself. The caller drains it before using the connection.
    /// </summary>
    public WriteBehind? Behind { get; set; }

    /// <summary>Writes the buffered leaves, the nodes they complete and the new size, without blocking a thread.</summary>
    public async Task FlushAsync(CancellationToken cancel)
    {
        if (pending.Count == 0 || frontier is null)
        {
            return;
        }
        var hashes = new MerkleHash[pending.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = MerkleHasher.HashLeaf(pending[i].Leaf);
        }
        var append = frontier.Append(hashes);
        await LedgerSql.WriteLeavesAsync(provider, connection, transaction, append.FirstLeafIndex, pending, cancel);
        await LedgerSql.WriteNodesAsync(provider, connection, transaction, append.Nodes, cancel);
        await LedgerSql.SetSizeAsync(connection, transaction, append.PreviousSize, append.NewSize, cancel);
        frontier = append.Frontier;
        pending.Clear();
    }

    private MerkleFrontier Lock()
    {
        var size = LedgerSql.LockSize(provider, connection, transaction);
        var ids = MerkleFrontier.NodeIdsFor(size);
        return MerkleFrontier.FromStoredNodes(size, LedgerSql.ReadNodes(connection, transaction, ids));
    }
}

/// <summary>The ledger's SQL, the same on both engines but for the bulk paths (prepared inserts, binary COPY).</summary>
internal static class LedgerSql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params object[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"p{i}";
            parameter.Value = parameters[i];
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static ulong ReadSize(DbConnection connection, DbTransaction? transaction)
    {
        using var command = Command(connection, transaction, $"SELECT size FROM ledger_state WHERE id = {LedgerStateRow.SingleId}");
        return (ulong)Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads the size and holds the ledger until the transaction ends.</summary>
    public static ulong LockSize(StorageProvider provider, DbConnection connection, DbTransaction transaction)
    {
        var sql = provider == StorageProvider.Postgres
            ? $"SELECT size FROM ledger_state WHERE id = {LedgerStateRow.SingleId} FOR UPDATE"
            : $"SELECT size FROM ledger_state WHERE id = {LedgerStateRow.SingleId}";
        using var command = Command(connection, transaction, sql);
        return (ulong)Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads the size and holds the ledger until the transaction ends.</summary>
    public static async Task<ulong> LockSizeAsync(StorageProvider provider, DbConnection connection, DbTransaction transaction, CancellationToken cancel)
    {
        var sql = provider == StorageProvider.Postgres
            ? $"SELECT size FROM ledger_state WHERE id = {LedgerStateRow.SingleId} FOR UPDATE"
            : $"SELECT size FROM ledger_state WHERE id = {LedgerStateRow.SingleId}";
        await using var command = Command(connection, transaction, sql);
        return (ulong)Convert.ToInt64(await command.ExecuteScalarAsync(cancel) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<ulong> ReadSizeAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancel)
    {
        await using var command = Command(connection, transaction, $"SELECT size FROM ledger_state WHERE id = {LedgerStateRow.SingleId}");
        return (ulong)Convert.ToInt64(await command.ExecuteScalarAsync(cancel) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task SetSizeAsync(DbConnection connection, DbTransaction transaction, ulong previous, ulong next, CancellationToken cancel)
    {
        await using var command = Command(connection, transaction, $"UPDATE ledger_state SET size = @p0 WHERE id = {LedgerStateRow.SingleId} AND size = @p1", (long)next, (long)previous);
        if (await command.ExecuteNonQueryAsync(cancel) != 1)
        {
            throw new InvalidOperationException($"The ledger is no longer at size {previous}: another writer appended at the same time. Nothing was stored.");
        }
    }

    /// <summary>Reads node hashes in one query, in the order of <paramref name="ids"/>, without blocking a thread.</summary>
    /// <exception cref="KeyNotFoundException">A node is not stored.</exception>
    public static async Task<IReadOnlyList<MerkleHash>> ReadNodesAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<NodeId> ids, CancellationToken cancel)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var found = new Dictionary<NodeId, MerkleHash>(ids.Count);
        foreach (var chunk in ids.Distinct().Chunk(200))
        {
            var (sql, parameters) = NodesQuery(chunk);
            await using var command = Command(connection, transaction, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancel);
            while (await reader.ReadAsync(cancel))
            {
                var id = new NodeId(reader.GetInt32(0), (ulong)reader.GetInt64(1));
                found[id] = MerkleHash.FromBytes((byte[])reader.GetValue(2));
            }
        }
        return ids.Select(id => found.TryGetValue(id, out var hash) ? hash : throw new KeyNotFoundException($"Ledger node ({id}) is not stored.")).ToList();
    }

    private static (string Sql, object[] Parameters) NodesQuery(NodeId[] chunk)
    {
        var conditions = string.Join(" OR ", chunk.Select((_, i) => $"(level = @p{2 * i} AND idx = @p{(2 * i) + 1})"));
        return ($"SELECT level, idx, hash FROM ledger_nodes WHERE {conditions}", chunk.SelectMany(id => new object[] { id.Level, (long)id.Index }).ToArray());
    }

    /// <summary>
    /// Writes leaves without blocking a thread: binary COPY on PostgreSQL, and on SQLite, whose calls complete
    /// synchronously anyway, the same prepared inserts as <see cref="WriteLeaves"/>.
    /// </summary>
    public static async Task WriteLeavesAsync(StorageProvider provider, DbConnection connection, DbTransaction transaction, ulong first, IReadOnlyList<(LedgerEntry Entry, byte[] Leaf)> leaves, CancellationToken cancel)
    {
        if (provider != StorageProvider.Postgres)
        {
            WriteLeaves(provider, connection, transaction, first, leaves);
            return;
        }
        await using var copy = await ((NpgsqlConnection)connection).BeginBinaryImportAsync("COPY ledger_leaves (idx, record_type, record_id, version, data) FROM STDIN (FORMAT BINARY)", cancel);
        for (var i = 0; i < leaves.Count; i++)
        {
            await copy.StartRowAsync(cancel);
            await copy.WriteAsync((long)first + i, NpgsqlDbType.Bigint, cancel);
            await copy.WriteAsync(leaves[i].Entry.RecordType, NpgsqlDbType.Text, cancel);
            await copy.WriteAsync(leaves[i].Entry.RecordId, NpgsqlDbType.Text, cancel);
            await copy.WriteAsync(leaves[i].Entry.Version, NpgsqlDbType.Integer, cancel);
            await copy.WriteAsync(leaves[i].Leaf, NpgsqlDbType.Bytea, cancel);
        }
        await copy.CompleteAsync(cancel);
    }

    /// <summary>Writes tree nodes without blocking a thread (see <see cref="WriteLeavesAsync"/>).</summary>
    public static async Task WriteNodesAsync(StorageProvider provider, DbConnection connection, DbTransaction transaction, IReadOnlyList<MerkleNode> nodes, CancellationToken cancel)
    {
        if (provider != StorageProvider.Postgres)
        {
            WriteNodes(provider, connection, transaction, nodes);
            return;
        }
        await using var copy = await ((NpgsqlConnection)connection).BeginBinaryImportAsync("COPY ledger_nodes (level, idx, hash) FROM STDIN (FORMAT BINARY)", cancel);
        foreach (var node in nodes)
        {
            await copy.StartRowAsync(cancel);
            await copy.WriteAsync(node.Id.Level, NpgsqlDbType.Integer, cancel);
            await copy.WriteAsync((long)node.Id.Index, NpgsqlDbType.Bigint, cancel);
            await copy.WriteAsync(node.Hash.ToArray(), NpgsqlDbType.Bytea, cancel);
        }
        await copy.CompleteAsync(cancel);
    }

    public static void SetSize(DbConnection connection, DbTransaction transaction, ulong previous, ulong next)
    {
        using var command = Command(connection, transaction, $"UPDATE ledger_state SET size = @p0 WHERE id = {LedgerStateRow.SingleId} AND size = @p1", (long)next, (long)previous);
        if (command.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"The ledger is no longer at size {previous}: another writer appended at the same time. Nothing was stored.");
        }
    }

    /// <summary>Reads node hashes in one query, in the order of <paramref name="ids"/>.</summary>
    /// <exception cref="KeyNotFoundException">A node is not stored.</exception>
    public static IReadOnlyList<MerkleHash> ReadNodes(DbConnection connection, DbTransaction? transaction, IReadOnlyList<NodeId> ids)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var found = new Dictionary<NodeId, MerkleHash>(ids.Count);
        foreach (var chunk in ids.Distinct().Chunk(200))
        {
            var (sql, parameters) = NodesQuery(chunk);
            using var command = Command(connection, transaction, sql, parameters);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = new NodeId(reader.GetInt32(0), (ulong)reader.GetInt64(1));
                found[id] = MerkleHash.FromBytes((byte[])reader.GetValue(2));
            }
        }
        return ids.Select(id => found.TryGetValue(id, out var hash) ? hash : throw new KeyNotFoundException($"Ledger node ({id}) is not stored.")).ToList();
    }

    public static void WriteLeaves(StorageProvider provider, DbConnection connection, DbTransaction transaction, ulong first, IReadOnlyList<(LedgerEntry Entry, byte[] Leaf)> leaves)
    {
        if (provider == StorageProvider.Postgres)
        {
            using var copy = ((NpgsqlConnection)connection).BeginBinaryImport("COPY ledger_leaves (idx, record_type, record_id, version, data) FROM STDIN (FORMAT BINARY)");
            for (var i = 0; i < leaves.Count; i++)
            {
                copy.StartRow();
                copy.Write((long)first + i, NpgsqlDbType.Bigint);
                copy.Write(leaves[i].Entry.RecordType, NpgsqlDbType.Text);
                copy.Write(leaves[i].Entry.RecordId, NpgsqlDbType.Text);
                copy.Write(leaves[i].Entry.Version, NpgsqlDbType.Integer);
                copy.Write(leaves[i].Leaf, NpgsqlDbType.Bytea);
            }
            copy.Complete();
            return;
        }
        using var command = Prepared((SqliteConnection)connection, (SqliteTransaction)transaction,
            "INSERT INTO ledger_leaves (idx, record_type, record_id, version, data) VALUES ($p0, $p1, $p2, $p3, $p4)", 5);
        for (var i = 0; i < leaves.Count; i++)
        {
            command.Parameters[0].Value = (long)first + i;
            command.Parameters[1].Value = leaves[i].Entry.RecordType;
            command.Parameters[2].Value = leaves[i].Entry.RecordId;
            command.Parameters[3].Value = leaves[i].Entry.Version;
            command.Parameters[4].Value = leaves[i].Leaf;
            command.ExecuteNonQuery();
        }
    }

    public static void WriteNodes(StorageProvider provider, DbConnection connection, DbTransaction transaction, IReadOnlyList<MerkleNode> nodes)
    {
        if (provider == StorageProvider.Postgres)
        {
            using var copy = ((NpgsqlConnection)connection).BeginBinaryImport("COPY ledger_nodes (level, idx, hash) FROM STDIN (FORMAT BINARY)");
            foreach (var node in nodes)
            {
                copy.StartRow();
                copy.Write(node.Id.Level, NpgsqlDbType.Integer);
                copy.Write((long)node.Id.Index, NpgsqlDbType.Bigint);
                copy.Write(node.Hash.ToArray(), NpgsqlDbType.Bytea);
            }
            copy.Complete();
            return;
        }
        using var command = Prepared((SqliteConnection)connection, (SqliteTransaction)transaction,
            "INSERT INTO ledger_nodes (level, idx, hash) VALUES ($p0, $p1, $p2)", 3);
        foreach (var node in nodes)
        {
            command.Parameters[0].Value = node.Id.Level;
            command.Parameters[1].Value = (long)node.Id.Index;
            command.Parameters[2].Value = node.Hash.ToArray();
            command.ExecuteNonQuery();
        }
    }

    private static SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }
        command.Prepare();
        return command;
    }
}
