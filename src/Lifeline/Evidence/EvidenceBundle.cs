using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lifeline.Core.Evidence;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Evidence;

/// <summary>One record in a bundle: where its canonical form and its leaf are in the zip, its salt and its proof.</summary>
public sealed record BundleEntry(
    string RecordType, string RecordId, int Version, ulong LeafIndex, string Leaf, string Record, string Salt, IReadOnlyList<string> InclusionProof);

/// <summary>One evidence file in a bundle.</summary>
public sealed record BundleFile(string Evidence, string Sha256, string Path, string FileName, string MediaType, long Size);

/// <summary><c>manifest.json</c> of an evidence bundle (format <c>lifeline-bundle/1</c>, docs/ledger.md).</summary>
public sealed record BundleManifest(
    string Format, string Situation, string Event, string CreatedAt, string CreatedBy, ulong TreeSize, string RootHash,
    IReadOnlyList<BundleEntry> Entries, IReadOnlyList<BundleFile> Files)
{
    public const string CurrentFormat = "lifeline-bundle/1";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

/// <summary>
/// Builds an evidence bundle for one event: everything a court needs to check, without Lifeline, that the
/// event's record and evidence are what the ledger committed to. It holds every version of the event, its reviews,
/// the sources, place and actors it cites, the situation, its evidence files with their records and chains of
/// custody (each file's export is itself a custody step, made first), each record's canonical form and salt, each
/// leaf with its inclusion proof, a checkpoint signed for the bundle, the public key, and a README.
/// </summary>
internal sealed class EvidenceBundler(LifelineDbContext db, EvidenceStorage storage, Checkpoints checkpoints, LedgerQueries ledger, ChainOfCustodyLog custody, TimeProvider clock)
{
    /// <returns>Null and the reason when the bundle cannot be made.</returns>
    public async Task<(BundleManifest? Manifest, string? Problem)> WriteAsync(string situationId, string eventId, string why, string by, Stream output, CancellationToken cancel = default)
    {
        if (!await db.Events.AnyAsync(e => e.SituationId == situationId && e.EventId == eventId, cancel))
        {
            return (null, $"There is no event '{eventId}' in situation '{situationId}'.");
        }
        if (checkpoints.Key is not { } key)
        {
            return (null, Checkpoints.WhyNoKey);
        }
        var evidence = await db.Set<EvidenceRow>().AsNoTracking().Where(e => e.SituationId == situationId && e.EventId == eventId).OrderBy(e => e.RowId).ToListAsync(cancel);
        foreach (var item in evidence)
        {
            await custody.Add(item, CustodyAction.Exported, why);
        }
        var records = Records(situationId, eventId, evidence);
        var result = await checkpoints.SignNowAsync(cancel);
        if (result.Signed is not { } signed)
        {
            return (null, result.Refused);
        }
        var size = signed.Checkpoint.Size;
        var entries = new List<BundleEntry>();
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var number = 0;
        foreach (var record in records)
        {
            number++;
            var entry = record.Entry;
            var leaf = (await ledger.RecordAsync(entry.RecordType, entry.RecordId, cancel)).FirstOrDefault(l => l.Version == entry.Version);
            if (leaf is null || leaf.Index >= size)
            {
                return (null, $"{entry.Describe()} is not in the ledger. Run 'lifeline ledger verify'.");
            }
            if (!leaf.Data.AsSpan().SequenceEqual(entry.ToLeaf()))
            {
                return (null, $"{entry.Describe()} no longer matches its ledger leaf {leaf.Index}. Run 'lifeline ledger verify'.");
            }
            var name = $"{number:D4}-{entry.RecordType}-v{entry.Version}";
            var recordPath = $"records/{name}.json";
            var leafPath = $"leaves/{leaf.Index}.json";
            Add(zip, recordPath, record.Canonical);
            Add(zip, leafPath, leaf.Data);
            var proof = await ledger.InclusionAsync(leaf.Index, size, cancel);
            entries.Add(new BundleEntry(entry.RecordType, entry.RecordId, entry.Version, leaf.Index, leafPath, recordPath,
                Convert.ToHexStringLower(record.Salt), proof.Path.Select(h => h.ToBase64()).ToList()));
        }
        var bundled = new List<BundleFile>();
        foreach (var item in evidence.DistinctBy(e => e.Sha256))
        {
            var path = $"files/{item.Sha256}";
            // The store is asked once, then read as a stream.
            await using var source = Sha256Digest.TryParse(item.Sha256, out var digest) ? await storage.OpenAsync(digest, cancel) : null;
            if (source is null)
            {
                return (null, $"The file of evidence {item.EvidenceId} is missing from the evidence store ({storage.Describe()}). Run 'lifeline ledger verify'.");
            }
            var zipped = zip.CreateEntry(path, CompressionLevel.NoCompression);
            await using (var target = zipped.Open())
            {
                await source.CopyToAsync(target, cancel);
            }
            bundled.AddRange(evidence.Where(e => e.Sha256 == item.Sha256)
                .Select(e => new BundleFile(e.EvidenceId, e.Sha256, path, e.FileName, e.MediaType, e.Size)));
        }
        var manifest = new BundleManifest(BundleManifest.CurrentFormat, situationId, eventId, LedgerEntry.Instant(clock.GetUtcNow()), by,
            size, signed.Checkpoint.Root.ToBase64(), entries, bundled);
        Add(zip, "checkpoint.txt", Encoding.UTF8.GetBytes(signed.Note));
        Add(zip, "key.txt", Encoding.UTF8.GetBytes(key.Verifier + "\n"));
        Add(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, BundleManifest.Json));
        Add(zip, "README.md", Encoding.UTF8.GetBytes(BundleReadme.Text(manifest, key.Verifier)));
        return (manifest, null);
    }

    /// <summary>The records of the bundle, in the order they are listed.</summary>
    private List<CommittedRecord> Records(string situationId, string eventId, List<EvidenceRow> evidence)
    {
        var records = new List<CommittedRecord>();
        var situation = db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery().First(s => s.Id == situationId);
        records.Add(CanonicalRecords.Situation(situation));
        records.AddRange(situation.Versions.OrderBy(v => v.Version).Select(v => CanonicalRecords.Situation(situation, v)));
        var versions = db.EventVersions.AsNoTracking().Where(v => v.SituationId == situationId && v.EventId == eventId).OrderBy(v => v.Version).ToList();
        var sourceIds = versions.SelectMany(v => v.Sources).Distinct(StringComparer.Ordinal).ToList();
        var sources = db.Sources.AsNoTracking().Where(s => s.SituationId == situationId && sourceIds.Contains(s.Id)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var version in db.SourceVersions.AsNoTracking().Where(v => v.SituationId == situationId && sourceIds.Contains(v.SourceId)).OrderBy(v => v.SourceId).ThenBy(v => v.Version))
        {
            records.Add(CanonicalRecords.Source(sources[version.SourceId], version));
        }
        var placeIds = versions.Select(v => v.PlaceId).Distinct(StringComparer.Ordinal).ToList();
        records.AddRange(db.PlaceVersions.AsNoTracking().Where(p => p.SituationId == situationId && placeIds.Contains(p.PlaceId))
            .OrderBy(p => p.PlaceId).ThenBy(p => p.Version).AsEnumerable().Select(CanonicalRecords.Place));
        var actorIds = versions.SelectMany(v => new[] { v.Actor1, v.Actor2 }).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        records.AddRange(db.Actors.AsNoTracking().Where(a => a.SituationId == situationId && actorIds.Contains(a.Id)).OrderBy(a => a.Id).AsEnumerable().Select(CanonicalRecords.Actor));
        records.AddRange(versions.Select(CanonicalRecords.Event));
        var reviews = db.Reviews.AsNoTracking().Where(r => r.SituationId == situationId && r.EventId == eventId).OrderBy(r => r.RowId).ToList();
        records.AddRange(reviews.Select((r, i) => CanonicalRecords.Review(r, i + 1)));
        foreach (var item in evidence)
        {
            records.Add(CanonicalRecords.Evidence(item));
            records.AddRange(db.Set<CustodyRow>().AsNoTracking().Where(c => c.SituationId == situationId && c.EvidenceId == item.EvidenceId)
                .OrderBy(c => c.Step).AsEnumerable().Select(CanonicalRecords.Custody));
        }
        return records.Where(r => r.Salt.Length > 0).ToList();
    }

    private static void Add(ZipArchive zip, string path, byte[] content)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        stream.Write(content);
    }
}
