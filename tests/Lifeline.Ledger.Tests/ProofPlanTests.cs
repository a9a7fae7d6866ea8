namespace Lifeline.Ledger.Tests;

public sealed class ProofPlanTests
{
    [Fact]
    public void ForInclusion_FirstLeafOfSeven_ReadsTwoSiblingsAndTheThreeLeafRightHalf()
    {
        var plan = ProofPlan.ForInclusion(0, 7);

        Assert.Equal([new NodeId(0, 1), new NodeId(1, 1), new NodeId(1, 2), new NodeId(0, 6)], plan.Nodes);
        Assert.Equal(3, plan.ProofLength);
    }

    [Fact]
    public void ForConsistency_SixToEight_ReadsTheOldLastSubtreeFirst()
    {
        var plan = ProofPlan.ForConsistency(6, 8);

        // [4, 6) is one node; its sibling [6, 8); then the left half [0, 4).
        Assert.Equal([new NodeId(1, 2), new NodeId(1, 3), new NodeId(2, 0)], plan.Nodes);
        Assert.Equal(3, plan.ProofLength);
    }

    [Fact]
    public void ForInclusion_OneLeafTree_IsEmpty() => Assert.Empty(ProofPlan.ForInclusion(0, 1).Nodes);

    [Fact]
    public void ForConsistency_EqualSizes_IsEmpty() => Assert.Equal(0, ProofPlan.ForConsistency(5, 5).ProofLength);

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(5UL, 5UL)]
    [InlineData(ulong.MaxValue, 8UL)]
    public void ForInclusion_IndexNotBelowSize_Throws(ulong leafIndex, ulong treeSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofPlan.ForInclusion(leafIndex, treeSize));

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(0UL, 5UL)]
    [InlineData(6UL, 5UL)]
    public void ForConsistency_FirstSizeZeroOrAboveSecond_Throws(ulong firstSize, ulong secondSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofPlan.ForConsistency(firstSize, secondSize));

    [Fact]
    public void Assemble_WrongNumberOfHashes_Throws() =>
        Assert.Throws<ArgumentException>(() => ProofPlan.ForInclusion(0, 7).Assemble([Builders.LeafHash(0)]));

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(1_000_000UL)]
    [InlineData(ulong.MaxValue)]
    public void ForInclusion_EveryLeafAtTheEdges_ReadsAtMostTwoLog2NPlusTwoNodes(ulong treeSize)
    {
        var bound = (2 * Math.Log2(treeSize)) + 2;
        var edges = new[] { 0UL, 1UL, treeSize / 2, Math.Max(treeSize, 2) - 2, treeSize - 1 }.Where(i => i < treeSize);
        foreach (var leafIndex in edges)
        {
            Assert.InRange(ProofPlan.ForInclusion(leafIndex, treeSize).Nodes.Count, 0, bound);
            Assert.InRange(ProofPlan.ForConsistency(leafIndex + 1, treeSize).Nodes.Count, 0, bound);
        }
    }
}
