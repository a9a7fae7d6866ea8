using System.Collections.Immutable;

namespace Lifeline.Ledger;

/// <summary>
/// Proof that leaf <see cref="LeafIndex"/> is in the tree of <see cref="TreeSize"/> leaves (RFC 9162 §2.1.3):
/// the hashes needed to recompute the root from the leaf hash, from the leaf's sibling upwards.
/// </summary>
/// <remarks>
/// Holding a proof says nothing about its validity; call <see cref="Verify"/> with a root from a trusted tree head.
/// Immutable. Two proofs are equal only if they are the same object.
/// </remarks>
public sealed class InclusionProof
{
    /// <summary>A proof as received or generated; it is not checked here.</summary>
    public InclusionProof(ulong leafIndex, ulong treeSize, IEnumerable<MerkleHash> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        LeafIndex = leafIndex;
        TreeSize = treeSize;
        Path = [.. path];
    }

    /// <summary>0-based index of the leaf.</summary>
    public ulong LeafIndex { get; }

    /// <summary>Number of leaves in the tree the proof is for.</summary>
    public ulong TreeSize { get; }

    /// <summary>The inclusion path, from the bottom level upwards; empty for a tree of one leaf.</summary>
    public ImmutableArray<MerkleHash> Path { get; }

    /// <summary>Checks the proof against the leaf hash and the root at <see cref="TreeSize"/>.</summary>
    public ProofVerdict Verify(MerkleHash leafHash, MerkleHash root) =>
        MerkleVerifier.VerifyInclusion(LeafIndex, TreeSize, leafHash, Path.AsSpan(), root);
}
