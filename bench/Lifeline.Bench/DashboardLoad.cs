using System.Diagnostics;
using System.Globalization;
using Lifeline.Accounts;
using Lifeline.Events;
using Lifeline.Situations;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Bench;

/// <summary>Latency of one kind of call, in milliseconds.</summary>
internal sealed record Latency(StorageProvider Provider, string What, int Calls, double P50, double P99, double Mean, double Max);

/// <summary>
/// The first page's query (<see cref="SituationQueries.DashboardAsync"/>) over a situation of a million events, timed
/// call by call with a stopwatch, next to two baselines timed in the same loop on the same database: the same
/// dashboard over the built-in Lachin scenario (164 events), and the list of situations (a trivial query).
/// Each call gets a new context, as each web request does. Each dashboard is timed twice: cold, with a new
/// <see cref="ReadCache"/> (the first view after a write, when the record's stamp has moved), and warm, with one
/// cache kept across calls as the server keeps its singleton between writes.
/// </summary>
internal static class DashboardLoad
{
    /// <summary>
    /// The dashboard as an internal user sees it: every event, whatever its stage (the synthetic events are at intake,
    /// which the public view would hide).
    /// </summary>
    private static readonly Accounts.ICurrentUser Internal = new Accounts.CommandLineUser("bench");

    public const string BigCold = "dashboard, synthetic siege, cold";
    public const string BigWarm = "dashboard, synthetic siege, warm";
    public const string ScenarioCold = "dashboard, lachin-2022 (164 events), cold";
    public const string ScenarioWarm = "dashboard, lachin-2022 (164 events), warm";
    public const string ListSituations = "list of situations";

    /// <summary>The same-run baseline a call is compared with: the small scenario's dashboard with the same cache state.</summary>
    public static string? BaselineOf(string what) => what switch
    {
        BigCold or ScenarioCold => ScenarioCold,
        BigWarm or ScenarioWarm => ScenarioWarm,
        _ => null,
    };

    public static (IReadOnlyList<Latency> Calls, IReadOnlyList<Latency> Parts) Run(BenchSettings settings, BenchDatabase database)
    {
        var provider = database.Provider;
        Program.Log($"{provider}: loading the built-in scenario {Scenarios.Default} next to the synthetic siege");
        using (var db = database.Open())
        {
            var loaded = Scenarios.Load(db, TimeProvider.System, Scenarios.Default)
                ?? throw new InvalidOperationException($"The built-in scenario {Scenarios.Default} is not beside the executable");
            if (!loaded.Succeeded)
            {
                throw new InvalidOperationException($"The built-in scenario does not load: {string.Join("; ", loaded.Errors.Take(5))}");
            }
            if (provider == StorageProvider.Postgres)
            {
                // What autovacuum would do soon after a large import; done now so that it does not run during the timing.
                var started = Stopwatch.StartNew();
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
                db.Database.ExecuteSqlRaw("VACUUM ANALYZE");
                Program.Log($"{provider}: VACUUM ANALYZE took {started.Elapsed.TotalSeconds:N1} s");
            }
        }

        // The server's cache: one for the whole loop. Nothing is written while it runs, so after the first call every
        // dashboard is answered from it but for the queries it does not keep.
        var shared = new ReadCache();
        var big = Dashboard(database, SyntheticSiege.SituationId, new ReadCache());
        var small = Dashboard(database, Scenarios.Default, new ReadCache());
        var bigWarm = Dashboard(database, SyntheticSiege.SituationId, shared);
        bigWarm = Dashboard(database, SyntheticSiege.SituationId, shared);
        if (bigWarm.EventCount != big.EventCount || Describe(bigWarm.Calendar) != Describe(big.Calendar))
        {
            throw new InvalidOperationException("The dashboard from the cache differs from the one computed afresh");
        }
        Program.Log($"{provider}: {SyntheticSiege.SituationId}: {big.EventCount:N0} events, day {big.Day} on {big.Date:yyyy-MM-dd}, "
            + $"{big.Calendar.Count:N0} calendar days, latest event {(big.LatestEvents.Count > 0 ? big.LatestEvents[0].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "none")}");
        Program.Log($"{provider}: {Scenarios.Default}: {small.EventCount:N0} events, day {small.Day} on {small.Date:yyyy-MM-dd}, {small.Calendar.Count:N0} calendar days");

        var calls = new (string What, Action Call, List<double> Times)[]
        {
            (BigCold, () => Dashboard(database, SyntheticSiege.SituationId, new ReadCache()), []),
            (BigWarm, () => Dashboard(database, SyntheticSiege.SituationId, shared), []),
            (ScenarioCold, () => Dashboard(database, Scenarios.Default, new ReadCache()), []),
            (ScenarioWarm, () => Dashboard(database, Scenarios.Default, shared), []),
            (ListSituations, () => List(database), []),
        };
        Program.Log($"{provider}: {settings.DashboardWarmUpCalls} warm-up rounds, then {settings.DashboardCalls} timed rounds (each round makes the {calls.Length} calls in turn)");
        for (var round = 0; round < settings.DashboardWarmUpCalls + settings.DashboardCalls; round++)
        {
            foreach (var (_, call, times) in calls)
            {
                var clock = Stopwatch.StartNew();
                call();
                clock.Stop();
                if (round >= settings.DashboardWarmUpCalls)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
            if ((round + 1) % 50 == 0)
            {
                Program.Log($"{provider}: {round + 1} rounds done");
            }
        }
        var latencies = calls.Select(c => Summarise(provider, c.What, c.Times)).ToList();
        foreach (var latency in latencies)
        {
            Program.Log($"{provider}: {latency.What}: p50 {latency.P50:N2} ms, p99 {latency.P99:N2} ms");
        }
        return (latencies, Parts(settings, database));
    }

    /// <summary>Times each query the dashboard makes for the synthetic siege, on its own, to show where the time goes.</summary>
    private static List<Latency> Parts(BenchSettings settings, BenchDatabase database)
    {
        var id = SyntheticSiege.SituationId;
        var clock = TimeProvider.System;
        var shared = new ReadCache();
        var parts = new (string What, Action<LifelineDbContext> Call)[]
        {
            ("the whole dashboard, cold", db => Queries(db, new ReadCache()).DashboardAsync(id, null).GetAwaiter().GetResult()),
            ("the whole dashboard, warm", db => Queries(db, shared).DashboardAsync(id, null).GetAwaiter().GetResult()),
            ("Find (situation, figures, routes)", db => Queries(db, shared).FindAsync(id).GetAwaiter().GetResult()),
            ("Calendar, computed (status-changing events, day by day)", db =>
            {
                var queries = Queries(db, new ReadCache());
                var situation = queries.FindAsync(id).GetAwaiter().GetResult()!;
                queries.CalendarAsync(situation, situation.StartDate, situation.LastDay(queries.Today)).GetAwaiter().GetResult();
            }),
            ("Count of events, computed", db => _ = db.Events.Count(e => e.SituationId == id)),
            ("Latest 10 events", db => Events(db).LatestAsync(id, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), SituationQueries.LatestEventCount).GetAwaiter().GetResult()),
            ("the cache's stamp, max(event_versions.row_id)", db => _ = db.EventVersions.Max(v => (long?)v.RowId)),
        };
        var latencies = new List<Latency>();
        foreach (var (what, call) in parts)
        {
            var times = new List<double>();
            for (var i = 0; i < settings.DashboardPartCalls + 3; i++)
            {
                using var db = database.Open();
                var watch = Stopwatch.StartNew();
                call(db);
                watch.Stop();
                if (i >= 3)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
            var latency = Summarise(database.Provider, what, times);
            Program.Log($"{database.Provider}: part {what}: p50 {latency.P50:N2} ms");
            latencies.Add(latency);
        }
        return latencies;

        SituationQueries Queries(LifelineDbContext db, ReadCache cache) => new(db, Events(db), clock, new ReaderVersion(db, new DataVersions(), Internal), cache);
    }

    /// <summary>Event queries as the server wires them, for the bench's all-seeing caller (the bench is a console, so it waits on them).</summary>
    private static EventQueries Events(LifelineDbContext db) =>
        new(db, Internal, new AuditLog(db, Internal, TimeProvider.System), new ReaderVersion(db, new DataVersions(), Internal), new ReadCache());

    private static Dashboard Dashboard(BenchDatabase database, string situationId, ReadCache cache)
    {
        using var db = database.Open();
        var queries = new SituationQueries(db, Events(db), TimeProvider.System, new ReaderVersion(db, new DataVersions(), Internal), cache);
        return queries.DashboardAsync(situationId, null).GetAwaiter().GetResult() ?? throw new InvalidOperationException($"No situation '{situationId}'");
    }

    /// <summary>Every day's status as text, to compare two calendars (their dictionaries compare by reference).</summary>
    private static string Describe(IReadOnlyList<Core.Situations.DayStatus> calendar) => string.Join('\n', calendar.Select(d =>
        $"{d.Date:yyyy-MM-dd} {string.Join(',', d.Routes.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}"))} "
        + string.Join(',', d.Utilities.OrderBy(u => u.Key).Select(u => $"{u.Key}={u.Value}"))));

    private static void List(BenchDatabase database)
    {
        using var db = database.Open();
        var queries = new SituationQueries(db, Events(db), TimeProvider.System, new ReaderVersion(db, new DataVersions(), Internal), new ReadCache());
        if (queries.ListAsync().GetAwaiter().GetResult().Count != 2)
        {
            throw new InvalidOperationException("Expected two situations");
        }
    }

    public static Latency Summarise(StorageProvider provider, string what, List<double> times)
    {
        var sorted = times.Order().ToArray();
        return new Latency(provider, what, sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Average(), sorted[^1]);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
