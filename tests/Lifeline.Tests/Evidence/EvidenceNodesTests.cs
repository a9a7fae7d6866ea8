using System.Net;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Evidence;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;

namespace Lifeline.Tests.Evidence;

/// <summary>
/// Two nodes over one PostgreSQL database, each with a data folder of its own (as on two machines) and the deployment's
/// one ledger key: evidence kept in the database is read through either node, and <c>ledger verify</c> finds every
/// file from either node's folder.
/// </summary>
public sealed class EvidenceNodesTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Upload => $"/api/v1/situations/lachin-2022/events/{LedgerTestKit.EventId}/evidence";

    private static async Task<string> Uploaded(HttpClient client, byte[] content, string name)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", name);
        var response = await client.PostAsync(Upload, form, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        return body.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<byte[]> Downloaded(HttpClient client, string evidenceId)
    {
        var response = await client.GetAsync($"/api/v1/situations/lachin-2022/evidence/{evidenceId}/file", Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        return await response.Content.ReadAsByteArrayAsync(Cancel);
    }

    [Fact]
    public async Task Postgres_EvidenceUploadedThroughOneNode_DownloadsThroughTheOther_AndVerifiesFromEitherFolder()
    {
        var limit = new EvidenceOptions(4_000_000);
        await using var a = await LifelineServer.Start(TestDatabase.Postgres, evidence: limit);
        var folderB = Path.Combine(a.Database.Folder, "node-b");
        await using var b = await a.StartAnotherNode(folderB, limit);
        using var throughA = await a.ClientFor(Role.Reporter);
        using var throughB = await b.ClientFor(Role.Reporter);
        var photoA = LedgerTestKit.Jpeg(seed: 1, length: 2_500_000);
        var photoB = LedgerTestKit.Jpeg(seed: 2, length: 300_000);

        var fromA = await Uploaded(throughA, photoA, "through-a.jpg");
        var fromB = await Uploaded(throughB, photoB, "through-b.jpg");

        Assert.Equal(photoA, await Downloaded(throughB, fromA));
        Assert.Equal(photoB, await Downloaded(throughA, fromB));
        Assert.Equal(photoA, await Downloaded(throughA, fromA));
        foreach (var folder in new[] { a.Database.Folder, folderB })
        {
            var verified = await LifelineProcess.Run(a.Database.Folder, ["ledger", "verify", "--data", folder, "--postgres", a.Database.Options.ConnectionString]);
            Assert.True(verified.ExitCode == 0, $"ledger verify with --data {folder}: exit {verified.ExitCode}\n{verified.Output}{verified.Error}");
            Assert.Contains("2 evidence files checked", verified.Output, StringComparison.Ordinal);
        }
    }
}
