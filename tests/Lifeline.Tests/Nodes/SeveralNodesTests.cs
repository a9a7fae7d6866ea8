using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NSec.Cryptography;

namespace Lifeline.Tests.Nodes;

/// <summary>
/// Several nodes over one PostgreSQL database, each a process in a folder of its own (as on separate machines):
/// they start together, share sign-ins and one ledger key, and take concurrent writes (docs/deploy.md).
/// </summary>
public sealed class SeveralNodesTests
{
    private const string Events = "/api/v1/situations/lachin-2022/events";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    internal static object NewEvent(string notes) => new
    {
        date = "2023-08-10",
        place = "kornidzor",
        type = "convoy-turned-back",
        actor1 = "azerbaijan",
        notes,
        sources = new[] { "news-am-775042" },
    };

    [Fact]
    public async Task ThreeNodes_StartedTogetherOnAnEmptyDatabase_MigrateAndSeedOnce()
    {
        using var deployment = await Deployment.Create();

        var started = await Task.WhenAll(deployment.Start("a"), deployment.Start("b"), deployment.Start("c"));

        foreach (var (_, address) in started)
        {
            using var client = new HttpClient { BaseAddress = address };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz", Cancel)).StatusCode);
        }
        Assert.Single(started, s => s.Node.Output.Any(line => line.Contains("First run: loaded the built-in scenario", StringComparison.Ordinal)));
        using var db = deployment.Database.Open(prepare: false);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Cancel));
        Assert.Equal(db.Database.GetMigrations().Count(), (await db.Database.GetAppliedMigrationsAsync(Cancel)).Count());
        Assert.Equal(1, await db.Situations.CountAsync(Cancel));
        var verified = await LifelineProcess.RunWithEnvironment(deployment.Database.Folder, deployment.Environment("a"), ["ledger", "verify", .. deployment.StorageArgs(deployment.Folder("a"))]);
        Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
    }

    [Fact]
    public async Task SignIn_ThroughOneNode_HoldsOnAnotherForTheApiAndForms()
    {
        using var deployment = await Deployment.Create();
        var email = await deployment.AddUser("reporter");
        var (_, a) = await deployment.Start("a");
        var (_, b) = await deployment.Start("b");

        var cookies = new CookieContainer();
        using var throughA = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = a };
        using var throughB = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = b };
        Assert.Equal(HttpStatusCode.Redirect, (await SignInPage.Post(throughA, email, LifelineServer.Password)).StatusCode);

        // The cookie made by A is read by B.
        Assert.Equal(HttpStatusCode.OK, (await throughB.GetAsync("/api/v1/tokens", Cancel)).StatusCode);
        // A form served by A is accepted by B: its antiforgery token and cookie were made with the shared keys.
        var form = await throughA.GetStringAsync("/situations/lachin-2022/events/new", Cancel);
        var posted = await throughB.PostAsync("/situations/lachin-2022/events/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Date"] = "2023-08-10",
            ["Input.Place"] = "kornidzor",
            ["Input.Type"] = "convoy-turned-back",
            ["Input.Actor1"] = "azerbaijan",
            ["Input.Notes"] = "Recorded through node B with a form from node A.",
            ["Input.Sources"] = "news-am-775042",
            ["__RequestVerificationToken"] = SignInPage.AntiforgeryToken(form),
        }), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.StartsWith("/situations/lachin-2022/events/", posted.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // The key ring is in the database, and only encrypted with the deployment's certificate.
        using var db = deployment.Database.Open(prepare: false);
        var keys = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync(Cancel);
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task TwoNodes_SignWithTheDeploymentKey_AndEitherFolderVerifies()
    {
        using var deployment = await Deployment.Create();
        var email = await deployment.AddUser("reporter");
        var settings = new Dictionary<string, string> { ["LIFELINE_CHECKPOINT_SECONDS"] = "1" };
        var (_, a) = await deployment.Start("a", settings);
        var (_, b) = await deployment.Start("b", settings);
        using var throughA = await LifelineProcess.SignIn(a, email, LifelineServer.Password);
        using var throughB = await LifelineProcess.SignIn(b, email, LifelineServer.Password);
        using var anonymousA = new HttpClient { BaseAddress = a };
        using var anonymousB = new HttpClient { BaseAddress = b };

        var notes = new List<string>();
        foreach (var (client, reader) in new[] { (throughA, anonymousA), (throughB, anonymousB), (throughA, anonymousA), (throughB, anonymousB) })
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync(Events, NewEvent($"Appended through {client.BaseAddress}."), Cancel)).StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(1.1), Cancel);
            notes.Add(await reader.GetStringAsync("/api/v1/ledger/checkpoint", Cancel));
        }

        var keyA = await anonymousA.GetStringAsync("/api/v1/ledger/key", Cancel);
        Assert.Equal(keyA, await anonymousB.GetStringAsync("/api/v1/ledger/key", Cancel));
        Assert.Equal(4, notes.Distinct().Count());
        foreach (var note in notes)
        {
            Assert.True(IndependentlyVerified(note, keyA), $"the checkpoint does not verify with the deployment's key:\n{note}");
        }
        foreach (var node in new[] { "a", "b" })
        {
            var verified = await LifelineProcess.RunWithEnvironment(deployment.Database.Folder, deployment.Environment(node), ["ledger", "verify", .. deployment.StorageArgs(deployment.Folder(node))]);
            Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
            Assert.DoesNotContain("not checked", verified.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NodeWithoutTheKey_RefusesToSign_AndSaysHow()
    {
        using var deployment = await Deployment.Create();
        var (_, address) = await deployment.Start("keyless", withKeys: false);
        using var client = new HttpClient { BaseAddress = address };

        var checkpoint = await client.GetAsync("/api/v1/ledger/checkpoint", Cancel);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, checkpoint.StatusCode);
        var problem = JsonDocument.Parse(await checkpoint.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("LIFELINE_LEDGER_KEY", problem, StringComparison.Ordinal);
        Assert.Contains("lifeline keys new", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/api/v1/ledger/key", Cancel)).StatusCode);
        Assert.False(File.Exists(Path.Combine(deployment.Folder("keyless"), "ledger", "signing-key")));
        using var db = deployment.Database.Open(prepare: false);
        Assert.Equal(0, await db.Set<Lifeline.Ledger.LedgerCheckpointRow>().CountAsync(Cancel));
    }

    [Fact]
    public async Task ConcurrentWriters_ThroughTwoNodes_AreAllAcknowledgedAndInTheLedger()
    {
        const int Writers = 80;
        using var deployment = await Deployment.Create();
        var email = await deployment.AddUser("reporter");
        var (_, a) = await deployment.Start("a");
        var (_, b) = await deployment.Start("b");
        using var throughA = await LifelineProcess.SignIn(a, email, LifelineServer.Password);
        using var throughB = await LifelineProcess.SignIn(b, email, LifelineServer.Password);

        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async i =>
        {
            var client = i % 2 == 0 ? throughA : throughB;
            var response = await client.PostAsJsonAsync(Events, NewEvent($"Concurrent writer {i}."), Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            return (response.StatusCode, Body: body);
        }));

        Assert.All(answers, answer => Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{answer.StatusCode}: {answer.Body}"));
        var ids = answers.Select(answer => JsonDocument.Parse(answer.Body).RootElement.GetProperty("event").GetProperty("id").GetString()!).ToList();
        using var db = deployment.Database.Open(prepare: false);
        var leaves = new Lifeline.Ledger.LedgerQueries(db);
        foreach (var id in ids)
        {
            Assert.Single(await leaves.RecordAsync(Lifeline.Ledger.RecordTypes.Event, $"lachin-2022/{id}", TestContext.Current.CancellationToken));
        }
        var verified = await LifelineProcess.RunWithEnvironment(deployment.Database.Folder, deployment.Environment("a"), ["ledger", "verify", .. deployment.StorageArgs(deployment.Folder("a"))]);
        Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
    }

    /// <summary>
    /// Checks a checkpoint against a verifier key with nothing of Lifeline's: the C2SP signed-note and verifier-key
    /// formats read here by hand, and Ed25519 from libsodium.
    /// </summary>
    internal static bool IndependentlyVerified(string note, string verifierKey)
    {
        var parts = verifierKey.Trim().Split('+', 3);
        var publicKey = Convert.FromBase64String(parts[2]).AsSpan(1).ToArray();
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(note[..(split + 1)]);
        foreach (var line in note[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line["— ".Length..].Split(' ');
            var blob = Convert.FromBase64String(fields[1]);
            if (fields[0] == parts[0] && Convert.ToHexStringLower(blob.AsSpan(0, 4)) == parts[1]
                && SignatureAlgorithm.Ed25519.Verify(PublicKey.Import(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey), body, blob.AsSpan(4)))
            {
                return true;
            }
        }
        return false;
    }
}
