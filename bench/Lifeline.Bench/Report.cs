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
