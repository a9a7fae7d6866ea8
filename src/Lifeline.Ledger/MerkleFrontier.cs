using System.Collections.ObjectModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Lifeline.Ledger;

/// <summary>
/// The right edge of the tree at one size: the perfect subtrees that together cover leaves [0, <see cref="Size"/>),
/// one for each bit set in the size, largest (leftmost) first. This is what RFC 9162 implementations call a
/// "compact range". It is enough to compute the root at that size and to append more leaves.
/// </summary>
/// <remarks>
/// A frontier holds at most 64 hashes. It is immutable and thread-safe: <see cref="Append(ReadOnlySpan{MerkleHash})"/>
/// returns a new frontier and leaves this one unchanged. Read one from a store with <see cref="NodeIdsFor"/> and
/// <see cref="FromStoredNodes"/>.
/// </remarks>
public sealed class MerkleFrontier
{
    private readonly MerkleNode[] _nodes;
    // Boxed so that publishing the lazily computed root is one reference write (a 32-byte struct could tear).
    private StrongBox<MerkleHash>? _root;

    private MerkleFrontier(ulong size, MerkleNode[] nodes)
    {
        Size = size;
        _nodes = nodes;
        Nodes = new ReadOnlyCollection<MerkleNode>(nodes);
    }

    /// <summary>The frontier of the empty tree: size 0, no nodes, root <see cref="MerkleHasher.EmptyRoot"/>.</summary>
    public static MerkleFrontier Empty { get; } = new(0, []);

    /// <summary>Number of leaves covered, 0 to 2<sup>64</sup> − 1.</summary>
    public ulong Size { get; }

    /// <summary>The perfect subtrees covering [0, Size), largest (leftmost) first; as many as bits set in Size.</summary>
    public IReadOnlyList<MerkleNode> Nodes { get; }

    /// <summary>
    /// The tree head hash MTH(D[0:Size]) of RFC 9162 §2.1.1: the nodes folded from the right,
    /// <c>H(n0, H(n1, … H(nk-1, nk)))</c>, or <see cref="MerkleHasher.EmptyRoot"/> for size 0.
    /// Computed once, on first use.
    /// </summary>
    public MerkleHash Root => (_root ??= new StrongBox<MerkleHash>(FoldRoot(_nodes))).Value;

    /// <summary>
    /// The perfect subtrees that make up leaves [0, <paramref name="size"/>), largest first: what to read from a store
    /// to rebuild the frontier, and the root, at that size. There are as many as bits set in the size (at most 64).
    /// </summary>
    public static IReadOnlyList<NodeId> NodeIdsFor(ulong size)
    {
        var ids = new List<NodeId>(BitOperations.PopCount(size));
        TreeMath.AddPerfectSubtrees(ids, 0, size);
        return ids;
    }

    /// <summary>
    /// Rebuilds the frontier at <paramref name="size"/> from the hashes of <see cref="NodeIdsFor"/>(size), in that
    /// order, as read from a store.
    /// </summary>
    /// <exception cref="ArgumentException">The number of hashes is not the number of nodes at that size.</exception>
    public static MerkleFrontier FromStoredNodes(ulong size, IReadOnlyList<MerkleHash> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var ids = NodeIdsFor(size);
        if (hashes.Count != ids.Count)
        {
            throw new ArgumentException($"A tree of {size} leaves has {ids.Count} frontier nodes; got {hashes.Count} hashes.", nameof(hashes));
        }

        var nodes = new MerkleNode[ids.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = new MerkleNode(ids[i], hashes[i]);
        }

        return new MerkleFrontier(size, nodes);
    }

    /// <summary>
    /// Appends leaves, given by their leaf hashes (<see cref="MerkleHasher.HashLeaf"/>), in order. The first gets
    /// leaf index <see cref="Size"/>. Returns every node to store (the leaves and each subtree they complete) and the
    /// new frontier; nothing is stored here. Costs one node hash per appended leaf on average.
    /// </summary>
    /// <exception cref="OverflowException">The tree would pass 2<sup>64</sup> − 1 leaves.</exception>
    public MerkleAppend Append(ReadOnlySpan<MerkleHash> leafHashes)
    {
        var newSize = checked(Size + (ulong)leafHashes.Length);
        if (leafHashes.IsEmpty)
        {
            return new MerkleAppend(this, this, []);
        }

        // Every level L gains floor(newSize / 2^L) − floor(Size / 2^L) nodes; summed over all levels that is
        // (2·newSize − popcount(newSize)) − (2·Size − popcount(Size)).
        var nodeCount = checked((2 * leafHashes.Length) - BitOperations.PopCount(newSize) + BitOperations.PopCount(Size));
        var written = new MerkleNode[nodeCount];
        var next = 0;

        // The right edge as a stack, smallest (rightmost) subtree on top; levels strictly decrease upwards.
        Span<MerkleHash> stackHashes = stackalloc MerkleHash[64];
        Span<int> stackLevels = stackalloc int[64];
        var top = 0;
        foreach (var node in _nodes)
        {
            stackHashes[top] = node.Hash;
            stackLevels[top] = node.Id.Level;
            top++;
        }

        var leafIndex = Size;
        foreach (var leafHash in leafHashes)
        {
            written[next++] = new MerkleNode(NodeId.Trusted(0, leafIndex), leafHash);
            var carry = leafHash;
            var level = 0;
            var index = leafIndex;
            while (top > 0 && stackLevels[top - 1] == level)
            {
                top--;
                carry = MerkleHasher.HashNode(stackHashes[top], carry);
                level++;
                index >>= 1;
                written[next++] = new MerkleNode(NodeId.Trusted(level, index), carry);
            }

            stackHashes[top] = carry;
            stackLevels[top] = level;
            top++;
            leafIndex++;
        }

        var frontierNodes = new MerkleNode[top];
        var position = 0UL;
        for (var i = 0; i < top; i++)
        {
            var id = NodeId.Trusted(stackLevels[i], position >> stackLevels[i]);
            frontierNodes[i] = new MerkleNode(id, stackHashes[i]);
            position += 1UL << stackLevels[i];
        }

        return new MerkleAppend(this, new MerkleFrontier(newSize, frontierNodes), written);
    }

    /// <summary>
    /// Appends leaves given by their data: each is hashed as <c>SHA-256(0x00 ‖ data)</c>, then appended as by
    /// <see cref="Append(ReadOnlySpan{MerkleHash})"/>.
    /// </summary>
    public MerkleAppend AppendLeafData(IReadOnlyList<byte[]> leafData)
    {
        ArgumentNullException.ThrowIfNull(leafData);
        var hashes = new MerkleHash[leafData.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(leafData[i], $"{nameof(leafData)}[{i}]");
            hashes[i] = MerkleHasher.HashLeaf(leafData[i]);
        }

        return Append(hashes);
    }

    private static MerkleHash FoldRoot(MerkleNode[] nodes)
    {
        if (nodes.Length == 0)
        {
            return MerkleHasher.EmptyRoot;
        }

        var root = nodes[^1].Hash;
        for (var i = nodes.Length - 2; i >= 0; i--)
        {
            root = MerkleHasher.HashNode(nodes[i].Hash, root);
        }

        return root;
    }
}
