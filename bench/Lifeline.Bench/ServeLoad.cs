using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Bench;

/// <summary>
/// Readers and writers against a Release <c>lifeline serve</c>, measured as a user would with wrk (Debian's): a
/// situation of 1,000,000 published events made with the bench generator (100,000 with <c>--quick</c>); each read
/// case at 200 connections (the dashboard, the situation API, the event list's first and a deep page, a search, the
/// calendar API, a ledger proof, the events page), next to <c>/app.css</c> from the same server in the same run;
/// then 200 readers of the dashboard with 50 writers recording events (bench/load/writers.lua, one API token a
/// writer), every acknowledged write looked up afterwards and <c>ledger verify</c> run. Fails (exit 1) on an error
/// answer, a socket error or a lost write, never on a time.
/// </summary>
internal static partial class ServeLoad
{
    public const int Readers = 200;
    public const int Writers = 50;

    /// <summary>One wrk run.</summary>
    public sealed record Row(StorageProvider Engine, string Case, string Path, int Connections, int Seconds,
        double RequestsPerSecond, double P50, double P99, long Requests, long Errors, long Timeouts, string Load)
    {
        public double Ratio { get; init; }
    }

    public sealed record Outcome(StorageProvider Engine, int Events, IReadOnlyList<Row> Rows, long Acknowledged, long Missing, bool LedgerVerified, string? Problem)
    {
        public bool Failed => Problem is not null || Missing > 0 || !LedgerVerified || Rows.Any(r => r.Errors > 0);
    }

    public static IReadOnlyList<Outcome> Run(BenchSettings settings) =>
        settings.Providers.Select(p => RunOne(settings, p).GetAwaiter().GetResult()).ToList();

    private static async Task<Outcome> RunOne(BenchSettings settings, StorageProvider provider)
    {
        var events = settings.Quick ? 100_000 : 1_000_000;
        var seconds = settings.Quick ? 10 : 30;
        var mixedSeconds = settings.Quick ? 10 : 60;
        var folder = Path.Combine(settings.WorkFolder, $"serve-{provider.ToString().ToLowerInvariant()}");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        using var database = BenchDatabase.CreateEmpty(settings, provider, $"serve_{events}");
        var keys = Path.Combine(folder, "keys");
        if (Cli.LifelineCommandLine.Run(["keys", "new", "--out", keys]) != 0)
        {
            throw new InvalidOperationException("lifeline keys new failed");
        }
        var data = provider == StorageProvider.Postgres ? Path.Combine(folder, "data") : database.Options.DataDirectory;
        Directory.CreateDirectory(data);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = folder,
            ["LIFELINE_LEDGER_KEY"] = Path.Combine(keys, "ledger-signing-key"),
            ["LIFELINE_SIGN_IN_KEYS_CERTIFICATE"] = Path.Combine(keys, "sign-in-keys.pfx"),
            // The abuse limits count per address, and every wrk connection comes from 127.0.0.1.
            ["Limits__ReadsPerMinute"] = "10000000",
            ["Limits__WritesPerMinute"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var storageArgs = provider == StorageProvider.Postgres
            ? new[] { "--data", data, "--postgres", database.Options.ConnectionString }
            : ["--data", data];

        var file = SyntheticSiege.EnsureFile(settings.DataFolder, events, Program.Log, published: true);
        Program.Log($"{provider}: importing {events:N0} published events");
        var imported = await Lifeline(["import", file, .. storageArgs], environment, folder);
        if (imported.ExitCode != 0)
        {
            return new Outcome(provider, events, [], 0, 0, false, $"import failed: {Tail(imported.Output)}");
        }
        var tokens = await WriteLoad.Accounts(database.Options, Writers);
        var tokenFile = Path.Combine(folder, "tokens.txt");
        await File.WriteAllLinesAsync(tokenFile, tokens);

        var rows = new List<Row>();
        long acknowledged;
        long missing;
        using (var node = await Serve(storageArgs, environment, folder))
        {
            using var client = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromMinutes(2) };
            var checkpoint = await client.GetStringAsync("/api/v1/ledger/checkpoint");
            var size = long.Parse(checkpoint.Split('\n')[1], CultureInfo.InvariantCulture);
            var situation = "/api/v1/situations/" + SyntheticSiege.SituationId;
            // A cursor a month after the start: the page there lies near the end of the list, as deep as it gets.
            var deep = $"{SyntheticSiege.StartDate.AddMonths(1):yyyy-MM-dd}.{long.MaxValue / 2}";
            var cases = new (string Case, string Path)[]
            {
                ("static file /app.css", "/app.css"),
                ("dashboard", "/situations/" + SyntheticSiege.SituationId),
                ("situation API", situation),
                ("events API, first page", situation + "/events?pageSize=50"),
                ("events API, deep page (cursor)", situation + "/events?pageSize=50&after=" + deep),
                ("events page (HTML)", "/situations/" + SyntheticSiege.SituationId + "/events"),
                ("search q=convoy", situation + "/events?q=convoy"),
                ("calendar API", situation + "/calendar"),
                ("ledger inclusion proof", $"/api/v1/ledger/proof/inclusion?index={size / 2}&size={size}"),
            };
            foreach (var (name, path) in cases)
            {
                // Each answer once before it is timed: it is correct, and its cache is warm.
                var first = await client.GetAsync(path);
                if (!first.IsSuccessStatusCode)
                {
                    return new Outcome(provider, events, rows, 0, 0, false, $"{path} answered {(int)first.StatusCode}");
                }
                LoadWatch.TakeRange();
                var run = await Wrk(node.Address, path, Readers, seconds, null, null);
                rows.Add(run with { Engine = provider, Case = name, Load = LoadWatch.TakeRange() });
                Program.Log($"{provider}: {name}: {run.RequestsPerSecond:N0} req/s, p99 {run.P99:N1} ms, {run.Errors} errors, {run.Timeouts} time-outs");
            }

            Program.Log($"{provider}: {Readers} readers of the dashboard and {Writers} writers for {mixedSeconds} s");
            var acked = Path.Combine(folder, "acked");
            LoadWatch.TakeRange();
            var writers = Wrk(node.Address, situation + "/events", Writers, mixedSeconds, Script("writers.lua"), new Dictionary<string, string>
            {
                ["LIFELINE_TOKENS"] = tokenFile,
                ["LIFELINE_ACKED"] = acked,
                ["LIFELINE_EVENTS_PATH"] = situation + "/events",
            });
            var readers = Wrk(node.Address, "/situations/" + SyntheticSiege.SituationId, Readers, mixedSeconds, null, null);
            var load = LoadWatch.TakeRange();
            rows.Add((await readers) with { Engine = provider, Case = $"dashboard, with {Writers} writers", Load = load });
            rows.Add((await writers) with { Engine = provider, Case = $"writes (POST an event), with {Readers} readers", Load = load });

            var ids = Directory.GetFiles(folder, "acked.*").SelectMany(File.ReadAllLines)
                .Where(l => l.Length > 0).Select(l => l[(l.LastIndexOf('/') + 1)..]).ToList();
            acknowledged = ids.Count;
            using var db = database.Open();
            var stored = 0;
            foreach (var chunk in ids.Chunk(500))
            {
                stored += await db.Events.CountAsync(e => e.SituationId == SyntheticSiege.SituationId && chunk.Contains(e.EventId));
            }
            missing = acknowledged - stored;
            Program.Log($"{provider}: {acknowledged:N0} writes acknowledged, {missing:N0} of them missing");
        }
        var verify = await Lifeline(["ledger", "verify", .. storageArgs], environment, folder);
        Program.Log($"{provider}: ledger verify exited {verify.ExitCode}");
        var statics = rows[0].RequestsPerSecond;
        return new Outcome(provider, events, rows.Select(r => r with { Ratio = statics > 0 ? r.RequestsPerSecond / statics : 0 }).ToList(),
            acknowledged, missing, verify.ExitCode == 0, verify.ExitCode == 0 ? null : $"ledger verify: {Tail(verify.Output)}");
    }

    private static string Script(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "bench", "load", name)))
        {
            directory = directory.Parent;
        }
        return directory is null ? throw new FileNotFoundException($"bench/load/{name} not found above {AppContext.BaseDirectory}") : Path.Combine(directory.FullName, "bench", "load", name);
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(15));

    /// <summary>Runs wrk and reads its summary: requests a second, the 50th and 99th latency percentiles, errors and time-outs.</summary>
    private static async Task<Row> Wrk(Uri address, string path, int connections, int seconds, string? script, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--latency", "--timeout", "5s" })
        {
            info.ArgumentList.Add(argument);
        }
        if (script is not null)
        {
            info.ArgumentList.Add("-s");
            info.ArgumentList.Add(script);
        }
        info.ArgumentList.Add(new Uri(address, path).ToString());
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed: {text}");
        }
        return Parse(text, path, connections, seconds);
    }

    internal static Row Parse(string text, string path, int connections, int seconds)
    {
        double Latency(string percentile)
        {
            var match = Regex.Match(text, $@"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!match.Success)
            {
                return double.NaN;
            }
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }
        long Number(string pattern) => Regex.Match(text, pattern) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(text);
        var socketErrors = socket.Success
            ? long.Parse(socket.Groups[1].Value, CultureInfo.InvariantCulture) + long.Parse(socket.Groups[2].Value, CultureInfo.InvariantCulture) + long.Parse(socket.Groups[3].Value, CultureInfo.InvariantCulture)
            : 0;
        var timeouts = socket.Success ? long.Parse(socket.Groups[4].Value, CultureInfo.InvariantCulture) : 0;
        var rate = Regex.Match(text, @"Requests/sec:\s+([\d.]+)") is { Success: true } r ? double.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new Row(StorageProvider.Sqlite, path, path, connections, seconds, rate, Latency("50"), Latency("99"),
            Number(@"(\d+) requests in"), Number(@"Non-2xx or 3xx responses: (\d+)") + socketErrors, timeouts, "");
    }

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    private static async Task<(int ExitCode, string Output)> Lifeline(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string folder)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lifeline.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        info.Environment.Remove("ConnectionStrings__Lifeline");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private sealed class Node(Process process, Uri address) : IDisposable
    {
        public Uri Address { get; } = address;

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            process.Dispose();
        }
    }

    private static async Task<Node> Serve(IReadOnlyList<string> storageArgs, IReadOnlyDictionary<string, string> environment, string folder)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var address = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lifeline.dll"));
        foreach (var argument in new[] { "serve", "--no-seed", "--urls", address.ToString().TrimEnd('/') }.Concat(storageArgs))
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        info.Environment.Remove("ConnectionStrings__Lifeline");
        var process = Process.Start(info)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"lifeline serve exited with {process.ExitCode}: {log}");
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
        throw new TimeoutException("lifeline serve did not answer /readyz within five minutes");
    }

    public const string BeginMarker = "<!-- serve-load: begin (written by bench/Lifeline.Bench serve) -->";
    public const string EndMarker = "<!-- serve-load: end -->";

    /// <summary>
    /// Puts the table between the markers in docs/performance.md (a full run) or into serve-load.md in the work folder
    /// (a quick one, which must not overwrite the measured figures); returns where it went.
    /// </summary>
    public static string Write(BenchSettings settings, string table)
    {
        var stamp = $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, wrk -t 2 --latency --timeout 5s.\n\n";
        var docs = FindDocs();
        if (settings.Quick || docs is null)
        {
            var path = Path.Combine(settings.WorkFolder, "serve-load.md");
            File.WriteAllText(path, stamp + table);
            return path;
        }
        var text = File.ReadAllText(docs);
        var begin = text.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = text.IndexOf(EndMarker, StringComparison.Ordinal);
        var section = $"{BeginMarker}\n{stamp}{table}{EndMarker}";
        text = begin >= 0 && end > begin ? text[..begin] + section + text[(end + EndMarker.Length)..] : text.TrimEnd() + "\n\n" + section + "\n";
        File.WriteAllText(docs, text);
        return docs;
    }

    private static string? FindDocs()
    {
        var directory = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
        {
            directory = directory.Parent;
        }
        return directory is null ? null : Path.Combine(directory.FullName, "docs", "performance.md");
    }

    /// <summary>The table for docs/performance.md: one row a case, the load average beside it, the ratio to the static file.</summary>
    public static string Table(IReadOnlyList<Outcome> outcomes)
    {
        var text = new StringBuilder();
        text.AppendLine("| engine | case | connections | req/s | p50 ms | p99 ms | errors | time-outs | × `/app.css` | load average |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var outcome in outcomes)
        {
            foreach (var r in outcome.Rows)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {outcome.Engine} | {r.Case} | {r.Connections} | {r.RequestsPerSecond:N0} | {r.P50:N1} | {r.P99:N1} | {r.Errors:N0} | {r.Timeouts:N0} | {r.Ratio:N3} | {r.Load} |");
            }
        }
        text.AppendLine();
        foreach (var outcome in outcomes)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- {outcome.Engine}, {outcome.Events:N0} published events: {outcome.Acknowledged:N0} writes acknowledged, {outcome.Missing:N0} missing afterwards; `ledger verify` {(outcome.LedgerVerified ? "passed" : "FAILED")}{(outcome.Problem is null ? "" : $"; {outcome.Problem}")}.");
        }
        return text.ToString();
    }
}
