namespace Lifeline.Ledger.Tests;

public sealed class MerkleLogTests
{
    private readonly CancellationToken _cancellationToken = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendAsync_TwoBatches_GiveConsecutiveLeafIndicesAndTheRootOfAllLeaves()
    {
        var log = new MerkleLog(new InMemoryMerkleStore());
        var leaves = Builders.LeafHashes(10);

        var first = await log.AppendAsync(leaves.AsMemory(0, 4), _cancellationToken);
        var second = await log.AppendAsync(leaves.AsMemory(4), _cancellationToken);

        Assert.Equal((0UL, 4UL), (first.FirstLeafIndex, first.NewSize));
        Assert.Equal((4UL, 10UL), (second.FirstLeafIndex, second.NewSize));
        Assert.Equal(ReferenceTree.Mth(leaves), second.NewRoot);
        Assert.Equal(10UL, await log.GetSizeAsync(_cancellationToken));
        Assert.Equal(ReferenceTree.Mth(leaves.AsSpan(0, 4)), await log.GetRootAsync(4, _cancellationToken));
    }

    [Fact]
    public async Task AppendAsync_ReadsTheFrontierOnceAndWritesOnce()
    {
        var store = new CountingStore(Builders.Store(1000));
        var log = new MerkleLog(store);

        await log.AppendAsync(Builders.LeafHashes(10), _cancellationToken);

        Assert.Equal(1, store.ReadCalls);
        Assert.Equal(ulong.PopCount(1000), (ulong)store.NodesRead);
        Assert.Equal(1, store.AppendCalls);
    }

    [Fact]
    public async Task AppendAsync_NoLeaves_WritesNothing()
    {
        var store = new CountingStore(new InMemoryMerkleStore());
        var append = await new MerkleLog(store).AppendAsync(ReadOnlyMemory<MerkleHash>.Empty, _cancellationToken);

        Assert.Equal(0UL, append.NewSize);
        Assert.Equal(0, store.AppendCalls);
    }

    [Fact]
    public async Task AppendLeafDataAsync_Data_IsStoredAsLeafHashes()
    {
        var store = new InMemoryMerkleStore();
        await new MerkleLog(store).AppendLeafDataAsync([Builders.LeafData(0), Builders.LeafData(1)], _cancellationToken);
        Assert.Equal(Builders.LeafHash(1), store.ReadNode(NodeId.Leaf(1)));
    }

    [Fact]
    public async Task GetRootAsync_EmptyLog_IsTheEmptyRootWithoutReadingNodes()
    {
        var store = new CountingStore(new InMemoryMerkleStore());
        Assert.Equal(MerkleHasher.EmptyRoot, await new MerkleLog(store).GetRootAsync(0, _cancellationToken));
        Assert.Equal(0, store.ReadCalls);
    }

    [Fact]
    public async Task ProofsAndRoots_SizeNotYetStored_Throw()
    {
        var log = new MerkleLog(Builders.Store(5));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.GetRootAsync(6, _cancellationToken).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.GetInclusionProofAsync(5, 6, _cancellationToken).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.GetConsistencyProofAsync(2, 6, _cancellationToken).AsTask());
    }

    [Fact]
    public async Task ProofsAndRoots_ArgumentsNoProofExistsFor_Throw()
    {
        var log = new MerkleLog(Builders.Store(5));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.GetInclusionProofAsync(5, 5, _cancellationToken).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.GetConsistencyProofAsync(0, 5, _cancellationToken).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.GetConsistencyProofAsync(5, 4, _cancellationToken).AsTask());
    }
}

/// <summary>One tree of 1,000,000 leaves, built in memory once for the tests that count store reads.</summary>
public sealed class MillionLeafTree
{
    public const int Size = 1_000_000;

    public InMemoryMerkleStore Store { get; } = Builders.Store(Size);

    public MerkleHash RootAt(ulong size) => new MerkleLog(Store).GetRootAsync(size).AsTask().GetAwaiter().GetResult();
}

public sealed class MerkleLogReadCountTests(MillionLeafTree tree) : IClassFixture<MillionLeafTree>
{
    private const ulong Size = MillionLeafTree.Size;

    // log2(1,000,000) ≈ 19.93, so at most 41 nodes.
    private static readonly double Bound = (2 * Math.Log2(Size)) + 2;

    private readonly CancellationToken _cancellationToken = TestContext.Current.CancellationToken;

    public static TheoryData<ulong> LeafIndices => [0, 1, 2, 511, 524_287, 524_288, 999_935, 999_998, 999_999, 123_457, 777_777];

    [Theory]
    [MemberData(nameof(LeafIndices))]
    public async Task GetInclusionProofAsync_MillionLeaves_ReadsAtMostTwoLog2NPlusTwoNodesInOneCall(ulong leafIndex)
    {
        var store = new CountingStore(tree.Store);

        var proof = await new MerkleLog(store).GetInclusionProofAsync(leafIndex, Size, _cancellationToken);

        Assert.Equal(1, store.ReadCalls);
        Assert.InRange(store.NodesRead, 0, Bound);
        Assert.Equal(ProofVerdict.Valid, proof.Verify(Builders.LeafHash(leafIndex), tree.RootAt(Size)));
    }

    [Theory]
    [MemberData(nameof(LeafIndices))]
    public async Task GetConsistencyProofAsync_MillionLeaves_ReadsAtMostTwoLog2NPlusTwoNodesInOneCall(ulong leafIndex)
    {
        var firstSize = leafIndex + 1;
        var store = new CountingStore(tree.Store);

        var proof = await new MerkleLog(store).GetConsistencyProofAsync(firstSize, Size, _cancellationToken);

        Assert.Equal(1, store.ReadCalls);
        Assert.InRange(store.NodesRead, 0, Bound);
        Assert.Equal(ProofVerdict.Valid, proof.Verify(tree.RootAt(firstSize), tree.RootAt(Size)));
    }

    [Fact]
    public async Task GetRootAsync_MillionLeaves_ReadsOneNodePerBitSetInTheSize()
    {
        var store = new CountingStore(tree.Store);

        var root = await new MerkleLog(store).GetRootAsync(Size, _cancellationToken);

        Assert.Equal(1, store.ReadCalls);
        Assert.Equal(7, store.NodesRead); // 1,000,000 = 0b11110100001001000000
        Assert.Equal(MerkleFrontier.Empty.Append(Builders.LeafHashes((int)Size)).NewRoot, root);
    }
}
