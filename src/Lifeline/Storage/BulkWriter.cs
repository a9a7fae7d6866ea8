using System.Text.Json;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Lifeline.Storage;

/// <summary>
/// Writes many events, their versions and reviews inside the caller's transaction, the fast way each engine
/// has: prepared statements on SQLite, binary COPY on PostgreSQL. EF Core change tracking is about 18 times
/// slower for this, so imports and scenario seeding come through here. Rows are buffered in batches, which
/// keeps memory flat however many rows arrive.
/// </summary>
internal abstract class BulkWriter
{
    public const int BatchSize = 5_000;

    private List<(EventVersion Version, byte[] Salt)> versions = new(BatchSize);
    private List<(EventVersion Version, byte[]? Salt)> current = new(BatchSize);
    private List<(Review Review, byte[] Salt)> reviews = [];
    private DeferredIndexes? deferred;

    /// <param name="behind">Where the batches are written while the caller reads on; null: at once, by the caller.</param>
    /// <param name="deferIndexes">
    /// For a large import: the secondary indexes of the tables it fills, and the full-text index, are built once
    /// after the rows, by <see cref="Complete"/> (see <see cref="DeferredIndexes"/>).
    /// </param>
    public static BulkWriter Begin(LifelineDbContext db, WriteBehind? behind = null, bool deferIndexes = false)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk write needs an open transaction");
        BulkWriter writer = db.Provider switch
        {
            StorageProvider.Sqlite => new SqliteBulkWriter((SqliteConnection)transaction.Connection!, (SqliteTransaction)transaction),
            StorageProvider.Postgres => new PostgresBulkWriter((NpgsqlConnection)transaction.Connection!),
        };
        writer.Behind = behind;
        if (deferIndexes)
        {
            writer.deferred = DeferredIndexes.Drop(db.Provider, transaction.Connection!, transaction);
            writer.DeferFullText();
        }
        return writer;
    }

    /// <summary>Where batches are written; null once <see cref="Complete"/> has run, or when the caller writes them.</summary>
    public WriteBehind? Behind { get; private set; }

    /// <summary>Whether indexes are built once at the end (see <see cref="Begin"/>).</summary>
    public bool DefersIndexes => deferred is not null;

    /// <summary>Adds one version to the history, with the salt of its ledger commitment.</summary>
    public void AddVersion(EventVersion version, byte[] salt)
    {
        versions.Add((version, salt));
        if (versions.Count >= BatchSize)
        {
            Flush();
        }
    }

    /// <summary>Makes <paramref name="version"/> the current version of its event.</summary>
    public void AddCurrent(EventVersion version)
    {
        current.Add((version, null));
        if (current.Count >= BatchSize)
        {
            Flush();
        }
    }

    public void AddReview(Review review, byte[] salt)
    {
        reviews.Add((review, salt));
        if (reviews.Count >= BatchSize)
        {
            Flush();
        }
    }

    /// <summary>
    /// Writes what is buffered, or hands it to <see cref="Behind"/>. A failure names the row at fault where it can;
    /// with <see cref="Behind"/> it surfaces at a later call.
    /// </summary>
    public void Flush()
    {
        if (versions.Count > 0)
        {
            var batch = versions;
            versions = new(BatchSize);
            Run(() => WriteEvents("event_versions", VersionColumnNames, batch.Select(v => (v.Version, (byte[]?)v.Salt)).ToList()));
        }
        if (current.Count > 0)
        {
            var batch = current;
            current = new(BatchSize);
            Run(() => WriteEvents("events", CurrentColumnNames, batch));
        }
        if (reviews.Count > 0)
        {
            var batch = reviews;
            reviews = [];
            Run(() => WriteReviews(batch));
        }
    }

    /// <summary>
    /// Writes what is buffered, waits for <see cref="Behind"/> to finish, and builds what was deferred: the new rows'
    /// full-text entries and the dropped indexes. Later writes go straight to the database. A unique index that the
    /// rows break fails here (the caller then rolls back).
    /// </summary>
    public void Complete()
    {
        Flush();
        var behind = Behind;
        Behind = null;
        behind?.Drain();
        if (deferred is not null)
        {
            CompleteFullText();
            deferred.Build();
            deferred = null;
        }
    }

    private void Run(Action write)
    {
        if (Behind is null)
        {
            write();
        }
        else
        {
            Behind.Post(write);
        }
    }

    /// <summary>Stops indexing each batch's notes; <see cref="CompleteFullText"/> indexes every new row at once.</summary>
    protected virtual void DeferFullText()
    {
    }

    protected virtual void CompleteFullText()
    {
    }

    private static readonly string[] EventColumnNames =
    [
        "situation_id", "event_id", "version", "date", "time", "time_precision", "place_id", "geo_precision", "type",
        "utility", "route_id", "actor1", "actor2", "fatalities", "notes", "sources", "recorded_at", "recorded_by",
        "recorded_by_user", "reason", "stage", "end_date", "end_time", "duration_hours", "until_further_notice", "hours_per_day",
        "part_of", "gap_before",
    ];

    /// <summary>A version has the event's columns and the salt of its ledger commitment.</summary>
    protected static readonly string[] VersionColumnNames = [.. EventColumnNames, "salt"];

    /// <summary>The current view has the event's columns and the author.</summary>
    protected static readonly string[] CurrentColumnNames = [.. EventColumnNames, "author_id"];

    protected static readonly string[] ReviewColumnNames = ["situation_id", "event_id", "verdict", "note", "at", "by", "salt"];

    protected abstract void WriteEvents(string table, string[] columns, IReadOnlyList<(EventVersion Version, byte[]? Salt)> rows);

    protected abstract void WriteReviews(IReadOnlyList<(Review Review, byte[] Salt)> rows);

    /// <summary>
    /// The values for <paramref name="columns"/>: a version ends with its salt, the current view with its author
    /// (for an imported event, its first version's account).
    /// </summary>
    protected static object?[] EventValues(EventVersion v, byte[]? salt, string[] columns)
    {
        var c = v.Content;
        object?[] values =
        [
            v.SituationId, v.Id, v.Version, c.When.Day, c.When.Time, (int)c.When.Precision, c.PlaceId, (int)c.GeoPrecision,
            c.Type.Key, c.Utility is { } u ? KebabCase.Of(u) : null, c.RouteId, c.Actor1, c.Actor2, c.Fatalities, c.Notes,
            c.SourceIds, v.Recorded.At.UtcDateTime, v.Recorded.By, v.Recorded.UserId, v.Recorded.Reason, KebabCase.Of(v.Stage),
            c.Ends?.Date, c.Ends?.Time, c.Ends?.Hours, c.Ends?.UntilFurtherNotice ?? false, c.HoursPerDay,
            c.PartOf, c.GapBefore,
        ];
        return columns[^1] == "salt" ? [.. values, salt] : [.. values, v.Recorded.UserId];
    }

    protected static object?[] ReviewValues(Review r, byte[] salt) =>
        [r.SituationId, r.EventId, KebabCase.Of(r.Verdict), r.Note, r.At.UtcDateTime, r.By, salt];
}

internal sealed class SqliteBulkWriter(SqliteConnection connection, SqliteTransaction transaction) : BulkWriter
{
    private readonly Dictionary<string, SqliteCommand> commands = [];

    /// <summary>While full-text indexing is deferred: the last row id before the first new event.</summary>
    private long? fullTextAfter;

    protected override void DeferFullText()
    {
        fullTextAfter = Scalar("SELECT coalesce(max(row_id), 0) FROM events");
        Run("INSERT INTO fts_deferred (marker) VALUES (1)");
    }

    protected override void CompleteFullText()
    {
        if (fullTextAfter is { } after)
        {
            Run($"INSERT INTO events_fts(rowid, notes) SELECT row_id, notes FROM events WHERE row_id > {after}");
            Run("DELETE FROM fts_deferred");
            fullTextAfter = null;
        }
    }

    protected override void WriteEvents(string table, string[] columns, IReadOnlyList<(EventVersion Version, byte[]? Salt)> rows)
    {
        var command = Prepare(table, columns);
        var indexLater = table == "events" && fullTextAfter is null;
        long before = 0;
        if (indexLater)
        {
            // The per-row full-text trigger costs most of an import; while the marker row exists it stands aside,
            // and the batch's notes are indexed with one statement. The marker never outlives this batch.
            before = Scalar("SELECT coalesce(max(row_id), 0) FROM events");
            Run("INSERT INTO fts_deferred (marker) VALUES (1)");
        }
        foreach (var (row, salt) in rows)
        {
            var values = EventValues(row, salt, columns);
            values[15] = JsonSerializer.Serialize(row.Content.SourceIds);
            Execute(command, values);
        }
        if (indexLater)
        {
            Run($"INSERT INTO events_fts(rowid, notes) SELECT row_id, notes FROM events WHERE row_id > {before}");
            Run("DELETE FROM fts_deferred");
        }
    }

    private void Run(string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override void WriteReviews(IReadOnlyList<(Review Review, byte[] Salt)> rows)
    {
        var command = Prepare("reviews", ReviewColumnNames);
        foreach (var (row, salt) in rows)
        {
            Execute(command, ReviewValues(row, salt));
        }
    }

    private SqliteCommand Prepare(string table, string[] columns)
    {
        if (commands.TryGetValue(table, out var existing))
        {
            return existing;
        }
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }
        command.Prepare();
        commands[table] = command;
        return command;
    }

    private static void Execute(SqliteCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] switch
            {
                null => DBNull.Value,
                DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture),
                DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                TimeOnly t => t.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                var other => other,
            };
        }
        command.ExecuteNonQuery();
    }
}

internal sealed class PostgresBulkWriter(NpgsqlConnection connection) : BulkWriter
{
    private static readonly NpgsqlDbType[] EventTypes =
    [
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Date, NpgsqlDbType.Time, NpgsqlDbType.Integer,
        NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
        NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Array | NpgsqlDbType.Text,
        NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
        NpgsqlDbType.Date, NpgsqlDbType.Time, NpgsqlDbType.Double, NpgsqlDbType.Boolean, NpgsqlDbType.Double,
        NpgsqlDbType.Text, NpgsqlDbType.Boolean,
    ];

    private static readonly NpgsqlDbType[] VersionTypes = [.. EventTypes, NpgsqlDbType.Bytea];

    private static readonly NpgsqlDbType[] CurrentTypes = [.. EventTypes, NpgsqlDbType.Text];

    private static readonly NpgsqlDbType[] ReviewTypes =
        [NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.Bytea];

    protected override void WriteEvents(string table, string[] columns, IReadOnlyList<(EventVersion Version, byte[]? Salt)> rows) =>
        Copy(table, columns, columns[^1] == "salt" ? VersionTypes : CurrentTypes, rows.Select(r => EventValues(r.Version, r.Salt, columns)));

    protected override void WriteReviews(IReadOnlyList<(Review Review, byte[] Salt)> rows) =>
        Copy("reviews", ReviewColumnNames, ReviewTypes, rows.Select(r => ReviewValues(r.Review, r.Salt)));

    private void Copy(string table, string[] columns, NpgsqlDbType[] types, IEnumerable<object?[]> rows)
    {
        using var importer = connection.BeginBinaryImport($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
        foreach (var values in rows)
        {
            importer.StartRow();
            for (var i = 0; i < values.Length; i++)
            {
                switch (values[i])
                {
                    case null:
                        importer.WriteNull();
                        break;
                    case IReadOnlyList<string> list:
                        importer.Write(list.ToArray(), types[i]);
                        break;
                    case var value:
                        importer.Write(value, types[i]);
                        break;
                }
            }
        }
        importer.Complete();
    }
}
