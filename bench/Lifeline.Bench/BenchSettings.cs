using Npgsql;

namespace Lifeline.Bench;

/// <summary>
/// Sizes and places for one run. The full run is what docs/performance.md reports; <c>--quick</c> is a smoke
/// run of the same code at a twentieth of the sizes or less (two to three minutes).
/// </summary>
internal sealed record BenchSettings(bool Quick, string WorkFolder, string? PostgresAdmin)
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=lifeline;Password=lifeline;Database=postgres";

    /// <summary>Events per import in the BenchmarkDotNet import benchmark.</summary>
    public int ImportEvents => Quick ? 5_000 : 100_000;

    /// <summary>Measured iterations per import benchmark case (after one warm-up iteration).</summary>
    public int ImportIterations => Quick ? 2 : 5;

    /// <summary>Rounds of the import cases timed in turn.</summary>
    public int ImportRounds => Quick ? 1 : 3;

    /// <summary>Events imported at scale (the goal: ACLED-scale, 2,500,000 events in under 60 s), against a raw insert of the same rows.</summary>
    /// <remarks>The quick form's 100,000 events (64 MB) still make a large import (see <c>Importer.LargeImportBytes</c>).</remarks>
    public int ScaleEvents => Quick ? 100_000 : 2_500_000;

    /// <summary>Events exported as ACLED CSV by the export step (the goal: 1,000,000 in under 20 s, the first byte within a second).</summary>
    public int ExportEvents => Quick ? 100_000 : 1_000_000;

    /// <summary>Rounds of the export step; each round runs the baseline, then Lifeline's export.</summary>
    public int ExportRounds => Quick ? 2 : 3;

    /// <summary>The smaller import whose peak memory the import at scale is compared with.</summary>
    public int ScaleBaselineEvents => Quick ? 10_000 : 100_000;

    /// <summary>Events imported by the check that the raw baseline writes the same rows as the importer.</summary>
    public const int CheckEvents = 2_000;

    /// <summary>Import sizes whose peak memory is compared.</summary>
    public IReadOnlyList<int> MemoryEvents => Quick ? [5_000, 50_000] : [100_000, 1_000_000];

    /// <summary>Events in the situation whose dashboard is timed.</summary>
    public int DashboardEvents => Quick ? 50_000 : 1_000_000;

    public int DashboardWarmUpCalls => Quick ? 5 : 20;

    public int DashboardCalls => Quick ? 30 : 200;

    /// <summary>Calls per part when the dashboard is taken apart to see where its time goes.</summary>
    public int DashboardPartCalls => Quick ? 5 : 20;

    /// <summary>Warm-up rounds before the risk series is timed.</summary>
    public int RiskWarmUpCalls => Quick ? 2 : 5;

    /// <summary>Timed rounds of the risk series (each round: the synthetic siege, then Lachin).</summary>
    public int RiskCalls => Quick ? 10 : 50;

    /// <summary>Calls per part of the risk series timed on its own.</summary>
    public int RiskPartCalls => Quick ? 5 : 20;

    /// <summary>Concurrent writers in the write load: one (the baseline), then many at once.</summary>
    public IReadOnlyList<int> Writers => Quick ? [1, 20, 50] : [1, 50, 200];

    /// <summary>Events each writer posts in turn: enough for a p99 at every level.</summary>
    public int WritesPerWriter(int writers) => writers == 1 ? (Quick ? 30 : 100) : Math.Max(3, (Quick ? 100 : 600) / writers);

    /// <summary>Measured iterations per ledger append case (after one warm-up iteration).</summary>
    public int AppendIterations => Quick ? 2 : 8;

    /// <summary>Ledger entries per transaction in the append benchmark; 1 is one record version per transaction.</summary>
    public IReadOnlyList<int> AppendBatches => Quick ? [1, 1_000, 10_000] : [1, 1_000, 10_000, 100_000];

    /// <summary>One-entry transactions per invoke of the append benchmark.</summary>
    public int SingleAppendsPerInvoke => Quick ? 50 : 200;

    /// <summary>Measured iterations per hashing benchmark.</summary>
    public int HashIterations => Quick ? 3 : 10;

    public int HashWarmUpIterations => Quick ? 1 : 3;

    /// <summary>How long one hashing iteration lasts, at least (BenchmarkDotNet's default is 500 ms).</summary>
    public TimeSpan HashIterationTime => TimeSpan.FromMilliseconds(Quick ? 100 : 500);

    /// <summary>The ledger sizes at which proofs are timed, in the order the one tree grows through them.</summary>
    public IReadOnlyList<ulong> ProofTreeSizes(Storage.StorageProvider provider) => Quick ? [10_000, 100_000] : [1_000_000, 10_000_000];

    public int ProofWarmUpCalls => Quick ? 20 : 200;

    /// <summary>Timed proofs of each kind at each size.</summary>
    public int ProofCalls => Quick ? 200 : 2_000;

    /// <summary>Demand regimes of the airlift benchmark, tonnes a day: demand met, near capacity, above capacity.</summary>
    public IReadOnlyList<double> AirliftRegimes => Quick ? [1416.0] : [472.0, 1416.0, 4720.0];

    /// <summary>Measured iterations per airlift case.</summary>
    public int AirliftIterations => Quick ? 2 : 10;

    public int AirliftWarmUpIterations => Quick ? 1 : 2;

    /// <summary>How long one airlift iteration lasts, at least; a plan takes longer and is then one call an iteration.</summary>
    public TimeSpan AirliftIterationTime => TimeSpan.FromMilliseconds(Quick ? 100 : 500);

    /// <summary>Runs of the supply forecast (issue 5: 10,000 runs × 365 days × 30 commodities), the same in a quick run.</summary>
    public const int ForecastRuns = 10_000;

    /// <summary>Measured iterations per forecast case.</summary>
    public int ForecastIterations => Quick ? 3 : 15;

    public int ForecastWarmUpIterations => Quick ? 1 : 3;

    /// <summary>How long one forecast iteration lasts, at least.</summary>
    public TimeSpan ForecastIterationTime => TimeSpan.FromMilliseconds(Quick ? 100 : 500);

    public string DataFolder => Path.Combine(WorkFolder, "data");

    public string DatabaseFolder => Path.Combine(WorkFolder, "databases");

    public string ArtifactsFolder => Path.Combine(WorkFolder, "BenchmarkDotNet.Artifacts");

    public string ResultsFile => Path.Combine(WorkFolder, Quick ? "results-quick.md" : "results.md");

    public bool HasPostgres => PostgresAdmin is not null;

    /// <summary>Measure this engine only (<c>--engine</c>); null: SQLite, and PostgreSQL when it answers.</summary>
    public Storage.StorageProvider? Engine { get; init; }

    public IReadOnlyList<Storage.StorageProvider> Providers =>
        Engine is { } only ? [only]
        : HasPostgres ? [Storage.StorageProvider.Sqlite, Storage.StorageProvider.Postgres] : [Storage.StorageProvider.Sqlite];

    /// <summary>The connection string, if a PostgreSQL server answers on it; else null and a reason.</summary>
    public static (string? ConnectionString, string? Problem) FindPostgres(string connectionString)
    {
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3 }.ConnectionString);
            connection.Open();
            return (connectionString, null);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            return (null, ex.Message);
        }
    }
}
