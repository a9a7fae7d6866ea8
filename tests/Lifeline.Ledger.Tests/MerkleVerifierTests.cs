namespace Lifeline.Ledger.Tests;

public sealed class MerkleVerifierTests
{
    private static readonly MerkleHash[] Leaves = Builders.LeafHashes(16);

    private static MerkleHash RootOf(int size) => ReferenceTree.Mth(Leaves.AsSpan(0, size));

    private static MerkleHash[] PathOf(int index, int size) => [.. ReferenceTree.Path(index, Leaves.AsSpan(0, size))];

    private static MerkleHash[] ProofOf(int first, int second) => [.. ReferenceTree.Proof(first, Leaves.AsSpan(0, second))];

    // A verifier without RFC 9162 §2.1.3.2 step 4.b.ii (the right-border skip) rejects these valid proofs.
    [Theory]
    [InlineData(2, 3)]
    [InlineData(4, 5)]
    [InlineData(4, 6)]
    [InlineData(5, 6)]
    [InlineData(6, 7)]
    [InlineData(8, 9)]
    [InlineData(12, 13)]
    [InlineData(14, 15)]
    public void VerifyInclusion_LeafWhosePathCrossesTheRightBorder_IsValid(int index, int size) =>
        Assert.Equal(ProofVerdict.Valid, MerkleVerifier.VerifyInclusion((ulong)index, (ulong)size, Leaves[index], PathOf(index, size), RootOf(size)));

    // A verifier without §2.1.4.2 step 2 (prepend the first root when the first size is a power of two) rejects these.
    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 5)]
    [InlineData(4, 7)]
    [InlineData(8, 13)]
    public void VerifyConsistency_FirstSizeAPowerOfTwo_IsValid(int first, int second) =>
        Assert.Equal(ProofVerdict.Valid, MerkleVerifier.VerifyConsistency((ulong)first, (ulong)second, ProofOf(first, second), RootOf(first), RootOf(second)));

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1UL, 1UL)]
    [InlineData(8UL, 8UL)]
    [InlineData(ulong.MaxValue, 8UL)]
    [InlineData(ulong.MaxValue, ulong.MaxValue)]
    public void VerifyInclusion_IndexNotBelowSize_IsLeafIndexOutOfRange(ulong index, ulong size) =>
        Assert.Equal(ProofVerdict.LeafIndexOutOfRange, MerkleVerifier.VerifyInclusion(index, size, Leaves[0], PathOf(0, 8), RootOf(8)));

    [Fact]
    public void VerifyInclusion_ProofOneHashShortOrLong_IsWrongProofLength()
    {
        var path = PathOf(5, 13);
        Assert.Equal(ProofVerdict.WrongProofLength, MerkleVerifier.VerifyInclusion(5, 13, Leaves[5], path.AsSpan(0, path.Length - 1), RootOf(13)));
        Assert.Equal(ProofVerdict.WrongProofLength, MerkleVerifier.VerifyInclusion(5, 13, Leaves[5], [.. path, RootOf(13)], RootOf(13)));
        Assert.Equal(ProofVerdict.WrongProofLength, MerkleVerifier.VerifyInclusion(0, 1, Leaves[0], [Leaves[0]], Leaves[0]));
    }

    [Fact]
    public void VerifyInclusion_WrongLeafOrRoot_IsRootMismatch()
    {
        var path = PathOf(5, 13);
        Assert.Equal(ProofVerdict.RootMismatch, MerkleVerifier.VerifyInclusion(5, 13, Leaves[6], path, RootOf(13)));
        Assert.Equal(ProofVerdict.RootMismatch, MerkleVerifier.VerifyInclusion(5, 13, Leaves[5], path, RootOf(12)));
    }

    [Fact]
    public void VerifyInclusion_OneLeafTree_IsValidWhenTheLeafIsTheRoot()
    {
        Assert.Equal(ProofVerdict.Valid, MerkleVerifier.VerifyInclusion(0, 1, Leaves[0], [], Leaves[0]));
        Assert.Equal(ProofVerdict.RootMismatch, MerkleVerifier.VerifyInclusion(0, 1, Leaves[0], [], MerkleHasher.EmptyRoot));
    }

    [Fact]
    public void VerifyConsistency_FirstSizeAboveSecond_IsSizesOutOfOrder() =>
        Assert.Equal(ProofVerdict.SizesOutOfOrder, MerkleVerifier.VerifyConsistency(6, 5, ProofOf(5, 6), RootOf(6), RootOf(5)));

    [Theory]
    [InlineData(0UL)]
    [InlineData(5UL)]
    public void VerifyConsistency_FromTheEmptyTree_IsFirstTreeEmpty(ulong secondSize) =>
        Assert.Equal(ProofVerdict.FirstTreeEmpty, MerkleVerifier.VerifyConsistency(0, secondSize, [], MerkleHasher.EmptyRoot, MerkleHasher.EmptyRoot));

    [Fact]
    public void VerifyConsistency_EqualSizes_NeedAnEmptyProofAndEqualRoots()
    {
        Assert.Equal(ProofVerdict.Valid, MerkleVerifier.VerifyConsistency(5, 5, [], RootOf(5), RootOf(5)));
        Assert.Equal(ProofVerdict.WrongProofLength, MerkleVerifier.VerifyConsistency(5, 5, [RootOf(5)], RootOf(5), RootOf(5)));
        Assert.Equal(ProofVerdict.SecondRootMismatch, MerkleVerifier.VerifyConsistency(5, 5, [], RootOf(5), RootOf(4)));
    }

    [Fact]
    public void VerifyConsistency_EmptyOrOverlongProof_IsWrongProofLength()
    {
        Assert.Equal(ProofVerdict.WrongProofLength, MerkleVerifier.VerifyConsistency(3, 7, [], RootOf(3), RootOf(7)));
        Assert.Equal(ProofVerdict.WrongProofLength, MerkleVerifier.VerifyConsistency(3, 7, [.. ProofOf(3, 7), RootOf(7)], RootOf(3), RootOf(7)));
    }

    [Fact]
    public void VerifyConsistency_WrongRoots_SayWhichRootDoesNotMatch()
    {
        var proof = ProofOf(3, 7);
        Assert.Equal(ProofVerdict.Valid, MerkleVerifier.VerifyConsistency(3, 7, proof, RootOf(3), RootOf(7)));
        Assert.Equal(ProofVerdict.FirstRootMismatch, MerkleVerifier.VerifyConsistency(3, 7, proof, RootOf(4), RootOf(7)));
        Assert.Equal(ProofVerdict.SecondRootMismatch, MerkleVerifier.VerifyConsistency(3, 7, proof, RootOf(3), RootOf(8)));
        Assert.NotEqual(ProofVerdict.Valid, MerkleVerifier.VerifyConsistency(3, 7, proof, RootOf(7), RootOf(3)));
    }

    [Fact]
    public void InclusionAndConsistencyProof_Verify_UseTheirOwnIndexAndSizes()
    {
        var inclusion = new InclusionProof(5, 13, PathOf(5, 13));
        var consistency = new ConsistencyProof(3, 13, ProofOf(3, 13));

        Assert.Equal(ProofVerdict.Valid, inclusion.Verify(Leaves[5], RootOf(13)));
        Assert.Equal(ProofVerdict.Valid, consistency.Verify(RootOf(3), RootOf(13)));
    }
}
