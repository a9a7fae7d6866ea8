using System.Numerics;

namespace Lifeline.Ledger;

/// <summary>Bit arithmetic on tree sizes and leaf indices (RFC 9162 §2.1).</summary>
internal static class TreeMath
{
    /// <summary>Number of bits needed to write <paramref name="value"/>: 0 for 0, 64 for values ≥ 2^63.</summary>
    public static int BitLength(ulong value) => 64 - BitOperations.LeadingZeroCount(value);

    /// <summary>The split point k of MTH(D[n]): the largest power of two strictly smaller than n (n ≥ 2).</summary>
    public static ulong LargestPowerOfTwoBelow(ulong n) => 1UL << (BitLength(n - 1) - 1);

    /// <summary><paramref name="value"/> shifted right, 0 when shifted by 64 or more (C# masks the count otherwise).</summary>
    public static ulong ShiftRight(ulong value, int bits) => bits >= 64 ? 0 : value >> bits;

    /// <summary>
    /// Appends the perfect subtrees that make up the aligned leaf range [start, end), largest (leftmost) first. The
    /// MTH of the range is their right fold: H(p0, H(p1, … H(pk-1, pk))). Requires start to be a multiple of the
    /// smallest power of two ≥ end − start, which holds for every range RFC 9162's recursion produces.
    /// </summary>
    public static void AddPerfectSubtrees(List<NodeId> nodes, ulong start, ulong end)
    {
        var position = start;
        var remaining = end - start;
        while (remaining != 0)
        {
            var level = BitLength(remaining) - 1;
            nodes.Add(NodeId.Trusted(level, position >> level));
            var width = 1UL << level;
            position += width;
            remaining -= width;
        }
    }

    /// <summary>
    /// The number of hashes in the inclusion proof of a leaf (RFC 9162 §2.1.3.1), in closed form: the levels below
    /// the point where the leaf's path meets the right border (<c>inner</c>), plus the left siblings on that border.
    /// </summary>
    public static int InclusionProofLength(ulong leafIndex, ulong treeSize)
    {
        var inner = BitLength(leafIndex ^ (treeSize - 1));
        var border = BitOperations.PopCount(ShiftRight(leafIndex, inner));
        return inner + border;
    }

    /// <summary>The number of hashes in the consistency proof between two sizes, 0 &lt; first &lt; second (RFC 9162 §2.1.4.1).</summary>
    public static int ConsistencyProofLength(ulong firstSize, ulong secondSize)
    {
        var inner = BitLength((firstSize - 1) ^ (secondSize - 1));
        var border = BitOperations.PopCount(ShiftRight(firstSize - 1, inner));
        var shift = BitOperations.TrailingZeroCount(firstSize);
        // The first tree is a perfect subtree of the second when its size is a power of two; then its root is the
        // seed of the chain and is not repeated in the proof.
        var seedInProof = BitOperations.IsPow2(firstSize) ? 0 : 1;
        return seedInProof + (inner - shift) + border;
    }
}
