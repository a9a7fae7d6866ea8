using System.Diagnostics;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Web;

/// <summary>
/// The quick form of the serve bench (bench/Lifeline.Bench <c>serve --quick</c>): 100,000 published events, each read
/// case for 10 s at 200 connections with wrk, then 200 readers with 50 writers, every acknowledged write looked up and
/// <c>ledger verify</c> run, on SQLite and (when it is reachable) PostgreSQL. It fails on an error answer, a socket
/// error, a lost write or a ledger that does not verify; never on a time (the figures go to docs/performance.md).
/// </summary>
public sealed class ServeLoadTests
{
    [Fact]
    public async Task ServeBench_Quick_NoErrorsAndNoLostWrites()
    {
        TestEnvironment.Require(File.Exists("/usr/bin/wrk"), "wrk", "Install it with `apt-get install wrk` (Debian's package).");
        var work = Path.Combine(Path.GetTempPath(), "lifeline-tests", "serve-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "-c", "Release", "--project", "bench/Lifeline.Bench", "--", "serve", "--quick", "--work", work })
        {
            info.ArgumentList.Add(argument);
        }
        if (Environment.GetEnvironmentVariable("LIFELINE_TEST_POSTGRES") is { } postgres)
        {
            info.Environment["LIFELINE_BENCH_POSTGRES"] = postgres;
        }
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(40));
            await process.WaitForExitAsync(timeout.Token);
            var text = await output + await error;
            TestContext.Current.SendDiagnosticMessage(text);
            Assert.True(process.ExitCode == 0, $"the serve bench exited {process.ExitCode}:\n{string.Join('\n', text.Split('\n').TakeLast(60))}");
            Assert.Contains("0 of them missing", text, StringComparison.Ordinal);
            Assert.Contains("ledger verify exited 0", text, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }
}
