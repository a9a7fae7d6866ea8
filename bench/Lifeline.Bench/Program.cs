using System.Diagnostics;
using System.Globalization;
using Lifeline.Storage;

namespace Lifeline.Bench;

/// <summary>
/// Lifeline's performance suite. <c>import</c>: import throughput against a raw insert of the same rows
/// (BenchmarkDotNet, then in turn); <c>memory</c>: peak memory of an import as the file grows; <c>dashboard</c>:
/// p50/p99 of the first page's query over a million events, cold and warm; <c>ledger</c>: durable appends, proof
/// latency over large trees and the hashing beneath them; <c>airlift</c>: the airlift planner against its closed-form
/// estimate; <c>forecast</c>: the days-of-supply forecast against drawing its random numbers; <c>risk</c>: the
/// early-warning risk series over the dashboard's million events; <c>writes</c>: concurrent writers through one and
/// two nodes; <c>all</c>: all eight.
/// See docs/performance.md.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: dotnet run -c Release --project bench/Lifeline.Bench -- import|export|memory|dashboard|risk|ledger|airlift|forecast|writes|serve|families|all|fuzz [options]

          import      import at scale: 2,500,000 events, Lifeline against a raw insert of the same rows, with
                      peak memory against an import of 100,000 and ledger verify afterwards; then import
                      throughput at 100,000 (BenchmarkDotNet, then the cases in turn)
          export      1,000,000 events as ACLED CSV (--quick: 100,000), time to the first byte and row
                      and in all, against a plain SELECT written by a plain CSV writer (not part of "all")
          memory      peak memory of one import, 100,000 against 1,000,000 events
          dashboard   p50/p99 of the dashboard over a situation of 1,000,000 events, cold and warm
          risk        the early-warning risk series, 300 days over the same 1,000,000 events, against
                      the same over the built-in Lachin record
          ledger      SHA-256 and the ledger's hashing; durable appends, single and batched; inclusion
                      and consistency proofs at 1,000,000 and 10,000,000 leaves
          airlift     the airlift planner to proven optimality (90 days, 8 aircraft types, 4 origins,
                      2 destinations) against its closed-form estimate, at three levels of demand
          forecast    the days-of-supply forecast, 10,000 runs × 365 days × 30 commodities, against
                      drawing the same random numbers
          writes      1, 50 and 200 concurrent writers posting events through lifeline serve: one node
                      on SQLite; one and two nodes over one database on PostgreSQL
          serve       readers and writers against a Release lifeline serve with wrk: every read case at
                      200 connections next to /app.css, then 200 readers + 50 writers, every acknowledged
                      write checked and ledger verify run; 1,000,000 published events (--quick: 100,000,
                      10 s a case); the table goes to docs/performance.md (--quick: to the work folder);
                      exit 1 on an error answer or a lost write (not part of "all")
          families    matching separated families: 100,000 generated registered people against 10,000 requests
                      with the blocking keys, against a plain scan of the same data (timed on 100 requests and
                      extrapolated); --quick: 10,000 against 1,000; in memory, not part of "all"
          all         all eight
          fuzz        the input properties for a long run: the lifeline/1 document reader and the validators,
                      --iterations N executions each (default 1,000,000), --seed S to replay a CsCheck seed

          --scale-only       with import: the import at scale only, not the 100,000-event cases
          --quick            a smoke run at a tenth of the sizes or less (about 3 minutes)
          --postgres CONN    a connection string whose role may create databases
                             (default: LIFELINE_BENCH_POSTGRES, else the local lifeline/lifeline role)
          --no-postgres      SQLite only
          --engine NAME      sqlite or postgres: that engine only (e.g. two runs side by side)
          --work DIR         where files, databases and results go (default: /tmp/lifeline-bench)
        """;

    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length > 0 && args[0] == MemoryCheck.ChildVerb)
        {
            return MemoryCheck.RunChild(args[1..]);
        }

        if (args.Contains("--help"))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        if (args.Length > 0 && args[0] == "fuzz")
        {
            // Not part of "all": a long run of the input properties, a million executions each by default.
            var iterations = long.TryParse(Option(args, "--iterations"), CultureInfo.InvariantCulture, out var n) ? n : 1_000_000;
            Log(InputFuzz.Run(iterations, Option(args, "--seed"), Environment.ProcessorCount));
            return 0;
        }
        var (mode, problem) = Mode(args);
        if (problem is not null)
        {
            Console.Error.WriteLine($"{problem}\n\n{Usage}");
            return 2;
        }
        var quick = args.Contains("--quick");
        if (mode == "families")
        {
            // In memory only (the matcher is pure): no database, not part of "all".
            Console.WriteLine(FamilyMatching.Run(quick, Log));
            return 0;
        }
        var work = Option(args, "--work") ?? Path.Combine(Path.GetTempPath(), "lifeline-bench");
        string? postgres = null;
        string? postgresProblem = null;
        if (!args.Contains("--no-postgres"))
        {
            var wanted = Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("LIFELINE_BENCH_POSTGRES") ?? BenchSettings.DefaultPostgres;
            (postgres, postgresProblem) = BenchSettings.FindPostgres(wanted);
        }
        var engine = Option(args, "--engine");
        if (engine is not null && engine is not ("sqlite" or "postgres"))
        {
            Console.Error.WriteLine($"--engine takes sqlite or postgres, not '{engine}'\n\n{Usage}");
            return 2;
        }
        if (engine == "postgres" && postgres is null)
        {
            Console.Error.WriteLine($"--engine postgres, but PostgreSQL is not reachable ({postgresProblem ?? "--no-postgres"})");
            return 2;
        }
        var settings = new BenchSettings(quick, Path.GetFullPath(work), postgres)
        {
            Engine = engine switch { "sqlite" => StorageProvider.Sqlite, "postgres" => StorageProvider.Postgres, _ => null },
        };
        if (postgresProblem is not null)
        {
            Log($"PostgreSQL is not reachable ({postgresProblem}): only SQLite is measured");
        }
        Log($"mode {mode}{(quick ? " --quick" : "")}; engines {string.Join(", ", settings.Providers)}; work folder {settings.WorkFolder}");

        LoadWatch.Start();
        var report = new Report(settings);
        report.Machine();
        var databases = new Dictionary<StorageProvider, BenchDatabase>();
        try
        {
            var all = mode == "all";
            if (mode is "import" || all)
            {
                foreach (var provider in settings.Providers)
                {
                    ImportCheck.Run(settings, provider, Log);
                }
                Log($"import at scale: {settings.ScaleEvents:N0} events");
                report.ImportScale(ImportScale.Run(settings));
                if (!args.Contains("--scale-only"))
                {
                    Log($"import benchmark: {settings.ImportEvents:N0} events, {settings.ImportIterations} iterations per case");
                    LoadWatch.TakeRange();
                    var figures = ImportBenchmarks.Run(settings);
                    report.Import(figures, LoadWatch.TakeRange());
                    var rounds = settings.Providers.Select(p => ImportInTurn.Run(settings, p)).ToList();
                    report.ImportRounds(rounds, LoadWatch.TakeRange());
                }
            }
            if (mode is "export")
            {
                Log($"export: {settings.ExportEvents:N0} events as ACLED CSV, {settings.ExportRounds} rounds against a plain SELECT");
                LoadWatch.TakeRange();
                var figures = ExportScale.Run(settings);
                report.Export(figures, LoadWatch.TakeRange());
            }
            if (mode is "memory" || all)
            {
                LoadWatch.TakeRange();
                var figures = MemoryCheck.Run(settings, all ? settings.DashboardEvents : null, databases);
                report.Memory(figures, LoadWatch.TakeRange());
            }
            if (mode is "dashboard" or "risk" || all)
            {
                var calls = new List<Latency>();
                var parts = new List<Latency>();
                var riskCalls = new List<Latency>();
                var riskParts = new List<Latency>();
                LoadWatch.TakeRange();
                string? dashboardLoad = null;
                foreach (var provider in settings.Providers)
                {
                    if (!databases.TryGetValue(provider, out var database))
                    {
                        database = BenchDatabase.CreateEmpty(settings, provider, $"dashboard_{settings.DashboardEvents}");
                        databases[provider] = database;
                        MemoryCheck.ImportInChild(settings, database, settings.DashboardEvents);
                    }
                    if (mode != "risk")
                    {
                        var (c, p) = DashboardLoad.Run(settings, database);
                        calls.AddRange(c);
                        parts.AddRange(p);
                    }
                    if (mode != "dashboard")
                    {
                        var (c, p) = RiskLoad.Run(settings, database);
                        riskCalls.AddRange(c);
                        riskParts.AddRange(p);
                    }
                    database.Dispose();
                    databases.Remove(provider);
                }
                dashboardLoad = LoadWatch.TakeRange();
                if (mode != "risk")
                {
                    report.Dashboard(settings.DashboardEvents, calls, parts, dashboardLoad);
                }
                if (mode != "dashboard")
                {
                    report.Risk(settings.DashboardEvents, riskCalls, riskParts, dashboardLoad);
                }
            }
            if (mode is "ledger" || all)
            {
                Log("ledger: hashing on the CPU");
                LoadWatch.TakeRange();
                var (hashing, leafBytes) = LedgerHashBenchmarks.Run(settings);
                report.LedgerHashing(hashing, leafBytes, LoadWatch.TakeRange());
                Log($"ledger: durable appends, {string.Join(", ", settings.AppendBatches.Select(b => b.ToString("N0", CultureInfo.InvariantCulture)))} per transaction");
                var appends = LedgerAppendBenchmarks.Run(settings);
                report.LedgerAppends(appends, LoadWatch.TakeRange());
                var proofs = settings.Providers.SelectMany(p => LedgerProofs.Run(settings, p)).ToList();
                report.LedgerProofs(proofs, LoadWatch.TakeRange());
            }
            if (mode is "airlift" || all)
            {
                Log($"airlift: the planner at {string.Join(", ", settings.AirliftRegimes.Select(t => t.ToString("N0", CultureInfo.InvariantCulture)))} t a day");
                LoadWatch.TakeRange();
                var airlift = AirliftPlannerBenchmarks.Run(settings);
                report.Airlift(airlift, LoadWatch.TakeRange());
            }
            if (mode is "writes" || all)
            {
                Log($"writes: {string.Join(", ", settings.Writers)} writers");
                LoadWatch.TakeRange();
                var writes = WriteLoad.Run(settings);
                report.Writes(writes, LoadWatch.TakeRange());
            }
            if (mode is "serve")
            {
                var outcomes = ServeLoad.Run(settings);
                var table = ServeLoad.Table(outcomes);
                Console.WriteLine(table);
                var written = ServeLoad.Write(settings, table);
                Log($"serve: table written to {written}");
                if (outcomes.Any(o => o.Failed))
                {
                    Log("serve: FAILED: an error answer, a lost write or a ledger that does not verify (see above)");
                    return 1;
                }
                return 0;
            }
            if (mode is "forecast" || all)
            {
                Log($"forecast: {BenchSettings.ForecastRuns:N0} runs × {SupplyForecastBenchmarks.HorizonDays} days × {SupplyForecastBenchmarks.Commodities} commodities");
                LoadWatch.TakeRange();
                var forecast = SupplyForecastBenchmarks.Run(settings);
                report.Forecast(forecast, LoadWatch.TakeRange());
            }
        }
        finally
        {
            foreach (var database in databases.Values)
            {
                database.Dispose();
            }
        }
        report.Note($"Total run time: {Clock.Elapsed.TotalMinutes:N1} min.");
        report.Publish();
        return 0;
    }

    /// <summary>Progress for the console, with the time since the run started.</summary>
    public static void Log(string message) =>
        Console.WriteLine($"[{Clock.Elapsed:hh\\:mm\\:ss} load {LoadWatch.Current()?.ToString("N1", CultureInfo.InvariantCulture) ?? "n/a"}] {message}");

    private static readonly string[] Modes = ["import", "export", "memory", "dashboard", "risk", "ledger", "airlift", "forecast", "writes", "serve", "families", "all"];
    private static readonly string[] Flags = ["--quick", "--no-postgres", "--scale-only"];
    private static readonly string[] OptionsWithValue = ["--postgres", "--work", "--engine"];

    /// <returns>The mode, or a problem with the command line.</returns>
    private static (string Mode, string? Problem) Mode(string[] args)
    {
        string? mode = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (OptionsWithValue.Contains(args[i]))
            {
                if (++i >= args.Length)
                {
                    return ("", $"{args[i - 1]} needs a value");
                }
            }
            else if (args[i].StartsWith('-') && !Flags.Contains(args[i]))
            {
                return ("", $"unknown option {args[i]}");
            }
            else if (!args[i].StartsWith('-'))
            {
                if (mode is not null || !Modes.Contains(args[i]))
                {
                    return ("", $"unexpected '{args[i]}': give one of {string.Join(", ", Modes)}");
                }
                mode = args[i];
            }
        }
        return mode is null ? ("", "no mode given") : (mode, null);
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
