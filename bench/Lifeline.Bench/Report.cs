using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lifeline.Bench;

/// <summary>The figures of one run as Markdown tables, printed at the end and saved in the work folder.</summary>
internal sealed class Report(BenchSettings settings)
{
    private readonly StringBuilder text = new();

    public void Machine()
    {
        Line($"## Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC{(settings.Quick ? " (--quick)" : "")}");
        Line();
        Line($"- OS: {OperatingSystemName()} ({RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture})");
        Line($"- CPU: {CpuModel()}, {Environment.ProcessorCount} logical cores; RAM {MemTotal()}");
        Line($"- .NET: {RuntimeInformation.FrameworkDescription}; GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        Line($"- SQLite (bundled with Microsoft.Data.Sqlite): {SqliteVersion()}");
        Line($"- PostgreSQL: {PostgresVersion()}");
        Line("- load: the machine's 1-minute load average, lowest–highest, while each part ran (2 cores; the bench and its database alone make about 1–2)");
        Line();
    }

    public void Import(IReadOnlyList<ImportFigures> figures, string load)
    {
        Line($"### Import, {figures[0].Events:N0} events (BenchmarkDotNet, {settings.ImportIterations} iterations per case after 1 warm-up; load {load})");
        Line();
        Line("Raw: the same event rows (with their salts), pre-built, no ledger. Raw + ledger: the same, and the ledger rows of those events, pre-built.");
        Line();
        Line("| engine | case | mean ± sd (median) | events/s | Lifeline ÷ case (events/s), means (medians) | allocated |");
        Line("|---|---|---:|---:|---:|---:|");
        foreach (var f in figures)
        {
            Row("raw (baseline)", f.Raw);
            Row("raw + ledger rows", f.RawWithLedger);
            Row("Lifeline import", f.Lifeline);

            void Row(string what, ImportTime time) =>
                Line($"| {f.Provider} | {what} | {Seconds(time.Mean)} ± {time.StdDev.TotalSeconds:N2} ({Seconds(time.Median)}) | {f.EventsPerSecond(time):N0} | "
                    + $"{time.Mean / f.Lifeline.Mean:N2} ({time.Median / f.Lifeline.Median:N2}) | {Megabytes(time.Allocated)} |");
        }
        Line();
        Line("| engine | Lifeline ÷ raw, means (medians) | goal ≥ 0.5 | Lifeline ÷ (raw + ledger rows), means |");
        Line("|---|---:|---|---:|");
        foreach (var f in figures)
        {
            Line($"| {f.Provider} | {f.Ratio:N2} ({f.MedianRatio:N2}) | {(f.Ratio >= 0.5 ? "met" : "not met")} | {f.RatioToRawWithLedger:N2} |");
        }
        Line();
    }

    public void ImportScale(IReadOnlyList<ScaleFigures> figures)
    {
        Line($"### Import at scale, {figures[0].Events:N0} events (Stopwatch, one run each; Lifeline in a process of its own)");
        Line();
        Line("Raw: the same event rows (with their salts), pre-built, no ledger, written to the migrated schema with its indexes. "
            + $"Peak memory: Lifeline's peak working set against its import of {figures[0].Small.Events:N0} events.");
        Line();
        Line("| engine | load | raw | raw events/s | Lifeline | Lifeline events/s | Lifeline ÷ raw (events/s) | goal < 60 s | peak working set, small / large | ratio | ledger verify |");
        Line("|---|---|---:|---:|---:|---:|---:|---|---:|---:|---|");
        foreach (var f in figures)
        {
            Line($"| {f.Provider} | {f.Load} | {f.RawSeconds:N1} s | {f.RawEventsPerSecond:N0} | {f.Lifeline.Seconds:N1} s | {f.Lifeline.EventsPerSecond:N0} | {f.ToRaw:N2} | "
                + $"{(f.Lifeline.Seconds < 60 ? "met" : "not met")} | {MemoryCheck.Mb(f.Small.PeakWorkingSet)} / {MemoryCheck.Mb(f.Lifeline.PeakWorkingSet)} | {f.MemoryRatio:N2}× | "
                + $"{(f.LedgerHolds ? "holds" : "FAILS")} ({f.VerifySeconds:N0} s) |");
        }
        Line();
    }

    public void Memory(IReadOnlyList<MemoryFigures> figures, string load)
    {
        Line($"### Memory of one import (each in its own process; load {load})");
        Line();
        Line("| engine | events | time | events/s | working set before | peak working set during import | peak managed heap | managed heap after, full GC | allocated in all | gen 2 GCs |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in figures)
        {
            Line($"| {f.Provider} | {f.Events:N0} | {f.Seconds:N1} s | {f.EventsPerSecond:N0} | {MemoryCheck.Mb(f.WorkingSetBefore)} | {MemoryCheck.Mb(f.PeakWorkingSet)} | "
                + $"{MemoryCheck.Mb(f.PeakManagedHeap)} | {MemoryCheck.Mb(f.HeapAfter)} | {MemoryCheck.Mb(f.Allocated)} | {f.Gen2Collections} |");
        }
        Line();
    }

    public void Dashboard(int events, IReadOnlyList<Latency> calls, IReadOnlyList<Latency> parts, string load)
    {
        Line($"### Dashboard over {events:N0} events (Stopwatch loop, {settings.DashboardCalls} timed rounds after {settings.DashboardWarmUpCalls} warm-up rounds; load {load})");
        Line();
        Line("Cold: a new CalendarCache per call (the first view after a write). Warm: one cache for all calls, as the server keeps it between writes.");
        Line();
        Line("| engine | call | p50 | p99 | mean | max | p50 ÷ lachin-2022 p50, same cache | p99 ÷ lachin-2022 p99 | p50 ÷ list p50 |");
        Line("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in calls.GroupBy(c => c.Provider))
        {
            var list = group.Single(c => c.What == DashboardLoad.ListSituations);
            foreach (var c in group)
            {
                var baseline = DashboardLoad.BaselineOf(c.What) is { } name ? group.Single(b => b.What == name) : null;
                Line($"| {c.Provider} | {c.What} | {Ms(c.P50)} | {Ms(c.P99)} | {Ms(c.Mean)} | {Ms(c.Max)} | "
                    + $"{(baseline is null ? "" : $"{c.P50 / baseline.P50:N1}×")} | {(baseline is null ? "" : $"{c.P99 / baseline.P99:N1}×")} | {c.P50 / list.P50:N1}× |");
            }
        }
        Line();
        Line($"Where the synthetic dashboard's time goes (each query on its own, {settings.DashboardPartCalls} calls):");
        Line();
        Line("| engine | part | p50 | p99 |");
        Line("|---|---|---:|---:|");
        foreach (var p in parts)
        {
            Line($"| {p.Provider} | {p.What} | {Ms(p.P50)} | {Ms(p.P99)} |");
        }
        Line();
    }

    public void Writes(IReadOnlyList<WriteFigures> figures, string load)
    {
        Line($"### Concurrent writers (lifeline serve processes, each writer its own account, all starting at once; load {load} between the cases, each case's in the table)");
        Line();
        Line("Each writer posts events one after another (POST /api/v1/situations/lachin-2022/events, 201 = acknowledged); writer i goes to node i mod n. "
            + "In the ledger: acknowledged events found with their leaf afterwards. Ratio: p50 against one writer through the same deployment in the same run. "
            + "CPU a write: the lifeline serve processes' processor time (user + system) during the case ÷ the requests (PostgreSQL's own processes not counted). Load: the 1-minute load average during the case.");
        Line();
        Line("| engine | nodes | writers | requests | errors | p50 | p99 | max | writes/s | p50 ÷ 1 writer | in the ledger | CPU a write | load | goal: 0 errors, p99 < 1 s |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var group in figures.GroupBy(f => (f.Provider, f.Nodes)))
        {
            var single = group.First(f => f.Writers == 1);
            foreach (var f in group)
            {
                Line($"| {f.Provider} | {f.Nodes} | {f.Writers} | {f.Requests:N0} | {f.Errors} | {Ms(f.P50)} | {Ms(f.P99)} | {Ms(f.Max)} | {f.WritesPerSecond:N0} | "
                    + $"{f.P50 / single.P50:N1}× | {f.InLedger:N0}/{f.Acknowledged:N0} | {f.CpuMsPerWrite:N1} ms | {f.Load} | {(f.Errors == 0 && f.P99 < 1000 && f.AllInLedger ? "met" : "not met")} |");
            }
        }
        foreach (var f in figures.Where(f => f.FirstError is not null))
        {
            Line();
            Line($"First error, {f.Provider} {f.Nodes} node(s) × {f.Writers} writers: `{f.FirstError!.ReplaceLineEndings(" ")}`");
        }
        Line();
    }

    public void Risk(int events, IReadOnlyList<Latency> calls, IReadOnlyList<Latency> parts, string load)
    {
        Line($"### Risk series, {RiskLoad.Days} days over {events:N0} events (Stopwatch loop, {settings.RiskCalls} timed rounds after {settings.RiskWarmUpCalls} warm-up rounds; load {load})");
        Line();
        Line("| engine | call | p50 | p99 | mean | max | p50 ÷ lachin-2022 p50 | goal < 1 s |");
        Line("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var group in calls.GroupBy(c => c.Provider))
        {
            var baseline = group.Single(c => c.What == RiskLoad.Scenario);
            foreach (var c in group)
            {
                Line($"| {c.Provider} | {c.What} | {Ms(c.P50)} | {Ms(c.P99)} | {Ms(c.Mean)} | {Ms(c.Max)} | {c.P50 / baseline.P50:N1}× | {(c.Max < 1000 ? "met" : c.P50 < 1000 ? "p50 met, max not" : "not met")} |");
            }
        }
        Line();
        Line($"Where the synthetic series' time goes (each part on its own, {settings.RiskPartCalls} calls):");
        Line();
        Line("| engine | part | p50 | p99 |");
        Line("|---|---|---:|---:|");
        foreach (var p in parts)
        {
            Line($"| {p.Provider} | {p.What} | {Ms(p.P50)} | {Ms(p.P99)} |");
        }
        Line();
    }

    public void ImportRounds(IReadOnlyList<ImportRounds> rounds, string load)
    {
        Line($"### Import of {settings.ImportEvents:N0} events, the three cases in turn (Stopwatch, {settings.ImportRounds} rounds; load {load})");
        Line();
        Line("| engine | Lifeline ÷ raw (events/s), median of the rounds (lowest–highest) | Lifeline ÷ (raw + ledger rows), median (lowest–highest) |");
        Line("|---|---:|---:|");
        foreach (var r in rounds)
        {
            Line($"| {r.Provider} | {r.ToRaw.Median:N2} ({r.ToRaw.Min:N2}–{r.ToRaw.Max:N2}) | {r.ToRawWithLedger.Median:N2} ({r.ToRawWithLedger.Min:N2}–{r.ToRawWithLedger.Max:N2}) |");
        }
        Line();
        Variants(rounds.SelectMany(r => r.Variants).ToList());
    }

    public void LedgerHashing(IReadOnlyList<HashFigures> figures, int leafBytes, string load)
    {
        Line($"### Ledger hashing on the CPU, no database (BenchmarkDotNet, {settings.HashIterations} iterations after {settings.HashWarmUpIterations} warm-up; load {load})");
        Line();
        Line($"An event's leaf is {leafBytes} bytes; its canonical record is the synthetic event's canonical form.");
        Line();
        Line("| operation | mean ± sd | per second | MB/s hashed | allocated |");
        Line("|---|---:|---:|---:|---:|");
        foreach (var f in figures)
        {
            Line($"| {f.What} | {Nanoseconds(f.MeanNanoseconds)} ± {Nanoseconds(f.StdDevNanoseconds)} | {f.PerSecond:N0} | "
                + $"{(f.MegabytesPerSecond is { } mb ? mb.ToString("N0", CultureInfo.InvariantCulture) : "")} | {(f.Allocated is { } b ? $"{b:N0} B" : "n/a")} |");
        }
        Line();
    }

    public void LedgerAppends(IReadOnlyList<AppendFigures> figures, string load)
    {
        Line($"### Durable ledger appends (BenchmarkDotNet, {settings.AppendIterations} iterations per case after 1 warm-up; load {load})");
        Line();
        Line("| engine | appends per transaction | transactions per invoke | invoke, mean ± sd (median) | appends/s, mean (median) | µs per append | allocated per append | goal ≥ 50,000/s batched |");
        Line("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var f in figures)
        {
            var goal = f.Batch == 1 ? "" : f.AppendsPerSecond >= 50_000 ? "met" : "not met";
            Line($"| {f.Provider} | {f.Batch:N0} | {f.Transactions:N0} | {Ms(f.MeanMs)} ± {Ms(f.StdDevMs)} ({Ms(f.MedianMs)}) | "
                + $"{f.AppendsPerSecond:N0} ({f.MedianAppendsPerSecond:N0}) | {f.MicrosecondsPerAppend:N1} | "
                + $"{(f.AllocatedPerAppend is { } b ? $"{b:N0} B" : "n/a")} | {goal} |");
        }
        Line();
    }

    public void LedgerProofs(IReadOnlyList<ProofFigures> figures, string load)
    {
        Line($"### Ledger proofs ({settings.ProofCalls:N0} random proofs of each kind per size after {settings.ProofWarmUpCalls} warm-up; load {load})");
        Line();
        Line("| engine | leaves | tree built in | database | nodes read, inclusion / consistency (mean, most) |");
        Line("|---|---:|---:|---:|---:|");
        foreach (var f in figures)
        {
            Line($"| {f.Provider} | {f.Size:N0} | {f.BuildSeconds:N0} s | {f.DatabaseBytes / 1e9:N2} GB | "
                + $"{f.InclusionNodes.Mean:N1}, {f.InclusionNodes.Max} / {f.ConsistencyNodes.Mean:N1}, {f.ConsistencyNodes.Max} |");
        }
        Line();
        Line("| engine | leaves | call | p50 | p99 | mean | max | goal < 1 ms (p99) |");
        Line("|---|---:|---|---:|---:|---:|---:|---|");
        foreach (var f in figures)
        {
            foreach (var l in f.Latencies)
            {
                Line($"| {f.Provider} | {f.Size:N0} | {l.What} | {Ms(l.P50)} | {Ms(l.P99)} | {Ms(l.Mean)} | {Ms(l.Max)} | {(l.P99 < 1 ? "met" : "not met")} |");
            }
        }
        Line();
    }

    public void Airlift(IReadOnlyList<AirliftFigures> figures, string load)
    {
        Line($"### Airlift planner, 90 days × 8 aircraft types × 4 origins × 2 destinations (BenchmarkDotNet, {settings.AirliftIterations} iterations per case after {settings.AirliftWarmUpIterations} warm-up; load {load})");
        Line();
        Line("| demand, t a day | case | mean ± sd | median | slowest iteration | ÷ QuickEstimate, means | allocated | goal < 2 s (slowest) |");
        Line("|---:|---|---:|---:|---:|---:|---:|---|");
        foreach (var regime in figures.GroupBy(f => f.TonnesPerDay))
        {
            var baseline = regime.Single(f => f.What == AirliftPlannerBenchmarks.Estimate);
            foreach (var f in regime)
            {
                var goal = f.What == AirliftPlannerBenchmarks.Plan ? f.MaxMs < 2_000 ? "met" : "not met" : "";
                Line($"| {f.TonnesPerDay:N0} | {f.What} | {Ms(f.MeanMs)} ± {Ms(f.StdDevMs)} | {Ms(f.MedianMs)} | {Ms(f.MaxMs)} | "
                    + $"{f.MeanMs / baseline.MeanMs:N0}× | {Bytes(f.Allocated)} | {goal} |");
            }
        }
        Line();
    }

    public void Forecast(ForecastFigures figures, string load)
    {
        Line($"### Supply forecast, {figures.Runs:N0} runs × {figures.HorizonDays} days × {figures.Commodities} commodities (BenchmarkDotNet, {settings.ForecastIterations} iterations per case after {settings.ForecastWarmUpIterations} warm-up; load {load})");
        Line();
        Line($"{figures.Draws:N0} uniform draws in all; {figures.OutlastHorizon} of the {figures.Commodities} commodities outlast the horizon at P50.");
        Line();
        Line("| case | mean ± sd | median | slowest iteration | ÷ the same draws, means | allocated | goal < 1 s (slowest) |");
        Line("|---|---:|---:|---:|---:|---:|---|");
        var baseline = figures.Cases.Single(c => c.What == SupplyForecastBenchmarks.Draws);
        foreach (var c in figures.Cases)
        {
            var goal = c.What == SupplyForecastBenchmarks.Forecast ? c.MaxMs < 1_000 ? "met" : "not met" : "";
            Line($"| {c.What} | {Ms(c.MeanMs)} ± {Ms(c.StdDevMs)} | {Ms(c.MedianMs)} | {Ms(c.MaxMs)} | {c.MeanMs / baseline.MeanMs:N1}× | {Bytes(c.Allocated)} | {goal} |");
        }
        Line();
    }

    private void Variants(IReadOnlyList<VariantTime> variants)
    {
        Line("| engine | variant | runs | median | min | max |");
        Line("|---|---|---:|---:|---:|---:|");
        foreach (var v in variants)
        {
            Line($"| {v.Provider} | {v.What} | {v.Runs} | {Ms(v.Median)} | {Ms(v.Min)} | {Ms(v.Max)} |");
        }
        Line();
    }

    public void Export(IReadOnlyList<ExportFigures> figures, string load)
    {
        Line($"### Export as ACLED CSV (best of {(figures.Count > 0 ? figures[0].Rounds : 0)} rounds after an untimed one, the sides in turn; load {load})");
        Line();
        Line("Lifeline: `OpenDataExport` as `lifeline export --format acled` runs it (every event; places, actors and publishers by name). "
            + "Plain: a SELECT of the same columns in the same order, each row written by a plain CSV writer, no lookup. First byte / first row: the latest of the rounds.");
        Line();
        Line("| engine | events | Lifeline | plain | Lifeline ÷ plain | first byte | first row | plain first row | output | goal: < 20 s at 1,000,000, first byte < 1 s |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var f in figures)
        {
            // The goal is for 1,000,000 events; a smaller run is judged on the time scaled up in proportion.
            var scaled = f.Lifeline.TotalSeconds * 1_000_000 / f.Events;
            Line($"| {f.Provider} | {f.Events:N0} | {Seconds(f.Lifeline)} | {Seconds(f.Baseline)} | {f.Ratio:N2}× | {Ms(f.FirstByte.TotalMilliseconds)} | "
                + $"{Ms(f.FirstRow.TotalMilliseconds)} | {Ms(f.BaselineFirstRow.TotalMilliseconds)} | {MemoryCheck.Mb(f.Bytes)} | "
                + $"{(scaled < 20 && f.FirstByte.TotalSeconds < 1 ? "met" : "not met")}{(f.Events == 1_000_000 ? "" : $" ({scaled:N1} s scaled to 1,000,000)")} |");
        }
        Line();
    }

    public void Note(string note)
    {
        Line(note);
        Line();
    }

    /// <summary>Prints the report and appends it to the results file.</summary>
    public void Publish()
    {
        Console.WriteLine();
        Console.WriteLine(text.ToString());
        Directory.CreateDirectory(settings.WorkFolder);
        File.AppendAllText(settings.ResultsFile, text.ToString());
        Console.WriteLine($"(appended to {settings.ResultsFile})");
    }

    private void Line(string line = "") => text.Append(line).Append('\n');

    private static string Seconds(TimeSpan time) => $"{time.TotalSeconds:N2} s";

    private static string Ms(double milliseconds) => milliseconds switch
    {
        >= 100 => $"{milliseconds:N0} ms",
        >= 1 => $"{milliseconds.ToString(milliseconds >= 10 ? "N1" : "N2", CultureInfo.InvariantCulture)} ms",
        _ => $"{milliseconds * 1e3:N1} µs",
    };

    private static string Nanoseconds(double nanoseconds) => nanoseconds switch
    {
        >= 1e6 => $"{nanoseconds / 1e6:N2} ms",
        >= 1e3 => $"{nanoseconds / 1e3:N2} µs",
        _ => $"{nanoseconds:N1} ns",
    };

    private static string Bytes(long? bytes) => bytes switch
    {
        null => "n/a",
        >= 10_000_000 => MemoryCheck.Mb(bytes.Value),
        >= 10_000 => $"{bytes / 1024.0:N0} KB",
        _ => $"{bytes:N0} B",
    };

    private static string Megabytes(long? bytes) => bytes is { } b ? MemoryCheck.Mb(b) : "n/a";

    private static string OperatingSystemName() =>
        ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"')
        ?? RuntimeInformation.OSDescription;

    private static string CpuModel() =>
        ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static string MemTotal()
    {
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture, out var kb)
            ? $"{kb / 1_048_576.0:N1} GiB"
            : "unknown";
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];

    private static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return command.ExecuteScalar() as string ?? "unknown";
    }

    private string PostgresVersion()
    {
        if (settings.PostgresAdmin is null)
        {
            return "not reachable, PostgreSQL figures skipped";
        }
        using var connection = new NpgsqlConnection(settings.PostgresAdmin);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT version()", connection);
        return command.ExecuteScalar() as string ?? "unknown";
    }
}
