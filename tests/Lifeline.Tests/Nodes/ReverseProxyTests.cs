using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Nodes;

/// <summary>
/// deploy/two-nodes.sh as an operator runs it: two nodes over one PostgreSQL database behind Debian's nginx,
/// round-robin without sticky routing. Everything goes through the proxy.
/// </summary>
public sealed class ReverseProxyTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<(int ExitCode, string Output)> Script(string verb, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestEnvironment.RepositoryRoot,
        };
        info.ArgumentList.Add(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "two-nodes.sh"));
        info.ArgumentList.Add(verb);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(Cancel);
        var error = process.StandardError.ReadToEndAsync(Cancel);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static int FreePort()
    {
        // The script uses the port and the two after it.
        for (var attempt = 0; ; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if ((port < 65_000 && Enumerable.Range(1, 2).All(i => Free(port + i))) || attempt > 20)
            {
                return port;
            }
        }
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task TwoNodesBehindNginx_RecordReviewPublish_ReadBackFromBothAndVerify()
    {
        TestEnvironment.Require(File.Exists("/usr/sbin/nginx"), "nginx", "Install it with `apt-get install nginx` (Debian's package; .ci/run installs it).");
        using var database = TestDatabase.Create(TestDatabase.Postgres);
        var port = FreePort();
        var work = Path.Combine(database.Folder, "two-nodes");
        var environment = new Dictionary<string, string>
        {
            ["LIFELINE_POSTGRES"] = database.Options.ConnectionString,
            ["WORK"] = work,
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LIFELINE_DLL"] = LifelineProcess.Executable,
        };
        try
        {
            var started = await Script("start", environment);
            Assert.True(started.ExitCode == 0, started.Output);
            var proxy = new Uri($"http://127.0.0.1:{port}");
            var added = await LifelineProcess.RunWithInput(database.Folder, LifelineServer.Password,
                ["users", "add", "--email", "admin@example.org", "--role", "admin", "--password-stdin", "--data", database.Folder, "--postgres", database.Options.ConnectionString]);
            Assert.True(added.ExitCode == 0, added.Error);

            using var admin = await LifelineProcess.SignIn(proxy, "admin@example.org", LifelineServer.Password);
            var recorded = await admin.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", SeveralNodesTests.NewEvent("Recorded through the proxy."), Cancel);
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
            var id = JsonDocument.Parse(await recorded.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("event").GetProperty("id").GetString()!;
            var events = $"/api/v1/situations/lachin-2022/events/{id}";
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"{events}/reviews", new { verdict = "verified", note = "checked against the source" }, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"{events}/publication", new { published = true, reason = "reviewed" }, Cancel)).StatusCode);

            using var reader = new HttpClient { BaseAddress = proxy };
            var answeredBy = new List<string>();
            for (var i = 0; i < 20; i++)
            {
                using var response = await reader.GetAsync(events, Cancel);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
                Assert.Equal("published", detail.GetProperty("event").GetProperty("stage").GetString());
                Assert.Equal("Recorded through the proxy.", detail.GetProperty("event").GetProperty("notes").GetString());
                answeredBy.Add(response.Headers.GetValues("X-Lifeline-Node").Single());
            }
            Assert.Equal(["a", "b"], answeredBy.Distinct().Order(StringComparer.Ordinal));

            var keys = new Dictionary<string, string>
            {
                ["LIFELINE_LEDGER_KEY"] = Path.Combine(work, "keys", "ledger-signing-key"),
            };
            var verified = await LifelineProcess.RunWithEnvironment(database.Folder, keys, "ledger", "verify", "--data", Path.Combine(work, "node-b"), "--postgres", database.Options.ConnectionString);
            Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
        }
        finally
        {
            await Script("stop", environment);
        }
    }
}
