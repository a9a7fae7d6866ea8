namespace Lifeline.Ledger.Tests;

/// <summary>Wraps a store and counts what is asked of it.</summary>
public sealed class CountingStore(IMerkleStore inner) : IMerkleStore
{
    public int SizeCalls { get; private set; }

    public int ReadCalls { get; private set; }

    public int NodesRead { get; private set; }

    public int AppendCalls { get; private set; }

    public void Reset() => (SizeCalls, ReadCalls, NodesRead, AppendCalls) = (0, 0, 0, 0);

    public ValueTask<ulong> GetSizeAsync(CancellationToken cancellationToken = default)
    {
        SizeCalls++;
        return inner.GetSizeAsync(cancellationToken);
    }

    public ValueTask<IReadOnlyList<MerkleHash>> ReadNodesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken = default)
    {
        ReadCalls++;
        NodesRead += nodes.Count;
        return inner.ReadNodesAsync(nodes, cancellationToken);
    }

    public ValueTask AppendAsync(MerkleAppend append, CancellationToken cancellationToken = default)
    {
        AppendCalls++;
        return inner.AppendAsync(append, cancellationToken);
    }
}

/// <summary>
/// A read-only tree of any size up to 2^64 − 1 in which every leaf hash is the same, so the node at level L is the
/// same for every index: H_0 = the leaf hash, H_L = H(H_{L−1}, H_{L−1}). It lets proofs be generated and checked
/// for sizes no test could build, with the real store arithmetic (only nodes inside the tree can be read).
/// </summary>
public sealed class UniformTreeStore : IMerkleStore
{
    private readonly MerkleHash[] _levelHashes = new MerkleHash[NodeId.MaxLevel + 1];

    public UniformTreeStore(ulong size)
    {
        Size = size;
        _levelHashes[0] = LeafHash;
        for (var level = 1; level < _levelHashes.Length; level++)
        {
            _levelHashes[level] = MerkleHasher.HashNode(_levelHashes[level - 1], _levelHashes[level - 1]);
        }
    }

    public static MerkleHash LeafHash { get; } = MerkleHasher.HashLeaf("uniform"u8);

    public ulong Size { get; }

    public int NodesRead { get; private set; }

    public ValueTask<ulong> GetSizeAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Size);

    public ValueTask<IReadOnlyList<MerkleHash>> ReadNodesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken = default)
    {
        NodesRead += nodes.Count;
        var hashes = new MerkleHash[nodes.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            var node = nodes[i];
            if (node.FirstLeaf > Size || Size - node.FirstLeaf < node.LeafCount)
            {
                throw new KeyNotFoundException($"Node ({node}) is outside a tree of {Size} leaves.");
            }

            hashes[i] = _levelHashes[node.Level];
        }

        return ValueTask.FromResult<IReadOnlyList<MerkleHash>>(hashes);
    }

    public ValueTask AppendAsync(MerkleAppend append, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The uniform tree is read-only.");
}
