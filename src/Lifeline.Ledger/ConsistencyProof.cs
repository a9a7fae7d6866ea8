using System.Collections.Immutable;

namespace Lifeline.Ledger;

/// <summary>
/// Proof that the tree of <see cref="FirstSize"/> leaves is a prefix of the tree of <see cref="SecondSize"/> leaves
/// (RFC 9162 §2.1.4): the log was only appended to in between.
/// </summary>
/// <remarks>
/// Holding a proof says nothing about its validity; call <see cref="Verify"/> with roots from trusted tree heads.
/// Immutable. Two proofs are equal only if they are the same object.
/// </remarks>
public sealed class ConsistencyProof
{
    /// <summary>A proof as received or generated; it is not checked here.</summary>
    public ConsistencyProof(ulong firstSize, ulong secondSize, IEnumerable<MerkleHash> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FirstSize = firstSize;
        SecondSize = secondSize;
        Path = [.. path];
    }

    /// <summary>Size of the older tree, at least 1.</summary>
    public ulong FirstSize { get; }

    /// <summary>Size of the newer tree, at least <see cref="FirstSize"/>.</summary>
    public ulong SecondSize { get; }

    /// <summary>The consistency path, from the bottom level upwards; empty when the sizes are equal.</summary>
    public ImmutableArray<MerkleHash> Path { get; }

    /// <summary>Checks the proof against the roots at <see cref="FirstSize"/> and <see cref="SecondSize"/>.</summary>
    public ProofVerdict Verify(MerkleHash firstRoot, MerkleHash secondRoot) =>
        MerkleVerifier.VerifyConsistency(FirstSize, SecondSize, Path.AsSpan(), firstRoot, secondRoot);
}
