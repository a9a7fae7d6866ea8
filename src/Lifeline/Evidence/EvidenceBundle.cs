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

/// <summary>
/// A file of a dossier bundle that is not a ledger record: what Lifeline computed and wrote for the reader (the
/// dossier as JSON, HTML and PDF, the README), bound to the bundle by its SHA-256 in the signed manifest.
/// </summary>
public sealed record BundleDocument(string Path, string Sha256, string What);

/// <summary>
/// <c>manifest.json</c> of a bundle: an evidence bundle of one event (format <c>lifeline-bundle/1</c>) or a dossier
/// for a court (format <c>lifeline-dossier/1</c>, which adds <see cref="Documents"/>, the obligation and proceeding it
/// is about, and a signature over the manifest itself in <c>manifest.sig</c>; docs/ledger.md, docs/legal.md).
/// </summary>
/// <param name="Event">The event of an evidence bundle; null in a dossier.</param>
public sealed record BundleManifest(
    string Format, string Situation, string? Event, string CreatedAt, string CreatedBy, ulong TreeSize, string RootHash,
    IReadOnlyList<BundleEntry> Entries, IReadOnlyList<BundleFile> Files)
{
    public const string CurrentFormat = "lifeline-bundle/1";
    public const string DossierFormat = "lifeline-dossier/1";

    /// <summary>The files of a dossier that are not records (null in an evidence bundle).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BundleDocument>? Documents { get; init; }

    /// <summary>The obligation a dossier is about (null in an evidence bundle).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Obligation { get; init; }

    /// <summary>The proceeding a dossier is about, when one was chosen.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Proceeding { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

/// <summary>What sealing records and files into a bundle gave: the checkpoint they are proved against, and their entries.</summary>
internal sealed record SealedBundle(SignedCheckpoint Signed, LedgerKey Key, IReadOnlyList<BundleEntry> Entries, IReadOnlyList<BundleFile> Files);

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
        if (checkpoints.Key is null)
        {
            return (null, Checkpoints.WhyNoKey);
        }
        var evidence = await EvidenceOfAsync(situationId, [eventId], cancel);
        await ExportAsync(evidence, why);
        var records = await SituationRecordsAsync(situationId, cancel);
        records.AddRange(await EventRecordsAsync(situationId, [eventId], evidence, cancel));
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var (sealedBundle, problem) = await SealAsync(zip, records, evidence, cancel);
        if (sealedBundle is null)
        {
            return (null, problem);
        }
        var manifest = new BundleManifest(BundleManifest.CurrentFormat, situationId, eventId, LedgerEntry.Instant(clock.GetUtcNow()), by,
            sealedBundle.Signed.Checkpoint.Size, sealedBundle.Signed.Checkpoint.Root.ToBase64(), sealedBundle.Entries, sealedBundle.Files);
        Add(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, BundleManifest.Json));
        Add(zip, "README.md", Encoding.UTF8.GetBytes(BundleReadme.Text(manifest, sealedBundle.Key.Verifier)));
        return (manifest, null);
    }

    /// <summary>The evidence items of the events, in the order they were received.</summary>
    public async Task<List<EvidenceRow>> EvidenceOfAsync(string situationId, IReadOnlyCollection<string> eventIds, CancellationToken cancel) =>
        await db.Set<EvidenceRow>().AsNoTracking().Where(e => e.SituationId == situationId && eventIds.Contains(e.EventId))
            .OrderBy(e => e.RowId).ToListAsync(cancel);

    /// <summary>Records the export of each item as a custody step, before the bundle is sealed, so that the bundle holds it.</summary>
    public async Task ExportAsync(IEnumerable<EvidenceRow> evidence, string why)
    {
        foreach (var item in evidence)
        {
            await custody.Add(item, CustodyAction.Exported, why);
        }
    }

    /// <summary>
    /// Writes the records (canonical form and leaf) and the evidence files into <paramref name="zip"/>, each record with
    /// its inclusion proof against a checkpoint signed now, then the checkpoint and the public key.
    /// </summary>
    /// <returns>Null and the reason when a record is not in the ledger as stored, or a file is missing.</returns>
    public async Task<(SealedBundle? Sealed, string? Problem)> SealAsync(ZipArchive zip, IReadOnlyList<CommittedRecord> records, IReadOnlyList<EvidenceRow> evidence, CancellationToken cancel)
    {
        if (checkpoints.Key is not { } key)
        {
            return (null, Checkpoints.WhyNoKey);
        }
        var result = await checkpoints.SignNowAsync(cancel);
        if (result.Signed is not { } signed)
        {
            return (null, result.Refused);
        }
        var size = signed.Checkpoint.Size;
        var entries = new List<BundleEntry>();
        var leaves = new HashSet<ulong>();
        var number = 0;
        foreach (var record in records.Where(r => r.Salt.Length > 0))
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
            if (leaves.Add(leaf.Index))
            {
                Add(zip, leafPath, leaf.Data);
            }
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
        Add(zip, "checkpoint.txt", Encoding.UTF8.GetBytes(signed.Note));
        Add(zip, "key.txt", Encoding.UTF8.GetBytes(key.Verifier + "\n"));
        return (new SealedBundle(signed, key, entries, bundled), null);
    }

    /// <summary>The situation's record and each of its versions.</summary>
    public async Task<List<CommittedRecord>> SituationRecordsAsync(string situationId, CancellationToken cancel)
    {
        var situation = await db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery()
            .FirstAsync(s => s.Id == situationId, cancel);
        var records = new List<CommittedRecord> { CanonicalRecords.Situation(situation) };
        records.AddRange(situation.Versions.OrderBy(v => v.Version).Select(v => CanonicalRecords.Situation(situation, v)));
        return records;
    }

    /// <summary>
    /// Every version of the events, the sources, places and actors they cite, their reviews, and their evidence items
    /// with their chains of custody, in that order. <paramref name="alsoSources"/> are sources other records of the
    /// bundle cite (a dossier's claims and legal records): their versions come with the events' sources.
    /// </summary>
    public async Task<List<CommittedRecord>> EventRecordsAsync(string situationId, IReadOnlyCollection<string> eventIds, IReadOnlyList<EvidenceRow> evidence, CancellationToken cancel,
        IReadOnlyCollection<string>? alsoSources = null)
    {
        var records = new List<CommittedRecord>();
        var versions = (await db.EventVersions.AsNoTracking().Where(v => v.SituationId == situationId && eventIds.Contains(v.EventId)).ToListAsync(cancel))
            .OrderBy(v => v.EventId, StringComparer.Ordinal).ThenBy(v => v.Version).ToList();
        var sourceIds = versions.SelectMany(v => v.Sources).Concat(alsoSources ?? []).Distinct(StringComparer.Ordinal).ToList();
        var sources = await db.Sources.AsNoTracking().Where(s => s.SituationId == situationId && sourceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancel);
        foreach (var version in await db.SourceVersions.AsNoTracking().Where(v => v.SituationId == situationId && sourceIds.Contains(v.SourceId)).OrderBy(v => v.SourceId).ThenBy(v => v.Version).ToListAsync(cancel))
        {
            records.Add(CanonicalRecords.Source(sources[version.SourceId], version));
        }
        var placeIds = versions.Select(v => v.PlaceId).Distinct(StringComparer.Ordinal).ToList();
        records.AddRange((await db.PlaceVersions.AsNoTracking().Where(p => p.SituationId == situationId && placeIds.Contains(p.PlaceId))
            .OrderBy(p => p.PlaceId).ThenBy(p => p.Version).ToListAsync(cancel)).Select(CanonicalRecords.Place));
        var actorIds = versions.SelectMany(v => new[] { v.Actor1, v.Actor2 }).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        records.AddRange((await db.Actors.AsNoTracking().Where(a => a.SituationId == situationId && actorIds.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync(cancel))
            .Select(CanonicalRecords.Actor));
        records.AddRange(versions.Select(CanonicalRecords.Event));
        // A review's number is its place among its event's reviews, as the ledger committed it.
        var reviews = await db.Reviews.AsNoTracking().Where(r => r.SituationId == situationId && eventIds.Contains(r.EventId)).OrderBy(r => r.RowId).ToListAsync(cancel);
        foreach (var group in reviews.GroupBy(r => r.EventId, StringComparer.Ordinal))
        {
            records.AddRange(group.Select((r, i) => CanonicalRecords.Review(r, i + 1)));
        }
        foreach (var item in evidence)
        {
            records.Add(CanonicalRecords.Evidence(item));
            records.AddRange((await db.Set<CustodyRow>().AsNoTracking().Where(c => c.SituationId == situationId && c.EvidenceId == item.EvidenceId)
                .OrderBy(c => c.Step).ToListAsync(cancel)).Select(CanonicalRecords.Custody));
        }
        return records;
    }

    public static void Add(ZipArchive zip, string path, byte[] content)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        stream.Write(content);
    }
}
