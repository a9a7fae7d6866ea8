using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Ledger;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Ledger;

/// <summary>The public ledger API and pages, over HTTP, read anonymously as a Certificate Transparency log is.</summary>
public sealed class LedgerApiTests : IAsyncLifetime
{
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(VerifierKey Key, Checkpoint Checkpoint)> SignedCheckpoint()
    {
        var keyResponse = await server.Client.GetAsync("/api/v1/ledger/key", Cancel);
        Assert.Equal("text/plain", keyResponse.Content.Headers.ContentType?.MediaType);
        Assert.True(VerifierKey.TryParse(await keyResponse.Content.ReadAsStringAsync(Cancel), out var key));
        var response = await server.Client.GetAsync("/api/v1/ledger/checkpoint", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(SignedNote.TryOpen(await response.Content.ReadAsStringAsync(Cancel), key, out var body, out var problem), problem);
        Assert.True(Checkpoint.TryParse(body, out var checkpoint));
        return (key, checkpoint);
    }

    private async Task<List<byte[]>> Leaves(ulong start, ulong end)
    {
        var body = await server.Get<JsonElement>($"/api/v1/ledger/leaves?start={start}&end={end}");
        return body.GetProperty("leaves").EnumerateArray().Select(l => Convert.FromBase64String(l.GetString()!)).ToList();
    }

    private async Task<MerkleHash[]> Hashes(string path)
    {
        var body = await server.Get<JsonElement>(path);
        return body.GetProperty("hashes").EnumerateArray().Select(h => MerkleHash.FromBase64(h.GetString()!)).ToArray();
    }

    [Fact]
    public async Task Checkpoint_IsSignedByThePublishedKey_AndCoversTheLedger()
    {
        var (key, checkpoint) = await SignedCheckpoint();
        Assert.Equal(LedgerOptions.DefaultOrigin, key.Name);
        Assert.Equal(key.Name, checkpoint.Origin);
        Assert.True(checkpoint.Size > 400);
    }

    [Fact]
    public async Task InclusionProofs_FromTheApi_VerifyWithTheLibrary()
    {
        var (_, checkpoint) = await SignedCheckpoint();
        foreach (var index in new ulong[] { 0, 7, checkpoint.Size / 2, checkpoint.Size - 1 })
        {
            var leaf = Assert.Single(await Leaves(index, index + 1));
            var proof = await Hashes($"/api/v1/ledger/proof/inclusion?index={index}&size={checkpoint.Size}");
            Assert.Equal(ProofVerdict.Valid, MerkleVerifier.VerifyInclusion(index, checkpoint.Size, MerkleHasher.HashLeaf(leaf), proof, checkpoint.Root));
        }
    }

    [Fact]
    public async Task ConsistencyProof_LinksTwoCheckpoints()
    {
        var (_, first) = await SignedCheckpoint();
        using var reporter = await server.ClientFor(Role.Reporter);
        var created = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-08-10",
            place = "kornidzor",
            type = "convoy-turned-back",
            notes = "Ledger consistency test.",
            sources = new[] { "news-am-775042" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        server.Clock.Advance(TimeSpan.FromMinutes(2));
        var (_, second) = await SignedCheckpoint();
        Assert.Equal(first.Size + 1, second.Size);
        var proof = await Hashes($"/api/v1/ledger/proof/consistency?from={first.Size}&to={second.Size}");
        Assert.Equal(ProofVerdict.Valid, MerkleVerifier.VerifyConsistency(first.Size, second.Size, proof, first.Root, second.Root));
    }

    [Fact]
    public async Task Leaves_ArePagedWithAMaximum_AndRebuildTheSignedRoot()
    {
        var (_, checkpoint) = await SignedCheckpoint();
        var all = new List<byte[]>();
        for (ulong start = 0; start < checkpoint.Size; start = (ulong)all.Count)
        {
            var page = await Leaves(start, checkpoint.Size);
            Assert.InRange(page.Count, 1, LedgerQueries.MaxLeavesPerRequest);
            all.AddRange(page);
        }
        var frontier = MerkleFrontier.Empty.Append(all.Select(l => MerkleHasher.HashLeaf(l)).ToArray());
        Assert.Equal(checkpoint.Root, frontier.NewRoot);
        Assert.All(all, leaf => Assert.True(LedgerEntry.TryParse(leaf, out _)));
    }

    [Fact]
    public async Task Records_GivesEveryVersionsLeaf()
    {
        var body = await server.Get<JsonElement>($"/api/v1/ledger/records/event/lachin-2022/{LedgerTestKit.EventId}");
        var leaf = Assert.Single(body.GetProperty("leaves").EnumerateArray());
        Assert.Equal(1, leaf.GetProperty("version").GetInt32());
        var index = leaf.GetProperty("index").GetUInt64();
        var bytes = Assert.Single(await Leaves(index, index + 1));
        Assert.True(LedgerEntry.TryParse(bytes, out var entry));
        Assert.Equal($"lachin-2022/{LedgerTestKit.EventId}", entry.RecordId);
    }

    [Theory]
    [InlineData("/api/v1/ledger/leaves?end=3", "start")]
    [InlineData("/api/v1/ledger/leaves?start=0", "end")]
    [InlineData("/api/v1/ledger/leaves?start=x&end=3", "start")]
    [InlineData("/api/v1/ledger/leaves?start=-1&end=3", "start")]
    [InlineData("/api/v1/ledger/leaves?start=5&end=5", "start")]
    [InlineData("/api/v1/ledger/leaves?start=0&end=999999999", "end")]
    [InlineData("/api/v1/ledger/proof/inclusion?size=10", "index")]
    [InlineData("/api/v1/ledger/proof/inclusion?index=10&size=10", "index")]
    [InlineData("/api/v1/ledger/proof/inclusion?index=1&size=999999999", "size")]
    [InlineData("/api/v1/ledger/proof/inclusion?index=1&size=1.5", "size")]
    [InlineData("/api/v1/ledger/proof/consistency?from=0&to=10", "from")]
    [InlineData("/api/v1/ledger/proof/consistency?from=11&to=10", "from")]
    [InlineData("/api/v1/ledger/proof/consistency?from=1&to=999999999", "to")]
    [InlineData("/api/v1/ledger/proof/consistency?from=1", "to")]
    [InlineData("/api/v1/ledger/records/secret/lachin-2022/x", "type")]
    public async Task BadParameters_AreProblemsNamingTheParameter(string path, string parameter)
    {
        var response = await server.Client.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(parameter, out _), $"{path}: {errors}");
    }

    [Fact]
    public async Task UnknownRecord_Is404()
    {
        var response = await server.Client.GetAsync("/api/v1/ledger/records/event/lachin-2022/no-such-event", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UnpublishedEvent_IsCommittedWithoutRevealingItsContent()
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        const string Secret = "Witness Anahit saw the convoy at the bridge";
        var created = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-08-10",
            place = "kornidzor",
            type = "convoy-turned-back",
            notes = Secret,
            sources = new[] { "news-am-775042" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("event").GetProperty("id").GetString()!;

        // Anonymous callers cannot see the event, but they can see that a leaf commits to it, and nothing more.
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"/api/v1/situations/lachin-2022/events/{id}", Cancel)).StatusCode);
        var record = await server.Get<JsonElement>($"/api/v1/ledger/records/event/lachin-2022/{id}");
        var index = Assert.Single(record.GetProperty("leaves").EnumerateArray()).GetProperty("index").GetUInt64();
        var leaf = Encoding.UTF8.GetString(Assert.Single(await Leaves(index, index + 1)));
        Assert.DoesNotContain("Anahit", leaf, StringComparison.Ordinal);
        Assert.DoesNotContain("reporter", leaf, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("""^\{"contentHash":"[0-9a-f]{64}","recordId":"lachin-2022/e-[0-9a-f]{32}","recordType":"event","recordedAt":"2026-12-07T09:00:00Z","version":1\}$""", leaf);
    }

    [Fact]
    public async Task LedgerPage_ShowsTheCheckpointAndTheKey()
    {
        var html = WebUtility.HtmlDecode(await server.Client.GetStringAsync("/ledger", Cancel));
        var key = await server.Client.GetStringAsync("/api/v1/ledger/key", Cancel);
        Assert.Contains("id=\"checkpoint\"", html, StringComparison.Ordinal);
        Assert.Contains(key.Trim(), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventPage_ShowsItsLedgerPosition_AndTheVerifyLinkVerifies()
    {
        var html = await server.Client.GetStringAsync($"/situations/lachin-2022/events/{LedgerTestKit.EventId}", Cancel);
        var link = System.Text.RegularExpressions.Regex.Match(html, "version 1: leaf (\\d+) \\(<a href=\"(/ledger/leaves/\\d+)\">verify</a>\\)");
        Assert.True(link.Success, "the event page shows no ledger position");
        var leafPage = await server.Client.GetStringAsync(link.Groups[2].Value, Cancel);
        Assert.Contains("id=\"verdict\">Verified", leafPage, StringComparison.Ordinal);
        Assert.Contains($"lachin-2022/{LedgerTestKit.EventId}", leafPage, StringComparison.Ordinal);
    }
}
