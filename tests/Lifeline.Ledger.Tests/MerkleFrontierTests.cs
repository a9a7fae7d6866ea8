namespace Lifeline.Ledger.Tests;

public sealed class MerkleFrontierTests
{
    [Fact]
    public void Empty_HasSizeZeroAndTheEmptyRoot()
    {
        Assert.Equal(0UL, MerkleFrontier.Empty.Size);
        Assert.Empty(MerkleFrontier.Empty.Nodes);
        Assert.Equal(MerkleHasher.EmptyRoot, MerkleFrontier.Empty.Root);
    }

    [Fact]
    public void NodeIdsFor_Thirteen_IsOneSubtreePerBitLargestFirst() =>
        Assert.Equal([new NodeId(3, 0), new NodeId(2, 2), new NodeId(0, 12)], MerkleFrontier.NodeIdsFor(13));

    [Fact]
    public void Append_NoLeaves_ChangesNothing()
    {
        var frontier = MerkleFrontier.Empty.Append(Builders.LeafHashes(5)).Frontier;
        var append = frontier.Append([]);

        Assert.Same(frontier, append.Frontier);
        Assert.Empty(append.Nodes);
        Assert.Equal(0UL, append.LeafCount);
    }

    [Fact]
    public void Append_ThreeLeavesToFive_GivesIndicesFiveToSevenAndTheCompletedSubtrees()
    {
        var leaves = Builders.LeafHashes(8);
        var five = MerkleFrontier.Empty.Append(leaves.AsSpan(0, 5)).Frontier;

        var append = five.Append(leaves.AsSpan(5));

        Assert.Equal(5UL, append.FirstLeafIndex);
        Assert.Equal(5UL, append.PreviousSize);
        Assert.Equal(8UL, append.NewSize);
        Assert.Equal(3UL, append.LeafCount);
        Assert.Equal(
            [new NodeId(0, 5), new NodeId(1, 2), new NodeId(0, 6), new NodeId(0, 7), new NodeId(1, 3), new NodeId(2, 1), new NodeId(3, 0)],
            append.Nodes.Select(n => n.Id));
        Assert.Equal(ReferenceTree.Mth(leaves), append.NewRoot);
        Assert.Equal([new NodeId(3, 0)], append.Frontier.Nodes.Select(n => n.Id));
    }

    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(0UL, 10_000)]
    [InlineData(1UL, 1)]
    [InlineData(7UL, 1)]
    [InlineData(7UL, 9)]
    [InlineData(1023UL, 1025)]
    public void Append_NodeCount_IsTwoPerLeafCorrectedByBitsSet(ulong size, int leafCount)
    {
        var frontier = MerkleFrontier.Empty.Append(Builders.LeafHashes((int)size)).Frontier;
        var append = frontier.Append(Builders.LeafHashes(leafCount));
        var expected = (2 * leafCount) - (int)ulong.PopCount(size + (ulong)leafCount) + (int)ulong.PopCount(size);
        Assert.Equal(expected, append.Nodes.Count);
    }

    [Fact]
    public void AppendLeafData_Data_IsHashedAsLeaves()
    {
        var data = Enumerable.Range(0, 3).Select(i => Builders.LeafData((ulong)i)).ToList();
        Assert.Equal(MerkleFrontier.Empty.Append(Builders.LeafHashes(3)).NewRoot, MerkleFrontier.Empty.AppendLeafData(data).NewRoot);
    }

    [Fact]
    public void FromStoredNodes_WrongNumberOfHashes_Throws() =>
        Assert.Throws<ArgumentException>(() => MerkleFrontier.FromStoredNodes(3, [Builders.LeafHash(0)]));

    [Fact]
    public void Append_LastPossibleLeaf_IsAcceptedAndOneMoreOverflows()
    {
        var almostFull = MerkleFrontier.FromStoredNodes(ulong.MaxValue - 1, Builders.LeafHashes(63));

        var full = almostFull.Append([Builders.LeafHash(0)]);

        Assert.Equal(ulong.MaxValue, full.NewSize);
        Assert.Equal(NodeId.Leaf(ulong.MaxValue - 1), Assert.Single(full.Nodes).Id);
        Assert.Equal(64, full.Frontier.Nodes.Count);
        Assert.Throws<OverflowException>(() => full.Frontier.Append([Builders.LeafHash(0)]));
    }
}
