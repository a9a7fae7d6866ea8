using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Ledger;

/// <summary>A leaf as stored: its index, the record it stands for, and its bytes.</summary>
internal sealed record StoredLeaf(ulong Index, string RecordType, string RecordId, int Version, byte[] Data)
{
    public MerkleHash Hash => MerkleHasher.HashLeaf(Data);
}

/// <summary>Reads the ledger back: size, leaves, the leaves of a record, proofs. Everything here is public.</summary>
internal sealed class LedgerQueries(LifelineDbContext db)
{
    /// <summary>The most leaves one request for leaves returns.</summary>
    public const int MaxLeavesPerRequest = 1_000;

    private MerkleLog Log => new(new DatabaseMerkleStore(db));

    public async Task<ulong> SizeAsync(CancellationToken cancel = default) => await Log.GetSizeAsync(cancel);

    public async Task<IReadOnlyList<StoredLeaf>> LeavesAsync(ulong start, ulong end, CancellationToken cancel = default) =>
        (await db.Set<LedgerLeafRow>().AsNoTracking()
            .Where(l => l.Idx >= (long)start && l.Idx < (long)end)
            .OrderBy(l => l.Idx)
            .ToListAsync(cancel))
            .Select(ToStored)
            .ToList();

    public async Task<StoredLeaf?> LeafAsync(ulong index, CancellationToken cancel = default) =>
        await db.Set<LedgerLeafRow>().AsNoTracking().Where(l => l.Idx == (long)index).FirstOrDefaultAsync(cancel) is { } row ? ToStored(row) : null;

    /// <summary>Every leaf of one record (all its versions), oldest first.</summary>
    public async Task<IReadOnlyList<StoredLeaf>> RecordAsync(string recordType, string recordId, CancellationToken cancel = default) =>
        (await db.Set<LedgerLeafRow>().AsNoTracking()
            .Where(l => l.RecordType == recordType && l.RecordId == recordId)
            .OrderBy(l => l.Idx)
            .ToListAsync(cancel))
            .Select(ToStored)
            .ToList();

    /// <summary>The leaves of records with this id, whatever their type (for <c>ledger prove --record ID</c>).</summary>
    public async Task<IReadOnlyList<StoredLeaf>> RecordAnyTypeAsync(string recordId, CancellationToken cancel = default) =>
        (await db.Set<LedgerLeafRow>().AsNoTracking()
            .Where(l => l.RecordId == recordId)
            .OrderBy(l => l.Idx)
            .ToListAsync(cancel))
            .Select(ToStored)
            .ToList();

    // A proof is two queries (the size, then its nodes): one connection serves both.
    public Task<InclusionProof> InclusionAsync(ulong index, ulong size, CancellationToken cancel = default) =>
        db.OnOneConnectionAsync(() => Log.GetInclusionProofAsync(index, size, cancel).AsTask(), cancel);

    public Task<ConsistencyProof> ConsistencyAsync(ulong from, ulong to, CancellationToken cancel = default) =>
        db.OnOneConnectionAsync(() => Log.GetConsistencyProofAsync(from, to, cancel).AsTask(), cancel);

    public Task<MerkleHash> RootAsync(ulong size, CancellationToken cancel = default) => db.OnOneConnectionAsync(() => Log.GetRootAsync(size, cancel).AsTask(), cancel);

    private static StoredLeaf ToStored(LedgerLeafRow row) => new((ulong)row.Idx, row.RecordType, row.RecordId, row.Version, row.Data);
}
