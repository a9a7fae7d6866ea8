using System.Globalization;
using System.Text.Json;
using Lifeline.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Lifeline.Bench;

/// <summary>
/// The baseline an import is compared with: the same rows, already built in memory, written into the same
/// tables (<c>event_versions</c> and <c>events</c>) of a fresh database made by Lifeline's own migrations, the
/// fastest plain way each engine has: one prepared INSERT per table in one transaction on SQLite, one binary
/// COPY per table on PostgreSQL. Nothing is parsed or checked, so the gap to an import is what parsing,
/// checking and Lifeline's own bookkeeping cost.
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
    ];

    /// <summary>An imported event that does not say its stage starts at intake.</summary>
    public const string Stage = "intake";

    private readonly SyntheticEvent[] events;
    private readonly object[][] sqliteRows;
    private readonly DateTime recordedAt;

    private RawInsert(SyntheticEvent[] events, object[][] sqliteRows, DateTime recordedAt)
    {
        this.events = events;
        this.sqliteRows = sqliteRows;
        this.recordedAt = recordedAt;
    }

    public int Count => events.Length;

    /// <summary>Builds the rows for the first <paramref name="count"/> synthetic events; done before any timing.</summary>
    public static RawInsert Build(int count)
    {
        var now = DateTime.UtcNow;
        var recordedAt = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var events = SyntheticSiege.Events(count).ToArray();
        // SQLite stores dates, times and instants as text and the source list as JSON, as Lifeline's EF model does.
        var recordedText = recordedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        var sqliteRows = events.Select(e => new object[]
        {
            SyntheticSiege.SituationId, e.Id, 1, e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.Time is { } t ? t.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : DBNull.Value, e.TimePrecision, e.Place,
            e.GeoPrecision, e.Type, (object?)e.Utility ?? DBNull.Value, (object?)e.Route ?? DBNull.Value,
            (object?)e.Actor1 ?? DBNull.Value, (object?)e.Actor2 ?? DBNull.Value, (object?)e.Fatalities ?? DBNull.Value, e.Notes,
            JsonSerializer.Serialize(e.Sources), recordedText, RecordedBy, Reason, Stage,
        }).ToArray();
        return new RawInsert(events, sqliteRows, recordedAt);
    }

    /// <summary>Writes every row to <c>event_versions</c> and to <c>events</c>; the database must have Lifeline's schema.</summary>
    /// <param name="indexNotesPerBatch">
    /// SQLite only, for the diagnosis: after each batch, add the batch's notes to the full-text index with one
    /// INSERT…SELECT (for a database whose per-row FTS trigger was dropped).
    /// </param>
    public void Write(BenchDatabase database, bool indexNotesPerBatch = false)
    {
        switch (database.Provider)
        {
            case StorageProvider.Sqlite:
                WriteSqlite(database, indexNotesPerBatch);
                break;
            case StorageProvider.Postgres:
                WritePostgres(database);
                break;
        }
    }

    private void WriteSqlite(BenchDatabase database, bool indexNotesPerBatch)
    {
        using var connection = new SqliteConnection(database.Options.ConnectionString);
        connection.Open();
        // The same per-connection settings Lifeline uses (synchronous=FULL, foreign keys on).
        SqlitePragmas.Apply(connection);
        using var transaction = connection.BeginTransaction();
        using var versions = Prepare(connection, transaction, "event_versions");
        using var current = Prepare(connection, transaction, "events");
        using var index = connection.CreateCommand();
        index.Transaction = transaction;
        index.CommandText = "INSERT INTO events_fts(rowid, notes) SELECT row_id, notes FROM events WHERE row_id > $after";
        var after = index.Parameters.Add(new SqliteParameter("$after", SqliteType.Integer) { Value = 0L });
        using var last = connection.CreateCommand();
        last.Transaction = transaction;
        last.CommandText = "SELECT max(row_id) FROM events";
        // In batches, table by table, as Lifeline's bulk writer does, so that only the per-row work differs.
        for (var start = 0; start < sqliteRows.Length; start += BulkWriter.BatchSize)
        {
            var end = Math.Min(start + BulkWriter.BatchSize, sqliteRows.Length);
            Insert(versions, start, end);
            Insert(current, start, end);
            if (indexNotesPerBatch)
            {
                index.ExecuteNonQuery();
                after.Value = last.ExecuteScalar();
            }
        }
        transaction.Commit();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string table)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO {table} ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < Columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }
        command.Prepare();
        return command;
    }

    private void Insert(SqliteCommand command, int start, int end)
    {
        var parameters = command.Parameters;
        for (var r = start; r < end; r++)
        {
            var row = sqliteRows[r];
            for (var i = 0; i < row.Length; i++)
            {
                parameters[i].Value = row[i];
            }
            command.ExecuteNonQuery();
        }
    }

    private void WritePostgres(BenchDatabase database)
    {
        using var connection = new NpgsqlConnection(database.Options.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        Copy(connection, "event_versions");
        Copy(connection, "events");
        transaction.Commit();
    }

    private void Copy(NpgsqlConnection connection, string table)
    {
        using var writer = connection.BeginBinaryImport($"COPY {table} ({string.Join(", ", Columns)}) FROM STDIN (FORMAT BINARY)");
        foreach (var e in events)
        {
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
}
