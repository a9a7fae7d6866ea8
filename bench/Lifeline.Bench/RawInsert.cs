using System.Globalization;
using System.Text.Json;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Situations;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Lifeline.Bench;

/// <summary>
/// The baselines an import is compared with: the same event rows, already built in memory, written into the same
/// tables (<c>event_versions</c> with each version's salt, and <c>events</c>) of a fresh database made by Lifeline's
/// own migrations, the fastest plain way each engine has: prepared INSERTs in one transaction on SQLite (in batches
/// of 5,000, each batch's notes indexed by one INSERT…SELECT, as <see cref="BulkWriter"/> does), one binary COPY
/// per table on PostgreSQL. Nothing is parsed, checked or hashed while timed.
/// <para>
/// With <c>withLedger</c> the same rows are written and, beside them, the ledger rows an import writes for those
/// events (one leaf each in <c>ledger_leaves</c>, the tree's nodes in <c>ledger_nodes</c>, the size), also built
/// before timing. The gap between the two is what storing the ledger costs the database; the gap from there to an
/// import is parsing, checking, canonical forms and hashing.
/// </para>
/// </summary>
internal sealed class RawInsert
{
    /// <summary>Who and why, as the import benchmark passes them to the importer.</summary>
    public const string RecordedBy = "bench";

    public const string Reason = "bench";

    private static readonly string[] Columns =
    [
        "situation_id", "event_id", "version", "date", "time", "time_precision", "place_id", "geo_precision", "type",
        "utility", "route_id", "actor1", "actor2", "fatalities", "notes", "sources", "recorded_at", "recorded_by", "reason", "stage",
        "until_further_notice",
    ];

    /// <summary>A version also keeps the salt of its ledger commitment.</summary>
    private static readonly string[] VersionColumns = [.. Columns, "salt"];

    /// <summary>An imported event that does not say its stage starts at intake.</summary>
    public const string Stage = "intake";

    private readonly SyntheticEvent[] events;
    private readonly byte[][] salts;
    private readonly object[][] sqliteRows;
    private readonly DateTime recordedAt;
    private readonly LedgerRows? ledger;

    private RawInsert(SyntheticEvent[] events, byte[][] salts, object[][] sqliteRows, DateTime recordedAt, LedgerRows? ledger)
    {
        this.events = events;
        this.salts = salts;
        this.sqliteRows = sqliteRows;
        this.recordedAt = recordedAt;
        this.ledger = ledger;
    }

    public int Count => events.Length;

    private LedgerRows Ledger => ledger ?? throw new InvalidOperationException("These rows were built without their ledger rows");

    /// <summary>
    /// Builds the rows for the first <paramref name="count"/> synthetic events, and their ledger rows; done before
    /// any timing. Without <paramref name="withLedger"/> the ledger rows are not built, and cannot be written.
    /// </summary>
    public static RawInsert Build(int count, bool withLedger = true)
    {
        var now = DateTime.UtcNow;
        var recordedAt = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var events = SyntheticSiege.Events(count).ToArray();
        var salts = events.Select(_ => RecordSalt.New()).ToArray();
        // SQLite stores dates, times and instants as text and the source list as JSON, as Lifeline's EF model does.
        var recordedText = recordedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        var sqliteRows = events.Select((e, i) => new object[]
        {
            SyntheticSiege.SituationId, e.Id, 1, e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.Time is { } t ? t.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : DBNull.Value, e.TimePrecision, e.Place,
            e.GeoPrecision, e.Type, (object?)e.Utility ?? DBNull.Value, (object?)e.Route ?? DBNull.Value,
            (object?)e.Actor1 ?? DBNull.Value, (object?)e.Actor2 ?? DBNull.Value, (object?)e.Fatalities ?? DBNull.Value, e.Notes,
            JsonSerializer.Serialize(e.Sources), recordedText, RecordedBy, Reason, Stage, SyntheticSiege.ChangesStatus(e) ? 1 : 0, salts[i],
        }).ToArray();
        var at = new DateTimeOffset(recordedAt);
        var entries = events.Select((e, i) => CanonicalRecords.Event(Version(e, at), salts[i]).Entry);
        return new RawInsert(events, salts, sqliteRows, recordedAt, withLedger ? LedgerRows.Build(entries) : null);
    }

    /// <summary>The version an import of <paramref name="e"/> stores, recorded at <paramref name="at"/> by the bench.</summary>
    public static EventVersion Version(SyntheticEvent e, DateTimeOffset at)
    {
        var content = new EventContent(
            new EventDate(e.Date, e.Time, (TimePrecision)e.TimePrecision), e.Place, (GeoPrecision)e.GeoPrecision,
            EventType.Find(e.Type) ?? throw new InvalidOperationException($"Unknown type {e.Type}"),
            KebabCase.Parse<Utility>(e.Utility), e.Route, e.Actor1, e.Actor2, e.Fatalities, e.Notes, e.Sources)
        {
            Ends = SyntheticSiege.ChangesStatus(e) ? StatusEnd.FurtherNotice : null,
        };
        return new EventVersion(SyntheticSiege.SituationId, e.Id, 1, content, new Recording(at, RecordedBy, Reason), Core.Access.EventStage.Intake);
    }

    /// <summary>Writes every row to <c>event_versions</c> and to <c>events</c>, and the ledger rows if asked; the database must have Lifeline's schema.</summary>
    public void Write(BenchDatabase database, bool withLedger)
    {
        switch (database.Provider)
        {
            case StorageProvider.Sqlite:
                WriteSqlite(database, withLedger);
                break;
            case StorageProvider.Postgres:
                WritePostgres(database, withLedger);
                break;
        }
    }

    private void WriteSqlite(BenchDatabase database, bool withLedger)
    {
        using var connection = new SqliteConnection(database.Options.ConnectionString);
        connection.Open();
        // The same per-connection settings Lifeline uses (synchronous=FULL, foreign keys on).
        SqlitePragmas.Apply(connection);
        using var transaction = connection.BeginTransaction();
        using var versions = Prepare(connection, transaction, "event_versions", VersionColumns);
        using var current = Prepare(connection, transaction, "events", Columns);
        using var leaves = Prepare(connection, transaction, "ledger_leaves", ["idx", "record_type", "record_id", "version", "data"]);
        using var nodes = Prepare(connection, transaction, "ledger_nodes", ["level", "idx", "hash"]);
        // In batches, table by table, as Lifeline's bulk writer and ledger appender do, so that only the per-row work differs.
        for (var start = 0; start < sqliteRows.Length; start += BulkWriter.BatchSize)
        {
            var end = Math.Min(start + BulkWriter.BatchSize, sqliteRows.Length);
            Insert(versions, start, end, VersionColumns.Length);
            // While a row is in fts_deferred the per-row full-text trigger stands aside; the batch's notes are indexed by one statement.
            var before = Scalar(connection, transaction, "SELECT coalesce(max(row_id), 0) FROM events");
            Run(connection, transaction, "INSERT INTO fts_deferred (marker) VALUES (1)");
            Insert(current, start, end, Columns.Length);
            Run(connection, transaction, $"INSERT INTO events_fts(rowid, notes) SELECT row_id, notes FROM events WHERE row_id > {before}");
            Run(connection, transaction, "DELETE FROM fts_deferred");
            if (withLedger)
            {
                for (var i = start; i < end; i++)
                {
                    Execute(leaves, (long)i, RecordTypes.Event, Ledger.Leaves[i].RecordId, 1, Ledger.Leaves[i].Data);
                }
                foreach (var node in Ledger.NodesOfBatch[start / BulkWriter.BatchSize])
                {
                    Execute(nodes, node.Id.Level, (long)node.Id.Index, node.Hash.ToArray());
                }
                Run(connection, transaction, $"UPDATE ledger_state SET size = {end} WHERE id = {LedgerStateRow.SingleId}");
            }
        }
        transaction.Commit();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }
        command.Prepare();
        return command;
    }

    private void Insert(SqliteCommand command, int start, int end, int columns)
    {
        var parameters = command.Parameters;
        for (var r = start; r < end; r++)
        {
            var row = sqliteRows[r];
            for (var i = 0; i < columns; i++)
            {
                parameters[i].Value = row[i];
            }
            command.ExecuteNonQuery();
        }
    }

    private static void Execute(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
        command.ExecuteNonQuery();
    }

    private static void Run(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private void WritePostgres(BenchDatabase database, bool withLedger)
    {
        using var connection = new NpgsqlConnection(database.Options.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        Copy(connection, "event_versions", VersionColumns);
        Copy(connection, "events", Columns);
        if (withLedger)
        {
            using (var copy = connection.BeginBinaryImport("COPY ledger_leaves (idx, record_type, record_id, version, data) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < Ledger.Leaves.Count; i++)
                {
                    copy.StartRow();
                    copy.Write((long)i, NpgsqlDbType.Bigint);
                    copy.Write(RecordTypes.Event, NpgsqlDbType.Text);
                    copy.Write(Ledger.Leaves[i].RecordId, NpgsqlDbType.Text);
                    copy.Write(1, NpgsqlDbType.Integer);
                    copy.Write(Ledger.Leaves[i].Data, NpgsqlDbType.Bytea);
                }
                copy.Complete();
            }
            using (var copy = connection.BeginBinaryImport("COPY ledger_nodes (level, idx, hash) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var node in Ledger.NodesOfBatch.SelectMany(n => n))
                {
                    copy.StartRow();
                    copy.Write(node.Id.Level, NpgsqlDbType.Integer);
                    copy.Write((long)node.Id.Index, NpgsqlDbType.Bigint);
                    copy.Write(node.Hash.ToArray(), NpgsqlDbType.Bytea);
                }
                copy.Complete();
            }
            using var size = new NpgsqlCommand($"UPDATE ledger_state SET size = {Ledger.Leaves.Count} WHERE id = {LedgerStateRow.SingleId}", connection, transaction);
            size.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private void Copy(NpgsqlConnection connection, string table, string[] columns)
    {
        using var writer = connection.BeginBinaryImport($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            writer.StartRow();
            writer.Write(SyntheticSiege.SituationId, NpgsqlDbType.Text);
            writer.Write(e.Id, NpgsqlDbType.Text);
            writer.Write(1, NpgsqlDbType.Integer);
            writer.Write(e.Date, NpgsqlDbType.Date);
            WriteNullable(writer, e.Time, NpgsqlDbType.Time);
            writer.Write(e.TimePrecision, NpgsqlDbType.Integer);
            writer.Write(e.Place, NpgsqlDbType.Text);
            writer.Write(e.GeoPrecision, NpgsqlDbType.Integer);
            writer.Write(e.Type, NpgsqlDbType.Text);
            WriteText(writer, e.Utility);
            WriteText(writer, e.Route);
            WriteText(writer, e.Actor1);
            WriteText(writer, e.Actor2);
            WriteNullable(writer, e.Fatalities, NpgsqlDbType.Integer);
            writer.Write(e.Notes, NpgsqlDbType.Text);
            writer.Write(e.Sources, NpgsqlDbType.Array | NpgsqlDbType.Text);
            writer.Write(recordedAt, NpgsqlDbType.TimestampTz);
            writer.Write(RecordedBy, NpgsqlDbType.Text);
            writer.Write(Reason, NpgsqlDbType.Text);
            writer.Write(Stage, NpgsqlDbType.Text);
            writer.Write(SyntheticSiege.ChangesStatus(e), NpgsqlDbType.Boolean);
            if (columns.Length == VersionColumns.Length)
            {
                writer.Write(salts[i], NpgsqlDbType.Bytea);
            }
        }
        writer.Complete();
    }

    private static void WriteText(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Text);
        }
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v)
        {
            writer.Write(v, type);
        }
        else
        {
            writer.WriteNull();
        }
    }

    /// <summary>
    /// The ledger rows of the events, as an import appends them: one leaf per event (its bytes and record id), and
    /// the tree nodes each batch of 5,000 leaves completes.
    /// </summary>
    private sealed record LedgerRows(IReadOnlyList<(string RecordId, byte[] Data)> Leaves, IReadOnlyList<IReadOnlyList<MerkleNode>> NodesOfBatch)
    {
        public static LedgerRows Build(IEnumerable<LedgerEntry> entries)
        {
            var leaves = entries.Select(e => (e.RecordId, e.ToLeaf())).ToList();
            var batches = new List<IReadOnlyList<MerkleNode>>();
            var frontier = MerkleFrontier.Empty;
            foreach (var chunk in leaves.Chunk(BulkWriter.BatchSize))
            {
                var append = frontier.Append(chunk.Select(l => MerkleHasher.HashLeaf(l.Item2)).ToArray());
                batches.Add(append.Nodes);
                frontier = append.Frontier;
            }
            return new LedgerRows(leaves, batches);
        }
    }
}
