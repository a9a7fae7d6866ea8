namespace Lifeline.Ledger;

/// <summary>
/// An append-only Merkle log over an <see cref="IMerkleStore"/>: appends batches of leaves, and answers the root at
/// any size and inclusion and consistency proofs, each from O(log n) stored nodes read in one batch.
/// </summary>
/// <remarks>
/// <para>
/// The log keeps no state of its own; everything is read from the store when needed, so several logs over one
/// store agree, and a log over a database store sees what other processes committed. Appends must still be
/// serialized by the caller (see <see cref="IMerkleStore"/>).
/// </para>
/// <para>
/// Store calls per operation: an append reads the size, reads the frontier (at most 64 nodes) and writes once; a
/// root or a proof reads the size once (to refuse sizes not yet stored) and the nodes once. Callers that already
/// know the stored size and want a single read can use <see cref="ProofPlan"/> and
/// <see cref="IMerkleStore.ReadNodesAsync"/> directly.
/// </para>
/// <para>
/// Sizes and leaf indices are counts of leaves (<see cref="ulong"/>); leaf indices start at 0. Asking for a size
/// that is not yet stored, or a leaf index not below the size, is a caller error and throws
/// <see cref="ArgumentOutOfRangeException"/>; validate untrusted input before calling.
/// </para>
/// </remarks>
public sealed class MerkleLog
{
    private readonly IMerkleStore _store;

    public MerkleLog(IMerkleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>The current number of leaves.</summary>
    public ValueTask<ulong> GetSizeAsync(CancellationToken cancellationToken = default) => _store.GetSizeAsync(cancellationToken);

    /// <summary>
    /// Appends leaves given by their leaf hashes (<see cref="MerkleHasher.HashLeaf"/>), in order, and stores the new
    /// nodes through <see cref="IMerkleStore.AppendAsync"/>. Returns the leaf indices given out, the nodes written and
    /// the new root.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another writer appended in between (from the store).</exception>
    public async ValueTask<MerkleAppend> AppendAsync(ReadOnlyMemory<MerkleHash> leafHashes, CancellationToken cancellationToken = default)
    {
        var frontier = await GetFrontierAsync(cancellationToken).ConfigureAwait(false);
        var append = frontier.Append(leafHashes.Span);
        if (append.LeafCount > 0)
        {
            await _store.AppendAsync(append, cancellationToken).ConfigureAwait(false);
        }

        return append;
    }

    /// <summary>
    /// Appends leaves given by their data, each hashed as <c>SHA-256(0x00 ‖ data)</c>; otherwise as
    /// <see cref="AppendAsync"/>.
    /// </summary>
    public ValueTask<MerkleAppend> AppendLeafDataAsync(IReadOnlyList<byte[]> leafData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leafData);
        var hashes = new MerkleHash[leafData.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(leafData[i], $"{nameof(leafData)}[{i}]");
            hashes[i] = MerkleHasher.HashLeaf(leafData[i]);
        }

        return AppendAsync(hashes, cancellationToken);
    }

    /// <summary>The frontier at the current size.</summary>
    public async ValueTask<MerkleFrontier> GetFrontierAsync(CancellationToken cancellationToken = default)
    {
        var size = await _store.GetSizeAsync(cancellationToken).ConfigureAwait(false);
        return await ReadFrontierAsync(size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The frontier at a past or the current size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is larger than the current size.</exception>
    public async ValueTask<MerkleFrontier> GetFrontierAsync(ulong treeSize, CancellationToken cancellationToken = default)
    {
        await EnsureStoredAsync(treeSize, cancellationToken).ConfigureAwait(false);
        return await ReadFrontierAsync(treeSize, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The tree head hash MTH(D[0:treeSize]) at a past or the current size, from the popcount(treeSize) ≤ 64 stored
    /// subtrees that make up [0, treeSize). <see cref="MerkleHasher.EmptyRoot"/> for size 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is larger than the current size.</exception>
    public async ValueTask<MerkleHash> GetRootAsync(ulong treeSize, CancellationToken cancellationToken = default) =>
        (await GetFrontierAsync(treeSize, cancellationToken).ConfigureAwait(false)).Root;

    /// <summary>The inclusion proof of leaf <paramref name="leafIndex"/> in the tree of <paramref name="treeSize"/> leaves.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The leaf index is not below the tree size, or the tree size is larger than the current size.
    /// </exception>
    public async ValueTask<InclusionProof> GetInclusionProofAsync(ulong leafIndex, ulong treeSize, CancellationToken cancellationToken = default)
    {
        var plan = ProofPlan.ForInclusion(leafIndex, treeSize);
        await EnsureStoredAsync(treeSize, cancellationToken).ConfigureAwait(false);
        var hashes = await _store.ReadNodesAsync(plan.Nodes, cancellationToken).ConfigureAwait(false);
        return new InclusionProof(leafIndex, treeSize, plan.Assemble(hashes));
    }

    /// <summary>The consistency proof from the tree of <paramref name="firstSize"/> leaves to the tree of <paramref name="secondSize"/> leaves.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The first size is 0 or larger than the second, or the second is larger than the current size.
    /// </exception>
    public async ValueTask<ConsistencyProof> GetConsistencyProofAsync(ulong firstSize, ulong secondSize, CancellationToken cancellationToken = default)
    {
        var plan = ProofPlan.ForConsistency(firstSize, secondSize);
        await EnsureStoredAsync(secondSize, cancellationToken).ConfigureAwait(false);
        var hashes = await _store.ReadNodesAsync(plan.Nodes, cancellationToken).ConfigureAwait(false);
        return new ConsistencyProof(firstSize, secondSize, plan.Assemble(hashes));
    }

    private async ValueTask<MerkleFrontier> ReadFrontierAsync(ulong treeSize, CancellationToken cancellationToken)
    {
        var ids = MerkleFrontier.NodeIdsFor(treeSize);
        var hashes = ids.Count == 0 ? [] : await _store.ReadNodesAsync(ids, cancellationToken).ConfigureAwait(false);
        return MerkleFrontier.FromStoredNodes(treeSize, hashes);
    }

    private async ValueTask EnsureStoredAsync(ulong treeSize, CancellationToken cancellationToken)
    {
        var stored = await _store.GetSizeAsync(cancellationToken).ConfigureAwait(false);
        if (treeSize > stored)
        {
            throw new ArgumentOutOfRangeException(nameof(treeSize), treeSize, $"The log holds {stored} leaves.");
        }
    }
}
