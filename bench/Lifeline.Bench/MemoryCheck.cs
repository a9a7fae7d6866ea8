using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lifeline.Exchange;
using Lifeline.Storage;

namespace Lifeline.Bench;

/// <summary>What one import in a child process used.</summary>
/// <param name="PeakWorkingSet">Peak resident memory of the process during the import (Linux VmHWM, reset just before it), bytes.</param>
/// <param name="PeakManagedHeap">Largest managed heap seen by a sampler every 10 ms during the import, bytes.</param>
/// <param name="HeapBefore">Managed heap after a full collection, before the import, bytes.</param>
/// <param name="HeapAfter">Managed heap after a full collection, after the import, bytes.</param>
/// <param name="Allocated">Bytes allocated by the import in all, garbage included.</param>
internal sealed record MemoryFigures(
    StorageProvider Provider, int Events, double Seconds, long WorkingSetBefore, long PeakWorkingSet, long PeakManagedHeap,
    long HeapBefore, long HeapAfter, long Allocated, int Gen2Collections)
{
    public double EventsPerSecond => Events / Seconds;
}

/// <summary>
/// Imports files of different sizes, each in a child process of its own so that one import's peak cannot
/// hide another's, and compares peak memory: an import that streams stays flat as the file grows.
/// </summary>
internal static class MemoryCheck
{
    public const string ChildVerb = "memory-child";
    private const string ResultPrefix = "RESULT ";
    private const string ChildPostgresVariable = "LIFELINE_BENCH_CHILD_POSTGRES";

    /// <summary>Runs each size on each engine; the databases of <paramref name="keep"/> events stay for the dashboard.</summary>
    public static IReadOnlyList<MemoryFigures> Run(BenchSettings settings, int? keep, Dictionary<StorageProvider, BenchDatabase> kept)
    {
        var figures = new List<MemoryFigures>();
        foreach (var provider in settings.Providers)
        {
            foreach (var events in settings.MemoryEvents)
            {
                var database = BenchDatabase.CreateEmpty(settings, provider, $"memory_{events}");
                try
                {
                    figures.Add(ImportInChild(settings, database, events));
                }
                catch
                {
                    database.Dispose();
                    throw;
                }
                if (events == keep)
                {
                    kept[provider] = database;
                }
                else
                {
                    database.Dispose();
                }
            }
        }
        return figures;
    }

    /// <summary>Imports a synthetic file of <paramref name="events"/> events into the empty <paramref name="database"/> in a child process.</summary>
    public static MemoryFigures ImportInChild(BenchSettings settings, BenchDatabase database, int events)
    {
        var file = SyntheticSiege.EnsureFile(settings.DataFolder, events, Program.Log);
        Program.Log($"{database.Provider}: importing {events:N0} events in a child process into {database.Describe()}");
        var start = ChildStart();
        foreach (var argument in new[]
        {
            ChildVerb, database.Provider.ToString(), events.ToString(CultureInfo.InvariantCulture), file, database.Name,
            settings.WorkFolder,
        })
        {
            start.ArgumentList.Add(argument);
        }
        // Through the environment rather than the command line, where any local user could read its password.
        start.Environment[ChildPostgresVariable] = settings.PostgresAdmin ?? "";
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process");
        MemoryFigures? figures = null;
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
            {
                figures = JsonSerializer.Deserialize<MemoryFigures>(line[ResultPrefix.Length..]);
            }
            else
            {
                Console.WriteLine($"    {line}");
            }
        }
        child.WaitForExit();
        if (child.ExitCode != 0 || figures is null)
        {
            throw new InvalidOperationException($"The child import of {events:N0} events on {database.Provider} failed (exit code {child.ExitCode})");
        }
        return figures;
    }

    private static ProcessStartInfo ChildStart()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("No process path");
        // Under `dotnet Lifeline.Bench.dll` the process is the dotnet host: run the same assembly again.
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            var start = new ProcessStartInfo(path);
            start.ArgumentList.Add(typeof(MemoryCheck).Assembly.Location);
            return start;
        }
        return new ProcessStartInfo(path);
    }

    /// <summary>The child: prepares the schema, then imports while watching memory, and prints one RESULT line.</summary>
    public static int RunChild(IReadOnlyList<string> args)
    {
        var provider = Enum.Parse<StorageProvider>(args[0]);
        var events = int.Parse(args[1], CultureInfo.InvariantCulture);
        var file = args[2];
        var postgres = Environment.GetEnvironmentVariable(ChildPostgresVariable);
        var settings = new BenchSettings(Quick: false, WorkFolder: args[4], PostgresAdmin: string.IsNullOrEmpty(postgres) ? null : postgres);
        using var database = BenchDatabase.Existing(settings, provider, args[3]);
        using (var db = database.Open())
        {
            StorageSetup.Prepare(db);
        }

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen2Before = GC.CollectionCount(2);
        var workingSetBefore = Environment.WorkingSet;
        ResetPeakWorkingSet();
        var fileLength = new FileInfo(file).Length;
        ImportResult result;
        var clock = Stopwatch.StartNew();
        using (var sampler = new MemorySampler())
        {
            using var db = database.Open();
            using var stream = File.OpenRead(file);
            var progress = new DecileProgress(fileLength, clock, sampler);
            result = new Importer(db, TimeProvider.System).Import(stream, RawInsert.RecordedBy, RawInsert.Reason, progress);
            clock.Stop();
            sampler.Stop();
            if (!result.Succeeded || result.Events != events)
            {
                Console.WriteLine($"import failed: {string.Join("; ", result.Errors.Take(5))}");
                return 1;
            }
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var peakWorkingSet = PeakWorkingSet();
            var gen2 = GC.CollectionCount(2) - gen2Before;
            db.Dispose();
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            var figures = new MemoryFigures(
                provider, events, clock.Elapsed.TotalSeconds, workingSetBefore, peakWorkingSet, sampler.PeakManagedHeap,
                heapBefore, heapAfter, allocated, gen2);
            Console.WriteLine($"{events:N0} events in {figures.Seconds:N1} s ({figures.EventsPerSecond:N0}/s); peak working set {Mb(peakWorkingSet)}, peak managed heap {Mb(sampler.PeakManagedHeap)}");
            database.ReleaseConnections();
            Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(figures));
        }
        return 0;
    }

    public static string Mb(long bytes) => $"{bytes / 1_048_576.0:N0} MB";

    /// <summary>
    /// Linux keeps the peak resident size (VmHWM) since the process started; writing 5 to clear_refs resets it,
    /// so the peak read afterwards belongs to the import alone and not to start-up and migrations.
    /// </summary>
    private static void ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.WriteLine($"could not reset the peak working set ({ex.Message}); the peak includes start-up");
        }
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    /// <summary>Prints a line at every tenth of the file, with the memory in use at that moment.</summary>
    private sealed class DecileProgress(long length, Stopwatch clock, MemorySampler sampler) : IProgress<long>
    {
        private int reported;

        public void Report(long value)
        {
            var decile = (int)(value * 10 / Math.Max(length, 1));
            if (decile <= reported)
            {
                return;
            }
            reported = decile;
            Console.WriteLine(
                $"{decile * 10,3}% of the file after {clock.Elapsed.TotalSeconds,6:N1} s: working set {Mb(Environment.WorkingSet)}, managed heap {Mb(GC.GetTotalMemory(false))} (peak so far {Mb(sampler.PeakManagedHeap)})");
        }
    }

    /// <summary>Watches the managed heap from a background thread every 10 ms.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly Thread thread;
        private volatile bool stopping;
        private long peak;

        public MemorySampler()
        {
            thread = new Thread(Watch) { IsBackground = true, Name = "memory sampler" };
            thread.Start();
        }

        public long PeakManagedHeap => Interlocked.Read(ref peak);

        private void Watch()
        {
            while (!stopping)
            {
                var heap = GC.GetTotalMemory(forceFullCollection: false);
                if (heap > Interlocked.Read(ref peak))
                {
                    Interlocked.Exchange(ref peak, heap);
                }
                Thread.Sleep(10);
            }
        }

        public void Stop()
        {
            stopping = true;
            thread.Join();
        }

        public void Dispose() => Stop();
    }
}
