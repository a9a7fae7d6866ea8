using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Lifeline.Core.Airlift;
using Perfolizer.Horology;

namespace Lifeline.Bench;

/// <summary>
/// The airlift planner on 90 days × 8 aircraft types × 4 origins × 2 destinations (4 commodities; 48 usable
/// type × route kinds, 4,320 integer sortie variables), solved to proven optimality, binding analysis included.
/// Goal: under 2 s. Baseline, in the same run: checking the scenario, compiling its routes and the closed-form
/// estimate (<see cref="QuickEstimate"/>). Regimes: demand met (472 t a day), near capacity (1,416 t), above
/// capacity (4,720 t). The instance is the one tests/Lifeline.Core.Tests/Airlift/BenchInstanceTests.cs proves.
/// </summary>
/// <remarks>BenchmarkDotNet finds benchmark classes only when they are public and not sealed.</remarks>
[MemoryDiagnoser]
#pragma warning disable CA1515 // Must be public for BenchmarkDotNet, see remarks.
public class AirliftPlannerBenchmarks
#pragma warning restore CA1515
{
    public const string Estimate = "QuickEstimate (validate, compile, closed form)";
    public const string Plan = "AirliftPlanner.Plan, proven optimal";

    // Set by the program before BenchmarkDotNet runs in the same process (in-process toolchain).
    internal static BenchSettings Settings { get; set; } = null!;

    /// <summary>Demand in tonnes a day, all four commodities together.</summary>
    [ParamsSource(nameof(Regimes))]
    public double TonnesPerDay { get; set; }

    public static IEnumerable<double> Regimes() => Settings.AirliftRegimes;

    private readonly AirliftPlanner planner = new(TimeProvider.System);
    private ScenarioDraft draft = null!;
    private AirliftScenario scenario = null!;

    [GlobalSetup]
    public void Setup()
    {
        draft = BenchScenario(TonnesPerDay);
        var (valid, errors) = ScenarioValidator.Validate(draft);
        scenario = valid ?? throw new InvalidOperationException($"The bench scenario is not valid: {errors}");
        if (!planner.Plan(scenario).Optimality.Proven)
        {
            throw new InvalidOperationException("The bench instance must be proven optimal");
        }
    }

    [Benchmark(Baseline = true, Description = Estimate)]
    public int ClosedFormEstimate() =>
        QuickEstimate.For(AirliftNetwork.Compile(ScenarioValidator.Validate(draft).Scenario!)).Sum(e => e.AircraftNeeded);

    [Benchmark(Description = Plan)]
    public AirliftPlan PlanToProvenOptimality()
    {
        var plan = planner.Plan(scenario);
        return plan.Optimality.Proven ? plan : throw new InvalidOperationException("The bench instance was not proven optimal");
    }

    /// <summary>Runs the benchmarks in this process; one line per regime and case.</summary>
    internal static IReadOnlyList<AirliftFigures> Run(BenchSettings settings)
    {
        Settings = settings;
        var job = Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: true))
            .WithLaunchCount(1)
            .WithWarmupCount(settings.AirliftWarmUpIterations)
            .WithIterationCount(settings.AirliftIterations)
            .WithIterationTime(TimeInterval.FromMilliseconds(settings.AirliftIterationTime.TotalMilliseconds))
            .WithId("Airlift");
        var config = DefaultConfig.Instance
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(settings.ArtifactsFolder);
        var summary = BenchmarkRunner.Run<AirliftPlannerBenchmarks>(config);
        return summary.Reports.Select(Figure).ToList();
    }

    private static AirliftFigures Figure(BenchmarkReport report)
    {
        var tonnes = (double)report.BenchmarkCase.Parameters[nameof(TonnesPerDay)];
        var what = report.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(ClosedFormEstimate) ? Estimate : Plan;
        var statistics = report.ResultStatistics
            ?? throw new InvalidOperationException($"The airlift benchmark {what} at {tonnes} t a day did not finish; see the BenchmarkDotNet log above.");
        return new AirliftFigures(tonnes, what, statistics.Mean / 1e6, statistics.StandardDeviation / 1e6, statistics.Median / 1e6,
            statistics.Max / 1e6, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
    }

    private static DemandDraft Demand(string commodity, double tonnes, string priority) =>
        new() { Commodity = commodity, TonnesPerDay = tonnes, Priority = priority };

    private static AircraftDraft Aircraft(string type, double payload, double cruise, int available, double groundOrigin,
        double groundDestination, double maxHours, double cost, int runway) => new()
        {
            Type = type,
            PayloadTonnes = payload,
            CruiseKmh = cruise,
            Available = available,
            GroundTimeOriginHours = groundOrigin,
            GroundTimeDestinationHours = groundDestination,
            MaxHoursPerDay = maxHours,
            CostPerFlightHour = cost,
            MinRunwayMeters = runway,
        };

    private static AirportDraft Airport(string code, string role, int runway, int maxOnGround, int interval, double open = 24) => new()
    {
        Code = code,
        Role = role,
        RunwayMeters = runway,
        MaxOnGround = maxOnGround,
        MinLandingIntervalSeconds = interval,
        OpenHoursPerDay = open,
    };

    private static RouteDraft Route(string from, string to, double km) => new() { From = from, To = to, DistanceKm = km };

    /// <summary>The bench instance, the same as AirliftBuilders.Bench in the core tests.</summary>
    internal static ScenarioDraft BenchScenario(double tonnesPerDay) => new()
    {
        Name = "bench",
        HorizonDays = 90,
        TimeLimitSeconds = 60,
        Demand =
        [
            Demand("medical", tonnesPerDay * 2 / 472, "medical"),
            Demand("food", tonnesPerDay * 70 / 472, "food"),
            Demand("fuel", tonnesPerDay * 150 / 472, "fuel"),
            Demand("other", tonnesPerDay * 250 / 472, "other"),
        ],
        Aircraft =
        [
            Aircraft("C-130J-30", 18, 645, 6, 1.0, 0.75, 10, 6000, 1100),
            Aircraft("C-17A", 77.5, 800, 2, 1.5, 1.0, 10, 20000, 1067),
            Aircraft("A400M", 37, 750, 3, 1.25, 1.0, 10, 14000, 1000),
            Aircraft("Il-76TD", 36, 750, 3, 1.5, 1.0, 10, 12000, 1800),
            Aircraft("An-124", 120, 800, 1, 2.5, 2.0, 10, 30000, 3000),
            Aircraft("737-800BCF", 23.9, 780, 2, 1.0, 1.0, 12, 5000, 2000),
            Aircraft("An-26", 5.5, 440, 4, 0.75, 0.5, 10, 2000, 900),
            Aircraft("Mi-8", 4, 225, 6, 0.5, 0.5, 8, 3000, 0),
        ],
        Airports =
        [
            Airport("UDYZ", "origin", 3850, 6, 120), Airport("UDSG", "origin", 3200, 4, 180),
            Airport("UGTB", "origin", 3000, 4, 180), Airport("UBBG", "origin", 3300, 4, 180),
            Airport("UBBS", "destination", 2178, 3, 180, 16), Airport("UBBX", "destination", 1500, 2, 240, 12),
        ],
        Routes =
        [
            Route("UDYZ", "UBBS", 205), Route("UDYZ", "UBBX", 260), Route("UDSG", "UBBS", 300), Route("UDSG", "UBBX", 320),
            Route("UGTB", "UBBS", 380), Route("UGTB", "UBBX", 400), Route("UBBG", "UBBS", 250), Route("UBBG", "UBBX", 230),
        ],
    };
}

/// <summary>One airlift case at one demand: milliseconds per call (mean, sd, median, slowest iteration) and bytes allocated per call.</summary>
internal sealed record AirliftFigures(double TonnesPerDay, string What, double MeanMs, double StdDevMs, double MedianMs, double MaxMs, long? Allocated);
