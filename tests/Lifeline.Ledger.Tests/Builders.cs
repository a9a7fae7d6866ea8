using System.Buffers.Binary;

namespace Lifeline.Ledger.Tests;

/// <summary>Small explicit trees for tests: leaf i holds the 8-byte big-endian number i.</summary>
public static class Builders
{
    /// <summary>The data of leaf <paramref name="index"/>: its index as 8 big-endian bytes.</summary>
    public static byte[] LeafData(ulong index)
    {
        var data = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(data, index);
        return data;
    }

    public static MerkleHash LeafHash(ulong index) => MerkleHasher.HashLeaf(LeafData(index));

    /// <summary>The leaf hashes of leaves 0 to <paramref name="count"/> − 1.</summary>
    public static MerkleHash[] LeafHashes(int count)
    {
        var hashes = new MerkleHash[count];
        for (var i = 0; i < count; i++)
        {
            hashes[i] = LeafHash((ulong)i);
        }

        return hashes;
    }

    /// <summary>An in-memory store holding leaves 0 to <paramref name="size"/> − 1, appended in batches.</summary>
    public static InMemoryMerkleStore Store(int size, int batchSize = 10_000)
    {
        var store = new InMemoryMerkleStore();
        var frontier = MerkleFrontier.Empty;
        var leaves = LeafHashes(size);
        for (var start = 0; start < size; start += batchSize)
        {
            var append = frontier.Append(leaves.AsSpan(start, Math.Min(batchSize, size - start)));
            store.AppendAsync(append, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();
            frontier = append.Frontier;
        }

        return store;
    }

    /// <summary>The same hash with one bit inverted: bit <paramref name="bit"/> (0–255) counted from the first byte's high bit.</summary>
    public static MerkleHash FlipBit(MerkleHash hash, int bit)
    {
        var bytes = hash.ToArray();
        bytes[bit / 8] ^= (byte)(0x80 >> (bit % 8));
        return MerkleHash.FromBytes(bytes);
    }
}
