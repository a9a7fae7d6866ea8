using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lifeline.Tests.Infrastructure;

/// <summary>The <c>lifeline</c> executable run as a separate process, as a user runs it.</summary>
internal sealed class LifelineProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines;

    private LifelineProcess(Process process, System.Collections.Concurrent.ConcurrentQueue<string> lines)
    {
        this.process = process;
        this.lines = lines;
    }

    /// <summary>What the server has written so far, standard output and error interleaved, a line each.</summary>
    public IReadOnlyList<string> Output => [.. lines];

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "lifeline.dll");

    private static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Executable);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment.Remove("ConnectionStrings__Lifeline");
        // A verb run without --data keeps its data in the folder the test gave it, never in the user's own folder.
        info.Environment["LIFELINE_DATA"] = workingDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        return info;
    }

    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs a verb to its end.</summary>
    public static Task<Result> Run(string workingDirectory, params string[] args) => RunWithInput(workingDirectory, null, args);

    /// <summary>Runs a verb to its end, writing <paramref name="input"/> to its standard input.</summary>
    public static Task<Result> RunWithInput(string workingDirectory, string? input, params string[] args) => RunWith(workingDirectory, null, input, args);

    /// <summary>Runs a verb to its end with these environment variables set.</summary>
    public static Task<Result> RunWithEnvironment(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunWith(workingDirectory, environment, null, args);

    /// <summary>
    /// Runs a long verb (a large import or export) to its end with these environment variables set, waiting at most
    /// <paramref name="limit"/>: a shared test machine may be slow, and the test is about memory, not time.
    /// </summary>
    public static Task<Result> RunLongWithEnvironment(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan limit, params string[] args) =>
        RunWith(workingDirectory, environment, null, args, limit);

    private static async Task<Result> RunWith(string workingDirectory, IReadOnlyDictionary<string, string>? environment, string? input, string[] args, TimeSpan? limit = null)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args, environment))!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Starts <c>serve</c> on a free port and waits until it answers <c>/readyz</c>.</summary>
    public static Task<(LifelineProcess Server, Uri Address)> Serve(string dataDirectory, params string[] extra) => ServeWith(dataDirectory, null, extra);

    /// <summary>Starts <c>serve</c> with these environment variables set and waits until it answers <c>/readyz</c>.</summary>
    public static async Task<(LifelineProcess Server, Uri Address)> ServeWith(string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] extra)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var process = Process.Start(StartInfo(dataDirectory, ["serve", "--urls", address.ToString().TrimEnd('/'), "--data", dataDirectory, .. extra], environment))!;
        return await Started(process, address);
    }

    /// <summary>Starts <c>serve</c> in <paramref name="workingDirectory"/> with exactly these arguments (no <c>--data</c> added).</summary>
    public static async Task<(LifelineProcess Server, Uri Address)> ServeAsIs(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var process = Process.Start(StartInfo(workingDirectory, ["serve", "--urls", address.ToString().TrimEnd('/'), .. args], environment))!;
        return await Started(process, address);
    }

    private static async Task<(LifelineProcess Server, Uri Address)> Started(Process process, Uri address)
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        // A first run loads the built-in scenario before it listens: on a busy machine that takes minutes.
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"lifeline serve exited with {process.ExitCode}: {string.Join("\n", lines)}");
            }
            try
            {
                if ((await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK)
                {
                    return (new LifelineProcess(process, lines), address);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"lifeline serve did not answer /readyz within 5 minutes: {string.Join("\n", lines)}");
    }

    /// <summary>A client signed in through the sign-in page of a running server.</summary>
    public static async Task<HttpClient> SignIn(Uri address, string email, string password)
    {
        var client = SignInPage.NewClient(address);
        var response = await SignInPage.Post(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in failed: {response.StatusCode}");
        }
        return client;
    }

    /// <summary>Starts a verb and returns at once, for a test that stops it the hard way while it works.</summary>
    public static LifelineProcess Start(string workingDirectory, params string[] args)
    {
        var process = Process.Start(StartInfo(workingDirectory, args))!;
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Keep(object? sender, DataReceivedEventArgs line)
        {
            if (line.Data is not null)
            {
                lines.Enqueue(line.Data);
            }
        }
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return new LifelineProcess(process, lines);
    }

    public bool HasExited => process.HasExited;

    /// <summary>Ends the process the hard way: SIGKILL, no chance to flush or close anything.</summary>
    public void KillHard()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
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
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
    }
}
