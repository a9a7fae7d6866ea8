using System.Collections.Immutable;
using System.Collections.ObjectModel;

namespace Lifeline.Ledger;

/// <summary>
/// What one proof needs from storage, worked out before any read: the stored perfect subtrees to fetch
/// (<see cref="Nodes"/>, each once, in one batch) and how to combine them into the proof (<see cref="Assemble"/>).
/// </summary>
/// <remarks>
/// <para>
/// Each proof hash is the MTH of an aligned leaf range (RFC 9162 §2.1.3.1 and §2.1.4.1). A range of a power-of-two
/// width is one stored node; any other range is the right fold of the perfect subtrees it splits into, largest
/// first. A plan therefore reads O(log n) nodes: an inclusion proof at most about 2·log2(n), a consistency proof a
/// few more, and never the leaves themselves.
/// </para>
/// <para>Plans are immutable and thread-safe.</para>
/// </remarks>
public sealed class ProofPlan
{
    private readonly NodeId[] _nodes;

    // Proof hash i is folded from _nodes[_ends[i − 1] .. _ends[i]) (from 0 for i = 0).
    private readonly int[] _ends;

    private ProofPlan(NodeId[] nodes, int[] ends)
    {
        _nodes = nodes;
        _ends = ends;
        Nodes = new ReadOnlyCollection<NodeId>(nodes);
    }

    /// <summary>The stored nodes to read, in the order <see cref="Assemble"/> expects their hashes. No duplicates.</summary>
    public IReadOnlyList<NodeId> Nodes { get; }

    /// <summary>The number of hashes in the proof.</summary>
    public int ProofLength => _ends.Length;

    /// <summary>
    /// The plan for the inclusion proof of leaf <paramref name="leafIndex"/> in the tree of
    /// <paramref name="treeSize"/> leaves (RFC 9162 §2.1.3.1, PATH). Empty when the tree has one leaf.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The leaf index is not below the tree size.</exception>
    public static ProofPlan ForInclusion(ulong leafIndex, ulong treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, treeSize);

        // PATH(m, D[start:start+n]) from the root down; each step adds the sibling of the half holding the leaf.
        // The proof lists siblings from the leaf up, so the ranges are reversed at the end.
        var ranges = new List<(ulong Start, ulong End)>(64);
        ulong start = 0, size = treeSize, index = leafIndex;
        while (size > 1)
        {
            var k = TreeMath.LargestPowerOfTwoBelow(size);
            if (index < k)
            {
                ranges.Add((start + k, start + size));
                size = k;
            }
            else
            {
                ranges.Add((start, start + k));
                start += k;
                index -= k;
                size -= k;
            }
        }

        return FromRanges(ranges);
    }

    /// <summary>
    /// The plan for the consistency proof from the tree of <paramref name="firstSize"/> leaves to the tree of
    /// <paramref name="secondSize"/> leaves (RFC 9162 §2.1.4.1, PROOF/SUBPROOF). Empty when the sizes are equal.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The first size is 0 (no proof exists from the empty tree) or larger than the second.
    /// </exception>
    public static ProofPlan ForConsistency(ulong firstSize, ulong secondSize)
    {
        ArgumentOutOfRangeException.ThrowIfZero(firstSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSize, secondSize);

        // SUBPROOF(m, D[start:start+n], b) from the root down.
        var ranges = new List<(ulong Start, ulong End)>(64);
        ulong start = 0, size = secondSize, first = firstSize;
        var firstIsWholeSubtree = true;
        while (first != size)
        {
            var k = TreeMath.LargestPowerOfTwoBelow(size);
            if (first <= k)
            {
                ranges.Add((start + k, start + size));
                size = k;
            }
            else
            {
                ranges.Add((start, start + k));
                start += k;
                first -= k;
                size -= k;
                firstIsWholeSubtree = false;
            }
        }

        if (!firstIsWholeSubtree)
        {
            // The old tree's last subtree, which the verifier cannot otherwise know.
            ranges.Add((start, start + first));
        }

        return FromRanges(ranges);
    }

    /// <summary>
    /// Combines the hashes read for <see cref="Nodes"/> (same order, same count) into the proof, ordered from the leaf
    /// (bottom) level upwards as RFC 9162 sends it.
    /// </summary>
    /// <exception cref="ArgumentException">The number of hashes is not the number of nodes.</exception>
    public ImmutableArray<MerkleHash> Assemble(IReadOnlyList<MerkleHash> nodeHashes)
    {
        ArgumentNullException.ThrowIfNull(nodeHashes);
        if (nodeHashes.Count != _nodes.Length)
        {
            throw new ArgumentException($"The plan reads {_nodes.Length} nodes; got {nodeHashes.Count} hashes.", nameof(nodeHashes));
        }

        var proof = ImmutableArray.CreateBuilder<MerkleHash>(_ends.Length);
        var begin = 0;
        foreach (var end in _ends)
        {
            var hash = nodeHashes[end - 1];
            for (var i = end - 2; i >= begin; i--)
            {
                hash = MerkleHasher.HashNode(nodeHashes[i], hash);
            }

            proof.Add(hash);
            begin = end;
        }

        return proof.MoveToImmutable();
    }

    private static ProofPlan FromRanges(List<(ulong Start, ulong End)> topDown)
    {
        var nodes = new List<NodeId>(128);
        var ends = new int[topDown.Count];
        for (var i = 0; i < ends.Length; i++)
        {
            var (start, end) = topDown[topDown.Count - 1 - i];
            TreeMath.AddPerfectSubtrees(nodes, start, end);
            ends[i] = nodes.Count;
        }

        return new ProofPlan([.. nodes], ends);
    }
}
