using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Lifeline.Core.Supplies;
using Perfolizer.Horology;

namespace Lifeline.Bench;

/// <summary>
/// The days-of-supply forecast at the size of issue 5: 10,000 runs × a 365-day horizon × 30 commodities, goal under
/// 1 s. Baseline, in the same run: a plain loop drawing as many numbers from the same generator as the forecast
/// draws (a stock, a consumption rate and one inflow rate per phase, per run and commodity), and nothing else.
/// </summary>
/// <remarks>
/// The 30 commodities are synthetic: stocks of 10 to 300 days of use, consumption ±25 % to ±50 %, and inflow in
/// turn blocked, steady at a fraction of use, or in three phases (blocked, a trickle from day 30, reopened from
/// day 200), so that runs end in every phase and some last beyond the horizon.
/// BenchmarkDotNet finds benchmark classes only when they are public and not sealed.
/// </remarks>
[MemoryDiagnoser]
#pragma warning disable CA1515 // Must be public for BenchmarkDotNet, see remarks.
public class SupplyForecastBenchmarks
#pragma warning restore CA1515
{
    public const string Forecast = "SupplyForecast.Run";
    public const string Draws = "the same draws from SeededRandom, summed (baseline)";
    public const int Commodities = 30;
    public const int HorizonDays = 365;
    public const ulong Seed = 2023;

    // Set by the program before BenchmarkDotNet runs in the same process (in-process toolchain).
    internal static BenchSettings Settings { get; set; } = null!;

    private static readonly DateOnly Start = new(2023, 1, 20);
    private SupplyOutlook[] outlooks = [];
    private long draws;

    [GlobalSetup]
    public void Setup()
    {
        outlooks = Outlooks();
        draws = DrawsPerRun(outlooks) * BenchSettings.ForecastRuns;
    }

    [Benchmark(Baseline = true, Description = Draws)]
    public double SameDraws()
    {
        var random = new SeededRandom(Seed);
        var sum = 0.0;
        for (var i = 0L; i < draws; i++)
        {
            sum += random.NextUniform();
        }
        return sum;
    }

    [Benchmark(Description = Forecast)]
    public IReadOnlyList<Runway> Run() => SupplyForecast.Run(outlooks, Start, BenchSettings.ForecastRuns, Seed, HorizonDays);

    /// <summary>Uniform numbers one run draws across all commodities: stock, consumption and one per inflow phase.</summary>
    internal static long DrawsPerRun(IEnumerable<SupplyOutlook> outlooks) => outlooks.Sum(o => 2L + o.Inflow.Phases.Count);

    internal static SupplyOutlook[] Outlooks()
    {
        var categories = Enum.GetValues<CommodityCategory>();
        return Enumerable.Range(0, Commodities).Select(i =>
        {
            var category = categories[i % categories.Length];
            var commodity = new Commodity($"bench-{i + 1}", $"Bench commodity {i + 1}", category, MeasureUnit.Kilogram);
            var use = 100.0 + (37 * i);
            var stockDays = 10.0 + (i * 10 % 290);
            var spread = 0.25 + (i % 3 * 0.125);
            var inflow = (i % 3) switch
            {
                0 => InflowScenario.Blocked,
                1 => InflowScenario.Steady("icrc", Estimate.Of(0, use * 0.2, use * 0.5)),
                _ => new InflowScenario("airlift then reopened",
                [
                    new InflowPhase(0, Estimate.Exactly(0)),
                    new InflowPhase(30, Estimate.Of(use * 0.1, use * 0.3, use * 0.6)),
                    new InflowPhase(200, Estimate.Of(use * 0.8, use * 1.2, use * 1.5)),
                ]),
            };
            return new SupplyOutlook(
                commodity,
                Estimate.Of(use * stockDays * 0.6, use * stockDays, use * stockDays * 1.3),
                Estimate.Of(use * (1 - spread), use, use * (1 + spread)),
                inflow);
        }).ToArray();
    }

    /// <summary>Runs the benchmarks in this process; one line per case.</summary>
    internal static ForecastFigures Run(BenchSettings settings)
    {
        Settings = settings;
        var job = Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: true))
            .WithLaunchCount(1)
            .WithWarmupCount(settings.ForecastWarmUpIterations)
            .WithIterationCount(settings.ForecastIterations)
            .WithIterationTime(TimeInterval.FromMilliseconds(settings.ForecastIterationTime.TotalMilliseconds))
            .WithId("Forecast");
        var config = DefaultConfig.Instance
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(settings.ArtifactsFolder);
        var summary = BenchmarkRunner.Run<SupplyForecastBenchmarks>(config);
        var cases = summary.Reports.Select(report =>
        {
            var what = report.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(SameDraws) ? Draws : Forecast;
            var statistics = report.ResultStatistics
                ?? throw new InvalidOperationException($"The forecast benchmark {what} did not finish; see the BenchmarkDotNet log above.");
            return new ForecastCase(what, statistics.Mean / 1e6, statistics.StandardDeviation / 1e6, statistics.Median / 1e6, statistics.Max / 1e6,
                report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
        }).ToList();
        var outlooks = Outlooks();
        var runways = SupplyForecast.Run(outlooks, Start, BenchSettings.ForecastRuns, Seed, HorizonDays);
        return new ForecastFigures(BenchSettings.ForecastRuns, Commodities, HorizonDays, DrawsPerRun(outlooks) * BenchSettings.ForecastRuns,
            runways.Count(r => r.P50Days is null), cases);
    }
}

/// <summary>One forecast case: milliseconds per call (mean, sd, median, slowest iteration) and bytes allocated per call.</summary>
internal sealed record ForecastCase(string What, double MeanMs, double StdDevMs, double MedianMs, double MaxMs, long? Allocated);

/// <summary>The forecast's size, how many commodities outlast the horizon at P50, and the two cases.</summary>
internal sealed record ForecastFigures(int Runs, int Commodities, int HorizonDays, long Draws, int OutlastHorizon, IReadOnlyList<ForecastCase> Cases);
