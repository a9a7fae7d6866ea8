using System.Data.Common;

namespace Lifeline.Storage;

/// <summary>
/// The secondary indexes of the tables a large import fills (events, their versions, the ledger's leaves),
/// dropped inside the import's transaction and built once after its rows: building an index from sorted rows
/// costs a fraction of keeping it up to date row by row. Both engines change their schema inside a transaction,
/// so an import that fails, or whose rows break a unique index when it is built again, leaves every index as it
/// was. The definitions are read from the database itself, so an index added by a later migration is kept too.
/// On PostgreSQL the dropped indexes lock their tables until the import commits: readers of events wait for a
/// large import to finish (SQLite readers keep reading the last committed state).
/// </summary>
internal sealed class DeferredIndexes
{
    /// <summary>The tables whose secondary indexes are built after the rows.</summary>
    public static readonly IReadOnlyList<string> Tables = ["events", "event_versions", "ledger_leaves"];

    private readonly StorageProvider provider;
    private readonly DbConnection connection;
    private readonly DbTransaction transaction;
    private readonly IReadOnlyList<(string Name, string Definition)> dropped;

    private DeferredIndexes(StorageProvider provider, DbConnection connection, DbTransaction transaction, IReadOnlyList<(string Name, string Definition)> dropped)
    {
        this.provider = provider;
        this.connection = connection;
        this.transaction = transaction;
        this.dropped = dropped;
    }

    /// <summary>Drops the secondary indexes of <see cref="Tables"/> (not their primary keys) in <paramref name="transaction"/>.</summary>
    public static DeferredIndexes Drop(StorageProvider provider, DbConnection connection, DbTransaction transaction)
    {
        var tables = string.Join(", ", Tables.Select(t => $"'{t}'"));
        var sql = provider == StorageProvider.Postgres
            ? $"""
               SELECT i.relname, pg_get_indexdef(x.indexrelid)
               FROM pg_index x
               JOIN pg_class i ON i.oid = x.indexrelid
               JOIN pg_class t ON t.oid = x.indrelid
               WHERE t.relname IN ({tables}) AND t.relnamespace = current_schema()::regnamespace
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
               ORDER BY i.relname
               """
            // Indexes without SQL are SQLite's own (primary keys and UNIQUE constraints): they stay.
            : $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({tables}) ORDER BY name";
        var indexes = new List<(string, string)>();
        using (var command = Command(connection, transaction, sql))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (name, _) in indexes)
        {
            Execute(connection, transaction, $"DROP INDEX \"{name}\"");
        }
        return new DeferredIndexes(provider, connection, transaction, indexes);
    }

    /// <summary>The names of the indexes dropped, in order.</summary>
    public IEnumerable<string> Names => dropped.Select(d => d.Name);

    /// <summary>Builds every dropped index again; a unique index that the new rows break fails here, and the caller rolls back.</summary>
    public void Build()
    {
        if (provider == StorageProvider.Postgres)
        {
            // More memory for the sorts than the default 64 MB, for this transaction only.
            Execute(connection, transaction, "SET LOCAL maintenance_work_mem = '256MB'");
        }
        foreach (var (_, definition) in dropped)
        {
            Execute(connection, transaction, definition);
        }
        if (provider == StorageProvider.Postgres)
        {
            // The planner's figures for the tables are those of before the import (for a new database, none): without
            // them it may sort a whole situation's events where reading the index in order would stream them.
            Execute(connection, transaction, $"ANALYZE {string.Join(", ", Tables)}");
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        return command;
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }
}
