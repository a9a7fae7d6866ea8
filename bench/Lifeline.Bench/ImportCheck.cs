using System.Data.Common;
using System.Globalization;
using System.Numerics;
using Lifeline.Exchange;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Bench;

/// <summary>
/// Makes sure the comparison is fair before anything is timed: the raw baselines must write exactly the event rows
/// an import of the same file writes (every column but the row id and the recording instant; of the salt, which is
/// random by design, only its length), index the same notes for search, and, with the ledger, the same event leaves
/// (record, version and length; the bytes differ with the salt) and a complete tree over them.
/// </summary>
internal static class ImportCheck
{
    private const string Columns =
        "situation_id, event_id, version, date, time, time_precision, place_id, geo_precision, type, utility, route_id, "
        + "actor1, actor2, fatalities, notes, sources, recorded_by, recorded_by_user, reason, stage";

    private static readonly (string Table, string Sql)[] Queries =
    [
        ("event_versions", $"SELECT {Columns}, length(salt) FROM event_versions ORDER BY row_id"),
        ("events", $"SELECT {Columns}, author_id FROM events ORDER BY row_id"),
        ("event leaves", "SELECT record_type, record_id, version, length(data) FROM ledger_leaves WHERE record_type = 'event' ORDER BY idx"),
    ];

    public static void Run(BenchSettings settings, StorageProvider provider, Action<string> log)
    {
        var count = BenchSettings.CheckEvents;
        var file = SyntheticSiege.EnsureFile(settings.DataFolder, count, log);
        using var imported = BenchDatabase.CreatePrepared(settings, provider, "check_import");
        using var raw = BenchDatabase.CreatePrepared(settings, provider, "check_raw");
        using (var db = imported.Open())
        using (var stream = File.OpenRead(file))
        {
            var result = new Importer(db, TimeProvider.System).Import(stream, RawInsert.RecordedBy, RawInsert.Reason);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"The synthetic file does not import: {string.Join("; ", result.Errors.Take(5))}");
            }
        }
        RawInsert.Build(count).Write(raw, withLedger: true);
        foreach (var (table, sql) in Queries)
        {
            var expected = Read(imported, sql);
            var actual = Read(raw, sql);
            if (expected.Count != count || actual.Count != count)
            {
                throw new InvalidOperationException($"{provider} {table}: import wrote {expected.Count} rows, raw wrote {actual.Count}, expected {count}");
            }
            for (var i = 0; i < count; i++)
            {
                if (expected[i] != actual[i])
                {
                    throw new InvalidOperationException($"{provider} {table} row {i + 1} differs:\n  import: {expected[i]}\n  raw:    {actual[i]}");
                }
            }
        }
        foreach (var database in new[] { imported, raw })
        {
            CheckTree(database);
        }
        if (provider == StorageProvider.Sqlite)
        {
            const string Search = "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'convoy'";
            var (a, b) = (Read(imported, Search)[0], Read(raw, Search)[0]);
            if (a != b)
            {
                throw new InvalidOperationException($"{provider}: the full-text index finds 'convoy' in {a} imported events but in {b} raw ones");
            }
        }
        log($"{provider}: the raw baseline writes the same {count:N0} rows to events and event_versions as the importer, "
            + "and with the ledger the same event leaves and a whole tree");
    }

    /// <summary>The tree over n leaves stores n leaves and 2n − popcount(n) nodes (docs/ledger.md).</summary>
    private static void CheckTree(BenchDatabase database)
    {
        var size = long.Parse(Read(database, $"SELECT size FROM ledger_state WHERE id = {LedgerStateRow.SingleId}")[0], CultureInfo.InvariantCulture);
        var leaves = long.Parse(Read(database, "SELECT count(*) FROM ledger_leaves")[0], CultureInfo.InvariantCulture);
        var nodes = long.Parse(Read(database, "SELECT count(*) FROM ledger_nodes")[0], CultureInfo.InvariantCulture);
        if (leaves != size || nodes != (2 * size) - BitOperations.PopCount((ulong)size))
        {
            throw new InvalidOperationException($"{database.Provider} {database.Name}: ledger of size {size} holds {leaves} leaves and {nodes} nodes");
        }
    }

    private static List<string> Read(BenchDatabase database, string sql)
    {
        using var db = database.Open();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Show(reader, i))));
        }
        return rows;
    }

    private static string Show(DbDataReader reader, int column)
    {
        var value = reader.GetValue(column);
        return value switch
        {
            DBNull => "null",
            string[] list => $"[{string.Join(",", list)}]",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
    }
}
