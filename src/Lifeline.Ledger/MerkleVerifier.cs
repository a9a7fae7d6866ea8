namespace Lifeline.Ledger;

/// <summary>
/// Checks inclusion and consistency proofs (RFC 9162 §2.1.3.2 and §2.1.4.2). Pure functions of their arguments,
/// thread-safe, and needing no store: anyone holding a proof and a tree head can run them.
/// </summary>
/// <remarks>
/// <para>
/// Any input is answered with a <see cref="ProofVerdict"/>; nothing here throws for a bad proof, a bad index or bad
/// sizes. Wrong-length hashes cannot reach these methods: <see cref="MerkleHash"/> holds exactly 32 bytes, so they
/// are rejected when read (<see cref="MerkleHash.TryFromBytes"/> and friends).
/// </para>
/// <para>
/// Proofs are ordered as RFC 9162 sends them: from the leaf (bottom) level upwards. The length of a proof is
/// checked against the exact length the sizes call for before any hashing, so whatever is sent, the work is bounded:
/// an inclusion proof has at most 64 hashes, a consistency proof at most 65.
/// </para>
/// <para>
/// The loops follow the RFC text, including the two steps that public implementations are known to get wrong:
/// skipping levels on the right border after a left sibling (inclusion step 4.b.ii, and consistency step 6.b.iii),
/// written so that it stops at 0, and prepending the first root when the first size is a power of two
/// (consistency step 2).
/// </para>
/// </remarks>
public static class MerkleVerifier
{
    /// <summary>
    /// Checks that the leaf with hash <paramref name="leafHash"/> (<c>SHA-256(0x00 ‖ data)</c>) is leaf number
    /// <paramref name="leafIndex"/> (from 0) of the tree of <paramref name="treeSize"/> leaves whose root is
    /// <paramref name="root"/>.
    /// </summary>
    /// <param name="leafIndex">0-based index of the leaf; must be below <paramref name="treeSize"/>.</param>
    /// <param name="treeSize">Number of leaves in the tree the proof was made for.</param>
    /// <param name="leafHash">The leaf hash, not the leaf data.</param>
    /// <param name="proof">The inclusion path, from the leaf's sibling upwards.</param>
    /// <param name="root">The tree head hash at <paramref name="treeSize"/>.</param>
    public static ProofVerdict VerifyInclusion(ulong leafIndex, ulong treeSize, MerkleHash leafHash, ReadOnlySpan<MerkleHash> proof, MerkleHash root)
    {
        if (leafIndex >= treeSize)
        {
            return ProofVerdict.LeafIndexOutOfRange;
        }

        if (proof.Length != TreeMath.InclusionProofLength(leafIndex, treeSize))
        {
            return ProofVerdict.WrongProofLength;
        }

        // RFC 9162 §2.1.3.2, steps 2 to 5.
        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return ProofVerdict.WrongProofLength;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHasher.HashNode(p, r);
                if ((fn & 1) == 0)
                {
                    // On the right border: the levels where this subtree has no right sibling are skipped.
                    do
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                    while ((fn & 1) == 0 && fn != 0);
                }
            }
            else
            {
                r = MerkleHasher.HashNode(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return ProofVerdict.WrongProofLength;
        }

        return r == root ? ProofVerdict.Valid : ProofVerdict.RootMismatch;
    }

    /// <summary>
    /// Checks that the tree of <paramref name="firstSize"/> leaves with root <paramref name="firstRoot"/> is a
    /// prefix of the tree of <paramref name="secondSize"/> leaves with root <paramref name="secondRoot"/>: nothing
    /// logged before was changed or removed.
    /// </summary>
    /// <param name="firstSize">Size of the older tree; must be at least 1 and at most <paramref name="secondSize"/>.</param>
    /// <param name="secondSize">Size of the newer tree.</param>
    /// <param name="proof">The consistency path, from the bottom level upwards; empty when the sizes are equal.</param>
    /// <param name="firstRoot">Tree head hash at <paramref name="firstSize"/>.</param>
    /// <param name="secondRoot">Tree head hash at <paramref name="secondSize"/>.</param>
    /// <remarks>
    /// Equal sizes are consistent when the proof is empty and the roots are equal. A first size of 0 is answered
    /// <see cref="ProofVerdict.FirstTreeEmpty"/>, also when the second size is 0: no proof exists from the empty tree.
    /// </remarks>
    public static ProofVerdict VerifyConsistency(ulong firstSize, ulong secondSize, ReadOnlySpan<MerkleHash> proof, MerkleHash firstRoot, MerkleHash secondRoot)
    {
        if (firstSize > secondSize)
        {
            return ProofVerdict.SizesOutOfOrder;
        }

        if (firstSize == 0)
        {
            return ProofVerdict.FirstTreeEmpty;
        }

        if (firstSize == secondSize)
        {
            if (!proof.IsEmpty)
            {
                return ProofVerdict.WrongProofLength;
            }

            return firstRoot == secondRoot ? ProofVerdict.Valid : ProofVerdict.SecondRootMismatch;
        }

        // Step 1 (an empty proof fails) is part of this check: the exact length is at least 1 here.
        if (proof.Length != TreeMath.ConsistencyProofLength(firstSize, secondSize))
        {
            return ProofVerdict.WrongProofLength;
        }

        // Step 2: when the first tree is a whole subtree of the second, its root starts the chain.
        MerkleHash seed;
        ReadOnlySpan<MerkleHash> rest;
        if (ulong.IsPow2(firstSize))
        {
            seed = firstRoot;
            rest = proof;
        }
        else
        {
            seed = proof[0];
            rest = proof[1..];
        }

        // Steps 3 and 4.
        var fn = firstSize - 1;
        var sn = secondSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        // Steps 5 and 6.
        var fr = seed;
        var sr = seed;
        foreach (var c in rest)
        {
            if (sn == 0)
            {
                return ProofVerdict.WrongProofLength;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHasher.HashNode(c, fr);
                sr = MerkleHasher.HashNode(c, sr);
                if ((fn & 1) == 0)
                {
                    do
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                    while ((fn & 1) == 0 && fn != 0);
                }
            }
            else
            {
                sr = MerkleHasher.HashNode(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // Step 7.
        if (sn != 0)
        {
            return ProofVerdict.WrongProofLength;
        }

        if (fr != firstRoot)
        {
            return ProofVerdict.FirstRootMismatch;
        }

        return sr == secondRoot ? ProofVerdict.Valid : ProofVerdict.SecondRootMismatch;
    }
}
