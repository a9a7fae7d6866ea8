namespace Lifeline.Ledger.Tests;

/// <summary>
/// The RFC 6962 §2.1 definitions written as literally as possible (recursive MTH, PATH, PROOF/SUBPROOF) over a list
/// of leaf hashes: an independent oracle for the store-based generators. O(n) per call; for small trees only.
/// </summary>
public static class ReferenceTree
{
    public static MerkleHash Mth(ReadOnlySpan<MerkleHash> leaves)
    {
        if (leaves.Length == 0)
        {
            return MerkleHasher.EmptyRoot;
        }

        if (leaves.Length == 1)
        {
            return leaves[0];
        }

        var k = SplitPoint(leaves.Length);
        return MerkleHasher.HashNode(Mth(leaves[..k]), Mth(leaves[k..]));
    }

    public static List<MerkleHash> Path(int m, ReadOnlySpan<MerkleHash> leaves)
    {
        if (leaves.Length == 1)
        {
            return [];
        }

        var k = SplitPoint(leaves.Length);
        if (m < k)
        {
            var path = Path(m, leaves[..k]);
            path.Add(Mth(leaves[k..]));
            return path;
        }
        else
        {
            var path = Path(m - k, leaves[k..]);
            path.Add(Mth(leaves[..k]));
            return path;
        }
    }

    public static List<MerkleHash> Proof(int m, ReadOnlySpan<MerkleHash> leaves) => SubProof(m, leaves, true);

    private static List<MerkleHash> SubProof(int m, ReadOnlySpan<MerkleHash> leaves, bool b)
    {
        var n = leaves.Length;
        if (m == n)
        {
            return b ? [] : [Mth(leaves)];
        }

        var k = SplitPoint(n);
        if (m <= k)
        {
            var proof = SubProof(m, leaves[..k], b);
            proof.Add(Mth(leaves[k..]));
            return proof;
        }
        else
        {
            var proof = SubProof(m - k, leaves[k..], false);
            proof.Add(Mth(leaves[..k]));
            return proof;
        }
    }

    // The largest power of two smaller than n (n ≥ 2).
    private static int SplitPoint(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }
}
