namespace Lifeline.Ledger.Tests;

public sealed class MerkleHashTests
{
    private const string EmptyRootHex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string EmptyRootBase64 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    [Fact]
    public void FromHex_ToHex_RoundTripsInLowercase()
    {
        var hash = MerkleHash.FromHex(EmptyRootHex.ToUpperInvariant());
        Assert.Equal(EmptyRootHex, hash.ToHex());
        Assert.Equal(EmptyRootHex, hash.ToString());
        Assert.Equal(MerkleHasher.EmptyRoot, hash);
    }

    [Fact]
    public void FromBase64_ToBase64_RoundTrips()
    {
        var hash = MerkleHash.FromBase64(EmptyRootBase64);
        Assert.Equal(MerkleHasher.EmptyRoot, hash);
        Assert.Equal(EmptyRootBase64, hash.ToBase64());
    }

    [Theory]
    [InlineData("")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8g5")]
    [InlineData(" 3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void TryFromHex_Not64HexDigits_IsFalse(string text)
    {
        Assert.False(MerkleHash.TryFromHex(text, out _));
        Assert.Throws<FormatException>(() => MerkleHash.FromHex(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")]
    [InlineData("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=")]
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=")]
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hS uF=")]
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFUA")]
    [InlineData("AAAA47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")]
    public void TryFromBase64_NotTheCanonicalFormOf32Bytes_IsFalse(string text)
    {
        Assert.False(MerkleHash.TryFromBase64(text, out _));
        Assert.Throws<FormatException>(() => MerkleHash.FromBase64(text));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void TryFromBytes_Not32Bytes_IsFalse(int length)
    {
        Assert.False(MerkleHash.TryFromBytes(new byte[length], out _));
        Assert.Throws<ArgumentException>(() => MerkleHash.FromBytes(new byte[length]));
    }

    [Fact]
    public void CopyTo_ToArray_GiveTheBytesRead()
    {
        var bytes = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var hash = MerkleHash.FromBytes(bytes);

        Assert.Equal(bytes, hash.ToArray());
        var destination = new byte[40];
        hash.CopyTo(destination);
        Assert.Equal(bytes, destination[..32]);
        Assert.Throws<ArgumentException>(() => hash.CopyTo(new byte[31]));
    }

    [Fact]
    public void Equals_DifferentInAnyOneByte_IsFalse()
    {
        var bytes = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var hash = MerkleHash.FromBytes(bytes);
        Assert.Equal(hash, MerkleHash.FromBytes(bytes.ToArray()));
        Assert.Equal(hash.GetHashCode(), MerkleHash.FromBytes(bytes.ToArray()).GetHashCode());

        for (var i = 0; i < bytes.Length; i++)
        {
            var other = bytes.ToArray();
            other[i] ^= 0x01;
            Assert.NotEqual(hash, MerkleHash.FromBytes(other));
            Assert.True(hash != MerkleHash.FromBytes(other));
            Assert.False(hash.Equals((object)MerkleHash.FromBytes(other)));
        }
    }

    [Fact]
    public void Default_IsThirtyTwoZeroBytes_NotTheEmptyRoot()
    {
        Assert.Equal(new byte[32], default(MerkleHash).ToArray());
        Assert.NotEqual(MerkleHasher.EmptyRoot, default);
    }
}
