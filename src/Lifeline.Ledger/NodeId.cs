namespace Lifeline.Ledger;

/// <summary>
/// Names one perfect subtree of the log: <see cref="Level"/> L and <see cref="Index"/> i cover the
/// 2<sup>L</sup> leaves [i·2<sup>L</sup>, (i+1)·2<sup>L</sup>). Level 0 is a single leaf, and its index is the
/// leaf index.
/// </summary>
/// <remarks>
/// This is the key under which a store keeps a node hash (e.g. a <c>ledger_nodes</c> table keyed by
/// <c>(level, index)</c>). Level is 0 to 63; the covered range always ends at or before leaf 2<sup>64</sup> − 1,
/// the largest tree size. The default value is leaf 0.
/// </remarks>
public readonly record struct NodeId
{
    /// <summary>The highest level a node of a tree of at most 2<sup>64</sup> − 1 leaves can have.</summary>
    public const int MaxLevel = 63;

    /// <summary>Names the subtree at a level (0 to 63) and an index within that level.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The level is outside 0–63, or the subtree would reach past leaf 2<sup>64</sup> − 2.
    /// </exception>
    public NodeId(int level, ulong index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ulong.MaxValue >> level);
        Level = level;
        Index = index;
    }

    /// <summary>Height of the subtree above its leaves: 0 for a leaf, up to 63.</summary>
    public int Level { get; }

    /// <summary>Position among the subtrees of the same level, counted from 0 at the left (oldest leaves).</summary>
    public ulong Index { get; }

    /// <summary>Index of the first leaf covered: Index·2<sup>Level</sup>.</summary>
    public ulong FirstLeaf => Index << Level;

    /// <summary>Number of leaves covered: 2<sup>Level</sup>.</summary>
    public ulong LeafCount => 1UL << Level;

    /// <summary>The node of one leaf (level 0).</summary>
    public static NodeId Leaf(ulong leafIndex) => new(0, leafIndex);

    /// <summary>For example <c>level 3, index 5</c> (leaves 40 to 47).</summary>
    public override string ToString() => $"level {Level}, index {Index}";

    // For hot loops whose arithmetic already guarantees the range.
    internal static NodeId Trusted(int level, ulong index) => new(level, index, trusted: true);

    private NodeId(int level, ulong index, bool trusted)
    {
        _ = trusted;
        Level = level;
        Index = index;
    }
}

/// <summary>A stored node: which perfect subtree (<see cref="Id"/>) and its hash.</summary>
public readonly record struct MerkleNode(NodeId Id, MerkleHash Hash);
