using System.IO.Compression;
using System.Text.Json;
using Lifeline.Evidence;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Lifeline.Tests.Reports;

namespace Lifeline.Tests.Legal;

/// <summary>Dossiers for a court, made with the real executable over the Lachin record and checked with nothing but the bundle.</summary>
public sealed class DossierBundleTests
{
    private const string Obligation = "icj-unimpeded-movement";
    private const string NoBlockade = "2023-02-18-aliyev-no-blockade";
    private const string ConvoyProvocation = "2023-07-26-azerbaijan-convoy-provocation";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<(string Bundle, EvidenceView Evidence)> MakeDossier(Seeded seeded)
    {
        var parts = new EvidenceParts(seeded.Db, seeded.Clock, TestUser.Everything, seeded.Database.Options, seeded.Sequencer);
        var evidence = parts.Added(Scenarios.Default, LedgerTestKit.EventId, LedgerTestKit.Jpeg(seed: 7), "checkpoint.jpg");
        var bundle = Path.Combine(seeded.Database.Folder, "dossier.zip");
        var made = await LifelineProcess.Run(seeded.Database.Folder,
            ["dossier", "--situation", Scenarios.Default, "--obligation", Obligation, "--from", "2023-02-22", "--to", "2023-09-19",
                "--add", LedgerTestKit.EventId, "--out", bundle, "--why", "for the ICJ registry", "--by", "Counsel", .. LedgerTestKit.StorageArgs(seeded.Database)]);
        Assert.True(made.ExitCode == 0, made.Output + made.Error);
        return (bundle, evidence);
    }

    private static byte[] Entry(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dossier_VerifiesWithoutTheDatabase(string provider)
    {
        SituationReportTests.RequirePoppler();
        using var seeded = new Seeded(provider);
        var (bundle, evidence) = await MakeDossier(seeded);
        using (var zip = ZipFile.OpenRead(bundle))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            foreach (var name in new[] { "dossier.pdf", "dossier.html", "dossier.json", "README.md", "manifest.json", "manifest.sig", "checkpoint.txt", "key.txt", $"files/{evidence.Sha256}" })
            {
                Assert.Contains(name, names);
            }
            var manifest = JsonSerializer.Deserialize<BundleManifest>(Entry(zip, "manifest.json"), BundleManifest.Json)!;
            Assert.Equal(BundleManifest.DossierFormat, manifest.Format);
            Assert.Equal(Obligation, manifest.Obligation);
            Assert.Contains(manifest.Entries, e => e.RecordType == "legal-obligation" && e.RecordId == $"{Scenarios.Default}/{Obligation}");
            Assert.Contains(manifest.Entries, e => e.RecordType == "legal-step");
            Assert.Contains(manifest.Entries, e => e.RecordType == "event" && e.RecordId == $"{Scenarios.Default}/{LedgerTestKit.EventId}");
            Assert.Contains(manifest.Entries, e => e.RecordType == "custody");
            Assert.All(manifest.Entries, e => Assert.NotEmpty(e.InclusionProof));
            // The claims that concern the order are proved like the events: each version a leaf with its inclusion proof.
            Assert.Contains(manifest.Entries, e => e.RecordType == "claim" && e.RecordId == $"{Scenarios.Default}/{NoBlockade}");
            Assert.DoesNotContain(manifest.Entries, e => e.RecordType == "claim" && e.RecordId == $"{Scenarios.Default}/{ConvoyProvocation}");

            // The compliance in the dossier is the one the compliance verb computes over the same days.
            using var dossier = JsonDocument.Parse(Entry(zip, "dossier.json"));
            var compliance = dossier.RootElement.GetProperty("compliance");
            var verb = await LifelineProcess.Run(seeded.Database.Folder,
                ["compliance", "--situation", Scenarios.Default, "--obligation", Obligation, "--from", "2023-02-22", "--to", "2023-09-19", "--json", .. LedgerTestKit.StorageArgs(seeded.Database)]);
            Assert.True(verb.ExitCode == 0, verb.Error);
            using var computed = JsonDocument.Parse(verb.Output);
            var expected = computed.RootElement.GetProperty("obligations")[0];
            Assert.Equal(expected.GetProperty("daysBreached").GetInt32(), compliance.GetProperty("daysBreached").GetInt32());
            Assert.Equal(expected.GetProperty("daysComplied").GetInt32(), compliance.GetProperty("daysComplied").GetInt32());
            var claims = dossier.RootElement.GetProperty("claims").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
            var noBlockade = claims[NoBlockade];
            Assert.Equal("Ilham Aliyev, President of Azerbaijan", noBlockade.GetProperty("actor").GetString());
            Assert.Equal("2023-02-18", noBlockade.GetProperty("made").GetString());
            Assert.Equal("contradicted", noBlockade.GetProperty("standing").GetString());
            Assert.NotEmpty(noBlockade.GetProperty("sources").EnumerateArray());
            // Every source the dossier cites (its events', its claims' and its legal records') is in the bundle with its proof.
            var cited = dossier.RootElement.GetProperty("sources").EnumerateArray().Select(x => x.GetProperty("id").GetString()!).ToList();
            Assert.Contains(noBlockade.GetProperty("sources")[0].GetString()!, cited);
            Assert.All(cited, id => Assert.Contains(manifest.Entries, e => e.RecordType == "source" && e.RecordId == $"{Scenarios.Default}/{id}"));
            var check = noBlockade.GetProperty("check");
            Assert.Equal("contradicted", check.GetProperty("suggested").GetString());
            Assert.Equal(69, check.GetProperty("daysContradicted").GetInt32());
            Assert.Equal(0, check.GetProperty("daysSupported").GetInt32());
            // A claim about convoys and actors only is not about the corridor the order governs.
            Assert.False(claims.ContainsKey(ConvoyProvocation));
            var events = dossier.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
            Assert.Contains(LedgerTestKit.EventId, events);
            // Every event that decides a day of the obligation is in it by default.
            var deciding = compliance.GetProperty("days").EnumerateArray().SelectMany(d => d.GetProperty("events").EnumerateArray().Select(e => e.GetString())).Distinct().ToList();
            Assert.NotEmpty(deciding);
            Assert.All(deciding, id => Assert.Contains(id, events));

            // The PDF reads back: its figures, each footnoted to sources whose grades and addresses are written out; fonts embedded.
            var pdf = Path.Combine(seeded.Database.Folder, "read.pdf");
            await File.WriteAllBytesAsync(pdf, Entry(zip, "dossier.pdf"), Cancel);
            var text = SituationReportTests.Poppler("pdftotext", pdf, "-");
            Assert.Contains($"Dossier: {Obligation}", text, StringComparison.Ordinal);
            Assert.Contains($"{compliance.GetProperty("daysBreached").GetInt32()} days not complied with", text, StringComparison.Ordinal);
            Assert.Matches(@"days not complied with[^\[]*\[\d+(, \d+)*\]", text.ReplaceLineEndings(" "));
            Assert.Matches(@"\[1\] Lifeline: the obligation's rule", text);
            Assert.Matches(@"\[2\] [^\n]+, grade [A-F][1-6]\.\s+https?://\S+", text);
            var flat = text.ReplaceLineEndings(" ");
            Assert.Contains("Claims", text, StringComparison.Ordinal);
            Assert.Contains("there is no blockade", flat, StringComparison.Ordinal);
            Assert.Matches(@"Standing: contradicted, reviewed on", flat);
            Assert.Matches(@"69 of 69 days contradict it, 0 support it, 0 unknown", flat);
            Assert.Matches(@"DejaVu Sans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes", SituationReportTests.Poppler("pdffonts", pdf));
            var html = System.Text.Encoding.UTF8.GetString(Entry(zip, "dossier.html"));
            Assert.Contains($"{compliance.GetProperty("daysBreached").GetInt32()} days not complied with", html, StringComparison.Ordinal);
            Assert.Contains("href=\"dossier.pdf\"", html, StringComparison.Ordinal);
            Assert.Contains("there is no blockade", html, StringComparison.Ordinal);
        }

        // Checked elsewhere, with no database anywhere near it.
        var elsewhere = Path.Combine(Path.GetTempPath(), "lifeline-dossier-check", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(elsewhere);
        var copy = Path.Combine(elsewhere, "dossier.zip");
        File.Copy(bundle, copy);
        using var key = Lifeline.Ledger.LedgerKey.LoadOrCreate(seeded.Database.Folder, "unused");
        var result = await LifelineProcess.Run(elsewhere, ["evidence", "verify-bundle", copy, "--key", key.Verifier.ToString()]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("OK:", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(elsewhere, "lifeline.db")));
        Directory.Delete(elsewhere, recursive: true);

        // Making the dossier was an export of the evidence file: a custody step, itself in the ledger.
        var steps = await new EvidenceParts(seeded.Db, seeded.Clock, TestUser.Everything, seeded.Database.Options, seeded.Sequencer).Queries.StepsAsync(Scenarios.Default, evidence.Id, TestContext.Current.CancellationToken);
        Assert.Equal(["received", "exported"], steps.Select(s => s.Action));
        Assert.Equal("for the ICJ registry", steps[1].Why);
    }

    [Fact]
    public async Task Dossier_OneByteChangedInAnyFile_IsRejectedNamingTheFile()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var (bundle, _) = await MakeDossier(seeded);
        var original = await File.ReadAllBytesAsync(bundle, Cancel);
        List<string> names;
        using (var zip = new ZipArchive(new MemoryStream(original), ZipArchiveMode.Read))
        {
            names = zip.Entries.Select(e => e.FullName).ToList();
        }
        Assert.True(BundleVerifier.Verify(new MemoryStream(original), null).Holds);
        // The claim's record is among the files changed one byte at a time below.
        using (var zip = new ZipArchive(new MemoryStream(original), ZipArchiveMode.Read))
        {
            var manifest = JsonSerializer.Deserialize<BundleManifest>(Entry(zip, "manifest.json"), BundleManifest.Json)!;
            var claim = manifest.Entries.Single(e => e.RecordType == "claim" && e.RecordId == $"{Scenarios.Default}/{NoBlockade}");
            Assert.Contains(claim.Record, names);
            Assert.Contains(claim.Leaf, names);
        }
        foreach (var name in names)
        {
            var copy = new MemoryStream();
            copy.Write(original);
            using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
            {
                var entry = zip.GetEntry(name)!;
                byte[] content;
                using (var stream = entry.Open())
                using (var memory = new MemoryStream())
                {
                    stream.CopyTo(memory);
                    content = memory.ToArray();
                }
                content[content.Length / 2] ^= 0x01;
                entry.Delete();
                using var target = zip.CreateEntry(name).Open();
                target.Write(content);
            }
            copy.Position = 0;
            var report = BundleVerifier.Verify(copy, null);
            Assert.False(report.Holds, $"{name}: one byte changed, yet the dossier verifies");
            var said = report.Unreadable ?? string.Join("\n", report.Findings);
            Assert.True(said.Contains(name, StringComparison.Ordinal), $"{name}: the verifier did not name it: {said}");
        }
        // A file slipped in that the manifest does not name is found too.
        var added = new MemoryStream();
        added.Write(original);
        using (var zip = new ZipArchive(added, ZipArchiveMode.Update, leaveOpen: true))
        using (var extra = zip.CreateEntry("files/extra.jpg").Open())
        {
            extra.Write(LedgerTestKit.Jpeg(seed: 3));
        }
        added.Position = 0;
        var withExtra = BundleVerifier.Verify(added, null);
        Assert.Contains(withExtra.Findings, f => f.StartsWith("files/extra.jpg:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DossierVerb_BadInput_NamesTheOptionAndWritesNothing()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var folder = seeded.Database.Folder;
        var output = Path.Combine(folder, "refused.zip");
        string[] storage = LedgerTestKit.StorageArgs(seeded.Database);
        var cases = new (string[] Args, string Named)[]
        {
            (["--obligation", "no-such-order"], "--obligation"),
            (["--obligation", Obligation, "--proceeding", "no-such-case"], "--proceeding"),
            (["--obligation", Obligation, "--add", "no-such-event"], "--add"),
            (["--obligation", Obligation, "--from", "2023-05-01", "--to", "2023-04-01"], "--to"),
            (["--obligation", Obligation, "--from", "22/02/2023"], "--from"),
        };
        foreach (var (args, named) in cases)
        {
            var result = await LifelineProcess.Run(folder, ["dossier", "--situation", Scenarios.Default, .. args, "--out", output, .. storage]);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', args)}: exit {result.ExitCode} {result.Output}{result.Error}");
            Assert.Contains(named, result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(output));
        }
        var notZip = await LifelineProcess.Run(folder, ["dossier", "--situation", Scenarios.Default, "--obligation", Obligation, "--out", Path.Combine(folder, "d.pdf"), .. storage]);
        Assert.Equal(2, notZip.ExitCode);
        Assert.Contains("must end in .zip", notZip.Error, StringComparison.Ordinal);
    }
}
