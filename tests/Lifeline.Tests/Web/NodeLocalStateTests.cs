using System.Net.Http.Headers;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Evidence;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;

namespace Lifeline.Tests.Web;

/// <summary>
/// Nothing a node keeps to itself changes what the API answers: two nodes over one PostgreSQL database, each with a
/// data folder of its own and the deployment's one ledger key; node B first reads everything (so that anything it
/// remembered would go stale), every write goes through node A, then every read endpoint (enumerated from the server,
/// as the HTTP fuzz test does, so a new one is covered without being listed) must answer through B as through A, the
/// ledger's checkpoint and key included. What a node keeps to itself is listed in docs/deploy.md ("What a node keeps
/// locally"); none of it may change an answer.
/// </summary>
public sealed class NodeLocalStateTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Postgres_EveryWriteThroughOneNode_EveryReadThroughTheOther_AnswersTheSame()
    {
        var evidence = new EvidenceOptions(200_000);
        await using var a = await LifelineServer.Start(TestDatabase.Postgres, limits: new AbuseLimits(SignInsPerMinute: 1_000, WritesPerMinute: 1_000_000), evidence: evidence);
        await using var b = await a.StartAnotherNode(Path.Combine(a.Database.Folder, "node-b"), evidence);
        var token = await a.TokenFor(Role.Admin);
        using var throughA = Client(a, token);
        using var throughB = Client(b, token);
        var endpoints = HttpFuzzTests.Endpoints(a);
        var reads = endpoints.Where(e => e.Method == "GET").Select(HttpFuzzTests.Path).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(reads.Count >= 23, string.Join(", ", reads));
        foreach (var path in reads)
        {
            (await throughB.GetAsync(path, Cancel)).Dispose();
        }

        var written = new List<string>();
        var upload = await throughA.PostAsync($"/api/v1/situations/lachin-2022/events/{LedgerTestKit.EventId}/evidence", Photo(), Cancel);
        Assert.Equal(System.Net.HttpStatusCode.Created, upload.StatusCode);
        var evidenceId = System.Text.Json.JsonDocument.Parse(await upload.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("id").GetString()!;
        written.Add("POST evidence");
        foreach (var write in endpoints.Where(e => e.Method is "POST" or "PUT" && HttpFuzzTests.Seeds.ContainsKey(e.Key)))
        {
            var path = HttpFuzzTests.Path(write).Replace("/evidence/nope/", $"/evidence/{evidenceId}/", StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(write.Method), path)
            {
                Content = new StringContent(HttpFuzzTests.Seeds[write.Key], System.Text.Encoding.UTF8, "application/json"),
            };
            using var response = await throughA.SendAsync(request, Cancel);
            if (response.IsSuccessStatusCode)
            {
                written.Add(write.Key);
            }
        }
        Assert.True(written.Count >= 10, $"only these writes were accepted: {string.Join(", ", written)}");

        var differences = new List<string>();
        foreach (var path in reads.Append($"/api/v1/situations/lachin-2022/evidence/{evidenceId}").Append($"/api/v1/situations/lachin-2022/evidence/{evidenceId}/file"))
        {
            var first = await Answer(throughA, path);
            var other = await Answer(throughB, path);
            var again = await Answer(throughA, path);
            // A read that is itself recorded (the audit log, a download's custody step) changes the next answer:
            // then only the status must agree.
            var stable = first == again;
            if (other.Status != first.Status || (stable && other.Body != first.Body))
            {
                differences.Add($"GET {path}: through A {first.Status} {Shorten(first.Body)}; through B {other.Status} {Shorten(other.Body)}");
            }
        }
        Assert.True(differences.Count == 0, $"{differences.Count} reads answer differently through another node:\n{string.Join("\n", differences)}");
    }

    private static HttpClient Client(LifelineServer node, string token)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static MultipartFormDataContent Photo()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(LedgerTestKit.Jpeg(seed: 7, length: 50_000));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "checkpoint.jpg");
        return form;
    }

    private static async Task<(int Status, string Body)> Answer(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Cancel);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Cancel));
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;
}
