using System.Security.Cryptography;

namespace Lifeline.Ledger;

/// <summary>
/// The RFC 9162 (and RFC 6962) tree hash with SHA-256: how leaves, nodes and the empty tree are hashed.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>leaf: <c>SHA-256(0x00 ‖ leaf data)</c>;</item>
/// <item>node: <c>SHA-256(0x01 ‖ left ‖ right)</c>, left being the subtree with the smaller leaf indices;</item>
/// <item>empty tree: <c>SHA-256("")</c>.</item>
/// </list>
/// The 0x00 and 0x01 prefixes keep a leaf from ever being taken for a node (second-preimage resistance).
/// All members are pure and thread-safe.
/// </remarks>
public static class MerkleHasher
{
    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;
    private const int StackLimit = 1024;

    /// <summary>The root of the tree with no leaves: <c>SHA-256("")</c> = e3b0c442…b855.</summary>
    public static MerkleHash EmptyRoot { get; } = MerkleHash.FromBytes(SHA256.HashData(ReadOnlySpan<byte>.Empty));

    /// <summary>The hash of one leaf, <c>SHA-256(0x00 ‖ leafData)</c>. The data may be empty and of any length.</summary>
    public static MerkleHash HashLeaf(ReadOnlySpan<byte> leafData) => HashWithPrefix(LeafPrefix, leafData, []);

    /// <summary>The hash of a node from its two children, <c>SHA-256(0x01 ‖ left ‖ right)</c>.</summary>
    public static MerkleHash HashNode(in MerkleHash left, in MerkleHash right)
    {
        Span<byte> input = stackalloc byte[1 + (2 * MerkleHash.SizeInBytes)];
        input[0] = NodePrefix;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + MerkleHash.SizeInBytes)..]);
        Span<byte> output = stackalloc byte[MerkleHash.SizeInBytes];
        SHA256.HashData(input, output);
        return MerkleHash.FromBytes(output);
    }

    /// <summary>
    /// <c>SHA-256(0x01 ‖ left ‖ right)</c> over byte strings of any length. The log itself only ever hashes two
    /// 32-byte hashes (<see cref="HashNode(in MerkleHash, in MerkleHash)"/>); this form exists for the published test
    /// vectors, which also hash other strings.
    /// </summary>
    public static MerkleHash HashNode(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => HashWithPrefix(NodePrefix, left, right);

    private static MerkleHash HashWithPrefix(byte prefix, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        Span<byte> output = stackalloc byte[MerkleHash.SizeInBytes];
        var length = 1 + first.Length + second.Length;
        if (length <= StackLimit)
        {
            Span<byte> input = stackalloc byte[length];
            input[0] = prefix;
            first.CopyTo(input[1..]);
            second.CopyTo(input[(1 + first.Length)..]);
            SHA256.HashData(input, output);
        }
        else
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData([prefix]);
            hash.AppendData(first);
            hash.AppendData(second);
            hash.GetHashAndReset(output);
        }

        return MerkleHash.FromBytes(output);
    }
}
