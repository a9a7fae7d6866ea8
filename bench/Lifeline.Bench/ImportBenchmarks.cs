using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Lifeline.Exchange;
using Lifeline.Storage;

namespace Lifeline.Bench;

/// <summary>
/// Import throughput: a <c>lifeline/1</c> file of synthetic events imported through <see cref="Importer"/>
/// into a fresh, migrated, empty database, against the raw baseline (<see cref="RawInsert"/>) writing the same
/// event rows into an equally fresh database, and against the same raw rows plus the ledger rows an import writes
/// for them. Each iteration is one whole import; the database is made before it and dropped after it, untimed.
/// </summary>
/// <remarks>BenchmarkDotNet finds benchmark classes only when they are public and not sealed.</remarks>
[MemoryDiagnoser]
#pragma warning disable CA1515 // Must be public for BenchmarkDotNet, see remarks.
public class ImportBenchmarks
#pragma warning restore CA1515
{
    // Set by the program before BenchmarkDotNet runs in the same process (in-process toolchain).
    internal static BenchSettings Settings { get; set; } = null!;

    private string file = "";
    private RawInsert rows = null!;
    private BenchDatabase? database;
    private LifelineDbContext? db;

    public static IEnumerable<StorageProvider> Providers => Settings.Providers;

    [ParamsSource(nameof(Providers))]
    public StorageProvider Provider { get; set; }

    [GlobalSetup]
    public void ReadyRows()
    {
        file = SyntheticSiege.EnsureFile(Settings.DataFolder, Settings.ImportEvents, Console.WriteLine);
        rows = RawInsert.Build(Settings.ImportEvents);
    }

    [IterationSetup]
    public void CreateDatabase()
    {
        database = BenchDatabase.CreatePrepared(Settings, Provider, "import");
        db = database.Open();
    }

    [IterationCleanup]
    public void DropDatabase()
    {
        db?.Dispose();
        database?.Dispose();
        db = null;
        database = null;
    }

    /// <summary>Pre-built event rows, prepared INSERT (SQLite) or binary COPY (PostgreSQL); no ledger.</summary>
    [Benchmark(Baseline = true)]
    public int Raw()
    {
        rows.Write(database!, withLedger: false);
        return rows.Count;
    }

    /// <summary>The same, and the pre-built ledger rows of those events (leaves, tree nodes, size).</summary>
    [Benchmark]
    public int RawWithLedger()
    {
        rows.Write(database!, withLedger: true);
        return rows.Count;
    }

    /// <summary>The file through Lifeline's importer: parse, check, store, append to the ledger, one transaction.</summary>
    [Benchmark]
    public int Lifeline()
    {
        using var stream = File.OpenRead(file);
        var result = new Importer(db!, TimeProvider.System).Import(stream, RawInsert.RecordedBy, RawInsert.Reason);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Import failed: {string.Join("; ", result.Errors.Take(5))}");
        }
        return result.Events;
    }

    /// <summary>Runs the benchmark in this process and returns one line per provider.</summary>
    internal static IReadOnlyList<ImportFigures> Run(BenchSettings settings)
    {
        Settings = settings;
        var job = Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(settings.ImportIterations)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("Import");
        var config = DefaultConfig.Instance
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(new EventsPerSecondColumn(settings.ImportEvents))
            .WithArtifactsPath(settings.ArtifactsFolder);
        var summary = BenchmarkRunner.Run<ImportBenchmarks>(config);
        return Figures(summary, settings.ImportEvents);
    }

    private static List<ImportFigures> Figures(Summary summary, int events)
    {
        var figures = new List<ImportFigures>();
        foreach (var group in summary.Reports.GroupBy(r => (StorageProvider)r.BenchmarkCase.Parameters[nameof(Provider)]))
        {
            figures.Add(new ImportFigures(group.Key, events, Case(nameof(Raw)), Case(nameof(RawWithLedger)), Case(nameof(Lifeline))));

            ImportTime Case(string method)
            {
                var report = group.SingleOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
                if (report?.ResultStatistics is not { } stats)
                {
                    throw new InvalidOperationException($"The {group.Key} import benchmark did not finish {method}; see the BenchmarkDotNet log above.");
                }
                return new ImportTime(
                    TimeSpan.FromMilliseconds(stats.Mean / 1e6), TimeSpan.FromMilliseconds(stats.StandardDeviation / 1e6),
                    TimeSpan.FromMilliseconds(stats.Median / 1e6), report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
            }
        }
        return figures;
    }
}

/// <summary>One case's time per import: mean, standard deviation and median; bytes allocated per import.</summary>
internal sealed record ImportTime(TimeSpan Mean, TimeSpan StdDev, TimeSpan Median, long? Allocated);

/// <summary>
/// One import of <see cref="Events"/> events on one engine: the raw baseline (event rows only), the raw rows with
/// their ledger rows, and Lifeline's importer.
/// </summary>
internal sealed record ImportFigures(StorageProvider Provider, int Events, ImportTime Raw, ImportTime RawWithLedger, ImportTime Lifeline)
{
    public double EventsPerSecond(ImportTime time) => Events / time.Mean.TotalSeconds;

    /// <summary>Lifeline's throughput as a share of the raw baseline's (means): the goal is 0.5 or more.</summary>
    public double Ratio => Raw.Mean / Lifeline.Mean;

    /// <summary>The same from the medians, which one slow iteration moves less.</summary>
    public double MedianRatio => Raw.Median / Lifeline.Median;

    /// <summary>Lifeline's throughput as a share of the raw rows written with their ledger rows (means).</summary>
    public double RatioToRawWithLedger => RawWithLedger.Mean / Lifeline.Mean;
}

/// <summary>Events imported per second, from the mean time of one iteration.</summary>
internal sealed class EventsPerSecondColumn(int events) : IColumn
{
    public string Id => nameof(EventsPerSecondColumn);
    public string ColumnName => "Events/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"Events imported per second ({events:N0} events per iteration; each event is one row in events and one in event_versions; with the ledger also one leaf and about two tree nodes)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        summary[benchmarkCase]?.ResultStatistics is { } statistics
            ? (events / (statistics.Mean / 1e9)).ToString("N0", CultureInfo.InvariantCulture)
            : "NA";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
