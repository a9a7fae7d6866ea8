using System.IO.Compression;
using Lifeline.Evidence;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;

namespace Lifeline.Tests.Evidence;

/// <summary>Evidence bundles, made with the real executable and checked with nothing but the bundle.</summary>
public sealed class EvidenceBundleTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<(string Bundle, EvidenceView Evidence)> MakeBundle(Seeded seeded)
    {
        var parts = new EvidenceParts(seeded.Db, seeded.Clock, TestUser.Everything, seeded.Database.Options, seeded.Sequencer);
        var evidence = parts.Added(Scenarios.Default, LedgerTestKit.EventId, LedgerTestKit.Jpeg(), "road.jpg");
        parts.Added(Scenarios.Default, LedgerTestKit.EventId, LedgerTestKit.Jpeg(seed: 5), "tents.jpg");
        var bundle = Path.Combine(seeded.Database.Folder, "bundle.zip");
        var made = await LifelineProcess.Run(seeded.Database.Folder,
            ["evidence", "bundle", "--event", $"lachin-2022/{LedgerTestKit.EventId}", "--out", bundle, "--why", "for the ICJ registry", "--by", "Counsel", .. LedgerTestKit.StorageArgs(seeded.Database)]);
        Assert.True(made.ExitCode == 0, made.Output + made.Error);
        return (bundle, evidence);
    }

    private static Task<LifelineProcess.Result> VerifyBundle(string folder, string bundle, params string[] extra) =>
        LifelineProcess.Run(folder, ["evidence", "verify-bundle", bundle, .. extra]);

    /// <summary>Rewrites one entry of a zip, as someone editing the bundle would.</summary>
    private static void Rewrite(string zip, Func<string, bool> which, Func<byte[], byte[]> change)
    {
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Update);
        var entry = archive.Entries.First(e => which(e.FullName));
        byte[] content;
        using (var stream = entry.Open())
        using (var memory = new MemoryStream())
        {
            stream.CopyTo(memory);
            content = memory.ToArray();
        }
        var name = entry.FullName;
        entry.Delete();
        using var target = archive.CreateEntry(name).Open();
        target.Write(change(content));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bundle_RoundTrips_WithoutTheDatabase(string provider)
    {
        using var seeded = new Seeded(provider);
        var (bundle, evidence) = await MakeBundle(seeded);
        using (var zip = ZipFile.OpenRead(bundle))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", names);
            Assert.Contains("checkpoint.txt", names);
            Assert.Contains("key.txt", names);
            Assert.Contains("manifest.json", names);
            Assert.Contains($"files/{evidence.Sha256}", names);
            Assert.Contains(names, n => n.StartsWith("records/", StringComparison.Ordinal) && n.Contains("-event-v1", StringComparison.Ordinal));
        }
        // The bundle is checked elsewhere, with no database anywhere near it.
        var elsewhere = Path.Combine(Path.GetTempPath(), "lifeline-bundle-check", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(elsewhere);
        var copy = Path.Combine(elsewhere, "bundle.zip");
        File.Copy(bundle, copy);
        using var key = Lifeline.Ledger.LedgerKey.LoadOrCreate(seeded.Database.Folder, "unused");
        var result = await VerifyBundle(elsewhere, copy, "--key", key.Verifier.ToString());
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("OK:", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(elsewhere, "lifeline.db")));

        // Making the bundle was an export of each file: a custody step, itself in the ledger.
        var steps = await new EvidenceParts(seeded.Db, seeded.Clock, TestUser.Everything, seeded.Database.Options, seeded.Sequencer).Queries.StepsAsync(Scenarios.Default, evidence.Id, TestContext.Current.CancellationToken);
        Assert.Equal(["received", "exported"], steps.Select(s => s.Action));
        Assert.Equal("for the ICJ registry", steps[1].Why);
        Assert.Equal("Counsel", steps[1].By);
        Directory.Delete(elsewhere, recursive: true);
    }

    [Fact]
    public async Task TamperedRecord_FailsVerification_NamingIt()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var (bundle, _) = await MakeBundle(seeded);
        Rewrite(bundle, n => n.StartsWith("records/", StringComparison.Ordinal) && n.Contains("-event-v1", StringComparison.Ordinal),
            bytes => System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes).Replace("\"fatalities\":null", "\"fatalities\":3", StringComparison.Ordinal)));
        var result = await VerifyBundle(seeded.Database.Folder, bundle);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"event lachin-2022/{LedgerTestKit.EventId} version 1:", result.Output, StringComparison.Ordinal);
        Assert.Contains("is not the one the ledger holds", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplacedFile_FailsVerification_NamingIt()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var (bundle, evidence) = await MakeBundle(seeded);
        Rewrite(bundle, n => n == $"files/{evidence.Sha256}", _ => LedgerTestKit.Jpeg(seed: 99));
        var result = await VerifyBundle(seeded.Database.Folder, bundle);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"evidence {evidence.Id} (road.jpg)", result.Output, StringComparison.Ordinal);
        Assert.Contains("was replaced or altered", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedCheckpoint_FailsVerification()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var (bundle, _) = await MakeBundle(seeded);
        Rewrite(bundle, n => n == "checkpoint.txt", bytes =>
        {
            var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
            lines[1] = (ulong.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines));
        });
        var result = await VerifyBundle(seeded.Database.Folder, bundle);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("checkpoint.txt: the signature by", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotABundle_IsBadInput()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lifeline-bundle-check", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "not.zip");
        await File.WriteAllTextAsync(file, "hello", Cancel);
        var result = await VerifyBundle(folder, file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a zip file", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await VerifyBundle(folder, Path.Combine(folder, "missing.zip"))).ExitCode);
        Directory.Delete(folder, recursive: true);
    }
}
