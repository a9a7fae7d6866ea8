namespace Lifeline.Ledger;

/// <summary>
/// Where the log keeps its node hashes: one hash per perfect subtree, keyed by <see cref="NodeId"/>
/// (level, index). The seam between the tree arithmetic of this library and a database.
/// </summary>
/// <remarks>
/// <para>
/// Layout. For a tree of n leaves the store holds, for every level L, the nodes with index 0 to
/// floor(n / 2<sup>L</sup>) − 1: the leaf hashes at level 0 and the hash of every complete perfect subtree above
/// them, about 2n hashes in all. Nodes are written once and never change. With this layout the MTH of any aligned
/// range is one read, and the root at any past size and any proof are O(log n) reads
/// (<see cref="MerkleFrontier.NodeIdsFor"/>, <see cref="ProofPlan"/>).
/// </para>
/// <para>
/// A relational store is a table such as <c>ledger_nodes(level, index, hash)</c> with primary key
/// <c>(level, index)</c>, plus the current size. <see cref="ReadNodesAsync"/> is then one query per proof, and
/// <see cref="AppendAsync"/> inserts rows in the caller's transaction, next to the records the leaves stand for.
/// </para>
/// <para>
/// Concurrency. Appends must be serialized (one writer at a time, e.g. under a lock or a row lock in the same
/// transaction); <see cref="AppendAsync"/> rejects an append built on an out-of-date size. Reads may run at any
/// time: stored nodes never change.
/// </para>
/// </remarks>
public interface IMerkleStore
{
    /// <summary>The number of leaves stored, which is the current tree size.</summary>
    ValueTask<ulong> GetSizeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads stored node hashes, in one batch. Returns exactly one hash per id, in the order of
    /// <paramref name="nodes"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">
    /// A node is not stored: the caller asked beyond the current size, or the store is damaged.
    /// </exception>
    ValueTask<IReadOnlyList<MerkleHash>> ReadNodesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <see cref="MerkleAppend.Nodes"/> and sets the size to <see cref="MerkleAppend.NewSize"/>, all or
    /// nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The stored size is not <see cref="MerkleAppend.PreviousSize"/>: the append was computed from an out-of-date
    /// frontier (another writer appended first). Nothing is stored.
    /// </exception>
    ValueTask AppendAsync(MerkleAppend append, CancellationToken cancellationToken = default);
}
