using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Ledger;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Ledger;

/// <summary>The server is killed outright while it appends: the ledger still verifies and nothing acknowledged is lost.</summary>
public sealed class LedgerCrashTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Kill9WhileAppending_TreeVerifies_AndNoAcknowledgedRecordIsMissing(string provider)
    {
        using var database = TestDatabase.Create(provider);
        var storage = LedgerTestKit.StorageArgs(database);
        var cancel = TestContext.Current.CancellationToken;
        const int Writers = 3;
        for (var i = 0; i < Writers; i++)
        {
            var added = await LifelineProcess.RunWithInput(database.Folder, LifelineServer.Password,
                ["users", "add", "--email", $"reporter{i}@example.org", "--role", "reporter", "--password-stdin", .. storage]);
            Assert.Equal(0, added.ExitCode);
        }
        var (server, address) = await LifelineProcess.Serve(database.Folder, storage[2..]);
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using (server)
        {
            var clients = new List<HttpClient>();
            for (var i = 0; i < Writers; i++)
            {
                clients.Add(await LifelineProcess.SignIn(address, $"reporter{i}@example.org", LifelineServer.Password));
            }
            using var stop = new CancellationTokenSource();
            var writers = clients.Select((client, w) => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested && n < 110; n++)
                {
                    try
                    {
                        var response = await client.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
                        {
                            date = "2023-08-17",
                            place = "stepanakert",
                            type = "statement",
                            notes = $"Crash test, writer {w}, write {n}.",
                            sources = new[] { "news-am-775042" },
                        }, stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop.Token)).RootElement;
                            acknowledged.Add(body.GetProperty("event").GetProperty("id").GetString()!);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
                    {
                        // The server is gone mid-request: this write was never acknowledged.
                    }
                }
            }, cancel)).ToList();
            // Let the writers get going, then kill the server while they are appending.
            var started = DateTime.UtcNow;
            while (acknowledged.Count < 20 && DateTime.UtcNow - started < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20, cancel);
            }
            server.KillHard();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        Assert.True(acknowledged.Count >= 20, $"only {acknowledged.Count} writes were acknowledged before the kill");

        var verify = await LifelineProcess.Run(database.Folder, ["ledger", "verify", .. storage]);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);

        using var db = database.Open();
        var ledger = new LedgerQueries(db);
        var missing = new List<string>();
        foreach (var id in acknowledged)
        {
            if ((await ledger.RecordAsync(RecordTypes.Event, $"lachin-2022/{id}", TestContext.Current.CancellationToken)).Count != 1)
            {
                missing.Add(id);
            }
        }
        Assert.Empty(missing);
    }
}
