namespace Lifeline.Ledger;

/// <summary>
/// The answer of <see cref="MerkleVerifier"/>: <see cref="Valid"/>, or the first reason the proof was rejected.
/// </summary>
/// <remarks>
/// The default value, <see cref="NotVerified"/>, is never returned by a verifier; it only marks a verdict that was
/// never computed, so a forgotten check cannot read as valid.
/// </remarks>
public enum ProofVerdict
{
    /// <summary>No verification happened (the default value). Never returned by <see cref="MerkleVerifier"/>.</summary>
    NotVerified = 0,

    /// <summary>The proof holds: the leaf is in the tree, or the older tree is a prefix of the newer one.</summary>
    Valid = 1,

    /// <summary>Inclusion: the leaf index is not below the tree size (this includes a tree size of 0).</summary>
    LeafIndexOutOfRange = 2,

    /// <summary>Consistency: the first (older) size is larger than the second.</summary>
    SizesOutOfOrder = 3,

    /// <summary>
    /// Consistency: the first size is 0. Every tree extends the empty tree, but no consistency proof exists from it
    /// (RFC 9162 §2.1.4 defines proofs for 0 &lt; first ≤ second only).
    /// </summary>
    FirstTreeEmpty = 4,

    /// <summary>The proof has more or fewer hashes than the sizes (and leaf index) call for.</summary>
    WrongProofLength = 5,

    /// <summary>Inclusion: the root computed from the leaf hash and the proof is not the given root.</summary>
    RootMismatch = 6,

    /// <summary>Consistency: the proof does not lead to the given first (older) root.</summary>
    FirstRootMismatch = 7,

    /// <summary>
    /// Consistency: the proof does not lead to the given second (newer) root; for equal sizes, the two roots differ.
    /// </summary>
    SecondRootMismatch = 8,
}
