using System.Data.Common;
using System.Globalization;
using Lifeline.Exchange;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Bench;

/// <summary>
/// Makes sure the comparison is fair before anything is timed: the raw baseline must write exactly the rows
/// an import of the same file writes (every column but the row id and the recording instant).
/// </summary>
internal static class ImportCheck
{
    private const string Columns =
        "situation_id, event_id, version, date, time, time_precision, place_id, geo_precision, type, utility, route_id, "
        + "actor1, actor2, fatalities, notes, sources, recorded_by, reason, stage";

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
        RawInsert.Build(count).Write(raw);
        foreach (var table in new[] { "event_versions", "events" })
        {
            var expected = Read(imported, table);
            var actual = Read(raw, table);
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
        log($"{provider}: the raw baseline writes the same {count:N0} rows to events and event_versions as the importer");
    }

    private static List<string> Read(BenchDatabase database, string table)
    {
        using var db = database.Open();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {table} ORDER BY row_id";
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
