using System.Collections;
using Lifeline.Evidence;
using Lifeline.Sources;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Ledger;

/// <summary>What <c>lifeline ledger verify</c> found: every problem, named, and what was checked.</summary>
internal sealed record LedgerReport(ulong Leaves, long Records, long CurrentRows, int EvidenceFiles, int Checkpoints, long NotCovered, IReadOnlyList<string> Findings, int MoreFindings)
{
    /// <summary>Audit entries checked in the audit chain.</summary>
    public long AuditEntries { get; init; }

    /// <summary>Audit entries written before the audit log was chained: counted, not checked.</summary>
    public long AuditNotChained { get; init; }

    /// <summary>The audit chain's head as stored: the last entry's position and hash.</summary>
    public (long Seq, byte[] Hash) AuditHead { get; init; } = (0, []);

    /// <summary>Leaves of family records erased at a person's request (key and salt destroyed): counted, not recomputable.</summary>
    public long Erased { get; init; }

    public bool Holds => Findings.Count == 0;
}

/// <summary>
/// Checks the whole ledger against the record, from scratch: every leaf's bytes hash to the stored leaf hash; every
/// stored tree node is the hash of the nodes below it; every signed checkpoint's root is the root recomputed from
/// the leaves, and its signature verifies; every stored record version, recomputed in its canonical form with its
/// salt, gives exactly its leaf; every leaf has its record; every row the server reads as a record's current version
/// is that latest committed version (<see cref="CurrentTablesCheck"/>); every evidence file still has its SHA-256; the
/// audit log's hash chain holds (<see cref="AuditChainCheck"/>). Memory stays
/// flat: leaves and records are read in batches, and the leaves already matched are kept as one bit each.
/// </summary>
internal sealed class LedgerVerifier(LifelineDbContext db, EvidenceStorage evidenceStore, VerifierKey? key)
{
    public const int MaxFindings = 1_000;
    private const int Batch = LedgerAppender.BatchSize;
    private const int MatchBatch = 1_000;

    private readonly List<string> findings = [];
    private readonly HashSet<(string Type, string Id, int Version)> unreadable = [];
    private int more;

    /// <param name="progress">Steps done so far, out of <see cref="WorkAsync"/>.</param>
    public async Task<LedgerReport> VerifyAsync(IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        var size = await new DatabaseMerkleStore(db).GetSizeAsync(cancel);
        var checkpoints = db.Set<LedgerCheckpointRow>().AsNoTracking().OrderBy(c => c.Size).ThenBy(c => c.RowId).ToList();
        CheckSignatures(checkpoints);
        var leafCount = CheckTree(size, checkpoints, progress);
        var matched = new BitArray(checked((int)Math.Max(size, leafCount)));
        var pending = new List<CommittedRecord>(MatchBatch);
        long records = 0;
        long notCovered = 0;
        var evidenceFiles = 0;
        void Done(CommittedRecord? record, byte[] salt)
        {
            records++;
            if (record is null)
            {
                return;
            }
            if (salt.Length == 0)
            {
                notCovered++;
                return;
            }
            pending.Add(record);
            if (pending.Count >= MatchBatch)
            {
                Match(pending, matched);
                progress?.Report((long)size + records);
            }
        }

        foreach (var row in db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery().ToList())
        {
            Done(Safe(() => CanonicalRecords.Situation(row), (RecordTypes.Situation, row.Id, 1)), row.Salt);
            foreach (var version in row.Versions)
            {
                Done(Safe(() => CanonicalRecords.Situation(row, version), (RecordTypes.Situation, row.Id, version.Version)), version.Salt);
            }
        }
        var sources = db.Sources.AsNoTracking().AsEnumerable().ToDictionary(s => (s.SituationId, s.Id));
        var latestGrading = new Dictionary<(string Situation, string Id), SourceVersionRow>();
        foreach (var version in Paged(db.SourceVersions, v => v.RowId))
        {
            if (!latestGrading.TryGetValue((version.SituationId, version.SourceId), out var latest) || latest.Version < version.Version)
            {
                latestGrading[(version.SituationId, version.SourceId)] = version;
            }
            if (!sources.TryGetValue((version.SituationId, version.SourceId), out var source))
            {
                Find($"source {version.SituationId}/{version.SourceId} version {version.Version}: the source itself is missing from the record");
                continue;
            }
            Done(Safe(() => CanonicalRecords.Source(source, version), (RecordTypes.Source, CanonicalRecords.Id(version.SituationId, version.SourceId), version.Version)), version.Salt);
        }
        foreach (var version in Paged(db.PlaceVersions, v => v.RowId))
        {
            Done(Safe(() => CanonicalRecords.Place(version), (RecordTypes.Place, CanonicalRecords.Id(version.SituationId, version.PlaceId), version.Version)), version.Salt);
        }
        foreach (var actor in db.Actors.AsNoTracking().ToList())
        {
            Done(Safe(() => CanonicalRecords.Actor(actor), (RecordTypes.Actor, CanonicalRecords.Id(actor.SituationId, actor.Id), 1)), actor.Salt);
        }
        foreach (var version in Paged(db.EventVersions, v => v.RowId))
        {
            Done(Safe(() => CanonicalRecords.Event(version), (RecordTypes.Event, CanonicalRecords.Id(version.SituationId, version.EventId), version.Version)), version.Salt);
        }
        foreach (var group in db.Reviews.AsNoTracking().OrderBy(r => r.RowId).AsEnumerable().GroupBy(r => (r.SituationId, r.EventId)))
        {
            var number = 0;
            foreach (var review in group)
            {
                number++;
                Done(CanonicalRecords.Review(review, number), review.Salt);
            }
        }
        var checkedFiles = new Dictionary<string, EvidenceFileState>(StringComparer.Ordinal);
        foreach (var evidence in Paged(db.Set<EvidenceRow>(), e => e.RowId))
        {
            Done(CanonicalRecords.Evidence(evidence), evidence.Salt);
            if (!checkedFiles.TryGetValue(evidence.Sha256, out var state))
            {
                state = await FileStateAsync(evidence.Sha256, cancel);
                checkedFiles[evidence.Sha256] = state;
                evidenceFiles++;
            }
            if (state != EvidenceFileState.Intact)
            {
                Find(state == EvidenceFileState.Altered
                    ? $"evidence {evidence.SituationId}/{evidence.EvidenceId} ({evidence.FileName}): its file no longer has SHA-256 {evidence.Sha256}: it was replaced or altered"
                    : $"evidence {evidence.SituationId}/{evidence.EvidenceId} ({evidence.FileName}): its file ({evidence.Sha256}) is missing from the evidence store ({evidenceStore.Describe()})");
            }
        }
        foreach (var step in Paged(db.Set<CustodyRow>(), c => c.RowId))
        {
            Done(CanonicalRecords.Custody(step), step.Salt);
        }
        foreach (var version in Paged(db.Set<EarlyWarning.AssessmentVersionRow>(), a => a.RowId))
        {
            Done(CanonicalRecords.Assessment(version), version.Salt);
        }
        foreach (var observation in Paged(db.Set<Supplies.SupplyObservationVersionRow>(), o => o.RowId))
        {
            Done(CanonicalRecords.SupplyObservation(observation), observation.Salt);
        }
        foreach (var version in Paged(db.Set<Legal.LegalRecordVersionRow>(), v => v.RowId))
        {
            Done(Safe(() => CanonicalRecords.Legal(version), (RecordTypes.Legal(version.Kind), CanonicalRecords.Id(version.SituationId, version.RecordId), version.Version)), version.Salt);
        }
        foreach (var version in Paged(db.Set<Claims.ClaimVersionRow>(), v => v.RowId))
        {
            Done(Safe(() => CanonicalRecords.Claim(version), (RecordTypes.Claim, CanonicalRecords.Id(version.SituationId, version.ClaimId), version.Version)), version.Salt);
        }
        var erasedKeys = db.Set<Families.FamilyKeyRow>().AsNoTracking().Where(k => k.WrappedKey == null).Select(k => new { k.SituationId, k.KeyId }).AsEnumerable()
            .Select(k => (k.SituationId, k.KeyId)).ToHashSet();
        var erasedLeaves = new List<(string Type, string Id, int Version)>();
        foreach (var version in Paged(db.Set<Families.FamilyRecordVersionRow>(), v => v.RowId))
        {
            // A photo's sealed file is checked as an evidence file is, erased or not: its bytes stay, unreadable.
            if (version.FileSha256 is { } file)
            {
                if (!checkedFiles.TryGetValue(file, out var state))
                {
                    state = await FileStateAsync(file, cancel);
                    checkedFiles[file] = state;
                    evidenceFiles++;
                }
                if (state != EvidenceFileState.Intact)
                {
                    Find(state == EvidenceFileState.Altered
                        ? $"{RecordTypes.Family(version.Kind)} {version.SituationId}/{version.RecordId}: its sealed file no longer has SHA-256 {file}: it was replaced or altered"
                        : $"{RecordTypes.Family(version.Kind)} {version.SituationId}/{version.RecordId}: its sealed file ({file}) is missing from the evidence store ({evidenceStore.Describe()})");
                }
            }
            // An erased record's salt is gone with its key: its leaf is counted as erased, never as tampered.
            if (version.Salt.Length == 0 && erasedKeys.Contains((version.SituationId, version.KeyId)))
            {
                records++;
                erasedLeaves.Add((RecordTypes.Family(version.Kind), CanonicalRecords.Id(version.SituationId, version.RecordId), version.Version));
                continue;
            }
            Done(Safe(() => CanonicalRecords.Family(version), (RecordTypes.Family(version.Kind), CanonicalRecords.Id(version.SituationId, version.RecordId), version.Version)), version.Salt);
        }
        Match(pending, matched);
        var erased = MatchErased(erasedLeaves, matched);
        ReportUnmatched(matched);
        var current = new CurrentTablesCheck(db, Find);
        current.Run(latestGrading);
        var audit = new AuditChainCheck(db, Find);
        audit.Run();
        progress?.Report((long)size + records);
        return new LedgerReport(size, records, current.Rows, evidenceFiles, checkpoints.Count, notCovered, findings, more)
        {
            Erased = erased,
            AuditEntries = audit.Chained,
            AuditNotChained = audit.NotChained,
            AuditHead = audit.Head,
        };
    }

    /// <summary>How many steps <see cref="VerifyAsync"/> reports progress over: the leaves, then the records.</summary>
    public async Task<long> WorkAsync(CancellationToken cancel = default) => (long)await new DatabaseMerkleStore(db).GetSizeAsync(cancel) * 2;

    private void CheckSignatures(List<LedgerCheckpointRow> checkpoints)
    {
        foreach (var row in checkpoints)
        {
            var where = $"checkpoint at size {row.Size} signed {LedgerEntry.Instant(row.SignedAt)}";
            if (key is null)
            {
                continue;
            }
            if (!SignedNote.TryOpen(row.Note, key, out var body, out var problem))
            {
                Find($"{where}: {problem}");
            }
            else if (!Checkpoint.TryParse(body, out var checkpoint) || checkpoint.Size != (ulong)row.Size || !checkpoint.Root.ToArray().AsSpan().SequenceEqual(row.Root))
            {
                Find($"{where}: the signed note does not say the size and root stored beside it");
            }
        }
    }

    /// <summary>
    /// Rebuilds the tree from the leaf bytes, batch by batch, comparing every node it computes with the stored one
    /// and the root at every checkpoint's size with the signed root. Returns the number of leaf rows read.
    /// </summary>
    private ulong CheckTree(ulong size, List<LedgerCheckpointRow> checkpoints, IProgress<long>? progress)
    {
        ulong rows = 0;
        var frontier = MerkleFrontier.Empty;
        var nextCheckpoint = 0;
        long last = -1;
        var leafRows = db.Set<LedgerLeafRow>().AsNoTracking();
        while (true)
        {
            var page = leafRows.Where(l => l.Idx > last).OrderBy(l => l.Idx).Take(Batch).ToList();
            if (page.Count == 0)
            {
                break;
            }
            var hashes = new List<MerkleHash>(page.Count);
            rows += (ulong)page.Count;
            foreach (var leaf in page)
            {
                var expected = (long)frontier.Size + hashes.Count;
                if (leaf.Idx != expected)
                {
                    var missing = Math.Min(leaf.Idx, (long)size) - expected;
                    Find(missing == 1
                        ? $"leaf {expected} is missing: its row was deleted"
                        : $"leaves {expected} to {Math.Min(leaf.Idx, (long)size) - 1} are missing: their rows were deleted");
                    // Carry on from the stored leaf hashes, so one gap does not hide what follows.
                    for (var gap = expected; gap < leaf.Idx && gap < (long)size; gap++)
                    {
                        hashes.Add(StoredLeafHash((ulong)gap) ?? MerkleHasher.HashLeaf([]));
                    }
                }
                if (leaf.Idx >= (long)size)
                {
                    Find($"leaf {leaf.Idx} lies beyond the ledger's size ({size}): it was added outside the ledger");
                    continue;
                }
                hashes.Add(MerkleHasher.HashLeaf(leaf.Data));
                if (!LedgerEntry.TryParse(leaf.Data, out var entry))
                {
                    Find($"leaf {leaf.Idx} ({leaf.RecordType} {leaf.RecordId} version {leaf.Version}): its bytes are not a well-formed leaf");
                }
                else if (entry.RecordType != leaf.RecordType || entry.RecordId != leaf.RecordId || entry.Version != leaf.Version)
                {
                    Find($"leaf {leaf.Idx}: its bytes commit to {entry.Describe()}, but it is filed under {leaf.RecordType} {leaf.RecordId} version {leaf.Version}");
                }
            }
            last = page[^1].Idx;
            frontier = AppendChecked(frontier, hashes, checkpoints, ref nextCheckpoint);
            progress?.Report((long)frontier.Size);
        }
        if (frontier.Size < size)
        {
            var missing = size - frontier.Size;
            Find($"the ledger's size is {size}, but only {frontier.Size} leaves are stored: the last {missing} were deleted");
            var tail = new List<MerkleHash>();
            for (var i = frontier.Size; i < size; i++)
            {
                tail.Add(StoredLeafHash(i) ?? MerkleHasher.HashLeaf([]));
            }
            frontier = AppendChecked(frontier, tail, checkpoints, ref nextCheckpoint);
        }
        for (; nextCheckpoint < checkpoints.Count; nextCheckpoint++)
        {
            Find($"checkpoint at size {checkpoints[nextCheckpoint].Size} is beyond the ledger's size ({size}): leaves it covered are gone");
        }
        return Math.Max(rows, (ulong)(last + 1));
    }

    private MerkleFrontier AppendChecked(MerkleFrontier frontier, List<MerkleHash> hashes, List<LedgerCheckpointRow> checkpoints, ref int nextCheckpoint)
    {
        var offset = 0;
        while (offset < hashes.Count)
        {
            var take = hashes.Count - offset;
            if (nextCheckpoint < checkpoints.Count)
            {
                var until = (long)checkpoints[nextCheckpoint].Size - (long)frontier.Size;
                if (until >= 0 && until < take)
                {
                    take = (int)until;
                }
            }
            var append = frontier.Append(hashes.GetRange(offset, take).ToArray());
            CompareNodes(append.Nodes);
            frontier = append.Frontier;
            offset += take;
            while (nextCheckpoint < checkpoints.Count && (ulong)checkpoints[nextCheckpoint].Size == frontier.Size)
            {
                var checkpoint = checkpoints[nextCheckpoint++];
                if (!frontier.Root.ToArray().AsSpan().SequenceEqual(checkpoint.Root))
                {
                    Find($"checkpoint at size {checkpoint.Size} signed {LedgerEntry.Instant(checkpoint.SignedAt)}: its root is not the root of the stored leaves: leaves up to {checkpoint.Size} were changed, removed or reordered");
                }
            }
        }
        return frontier;
    }

    private void CompareNodes(IReadOnlyList<MerkleNode> computed)
    {
        foreach (var level in computed.GroupBy(n => n.Id.Level))
        {
            var low = (long)level.Min(n => n.Id.Index);
            var high = (long)level.Max(n => n.Id.Index);
            var levelNumber = level.Key;
            var stored = db.Set<LedgerNodeRow>().AsNoTracking()
                .Where(n => n.Level == levelNumber && n.Idx >= low && n.Idx <= high)
                .ToDictionary(n => n.Idx, n => n.Hash);
            foreach (var node in level)
            {
                if (!stored.TryGetValue((long)node.Id.Index, out var hash))
                {
                    Find(node.Id.Level == 0
                        ? $"leaf {node.Id.Index}: its hash is missing from the tree"
                        : $"tree node ({node.Id}) is missing");
                }
                else if (!node.Hash.ToArray().AsSpan().SequenceEqual(hash))
                {
                    Find(node.Id.Level == 0
                        ? $"leaf {node.Id.Index}: its bytes do not hash to the tree's leaf hash: the leaf was changed or moved"
                        : $"tree node ({node.Id}): the stored hash is not the hash of the leaves below it");
                }
            }
        }
    }

    private MerkleHash? StoredLeafHash(ulong index) =>
        db.Set<LedgerNodeRow>().AsNoTracking().Where(n => n.Level == 0 && n.Idx == (long)index).Select(n => n.Hash).FirstOrDefault() is { } hash
            ? MerkleHash.FromBytes(hash)
            : null;

    /// <summary>Finds the leaves of a batch of records (one query per kind) and compares each with its record.</summary>
    private void Match(List<CommittedRecord> records, BitArray matched)
    {
        foreach (var kind in records.GroupBy(r => r.Entry.RecordType))
        {
            var type = kind.Key;
            var ids = kind.Select(r => r.Entry.RecordId).Distinct().ToList();
            var leaves = new Dictionary<(string, int), (long Index, byte[] Data)>();
            foreach (var chunk in ids.Chunk(500))
            {
                foreach (var leaf in db.Set<LedgerLeafRow>().AsNoTracking().Where(l => l.RecordType == type && chunk.Contains(l.RecordId)))
                {
                    leaves[(leaf.RecordId, leaf.Version)] = (leaf.Idx, leaf.Data);
                }
            }
            foreach (var record in kind)
            {
                var entry = record.Entry;
                if (!leaves.TryGetValue((entry.RecordId, entry.Version), out var leaf))
                {
                    Find($"{entry.Describe()}: it has no leaf in the ledger");
                    continue;
                }
                if (leaf.Index >= 0 && leaf.Index < matched.Length)
                {
                    matched[(int)leaf.Index] = true;
                }
                if (!leaf.Data.AsSpan().SequenceEqual(entry.ToLeaf()))
                {
                    Find($"{entry.Describe()}: the stored record no longer matches its ledger leaf {leaf.Index}: it was changed after it was recorded");
                }
            }
        }
        records.Clear();
    }

    /// <summary>Names every leaf no stored record matched: its record was deleted, or moved to another identity.</summary>
    /// <summary>Marks the leaves of erased records as accounted for; a missing one is a finding like any other.</summary>
    private long MatchErased(List<(string Type, string Id, int Version)> erased, BitArray matched)
    {
        long count = 0;
        foreach (var kind in erased.GroupBy(e => e.Type))
        {
            var type = kind.Key;
            var leaves = new Dictionary<(string, int), long>();
            foreach (var chunk in kind.Select(e => e.Id).Distinct().Chunk(500))
            {
                foreach (var leaf in db.Set<LedgerLeafRow>().AsNoTracking().Where(l => l.RecordType == type && chunk.Contains(l.RecordId)).Select(l => new { l.RecordId, l.Version, l.Idx }))
                {
                    leaves[(leaf.RecordId, leaf.Version)] = leaf.Idx;
                }
            }
            foreach (var (_, id, version) in kind)
            {
                if (!leaves.TryGetValue((id, version), out var index))
                {
                    Find($"{type} {id} version {version} (erased): it has no leaf in the ledger");
                    continue;
                }
                if (index >= 0 && index < matched.Length)
                {
                    matched[(int)index] = true;
                }
                count++;
            }
        }
        return count;
    }

    private void ReportUnmatched(BitArray matched)
    {
        long last = -1;
        while (true)
        {
            var page = db.Set<LedgerLeafRow>().AsNoTracking().Where(l => l.Idx > last).OrderBy(l => l.Idx).Take(Batch)
                .Select(l => new { l.Idx, l.RecordType, l.RecordId, l.Version }).ToList();
            if (page.Count == 0)
            {
                return;
            }
            foreach (var leaf in page.Where(l => l.Idx < matched.Length && !matched[(int)l.Idx] && !unreadable.Contains((l.RecordType, l.RecordId, l.Version))))
            {
                Find($"{leaf.RecordType} {leaf.RecordId} version {leaf.Version} (leaf {leaf.Idx}): the ledger holds it, but the record is gone: it was deleted or its identity changed");
            }
            last = page[^1].Idx;
        }
    }

    /// <summary>The record's commitment, or null (and one finding) when the stored row no longer reads as a record.</summary>
    private CommittedRecord? Safe(Func<CommittedRecord> commit, (string Type, string Id, int Version) record)
    {
        try
        {
            return commit();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            unreadable.Add(record);
            Find($"{record.Type} {record.Id} version {record.Version}: the stored record cannot be read any more, so it no longer matches its leaf ({ex.Message})");
            return null;
        }
    }

    private enum EvidenceFileState
    {
        Intact,
        Missing,
        Altered,
    }

    /// <summary>Reads the file from whichever store holds it and hashes it as a stream.</summary>
    private async Task<EvidenceFileState> FileStateAsync(string sha256, CancellationToken cancel)
    {
        if (!Sha256Digest.TryParse(sha256, out var digest))
        {
            return EvidenceFileState.Missing;
        }
        await using var stream = await evidenceStore.OpenAsync(digest, cancel);
        if (stream is null)
        {
            return EvidenceFileState.Missing;
        }
        try
        {
            return await Sha256Digest.OfAsync(stream, cancel) == digest ? EvidenceFileState.Intact : EvidenceFileState.Altered;
        }
        catch (IOException)
        {
            // A chunk missing, or longer than a chunk: the bytes kept are not the file's.
            return EvidenceFileState.Altered;
        }
    }

    internal static IEnumerable<T> Paged<T>(IQueryable<T> table, System.Linq.Expressions.Expression<Func<T, long>> key) where T : class
    {
        long last = -1;
        var parameter = key.Parameters[0];
        while (true)
        {
            var after = System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(
                System.Linq.Expressions.Expression.GreaterThan(key.Body, System.Linq.Expressions.Expression.Constant(last)), parameter);
            var page = table.AsNoTracking().Where(after).OrderBy(key).Take(Batch).ToList();
            if (page.Count == 0)
            {
                yield break;
            }
            foreach (var row in page)
            {
                yield return row;
            }
            last = key.Compile()(page[^1]);
        }
    }

    private void Find(string finding)
    {
        if (findings.Count < MaxFindings)
        {
            findings.Add(finding);
        }
        else
        {
            more++;
        }
    }
}
