namespace Lifeline.Ledger;

/// <summary>
/// An <see cref="IMerkleStore"/> in process memory, for tests, tools and small logs. Nothing survives the process.
/// </summary>
/// <remarks>
/// Holds about 2n hashes of 32 bytes for n leaves (64 MB per million leaves) and at most 2<sup>31</sup> − 1 leaves.
/// Thread-safe; every operation completes synchronously. Besides the size check of the interface, an append is
/// refused when its previous frontier is not the stored one, so an append computed against another tree cannot
/// slip in.
/// </remarks>
public sealed class InMemoryMerkleStore : IMerkleStore
{
    private readonly Lock _lock = new();
    private readonly List<MerkleHash>[] _levels = new List<MerkleHash>[NodeId.MaxLevel + 1];
    private ulong _size;

    public InMemoryMerkleStore()
    {
        for (var level = 0; level < _levels.Length; level++)
        {
            _levels[level] = [];
        }
    }

    /// <summary>The number of leaves stored.</summary>
    public ulong Size
    {
        get
        {
            lock (_lock)
            {
                return _size;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<ulong> GetSizeAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Size);

    /// <summary>Reads one stored node hash.</summary>
    /// <exception cref="KeyNotFoundException">The node is not stored.</exception>
    public MerkleHash ReadNode(NodeId node)
    {
        lock (_lock)
        {
            return ReadNodeLocked(node);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MerkleHash>> ReadNodesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var hashes = new MerkleHash[nodes.Count];
        lock (_lock)
        {
            for (var i = 0; i < hashes.Length; i++)
            {
                hashes[i] = ReadNodeLocked(nodes[i]);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<MerkleHash>>(hashes);
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(MerkleAppend append, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(append);
        lock (_lock)
        {
            if (append.PreviousSize != _size)
            {
                throw new InvalidOperationException(
                    $"The append was computed for a tree of {append.PreviousSize} leaves, but the store holds {_size}. Nothing was stored.");
            }

            foreach (var node in append.PreviousFrontier.Nodes)
            {
                if (ReadNodeLocked(node.Id) != node.Hash)
                {
                    throw new InvalidOperationException(
                        $"The append was computed from a frontier that is not this store's (node {node.Id} differs). Nothing was stored.");
                }
            }

            if (append.NewSize > int.MaxValue)
            {
                throw new InvalidOperationException($"The in-memory store holds at most {int.MaxValue} leaves.");
            }

            foreach (var node in append.Nodes)
            {
                _levels[node.Id.Level].Add(node.Hash);
            }

            _size = append.NewSize;
        }

        return ValueTask.CompletedTask;
    }

    private MerkleHash ReadNodeLocked(NodeId node)
    {
        var level = _levels[node.Level];
        if (node.Index >= (ulong)level.Count)
        {
            throw new KeyNotFoundException($"Node ({node}) is not stored; the tree has {_size} leaves.");
        }

        return level[(int)node.Index];
    }
}
