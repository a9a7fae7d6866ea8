using System.Diagnostics;
using Lifeline.Core.EarlyWarning;
using Lifeline.EarlyWarning;
using Lifeline.Events;
using Lifeline.Situations;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Bench;

/// <summary>
/// The risk series as the API recomputes it (<see cref="RiskComputation.ComputeAsync"/>): 300 days over the synthetic
/// siege of a million events, next to the same call over the built-in Lachin record (164 events, its first 300 days)
/// timed in the same loop on the same database. Each call gets a new context, as each request does. The parts
/// (the two grouped queries, and the core's pass over the days) are timed on their own.
/// The series is computed as an internal user sees it, with the supply record read for the supplies-low signal.
/// </summary>
internal static class RiskLoad
{
    public const int Days = 300;
    public const string Big = "risk series, 300 days, synthetic siege";
    public const string Scenario = "risk series, 300 days, lachin-2022 (164 events)";

    public static (IReadOnlyList<Latency> Calls, IReadOnlyList<Latency> Parts) Run(BenchSettings settings, BenchDatabase database)
    {
        var provider = database.Provider;
        EnsureScenario(database);
        var catalogue = EarlyWarningCatalogue.Instance.Catalogue;
        var big = Window(database, SyntheticSiege.SituationId);
        var small = Window(database, Scenarios.Default);
        var bigSeries = Compute(database, big, catalogue);
        var smallSeries = Compute(database, small, catalogue);
        if (bigSeries.Series.Count != Days || smallSeries.Series.Count != Days)
        {
            throw new InvalidOperationException($"Expected {Days} days, got {bigSeries.Series.Count} and {smallSeries.Series.Count}");
        }
        Program.Log($"{provider}: risk over {big.Situation.Id} {big.From:yyyy-MM-dd}–{big.To:yyyy-MM-dd}: levels "
            + $"{bigSeries.Series.Min(d => d.Level)}–{bigSeries.Series.Max(d => d.Level)}, {bigSeries.Alerts.Count} alerts; "
            + $"{small.Situation.Id}: levels {smallSeries.Series.Min(d => d.Level)}–{smallSeries.Series.Max(d => d.Level)}, {smallSeries.Alerts.Count} alerts");

        var calls = new (string What, Action Call, List<double> Times)[]
        {
            (Big, () => Compute(database, big, catalogue), []),
            (Scenario, () => Compute(database, small, catalogue), []),
        };
        Program.Log($"{provider}: risk: {settings.RiskWarmUpCalls} warm-up rounds, then {settings.RiskCalls} timed rounds");
        for (var round = 0; round < settings.RiskWarmUpCalls + settings.RiskCalls; round++)
        {
            foreach (var (_, call, times) in calls)
            {
                var clock = Stopwatch.StartNew();
                call();
                clock.Stop();
                if (round >= settings.RiskWarmUpCalls)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }
        var latencies = calls.Select(c => DashboardLoad.Summarise(provider, c.What, c.Times)).ToList();
        foreach (var latency in latencies)
        {
            Program.Log($"{provider}: {latency.What}: p50 {latency.P50:N1} ms, p99 {latency.P99:N1} ms");
        }
        return (latencies, Parts(settings, database, big));
    }

    /// <summary>The two grouped queries and the core's pass, each timed on its own for the synthetic siege.</summary>
    private static List<Latency> Parts(BenchSettings settings, BenchDatabase database, RiskWindow window)
    {
        var signals = SignalSettings.Default;
        RecordDigest? digest = null;
        var parts = new (string What, Action<LifelineDbContext> Call)[]
        {
            ("the record's digest (status changes and daily counts: two grouped queries)", db =>
                digest = RiskComputation.DigestAsync(db, Events(db, window.Situation.Id), window.Situation, signals, window.To).GetAwaiter().GetResult()),
            ("the core's pass over the days (RiskSeries.Compute, no database)", _ =>
                RiskSeries.Compute(digest!, [], signals, window.Situation.StartDate, window.To)),
        };
        var latencies = new List<Latency>();
        foreach (var (what, call) in parts)
        {
            var times = new List<double>();
            for (var i = 0; i < settings.RiskPartCalls + 3; i++)
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
            var latency = DashboardLoad.Summarise(database.Provider, what, times);
            Program.Log($"{database.Provider}: risk part {what}: p50 {latency.P50:N1} ms");
            latencies.Add(latency);
        }
        return latencies;
    }

    /// <summary>Loads the built-in Lachin scenario beside the synthetic siege unless the dashboard step already did.</summary>
    private static void EnsureScenario(BenchDatabase database)
    {
        using var db = database.Open();
        if (db.Situations.Any(s => s.Id == Scenarios.Default))
        {
            return;
        }
        var loaded = Scenarios.Load(db, TimeProvider.System, Scenarios.Default)
            ?? throw new InvalidOperationException($"The built-in scenario {Scenarios.Default} is not beside the executable");
        if (!loaded.Succeeded)
        {
            throw new InvalidOperationException($"The built-in scenario does not load: {string.Join("; ", loaded.Errors.Take(5))}");
        }
        if (database.Provider == StorageProvider.Postgres)
        {
            // As the dashboard step does: what autovacuum would do soon after a large import, done before the timing.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            db.Database.ExecuteSqlRaw("VACUUM ANALYZE");
        }
    }

    private sealed record RiskWindow(Core.Situations.Situation Situation, DateOnly From, DateOnly To);

    /// <summary>The last 300 days of the synthetic record (to its latest event), or the first 300 of a scenario.</summary>
    private static RiskWindow Window(BenchDatabase database, string situationId)
    {
        using var db = database.Open();
        var situation = db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).AsSplitQuery()
            .FirstOrDefault(s => s.Id == situationId)?.ToDomain() ?? throw new InvalidOperationException($"No situation '{situationId}'");
        if (situationId == SyntheticSiege.SituationId)
        {
            var last = db.Events.Where(e => e.SituationId == situationId).Max(e => e.Date);
            return new RiskWindow(situation, last.AddDays(1 - Days), last);
        }
        return new RiskWindow(situation, situation.StartDate, situation.StartDate.AddDays(Days - 1));
    }

    private static IQueryable<EventRow> Events(LifelineDbContext db, string situationId) =>
        db.Events.AsNoTracking().Where(e => e.SituationId == situationId);

    private static RiskResult Compute(BenchDatabase database, RiskWindow window, FrameworkCatalogue catalogue)
    {
        using var db = database.Open();
        return RiskComputation.ComputeAsync(db, Events(db, window.Situation.Id), window.Situation, catalogue, SignalSettings.Default, window.From, window.To, withSupplies: true)
            .GetAwaiter().GetResult();
    }
}
