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
using Lifeline.Ledger;
using Lifeline.Storage;

namespace Lifeline.Bench;

/// <summary>
/// Durable ledger appends, as the application makes them: each transaction opens with
/// <see cref="LedgerAppender.Begin"/> (which locks the ledger), adds <see cref="Batch"/> entries, flushes and
/// commits, with Lifeline's connection settings (SQLite <c>synchronous=FULL</c> in WAL mode; PostgreSQL's
/// default <c>synchronous_commit=on</c>), so every commit is on disk when it returns. Batch 1 is one record
/// version per transaction, as a page or the API writes; larger batches are what an import does. The entries
/// (a content hash of a 300–600-byte canonical event and a new salt each) are made before each iteration; the
/// leaf bytes, the hashing, the tree nodes and the writes are timed. Each case starts from an empty ledger, which
/// grows over its iterations.
/// </summary>
/// <remarks>BenchmarkDotNet finds benchmark classes only when they are public and not sealed.</remarks>
[MemoryDiagnoser]
#pragma warning disable CA1515 // Must be public for BenchmarkDotNet, see remarks.
public class LedgerAppendBenchmarks
#pragma warning restore CA1515
{
    /// <summary>Appends per invoke of the batched cases, so that each iteration lasts long enough to time.</summary>
    public const int BatchedAppendsPerInvoke = 20_000;

    // Set by the program before BenchmarkDotNet runs in the same process (in-process toolchain).
    internal static BenchSettings Settings { get; set; } = null!;

    private BenchDatabase? database;
    private LifelineDbContext? db;
    private byte[][] records = [];
    private LedgerEntry[] entries = [];
    private long next;

    public static IEnumerable<StorageProvider> Providers => Settings.Providers;

    public static IEnumerable<int> Batches => Settings.AppendBatches;

    [ParamsSource(nameof(Providers))]
    public StorageProvider Provider { get; set; }

    /// <summary>Entries per transaction.</summary>
    [ParamsSource(nameof(Batches))]
    public int Batch { get; set; }

    /// <summary>Transactions per invoke.</summary>
    internal static int Transactions(BenchSettings settings, int batch) =>
        batch == 1 ? settings.SingleAppendsPerInvoke : Math.Max(1, BatchedAppendsPerInvoke / batch);

    [GlobalSetup]
    public void CreateDatabase()
    {
        database = BenchDatabase.CreatePrepared(Settings, Provider, "ledger_append");
        db = database.Open();
        var at = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        records = SyntheticSiege.Events(1_000).Select(e => CanonicalRecords.Event(RawInsert.Version(e, at), RecordSalt.New()).Canonical).ToArray();
        next = 0;
    }

    [GlobalCleanup]
    public void DropDatabase()
    {
        db?.Dispose();
        database?.Dispose();
        db = null;
        database = null;
    }

    [IterationSetup]
    public void MakeEntries()
    {
        var at = DateTimeOffset.UtcNow;
        entries = new LedgerEntry[Batch * Transactions(Settings, Batch)];
        for (var i = 0; i < entries.Length; i++, next++)
        {
            entries[i] = LedgerEntry.Commit(RecordTypes.Event, $"bench/e-{next}", 1, at, records[next % records.Length], RecordSalt.New());
        }
    }

    [Benchmark]
    public ulong Append()
    {
        var size = 0UL;
        var k = 0;
        for (var t = entries.Length / Batch; t > 0; t--)
        {
            using var transaction = db!.Database.BeginTransaction();
            var appender = LedgerAppender.Begin(db);
            for (var i = 0; i < Batch; i++)
            {
                appender.Add(entries[k++]);
            }
            appender.Flush();
            transaction.Commit();
            size = appender.Size;
        }
        return size;
    }

    /// <summary>Runs the benchmark in this process and returns one line per engine and batch size.</summary>
    internal static IReadOnlyList<AppendFigures> Run(BenchSettings settings)
    {
        Settings = settings;
        var job = Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(settings.AppendIterations)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("Append");
        var config = DefaultConfig.Instance
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(new AppendsPerSecondColumn(settings))
            .WithArtifactsPath(settings.ArtifactsFolder);
        var summary = BenchmarkRunner.Run<LedgerAppendBenchmarks>(config);
        return summary.Reports.Select(report =>
        {
            var provider = (StorageProvider)report.BenchmarkCase.Parameters[nameof(Provider)];
            var batch = (int)report.BenchmarkCase.Parameters[nameof(Batch)];
            var statistics = report.ResultStatistics
                ?? throw new InvalidOperationException($"The {provider} append benchmark, batch {batch}, did not finish; see the BenchmarkDotNet log above.");
            return new AppendFigures(provider, batch, Transactions(settings, batch), statistics.Mean / 1e6, statistics.StandardDeviation / 1e6,
                statistics.Median / 1e6, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
        }).ToList();
    }
}

/// <summary>
/// One append case: <see cref="Transactions"/> transactions of <see cref="Batch"/> appends each per invoke, the
/// time of one invoke (milliseconds: mean, sd, median) and the bytes it allocates.
/// </summary>
internal sealed record AppendFigures(StorageProvider Provider, int Batch, int Transactions, double MeanMs, double StdDevMs, double MedianMs, long? Allocated)
{
    public int Appends => Batch * Transactions;

    public double AppendsPerSecond => Appends / (MeanMs / 1e3);

    public double MedianAppendsPerSecond => Appends / (MedianMs / 1e3);

    public double MicrosecondsPerAppend => MeanMs * 1e3 / Appends;

    public double? AllocatedPerAppend => Allocated is { } bytes ? (double)bytes / Appends : null;
}

/// <summary>Appends per second, from the mean time of one invoke.</summary>
internal sealed class AppendsPerSecondColumn(BenchSettings settings) : IColumn
{
    public string Id => nameof(AppendsPerSecondColumn);
    public string ColumnName => "Appends/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Durable ledger appends per second (Batch appends per transaction; several transactions per invoke)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var batch = (int)benchmarkCase.Parameters[nameof(LedgerAppendBenchmarks.Batch)];
        var appends = batch * LedgerAppendBenchmarks.Transactions(settings, batch);
        return summary[benchmarkCase]?.ResultStatistics is { } statistics
            ? (appends / (statistics.Mean / 1e9)).ToString("N0", CultureInfo.InvariantCulture)
            : "NA";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
