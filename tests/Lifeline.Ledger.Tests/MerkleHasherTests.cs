using System.Security.Cryptography;

namespace Lifeline.Ledger.Tests;

public sealed class MerkleHasherTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(100_000)]
    public void HashLeaf_AnyLength_IsSha256OfZeroPrefixAndData(int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i % 251)).ToArray();
        var expected = SHA256.HashData([0x00, .. data]);
        Assert.Equal(MerkleHash.FromBytes(expected), MerkleHasher.HashLeaf(data));
    }

    [Fact]
    public void HashNode_TwoHashes_IsSha256OfOnePrefixLeftRight()
    {
        var left = Builders.LeafHash(1);
        var right = Builders.LeafHash(2);
        var expected = SHA256.HashData([0x01, .. left.ToArray(), .. right.ToArray()]);

        Assert.Equal(MerkleHash.FromBytes(expected), MerkleHasher.HashNode(left, right));
        Assert.Equal(MerkleHash.FromBytes(expected), MerkleHasher.HashNode(left.ToArray(), right.ToArray()));
        Assert.NotEqual(MerkleHasher.HashNode(left, right), MerkleHasher.HashNode(right, left));
    }

    [Fact]
    public void HashLeaf_OfTwoConcatenatedHashes_IsNotTheirNodeHash()
    {
        var left = Builders.LeafHash(1);
        var right = Builders.LeafHash(2);
        Assert.NotEqual(MerkleHasher.HashNode(left, right), MerkleHasher.HashLeaf([.. left.ToArray(), .. right.ToArray()]));
    }
}
