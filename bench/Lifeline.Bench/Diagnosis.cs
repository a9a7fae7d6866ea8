using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Lifeline.Core.Events;
using Lifeline.Accounts;
using Lifeline.Events;
using Lifeline.Exchange;
using Lifeline.Situations;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Bench;

/// <summary>One variant of an operation timed next to the others: the median and the spread, in milliseconds.</summary>
internal sealed record VariantTime(StorageProvider Provider, string What, int Runs, double Median, double Min, double Max);

/// <summary>Imports timed in turn with their raw baseline; the ratios are Lifeline's events/s over raw's, per round.</summary>
internal sealed record ImportRounds(
    StorageProvider Provider, int Events, IReadOnlyList<VariantTime> Variants, double MinRatio, double MedianRatio, double MaxRatio);

/// <summary>
/// What-if measurements behind the suggestions in docs/performance.md. Nothing in Lifeline is changed: each
/// variant is run on a throwaway database whose schema is altered (a trigger dropped, an index added) to see
/// what a change in Lifeline would gain.
/// </summary>
internal static class Diagnosis
{
    /// <summary>
    /// The dashboard as an internal user sees it: every event, whatever its stage (the synthetic events are at intake,
    /// which the public view would hide).
    /// </summary>
    private static readonly Accounts.ICurrentUser Internal = new Accounts.CommandLineUser("bench");

    private const string Word = "convoy";

    /// <summary>
    /// An import and its raw baseline timed in turn, round by round, so that each pair ran within the same
    /// minute: the ratio of a pair holds even when other work slows the machine between rounds. On SQLite, two
    /// more variants show how much of an import the per-row full-text trigger costs and what indexing the notes
    /// in bulk (one INSERT…SELECT per batch, or per import) would gain.
    /// </summary>
    public static ImportRounds Import(BenchSettings settings, StorageProvider provider)
    {
        var events = settings.ImportEvents;
        var variants = Variants(provider, SyntheticSiege.EnsureFile(settings.DataFolder, events, Program.Log), RawInsert.Build(events));
        // One small untimed round first, so that no variant pays for compiling the code paths it shares with others.
        var warmUp = Variants(provider, SyntheticSiege.EnsureFile(settings.DataFolder, BenchSettings.CheckEvents, Program.Log), RawInsert.Build(BenchSettings.CheckEvents));
        foreach (var (_, dropTrigger, run) in warmUp)
        {
            using var database = BenchDatabase.CreatePrepared(settings, provider, "diagnosis");
            if (dropTrigger)
            {
                Execute(database, "DROP TRIGGER events_fts_insert");
            }
            run(database);
        }
        var times = variants.Select(_ => new List<double>()).ToArray();
        var matches = new long[variants.Count];
        const int Rounds = 3;
        for (var round = 1; round <= Rounds; round++)
        {
            for (var v = 0; v < variants.Count; v++)
            {
                using var database = BenchDatabase.CreatePrepared(settings, provider, "diagnosis");
                if (variants[v].DropTrigger)
                {
                    Execute(database, "DROP TRIGGER events_fts_insert");
                }
                var clock = Stopwatch.StartNew();
                variants[v].Run(database);
                clock.Stop();
                times[v].Add(clock.Elapsed.TotalMilliseconds);
                if (provider == StorageProvider.Sqlite)
                {
                    matches[v] = Scalar(database, $"SELECT count(*) FROM events_fts WHERE events_fts MATCH '{Word}'");
                }
                Program.Log($"{provider}: round {round}/{Rounds}: {variants[v].What}: {clock.Elapsed.TotalSeconds:N2} s");
            }
        }
        if (matches.Distinct().Count() != 1)
        {
            throw new InvalidOperationException($"The variants do not index the same notes: '{Word}' matches {string.Join(", ", matches)} events");
        }
        if (provider == StorageProvider.Sqlite)
        {
            Program.Log($"{provider}: every variant finds '{Word}' in the same {matches[0]:N0} events");
        }
        // Lifeline's events per second as a share of raw's, pair by pair: the raw time over Lifeline's time.
        var ratios = Enumerable.Range(0, Rounds).Select(r => times[0][r] / times[1][r]).Order().ToArray();
        return new ImportRounds(
            provider, events, variants.Select((v, i) => Summarise(provider, v.What, times[i])).ToList(),
            ratios[0], ratios[Rounds / 2], ratios[^1]);
    }

    private static List<(string What, bool DropTrigger, Action<BenchDatabase> Run)> Variants(StorageProvider provider, string file, RawInsert rows)
    {
        var variants = new List<(string What, bool DropTrigger, Action<BenchDatabase> Run)>
        {
            (provider == StorageProvider.Sqlite ? "raw insert, schema as migrated (FTS trigger per row)" : "raw COPY", false, db => rows.Write(db)),
            ("Lifeline import, as is", false, db => Import(db, file, indexAfter: false)),
        };
        if (provider == StorageProvider.Sqlite)
        {
            variants.Add(("raw insert, FTS trigger dropped, notes indexed per batch of 5,000 by INSERT…SELECT", true, db => rows.Write(db, indexNotesPerBatch: true)));
            variants.Add(("Lifeline import, FTS trigger dropped, notes indexed after it by one INSERT…SELECT", true, db => Import(db, file, indexAfter: true)));
        }
        return variants;
    }

    private static void Import(BenchDatabase database, string file, bool indexAfter)
    {
        using var db = database.Open();
        using (var stream = File.OpenRead(file))
        {
            var result = new Importer(db, TimeProvider.System).Import(stream, RawInsert.RecordedBy, RawInsert.Reason);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Import failed: {string.Join("; ", result.Errors.Take(5))}");
            }
        }
        if (indexAfter)
        {
            db.Database.ExecuteSqlRaw("INSERT INTO events_fts(rowid, notes) SELECT row_id, notes FROM events");
        }
    }

    /// <summary>
    /// The dashboard's calendar over the big situation: as is; its query alone, read with plain ADO.NET (the
    /// rest is Entity Framework materialisation and the day-by-day computation); and both again once an index
    /// covers every column the query reads. Run after <see cref="DashboardLoad"/>: it adds an index.
    /// </summary>
    public static IReadOnlyList<VariantTime> Calendar(BenchSettings settings, BenchDatabase database)
    {
        var provider = database.Provider;
        var id = SyntheticSiege.SituationId;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var keys = EventType.StatusChangingKeys;
        var sql = "SELECT date, row_id, route_id, type, utility FROM events WHERE situation_id = @situation AND type IN ("
            + string.Join(", ", keys.Select(k => $"'{k}'")) + ") AND date <= @to";
        using (var db = database.Open())
        {
            Program.Log($"{provider}: the calendar's query as Entity Framework writes it:\n"
                + db.Events.AsNoTracking().Where(e => e.SituationId == id && keys.Contains(e.Type) && e.Date <= today)
                    .Select(e => new { e.Date, e.RowId, e.RouteId, e.Type, e.Utility }).ToQueryString());
        }
        if (provider == StorageProvider.Postgres)
        {
            // As DashboardLoad does: the state autovacuum leaves a table in soon after a large import.
            Execute(database, "VACUUM ANALYZE");
        }
        ShowPlan(database, sql, today);
        ShowPlan(database, "SELECT count(*) FROM events WHERE situation_id = @situation", today);

        var times = new List<VariantTime>();
        Measure("calendar, as is", () => CalendarAsIs(database));
        Measure("calendar's query alone (ADO.NET, no objects)", () => ReadAll(database, sql, today));
        Measure("whole dashboard, as is", () => Dashboard(database));

        Program.Log($"{provider}: adding an index that covers the calendar's query");
        Execute(database, provider == StorageProvider.Sqlite
            ? "CREATE INDEX bench_status_covering ON events (situation_id, type, date, row_id, route_id, utility); ANALYZE"
            : "CREATE INDEX bench_status_covering ON events (situation_id, type, date) INCLUDE (row_id, route_id, utility)");
        if (provider == StorageProvider.Postgres)
        {
            Execute(database, "VACUUM ANALYZE events");
        }
        ShowPlan(database, sql, today);
        Measure("calendar, covering index", () => CalendarAsIs(database));
        Measure("calendar's query alone, covering index", () => ReadAll(database, sql, today));
        Measure("whole dashboard, covering index", () => Dashboard(database));
        return times;

        void Measure(string what, Action call)
        {
            var samples = new List<double>();
            for (var i = 0; i < settings.DashboardPartCalls + 3; i++)
            {
                var clock = Stopwatch.StartNew();
                call();
                clock.Stop();
                if (i >= 3)
                {
                    samples.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
            var time = Summarise(provider, what, samples);
            Program.Log($"{provider}: {what}: median {time.Median:N1} ms");
            times.Add(time);
        }
    }

    private static void CalendarAsIs(BenchDatabase database)
    {
        using var db = database.Open();
        var queries = new SituationQueries(db, new EventQueries(db, Internal, new AuditLog(db, Internal, TimeProvider.System)), TimeProvider.System, Internal, new CalendarCache());
        var situation = queries.Find(SyntheticSiege.SituationId)!;
        queries.Calendar(situation, situation.StartDate, situation.LastDay(queries.Today));
    }

    private static void Dashboard(BenchDatabase database)
    {
        using var db = database.Open();
        _ = new SituationQueries(db, new EventQueries(db, Internal, new AuditLog(db, Internal, TimeProvider.System)), TimeProvider.System, Internal, new CalendarCache()).Dashboard(SyntheticSiege.SituationId, null);
    }

    private static int ReadAll(BenchDatabase database, string sql, DateOnly to)
    {
        using var db = database.Open();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        using var command = Command(database, connection, sql, to);
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
            rows++;
        }
        return rows;
    }

    private static void ShowPlan(BenchDatabase database, string sql, DateOnly to)
    {
        using var db = database.Open();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        var explain = database.Provider == StorageProvider.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ";
        using var command = Command(database, connection, explain + sql, to);
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(Convert.ToString(reader.GetValue(reader.FieldCount - 1), CultureInfo.InvariantCulture) ?? "");
        }
        Program.Log($"{database.Provider}: plan of {sql}\n    {string.Join("\n    ", lines)}");
    }

    private static DbCommand Command(BenchDatabase database, DbConnection connection, string sql, DateOnly to)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var situation = command.CreateParameter();
        situation.ParameterName = "@situation";
        situation.Value = SyntheticSiege.SituationId;
        command.Parameters.Add(situation);
        if (sql.Contains("@to", StringComparison.Ordinal))
        {
            var date = command.CreateParameter();
            date.ParameterName = "@to";
            // SQLite keeps dates as text (as Lifeline's model maps them); PostgreSQL as dates.
            date.Value = database.Provider == StorageProvider.Sqlite ? to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : to;
            command.Parameters.Add(date);
        }
        return command;
    }

    private static void Execute(BenchDatabase database, string sql)
    {
        using var db = database.Open();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        db.Database.ExecuteSqlRaw(sql);
    }

    private static long Scalar(BenchDatabase database, string sql)
    {
        using var db = database.Open();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static VariantTime Summarise(StorageProvider provider, string what, List<double> times)
    {
        var sorted = times.Order().ToArray();
        return new VariantTime(provider, what, sorted.Length, sorted[sorted.Length / 2], sorted[0], sorted[^1]);
    }
}
