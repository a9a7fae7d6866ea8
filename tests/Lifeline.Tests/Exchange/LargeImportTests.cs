using System.Data.Common;
using System.Text;
using Lifeline.Exchange;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Exchange;

/// <summary>
/// A large import writes its rows while it reads the next ones, and builds the indexes of the tables it fills once
/// after its rows: still all or nothing, every index as it was, every row searchable, the ledger verifying.
/// </summary>
public sealed class LargeImportTests
{
    /// <summary>More than two write batches, so that rows are written behind the reading more than once.</summary>
    private const int Events = 12_000;

    public static TheoryData<string, bool> ProvidersAndPaths => new()
    {
        { TestDatabase.Sqlite, true },
        { TestDatabase.Sqlite, false },
        { TestDatabase.Postgres, true },
        { TestDatabase.Postgres, false },
    };

    /// <summary>An import that treats any file as large (or none), so that a small file takes the path under test.</summary>
    private static ImportResult Import(LifelineDbContext db, TimeProvider clock, string json, bool deferIndexes = true) =>
        new Importer(db, clock) { LargeImportBytes = deferIndexes ? 0 : long.MaxValue }
            .Import(new MemoryStream(Encoding.UTF8.GetBytes(json)), "tester", "test");

    /// <summary>A document of <paramref name="count"/> events in one situation; <paramref name="change"/> may alter an event's JSON.</summary>
    private static string Document(int count, Func<int, string, string>? change = null)
    {
        var json = new StringBuilder("""
            {
              "format": "lifeline/1",
              "situation": { "id": "large-siege", "name": "Large siege", "region": "Somewhere", "startDate": "2020-01-01",
                             "figures": { "population": { "value": 1000, "sources": ["s1"] } },
                             "routes": [ { "id": "road", "name": "The road", "via": ["town"] } ] },
              "sources": [ { "id": "s1", "publisher": "Monitor", "url": "https://example.org/1" } ],
              "places": [ { "id": "town", "kind": "settlement", "names": { "en": "Town" } } ],
              "actors": [],
              "events": [
            """);
        for (var i = 0; i < count; i++)
        {
            var date = new DateOnly(2020, 1, 1).AddDays(i % 1_500).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var evt = $$"""{ "id": "e-{{i}}", "date": "{{date}}", "place": "town", "type": "statement", "notes": "Convoy report number w{{i}}x.", "sources": ["s1"] }""";
            json.Append(i == 0 ? "" : ",\n").Append(change?.Invoke(i, evt) ?? evt);
        }
        return json.Append("], \"reviews\": [] }").ToString();
    }

    /// <summary>The event's JSON with another date (the document's dates are all YYYY-MM-DD).</summary>
    private static string WithDate(string evt, string date)
    {
        var at = evt.IndexOf("\"date\": \"", StringComparison.Ordinal) + "\"date\": \"".Length;
        return evt[..at] + date + evt[(at + "YYYY-MM-DD".Length)..];
    }

    /// <summary>Every index of the tables an import fills, by name, with its definition.</summary>
    private static SortedDictionary<string, string> Indexes(LifelineDbContext db)
    {
        var tables = string.Join(", ", DeferredIndexes.Tables.Select(t => $"'{t}'"));
        var sql = db.Provider == StorageProvider.Postgres
            ? $"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ({tables})"
            : $"SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({tables})";
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        db.Database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            found[reader.GetString(0)] = reader.GetString(1);
        }
        return found;
    }

    private static long Rows(LifelineDbContext db, string table) => Scalar(db, $"SELECT count(*) FROM {table}");

    /// <summary>How many current events the engine's full-text index finds for <paramref name="word"/>.</summary>
    private static long Search(LifelineDbContext db, string word)
    {
        var sql = db.Provider == StorageProvider.Postgres
            ? $"SELECT count(*) FROM events WHERE search_vector @@ to_tsquery('simple', '{word}')"
            : $"SELECT count(*) FROM events_fts WHERE events_fts MATCH '\"{word}\"'";
        return Scalar(db, sql);
    }

    private static long Scalar(LifelineDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        db.Database.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Import_Large_BuildsEveryIndexAgain_FindsEveryRow_AndTheLedgerVerifies(string provider)
    {
        using var seeded = new Seeded(provider);
        var indexes = Indexes(seeded.Db);
        Assert.NotEmpty(indexes);
        var convoys = Search(seeded.Db, "convoy");

        var result = Import(seeded.Db, seeded.Clock, Document(Events));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(Events, result.Events);
        Assert.Equal(indexes, Indexes(seeded.Db));
        Assert.Equal(Events, seeded.Db.Events.Count(e => e.SituationId == "large-siege"));
        Assert.Equal(Events, seeded.Db.EventVersions.Count(e => e.SituationId == "large-siege"));
        // The first, a middle and the last row are in the full-text index, and the built-in record's still are.
        Assert.Equal(1, Search(seeded.Db, "w0x"));
        Assert.Equal(1, Search(seeded.Db, $"w{Events / 2}x"));
        Assert.Equal(1, Search(seeded.Db, $"w{Events - 1}x"));
        Assert.Equal(convoys + Events, Search(seeded.Db, "convoy"));
        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
    }

    [Theory, MemberData(nameof(ProvidersAndPaths))]
    public void Import_Large_ABadRowLateInTheFile_StoresNothingAndKeepsEveryIndex(string provider, bool deferIndexes)
    {
        using var seeded = new Seeded(provider);
        var indexes = Indexes(seeded.Db);
        var before = (seeded.Db.Events.Count(), seeded.Db.EventVersions.Count(), Rows(seeded.Db, "ledger_leaves"), Search(seeded.Db, "convoy"));

        var result = Import(seeded.Db, seeded.Clock,
            Document(Events, (i, evt) => i == Events - 1 ? WithDate(evt, "2020-02-30") : evt),
            deferIndexes);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Field == $"events[{Events - 1}].date");
        Assert.Equal(before, (seeded.Db.Events.Count(), seeded.Db.EventVersions.Count(), Rows(seeded.Db, "ledger_leaves"), Search(seeded.Db, "convoy")));
        Assert.Equal(indexes, Indexes(seeded.Db));
    }

    [Theory, MemberData(nameof(ProvidersAndPaths))]
    public void Import_Large_AnIdTwiceFarApart_IsRefusedAndStoresNothing(string provider, bool deferIndexes)
    {
        using var seeded = new Seeded(provider);
        var indexes = Indexes(seeded.Db);
        var before = (seeded.Db.Events.Count(), seeded.Db.EventVersions.Count(), Rows(seeded.Db, "ledger_leaves"), Search(seeded.Db, "convoy"));

        // Only the database can see this: the reader keeps no list of ids, so that its memory stays flat.
        var result = Import(seeded.Db, seeded.Clock,
            Document(Events, (i, evt) => i == Events - 10 ? evt.Replace($"\"e-{i}\"", "\"e-3\"", StringComparison.Ordinal) : evt),
            deferIndexes);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Message.Contains("used twice", StringComparison.Ordinal));
        Assert.Equal(before, (seeded.Db.Events.Count(), seeded.Db.EventVersions.Count(), Rows(seeded.Db, "ledger_leaves"), Search(seeded.Db, "convoy")));
        Assert.Equal(indexes, Indexes(seeded.Db));
        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
    }
}
