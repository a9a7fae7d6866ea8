using System.Diagnostics;
using Lifeline.Evidence;
using Lifeline.Ledger;
using Lifeline.Storage;

namespace Lifeline.Bench;

/// <summary>
/// One engine's import at ACLED scale: the raw insert of the same rows, Lifeline's import in a process of its own
/// (time and memory), the same import of the small file for the memory baseline, and whether the ledger verifies.
/// </summary>
internal sealed record ScaleFigures(StorageProvider Provider, int Events, double RawSeconds, MemoryFigures Lifeline, MemoryFigures Small, double VerifySeconds, bool LedgerHolds, string Load)
{
    public double RawEventsPerSecond => Events / RawSeconds;

    /// <summary>Lifeline's events per second over the raw insert's.</summary>
    public double ToRaw => Lifeline.EventsPerSecond / RawEventsPerSecond;

    /// <summary>Peak working set of the large import over the small one's.</summary>
    public double MemoryRatio => (double)Lifeline.PeakWorkingSet / Small.PeakWorkingSet;
}

/// <summary>
/// The import goal at scale: 2,500,000 ACLED-shaped events in under 60 s on each engine, against a raw insert of
/// the same rows timed in the same run, memory flat (the peak against an import of 100,000), the ledger verifying
/// afterwards. Each engine: the raw insert, then Lifeline's import, then the small import, then ledger verify.
/// </summary>
internal static class ImportScale
{
    public static IReadOnlyList<ScaleFigures> Run(BenchSettings settings)
    {
        var figures = new List<ScaleFigures>();
        var events = settings.ScaleEvents;
        SyntheticSiege.EnsureFile(settings.DataFolder, events, Program.Log);
        foreach (var provider in settings.Providers)
        {
            LoadWatch.TakeRange();
            double rawSeconds;
            {
                Program.Log($"{provider}: building the raw rows of {events:N0} events in memory (untimed)");
                var rows = RawInsert.Build(events, withLedger: false);
                using var database = BenchDatabase.CreatePrepared(settings, provider, "scale_raw");
                Program.Log($"{provider}: raw insert of {events:N0} events");
                var clock = Stopwatch.StartNew();
                rows.Write(database, withLedger: false);
                rawSeconds = clock.Elapsed.TotalSeconds;
                Program.Log($"{provider}: raw insert: {rawSeconds:N1} s ({events / rawSeconds:N0} events/s)");
                database.ReleaseConnections();
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            MemoryFigures large;
            double verifySeconds;
            bool holds;
            using (var database = BenchDatabase.CreateEmpty(settings, provider, "scale_import"))
            {
                large = MemoryCheck.ImportInChild(settings, database, events);
                Program.Log($"{provider}: Lifeline: {large.Seconds:N1} s ({large.EventsPerSecond:N0} events/s), {large.EventsPerSecond / (events / rawSeconds):N2} × raw");
                var clock = Stopwatch.StartNew();
                using var db = database.Open();
                var report = new LedgerVerifier(db, new EvidenceStorage(db, database.Options), LedgerCommandLine.ReadKey(database.Options, out _)).Verify();
                verifySeconds = clock.Elapsed.TotalSeconds;
                holds = report.Holds;
                Program.Log($"{provider}: ledger verify {(holds ? "holds" : "FAILS: " + string.Join("; ", report.Findings.Take(3)))} ({verifySeconds:N1} s)");
                db.Dispose();
                database.ReleaseConnections();
            }
            var load = LoadWatch.TakeRange();

            MemoryFigures small;
            using (var database = BenchDatabase.CreateEmpty(settings, provider, "scale_small"))
            {
                small = MemoryCheck.ImportInChild(settings, database, settings.ScaleBaselineEvents);
            }
            figures.Add(new ScaleFigures(provider, events, rawSeconds, large, small, verifySeconds, holds, load));
        }
        return figures;
    }
}
