namespace Lifeline.Ledger.Tests.Vectors;

/// <summary>
/// Runs a vector case the way a client of the library would: read every hash into a <see cref="MerkleHash"/>
/// (a wrong length is refused there), then ask <see cref="MerkleVerifier"/>.
/// </summary>
public static class VectorChecks
{
    /// <summary>Stands for "a hash was not 32 bytes, so the case never reached the verifier".</summary>
    public const ProofVerdict Unreadable = ProofVerdict.NotVerified;

    public static ProofVerdict VerifyInclusion(InclusionCase vector)
    {
        if (!MerkleHash.TryFromBytes(vector.LeafHash, out var leafHash)
            || !MerkleHash.TryFromBytes(vector.Root, out var root)
            || !TryReadAll(vector.Proof, out var proof))
        {
            return Unreadable;
        }

        return MerkleVerifier.VerifyInclusion(vector.LeafIndex, vector.TreeSize, leafHash, proof, root);
    }

    public static ProofVerdict VerifyConsistency(ConsistencyCase vector)
    {
        if (!MerkleHash.TryFromBytes(vector.FirstRoot, out var firstRoot)
            || !MerkleHash.TryFromBytes(vector.SecondRoot, out var secondRoot)
            || !TryReadAll(vector.Proof, out var proof))
        {
            return Unreadable;
        }

        return MerkleVerifier.VerifyConsistency(vector.FirstSize, vector.SecondSize, proof, firstRoot, secondRoot);
    }

    private static bool TryReadAll(byte[][] hashes, out MerkleHash[] result)
    {
        result = new MerkleHash[hashes.Length];
        for (var i = 0; i < hashes.Length; i++)
        {
            if (!MerkleHash.TryFromBytes(hashes[i], out result[i]))
            {
                return false;
            }
        }

        return true;
    }
}
