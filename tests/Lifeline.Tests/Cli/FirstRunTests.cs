using System.Diagnostics;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Cli;

/// <summary>
/// A new user's first run: the record goes to a folder of the user's own (never the source tree the command runs
/// in), the server says where it is and where to browse before the slow first load, and the log has a line for
/// what matters rather than lines for every request.
/// </summary>
public sealed class FirstRunTests : IDisposable
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly string folder = Path.Combine(Path.GetTempPath(), "lifeline-first-run", Guid.NewGuid().ToString("N"));

    public FirstRunTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A server just killed may still hold a file for a moment; the folder is in /tmp.
        }
    }

    /// <summary>No --data and no LIFELINE_DATA: only the per-user folder (XDG_DATA_HOME here) decides.</summary>
    private Dictionary<string, string> UserEnvironment(params (string Name, string Value)[] more)
    {
        Directory.CreateDirectory(Path.Combine(folder, "home"));
        var environment = new Dictionary<string, string>
        {
            ["LIFELINE_DATA"] = "",
            ["XDG_DATA_HOME"] = Path.Combine(folder, "xdg"),
            ["HOME"] = Path.Combine(folder, "home"),
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }
        return environment;
    }

    [Fact]
    public async Task Serve_WithoutData_KeepsTheRecordInTheUsersFolder_AndSaysWhereAndWhatItDoes()
    {
        var source = Directory.CreateDirectory(Path.Combine(folder, "checkout")).FullName;
        var (server, address) = await LifelineProcess.ServeAsIs(source, UserEnvironment());
        using (server)
        using (var client = new HttpClient { BaseAddress = address })
        {
            await client.GetStringAsync("/", Cancel);
            await client.GetStringAsync("/api/v1/situations", Cancel);
            await client.GetStringAsync("/situations/lachin-2022/events", Cancel);
            var output = server.Output;
            var data = Path.Combine(folder, "xdg", "lifeline");
            var where = output.ToList().FindIndex(l => l.StartsWith($"Lifeline: data in {data} (SQLite {Path.Combine(data, "lifeline.db")}); serving {address.ToString().TrimEnd('/')}", StringComparison.Ordinal));
            var loading = output.ToList().FindIndex(l => l.Contains("first run: loading the built-in scenario lachin-2022", StringComparison.Ordinal));
            var ready = output.ToList().FindIndex(l => l.Contains($"ready, browse {address.ToString().TrimEnd('/')}", StringComparison.Ordinal));
            Assert.True(where >= 0 && loading > where && ready > loading, string.Join("\n", output));
            Assert.DoesNotContain(output, l => l.Contains("QuerySplittingBehavior", StringComparison.Ordinal));
            // Requests are not logged unless asked for: nothing names the pages just read.
            Assert.DoesNotContain(output, l => l.Contains("/api/v1/situations", StringComparison.Ordinal) || l.Contains("Request starting", StringComparison.Ordinal));
            // The one warning a default run gives: links others keep would name this machine.
            Assert.Contains(output, l => l.Contains("PublicOrigin", StringComparison.Ordinal) && l.Contains("warn", StringComparison.Ordinal));

            Assert.True(File.Exists(Path.Combine(data, "lifeline.db")));
            Assert.True(File.Exists(Path.Combine(data, "ledger", "signing-key")));
            Assert.Empty(Directory.EnumerateFileSystemEntries(source));
        }
    }

    [Fact]
    public async Task RequestLogging_WhenAskedFor_IsOneLineARequest()
    {
        var data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        var (server, address) = await LifelineProcess.ServeWith(data, new Dictionary<string, string> { ["Logging__Requests"] = "true" }, "--no-seed");
        using (server)
        using (var client = new HttpClient { BaseAddress = address })
        {
            await client.GetStringAsync("/api/v1/situations", Cancel);
            await client.GetStringAsync("/api/v1/situations", Cancel);
            await Task.Delay(500, Cancel);
            var lines = server.Output.Where(l => l.Contains("/api/v1/situations", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, lines.Count);
            Assert.All(lines, l => Assert.Contains("200", l, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheGitIgnore_KeepsARecordLeftInTheSourceTreeOutOfCommits()
    {
        foreach (var path in new[] { "lifeline.db", "src/Lifeline/lifeline.db", "src/Lifeline/lifeline.db-wal", "src/Lifeline/ledger/signing-key", "ledger/signing-key", "src/Lifeline/evidence/ab/abcdef" })
        {
            var check = Process.Start(new ProcessStartInfo("git", ["check-ignore", "--no-index", "-q", path])
            {
                WorkingDirectory = TestEnvironment.RepositoryRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            await check.WaitForExitAsync(Cancel);
            Assert.True(check.ExitCode == 0, $"{path} is not ignored by .gitignore");
        }
        foreach (var path in new[] { "src/Lifeline/Ledger/LedgerEntry.cs", "src/Lifeline/Evidence/EvidenceFiles.cs" })
        {
            var check = Process.Start(new ProcessStartInfo("git", ["check-ignore", "--no-index", "-q", path]) { WorkingDirectory = TestEnvironment.RepositoryRoot })!;
            await check.WaitForExitAsync(Cancel);
            Assert.True(check.ExitCode == 1, $"{path} is ignored");
        }
    }
}
