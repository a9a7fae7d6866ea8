namespace Lifeline.Ledger.Tests;

public sealed class NodeIdTests
{
    [Fact]
    public void FirstLeafAndLeafCount_Level3Index5_CoverLeaves40To47()
    {
        var node = new NodeId(3, 5);
        Assert.Equal(40UL, node.FirstLeaf);
        Assert.Equal(8UL, node.LeafCount);
        Assert.Equal("level 3, index 5", node.ToString());
    }

    [Fact]
    public void Leaf_Index_IsLevelZero() => Assert.Equal(new NodeId(0, 7), NodeId.Leaf(7));

    [Theory]
    [InlineData(-1, 0UL)]
    [InlineData(64, 0UL)]
    [InlineData(63, 1UL)]
    [InlineData(0, ulong.MaxValue)]
    [InlineData(1, ulong.MaxValue >> 1)]
    public void Constructor_OutsideATreeOfAtMost2To64Minus1Leaves_Throws(int level, ulong index) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NodeId(level, index));

    [Theory]
    [InlineData(63, 0UL)]
    [InlineData(0, ulong.MaxValue - 1)]
    [InlineData(1, (ulong.MaxValue >> 1) - 1)]
    public void Constructor_LastNodeOfItsLevel_IsAccepted(int level, ulong index)
    {
        var node = new NodeId(level, index);
        Assert.True(node.FirstLeaf + (node.LeafCount - 1) <= ulong.MaxValue - 1);
    }
}
