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

    public ulong Size() => Log.GetSizeAsync().AsTask().GetAwaiter().GetResult();

    public IReadOnlyList<StoredLeaf> Leaves(ulong start, ulong end) =>
        db.Set<LedgerLeafRow>().AsNoTracking()
            .Where(l => l.Idx >= (long)start && l.Idx < (long)end)
            .OrderBy(l => l.Idx)
            .AsEnumerable()
            .Select(ToStored)
            .ToList();

    public StoredLeaf? Leaf(ulong index) =>
        db.Set<LedgerLeafRow>().AsNoTracking().Where(l => l.Idx == (long)index).AsEnumerable().Select(ToStored).FirstOrDefault();

    /// <summary>Every leaf of one record (all its versions), oldest first.</summary>
    public IReadOnlyList<StoredLeaf> Record(string recordType, string recordId) =>
        db.Set<LedgerLeafRow>().AsNoTracking()
            .Where(l => l.RecordType == recordType && l.RecordId == recordId)
            .OrderBy(l => l.Idx)
            .AsEnumerable()
            .Select(ToStored)
            .ToList();

    /// <summary>The leaves of records with this id, whatever their type (for <c>ledger prove --record ID</c>).</summary>
    public IReadOnlyList<StoredLeaf> RecordAnyType(string recordId) =>
        db.Set<LedgerLeafRow>().AsNoTracking()
            .Where(l => l.RecordId == recordId)
            .OrderBy(l => l.Idx)
            .AsEnumerable()
            .Select(ToStored)
            .ToList();

    public InclusionProof Inclusion(ulong index, ulong size) => OnOneConnection(() => Log.GetInclusionProofAsync(index, size).AsTask().GetAwaiter().GetResult());

    public ConsistencyProof Consistency(ulong from, ulong to) => OnOneConnection(() => Log.GetConsistencyProofAsync(from, to).AsTask().GetAwaiter().GetResult());

    public MerkleHash Root(ulong size) => OnOneConnection(() => Log.GetRootAsync(size).AsTask().GetAwaiter().GetResult());

    /// <summary>A proof is two queries (the size, then its nodes): one connection serves both.</summary>
    private T OnOneConnection<T>(Func<T> read)
    {
        db.Database.OpenConnection();
        try
        {
            return read();
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    private static StoredLeaf ToStored(LedgerLeafRow row) => new((ulong)row.Idx, row.RecordType, row.RecordId, row.Version, row.Data);
}
