namespace Lifeline.Ledger.Tests.Vectors;

/// <summary>
/// Every case of <c>merkle-vectors.json</c>, one test each: hasher answers, leaf and node hashes, roots, the upstream
/// happy-path proofs, the derived exhaustive proofs for trees of 1 to 8 leaves, and the 196 upstream probes.
/// </summary>
public sealed class VectorTests
{
    public static TheoryData<string> HasherCaseNames => [.. MerkleVectors.HasherCases.Select(c => c.Name)];

    public static TheoryData<int> LeafIndices => [.. Enumerable.Range(0, MerkleVectors.Leaves.Count)];

    public static TheoryData<int, ulong> NodeIds => [.. MerkleVectors.NodeHashes.Keys.Select(id => (id.Level, id.Index))];

    public static TheoryData<ulong> RootSizes => [.. MerkleVectors.Roots.Keys];

    public static TheoryData<string> InclusionProofNames => MerkleVectors.Names(MerkleVectors.InclusionProofs);

    public static TheoryData<string> ConsistencyProofNames => MerkleVectors.Names(MerkleVectors.ConsistencyProofs);

    public static TheoryData<string> DerivedInclusionNames => MerkleVectors.Names(MerkleVectors.DerivedInclusionProofs);

    public static TheoryData<string> DerivedConsistencyNames => MerkleVectors.Names(MerkleVectors.DerivedConsistencyProofs);

    public static TheoryData<string> InclusionProbeNames => MerkleVectors.Names(MerkleVectors.InclusionProbes);

    public static TheoryData<string> ConsistencyProbeNames => MerkleVectors.Names(MerkleVectors.ConsistencyProbes);

    // The 8 reference leaves, stored once; the tests only read from it.
    private static readonly Lazy<InMemoryMerkleStore> ReferenceStore = new(() =>
    {
        var store = new InMemoryMerkleStore();
        store.AppendAsync(MerkleFrontier.Empty.AppendLeafData(MerkleVectors.Leaves)).AsTask().GetAwaiter().GetResult();
        return store;
    });

    private static MerkleLog ReferenceLog => new(ReferenceStore.Value);

    [Theory]
    [MemberData(nameof(HasherCaseNames))]
    public void Hasher_KnownAnswer_Matches(string name)
    {
        var vector = MerkleVectors.HasherCases.Single(c => c.Name == name);
        var actual = vector.Kind switch
        {
            "empty_root" => MerkleHasher.EmptyRoot,
            "leaf" => MerkleHasher.HashLeaf(vector.Input),
            "node" => MerkleHasher.HashNode(vector.Left, vector.Right),
            _ => throw new InvalidOperationException($"Unknown hasher vector kind {vector.Kind}."),
        };
        Assert.Equal(vector.Want, actual);
    }

    [Theory]
    [MemberData(nameof(LeafIndices))]
    public void HashLeaf_ReferenceLeaf_MatchesUpstreamLeafHash(int index) =>
        Assert.Equal(MerkleVectors.LeafHashes[index], MerkleHasher.HashLeaf(MerkleVectors.Leaves[index]));

    [Theory]
    [MemberData(nameof(NodeIds))]
    public void Store_EveryPerfectSubtreeOfTheReferenceTree_HoldsTheUpstreamNodeHash(int level, ulong index)
    {
        var id = new NodeId(level, index);
        Assert.Equal(MerkleVectors.NodeHashes[id], ReferenceStore.Value.ReadNode(id));
    }

    [Theory]
    [MemberData(nameof(RootSizes))]
    public void Append_FirstLeavesOfReferenceTree_GivesUpstreamRoot(ulong size)
    {
        var append = MerkleFrontier.Empty.AppendLeafData(MerkleVectors.Leaves.Take((int)size).ToList());
        Assert.Equal(MerkleVectors.Roots[size], append.NewRoot);
    }

    [Theory]
    [MemberData(nameof(RootSizes))]
    public async Task GetRootAsync_PastSizeOfReferenceTree_GivesUpstreamRoot(ulong size) =>
        Assert.Equal(MerkleVectors.Roots[size], await ReferenceLog.GetRootAsync(size, TestContext.Current.CancellationToken));

    [Theory]
    [MemberData(nameof(InclusionProofNames))]
    public void VerifyInclusion_UpstreamHappyPath_IsValid(string name)
    {
        var vector = MerkleVectors.Named(MerkleVectors.InclusionProofs, name, c => c.Name);
        Assert.Equal(ProofVerdict.Valid, VectorChecks.VerifyInclusion(vector));
    }

    [Theory]
    [MemberData(nameof(InclusionProofNames))]
    public async Task GetInclusionProofAsync_UpstreamHappyPath_GivesTheSameProof(string name)
    {
        var vector = MerkleVectors.Named(MerkleVectors.InclusionProofs, name, c => c.Name);
        // The single-entry case is a one-leaf tree of its own leaf, not a prefix of the reference tree.
        var log = vector.LeafHash.SequenceEqual(MerkleVectors.LeafHashes[(int)vector.LeafIndex].ToArray())
            ? ReferenceLog
            : await LogOfOneLeafAsync(MerkleHash.FromBytes(vector.LeafHash));

        var proof = await log.GetInclusionProofAsync(vector.LeafIndex, vector.TreeSize, TestContext.Current.CancellationToken);

        Assert.Equal(vector.Proof.Select(p => MerkleHash.FromBytes(p)), proof.Path);
        Assert.Equal(MerkleHash.FromBytes(vector.Root), await log.GetRootAsync(vector.TreeSize, TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(ConsistencyProofNames))]
    public void VerifyConsistency_UpstreamHappyPath_IsValid(string name)
    {
        var vector = MerkleVectors.Named(MerkleVectors.ConsistencyProofs, name, c => c.Name);
        Assert.Equal(ProofVerdict.Valid, VectorChecks.VerifyConsistency(vector));
    }

    [Theory]
    [MemberData(nameof(ConsistencyProofNames))]
    public async Task GetConsistencyProofAsync_UpstreamHappyPath_GivesTheSameProof(string name)
    {
        var vector = MerkleVectors.Named(MerkleVectors.ConsistencyProofs, name, c => c.Name);
        var proof = await ReferenceLog.GetConsistencyProofAsync(vector.FirstSize, vector.SecondSize, TestContext.Current.CancellationToken);
        Assert.Equal(vector.Proof.Select(p => MerkleHash.FromBytes(p)), proof.Path);
    }

    [Theory]
    [MemberData(nameof(DerivedInclusionNames))]
    public async Task InclusionProof_EveryLeafOfTreesUpToEight_IsGeneratedAndVerified(string name)
    {
        var vector = MerkleVectors.Named(MerkleVectors.DerivedInclusionProofs, name, c => c.Name);
        var proof = await ReferenceLog.GetInclusionProofAsync(vector.LeafIndex, vector.TreeSize, TestContext.Current.CancellationToken);

        Assert.Equal(vector.Proof.Select(p => MerkleHash.FromBytes(p)), proof.Path);
        Assert.Equal(ProofVerdict.Valid, VectorChecks.VerifyInclusion(vector));
    }

    [Theory]
    [MemberData(nameof(DerivedConsistencyNames))]
    public async Task ConsistencyProof_EveryPairOfSizesUpToEight_IsGeneratedAndVerified(string name)
    {
        var vector = MerkleVectors.Named(MerkleVectors.DerivedConsistencyProofs, name, c => c.Name);
        var proof = await ReferenceLog.GetConsistencyProofAsync(vector.FirstSize, vector.SecondSize, TestContext.Current.CancellationToken);

        Assert.Equal(vector.Proof.Select(p => MerkleHash.FromBytes(p)), proof.Path);
        Assert.Equal(ProofVerdict.Valid, VectorChecks.VerifyConsistency(vector));
    }

    [Theory]
    [MemberData(nameof(InclusionProbeNames))]
    public void VerifyInclusion_UpstreamProbe_AcceptsExactlyTheValidOnes(string name)
    {
        var probe = MerkleVectors.Named(MerkleVectors.InclusionProbes, name, c => c.Name);
        var verdict = VectorChecks.VerifyInclusion(probe);
        TestContext.Current.TestOutputHelper?.WriteLine($"wantErr {probe.WantError}: {verdict}");
        Assert.Equal(!probe.WantError, verdict == ProofVerdict.Valid);
    }

    [Theory]
    [MemberData(nameof(ConsistencyProbeNames))]
    public void VerifyConsistency_UpstreamProbe_AcceptsExactlyTheValidOnes(string name)
    {
        var probe = MerkleVectors.Named(MerkleVectors.ConsistencyProbes, name, c => c.Name);
        var verdict = VectorChecks.VerifyConsistency(probe);
        TestContext.Current.TestOutputHelper?.WriteLine($"wantErr {probe.WantError}: {verdict}");

        // See MerkleVectors.ImplementationDefinedProbe: upstream accepts it, this library rejects it on purpose.
        var expectValid = !probe.WantError && name != MerkleVectors.ImplementationDefinedProbe;
        Assert.Equal(expectValid, verdict == ProofVerdict.Valid);
    }

    [Fact]
    public void ImplementationDefinedProbe_RootsOf12Bytes_AreRejectedWhenRead()
    {
        var probe = MerkleVectors.Named(MerkleVectors.ConsistencyProbes, MerkleVectors.ImplementationDefinedProbe, c => c.Name);
        Assert.False(probe.WantError);
        Assert.Equal(12, probe.FirstRoot.Length);

        Assert.False(MerkleHash.TryFromBytes(probe.FirstRoot, out _));
        Assert.Equal(VectorChecks.Unreadable, VectorChecks.VerifyConsistency(probe));
    }

    [Fact]
    public void ImplementationDefinedProbe_SameCaseWithRealRoots_IsValid()
    {
        var root = MerkleVectors.Roots[1];
        Assert.Equal(ProofVerdict.Valid, MerkleVerifier.VerifyConsistency(1, 1, [], root, root));
    }

    private static async Task<MerkleLog> LogOfOneLeafAsync(MerkleHash leafHash)
    {
        var log = new MerkleLog(new InMemoryMerkleStore());
        await log.AppendAsync(new[] { leafHash }, TestContext.Current.CancellationToken);
        return log;
    }
}
