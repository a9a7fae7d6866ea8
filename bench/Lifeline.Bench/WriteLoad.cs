using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lifeline.Bench;

/// <summary>One configuration of the write load: how many writers through how many nodes, and what they met.</summary>
internal sealed record WriteFigures(
    StorageProvider Provider, int Nodes, int Writers, int Requests, int Errors, double P50, double P99, double Max,
    double WritesPerSecond, int Acknowledged, int InLedger, string? FirstError, double CpuMsPerWrite, string Load)
{
    public bool AllInLedger => InLedger == Acknowledged;
}

/// <summary>
/// Concurrent writers against real <c>lifeline serve</c> processes, as reporters posting events through the API:
/// 1 writer, then many at once, through one node and (on PostgreSQL) through two nodes over the same database,
/// each writer its own account (rate limits are per account). Every writer starts at the same moment and posts its
/// events one after another; each answer's latency is timed. Afterwards every acknowledged event is looked up in the
/// ledger. The single writer is the baseline in the same run.
/// </summary>
internal static class WriteLoad
{
    private const string Events = "/api/v1/situations/lachin-2022/events";
    private static readonly string[] Sources = ["news-am-775042"];

    public static IReadOnlyList<WriteFigures> Run(BenchSettings settings)
    {
        var figures = new List<WriteFigures>();
        foreach (var provider in settings.Providers)
        {
            foreach (var nodes in provider == StorageProvider.Postgres ? new[] { 1, 2 } : [1])
            {
                figures.AddRange(RunDeployment(settings, provider, nodes).GetAwaiter().GetResult());
            }
        }
        return figures;
    }

    private static async Task<IReadOnlyList<WriteFigures>> RunDeployment(BenchSettings settings, StorageProvider provider, int nodeCount)
    {
        using var database = BenchDatabase.CreateEmpty(settings, provider, $"writes_{nodeCount}");
        var folder = Path.Combine(settings.WorkFolder, $"writes-{provider}-{nodeCount}".ToLowerInvariant());
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        var keys = Path.Combine(folder, "keys");
        if (Cli.LifelineCommandLine.Run(["keys", "new", "--out", keys]) != 0)
        {
            throw new InvalidOperationException("lifeline keys new failed");
        }
        var nodes = new List<Node>();
        try
        {
            // The first node migrates and seeds; the others start once it answers.
            for (var i = 0; i < nodeCount; i++)
            {
                nodes.Add(await Node.Start(database.Options, Path.Combine(folder, $"node-{i}"), keys, $"node-{i}"));
                Program.Log($"writes: {provider}, node {i} up at {nodes[^1].Address}");
            }
            var writers = settings.Writers.Max();
            Program.Log($"writes: {provider}, {writers} writer accounts");
            var tokens = await Accounts(database.Options, writers);
            using var clients = new Clients(nodes.Select(n => n.Address));
            // Warm-up: each node answers a few writes before anything is timed.
            await Measure(clients, tokens.Take(Math.Min(4, tokens.Count)).ToList(), 2, "warm-up");

            var results = new List<WriteFigures>();
            foreach (var count in settings.Writers)
            {
                var perWriter = settings.WritesPerWriter(count);
                var cpuBefore = nodes.Sum(n => n.CpuTime.TotalMilliseconds);
                LoadWatch.TakeRange();
                var run = await Measure(clients, tokens.Take(count).ToList(), perWriter, $"{count} writers");
                var load = LoadWatch.TakeRange();
                var cpuPerWrite = (nodes.Sum(n => n.CpuTime.TotalMilliseconds) - cpuBefore) / Math.Max(1, run.Latencies.Count);
                await using var db = StorageSetup.CreateContext(database.Options);
                var inLedger = await InLedger(db, run.Acknowledged);
                results.Add(new WriteFigures(provider, nodeCount, count, run.Latencies.Count, run.Errors, Percentile(run.Latencies, 0.50),
                    Percentile(run.Latencies, 0.99), run.Latencies.Count == 0 ? 0 : run.Latencies.Max(), run.Acknowledged.Count / run.Elapsed.TotalSeconds,
                    run.Acknowledged.Count, inLedger, run.FirstError, cpuPerWrite, load));
                Program.Log($"writes: {provider}, {nodeCount} node(s), {count} writers × {perWriter}: {run.Errors} errors, p50 {results[^1].P50:N0} ms, p99 {results[^1].P99:N0} ms, {inLedger}/{run.Acknowledged.Count} in the ledger, {cpuPerWrite:N1} ms of server CPU a write, load {load}");
            }
            return results;
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
            database.ReleaseConnections();
        }
    }

    private sealed record Outcome(List<double> Latencies, int Errors, List<string> Acknowledged, TimeSpan Elapsed, string? FirstError);

    /// <summary>All writers start together (a barrier), each posts <paramref name="perWriter"/> events in turn, writer i through node i mod n.</summary>
    private static async Task<Outcome> Measure(Clients clients, IReadOnlyList<string> tokens, int perWriter, string label)
    {
        var latencies = new List<double>();
        var acknowledged = new List<string>();
        var errors = 0;
        string? firstError = null;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var total = Stopwatch.StartNew();
        var writers = tokens.Select((token, writer) => Task.Run(async () =>
        {
            await gate.Task;
            for (var i = 0; i < perWriter; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, Events)
                {
                    Content = JsonContent.Create(new
                    {
                        date = "2023-08-10",
                        place = "kornidzor",
                        type = "convoy-turned-back",
                        actor1 = "azerbaijan",
                        notes = $"Write load, {label}, writer {writer}, write {i}.",
                        sources = Sources,
                    }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                string? id = null;
                string? error = null;
                try
                {
                    using var response = await clients.For(writer).SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        id = JsonDocument.Parse(body).RootElement.GetProperty("event").GetProperty("id").GetString();
                    }
                    else
                    {
                        error = $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}";
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    error = e.Message;
                }
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(elapsed);
                    if (id is not null)
                    {
                        acknowledged.Add(id);
                    }
                    else
                    {
                        errors++;
                        firstError ??= error;
                    }
                }
            }
        })).ToList();
        total.Restart();
        gate.SetResult();
        await Task.WhenAll(writers);
        return new Outcome(latencies, errors, acknowledged, total.Elapsed, firstError);
    }

    private static async Task<int> InLedger(LifelineDbContext db, IReadOnlyList<string> ids)
    {
        var wanted = ids.Select(id => $"lachin-2022/{id}").ToHashSet(StringComparer.Ordinal);
        var found = 0;
        foreach (var chunk in wanted.Chunk(500))
        {
            found += await db.Set<LedgerLeafRow>().AsNoTracking()
                .Where(l => l.RecordType == RecordTypes.Event && l.Version == 1 && chunk.Contains(l.RecordId)).CountAsync();
        }
        return found;
    }

    /// <summary>One reporter account and API token per writer, made directly in the database as <c>lifeline users add</c> does.</summary>
    internal static async Task<IReadOnlyList<string>> Accounts(StorageOptions storage, int count)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddLifelineStorage(storage);
        services.AddAccountStore();
        services.AddScoped<UserAdministration>();
        services.AddScoped<ICurrentUser>(_ => new BenchUser());
        services.AddScoped<AuditLog>();
        services.AddSingleton(TokenLifetimes.Default);
        services.AddScoped<ApiTokens>();
        await using var provider = services.BuildServiceProvider();
        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            await using var scope = provider.CreateAsyncScope();
            var email = $"writer-{i}@example.org";
            var added = await scope.ServiceProvider.GetRequiredService<UserAdministration>().Add(email, $"Writer {i}", [Role.Reporter], "write load passphrase");
            if (!added.Errors.IsEmpty)
            {
                throw new InvalidOperationException(added.Errors.ToString());
            }
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<LifelineUser>>().FindByEmailAsync(email))!;
            var made = await scope.ServiceProvider.GetRequiredService<ApiTokens>().Create(new Viewer(user.Id, user.DisplayName, new HashSet<Role> { Role.Reporter }), "write load", null, null);
            tokens.Add(made.Token!.Token);
        }
        return tokens;
    }

    private sealed class BenchUser : ICurrentUser
    {
        public Viewer Viewer => Viewer.Anonymous;
        public string? Address => null;
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>One HTTP client per node, with as many connections as the writers want.</summary>
    private sealed class Clients(IEnumerable<Uri> addresses) : IDisposable
    {
        private readonly List<HttpClient> clients = addresses.Select(a => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = a,
            Timeout = TimeSpan.FromMinutes(2),
        }).ToList();

        public HttpClient For(int writer) => clients[writer % clients.Count];

        public void Dispose()
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>A <c>lifeline serve</c> process in its own folder (its data folder and its home), with the deployment's keys.</summary>
    private sealed class Node : IDisposable
    {
        private readonly Process process;

        private Node(Process process, Uri address)
        {
            this.process = process;
            Address = address;
        }

        public Uri Address { get; }

        /// <summary>The processor time the node has used so far (user and system, all its threads).</summary>
        public TimeSpan CpuTime
        {
            get
            {
                process.Refresh();
                return process.TotalProcessorTime;
            }
        }

        public static async Task<Node> Start(StorageOptions storage, string folder, string keys, string name)
        {
            Directory.CreateDirectory(folder);
            var address = new Uri($"http://127.0.0.1:{FreePort()}");
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // On SQLite the data folder is the database's folder (one machine, one node).
            var data = storage.Provider == StorageProvider.Postgres ? folder : storage.DataDirectory;
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lifeline.dll"));
            foreach (var arg in new[] { "serve", "--urls", address.ToString().TrimEnd('/'), "--data", data })
            {
                info.ArgumentList.Add(arg);
            }
            if (storage.Provider == StorageProvider.Postgres)
            {
                info.ArgumentList.Add("--postgres");
                info.ArgumentList.Add(storage.ConnectionString);
            }
            info.Environment["HOME"] = folder;
            info.Environment["LIFELINE_NODE_NAME"] = name;
            info.Environment["LIFELINE_LEDGER_KEY"] = Path.Combine(keys, "ledger-signing-key");
            info.Environment["LIFELINE_SIGN_IN_KEYS_CERTIFICATE"] = Path.Combine(keys, "sign-in-keys.pfx");
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            info.Environment.Remove("ConnectionStrings__Lifeline");
            // LIFELINE_BENCH_TRACE=DIR: each node writes a CPU-sampling trace (EventPipe) to DIR/<node>.nettrace, for
            // `dotnet-trace report FILE topN`; the node is then stopped gracefully so that the trace is complete.
            if (Environment.GetEnvironmentVariable("LIFELINE_BENCH_TRACE") is { Length: > 0 } traces)
            {
                Directory.CreateDirectory(traces);
                info.Environment["DOTNET_EnableEventPipe"] = "1";
                info.Environment["DOTNET_EventPipeOutputPath"] = Path.Combine(Path.GetFullPath(traces), $"{Path.GetFileName(Path.GetDirectoryName(folder))}-{name}.nettrace");
                info.Environment["DOTNET_EventPipeConfig"] = "Microsoft-DotNETCore-SampleProfiler:0:5,Microsoft-Windows-DotNETRuntime:0x4c14fccbd:5";
            }
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { Length: > 0 } line)
                {
                    Console.Error.WriteLine($"[{name}] {line}");
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
            for (var attempt = 0; attempt < 600; attempt++)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"lifeline serve ({name}) exited with {process.ExitCode}");
                }
                try
                {
                    if ((await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK)
                    {
                        return new Node(process, address);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
                await Task.Delay(500);
            }
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lifeline serve ({name}) did not answer /readyz within five minutes");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                // SIGTERM first: the server stops as an operator's Ctrl+C stops it (and finishes a trace, if asked for).
                using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    term.WaitForExit();
                }
                if (process.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    process.Dispose();
                    return;
                }
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            process.Dispose();
        }
    }
}
