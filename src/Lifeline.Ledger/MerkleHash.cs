using System.Buffers;
using System.Buffers.Binary;

namespace Lifeline.Ledger;

/// <summary>
/// A SHA-256 value of exactly 32 bytes as the log uses it: a leaf hash, the hash of a subtree, or a tree root.
/// </summary>
/// <remarks>
/// <para>
/// A <see cref="MerkleHash"/> cannot hold any other length, so a wrong-length hash from outside (a proof element, a
/// root in a request) is rejected where it is read (<see cref="TryFromBytes"/>, <see cref="TryFromHex"/>,
/// <see cref="TryFromBase64"/>), before any proof is checked.
/// </para>
/// <para>
/// Text forms: lowercase hexadecimal, 64 characters (the RFC 9162 test vectors); standard base64 (RFC 4648 §4) with
/// padding, 44 characters (C2SP checkpoints). <see cref="ToString"/> gives the hexadecimal form.
/// </para>
/// <para>
/// Equality compares all 32 bytes and takes the same time whatever they are. The default value is 32 zero bytes:
/// it is not the root of the empty tree (<see cref="MerkleHasher.EmptyRoot"/>) and not the hash of anything known.
/// </para>
/// </remarks>
public readonly struct MerkleHash : IEquatable<MerkleHash>
{
    /// <summary>The length of every hash: 32 bytes.</summary>
    public const int SizeInBytes = 32;

    // The 32 bytes as four big-endian words, so the struct is small, copied cheaply and compared without a loop.
    private readonly ulong _bytes0To7;
    private readonly ulong _bytes8To15;
    private readonly ulong _bytes16To23;
    private readonly ulong _bytes24To31;

    private MerkleHash(ReadOnlySpan<byte> exactly32Bytes)
    {
        _bytes0To7 = BinaryPrimitives.ReadUInt64BigEndian(exactly32Bytes);
        _bytes8To15 = BinaryPrimitives.ReadUInt64BigEndian(exactly32Bytes[8..]);
        _bytes16To23 = BinaryPrimitives.ReadUInt64BigEndian(exactly32Bytes[16..]);
        _bytes24To31 = BinaryPrimitives.ReadUInt64BigEndian(exactly32Bytes[24..]);
    }

    /// <summary>Reads a hash from exactly 32 bytes.</summary>
    /// <exception cref="ArgumentException">The span is not 32 bytes long.</exception>
    public static MerkleHash FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out var hash)
            ? hash
            : throw new ArgumentException($"A Merkle hash is {SizeInBytes} bytes; got {bytes.Length}.", nameof(bytes));

    /// <summary>Reads a hash from exactly 32 bytes; false for any other length.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out MerkleHash hash)
    {
        if (bytes.Length != SizeInBytes)
        {
            hash = default;
            return false;
        }

        hash = new MerkleHash(bytes);
        return true;
    }

    /// <summary>Reads 64 hexadecimal digits (either case).</summary>
    /// <exception cref="FormatException">The text is not 64 hexadecimal digits.</exception>
    public static MerkleHash FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return TryFromHex(hex, out var hash)
            ? hash
            : throw new FormatException($"A Merkle hash in hexadecimal is {2 * SizeInBytes} digits; got \"{Shorten(hex)}\".");
    }

    /// <summary>Reads 64 hexadecimal digits (either case); false for anything else, including white space.</summary>
    public static bool TryFromHex(ReadOnlySpan<char> hex, out MerkleHash hash)
    {
        Span<byte> bytes = stackalloc byte[SizeInBytes];
        if (hex.Length == 2 * SizeInBytes
            && Convert.FromHexString(hex, bytes, out _, out var written) == OperationStatus.Done
            && written == SizeInBytes)
        {
            hash = new MerkleHash(bytes);
            return true;
        }

        hash = default;
        return false;
    }

    /// <summary>Reads standard padded base64 of 32 bytes (44 characters).</summary>
    /// <exception cref="FormatException">The text is not the canonical base64 form of 32 bytes.</exception>
    public static MerkleHash FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        return TryFromBase64(base64, out var hash)
            ? hash
            : throw new FormatException($"A Merkle hash in base64 is {Base64Length} characters encoding {SizeInBytes} bytes; got \"{Shorten(base64)}\".");
    }

    /// <summary>
    /// Reads standard padded base64 of 32 bytes (44 characters); false for anything else, including white space,
    /// the URL-safe alphabet and non-canonical encodings (so one hash has exactly one base64 text).
    /// </summary>
    public static bool TryFromBase64(ReadOnlySpan<char> base64, out MerkleHash hash)
    {
        Span<byte> bytes = stackalloc byte[SizeInBytes];
        if (base64.Length == Base64Length
            && Convert.TryFromBase64Chars(base64, bytes, out var written)
            && written == SizeInBytes)
        {
            var candidate = new MerkleHash(bytes);
            Span<char> canonical = stackalloc char[Base64Length];
            if (Convert.TryToBase64Chars(bytes, canonical, out _) && canonical.SequenceEqual(base64))
            {
                hash = candidate;
                return true;
            }
        }

        hash = default;
        return false;
    }

    /// <summary>Writes the 32 bytes to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 32 bytes.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < SizeInBytes)
        {
            throw new ArgumentException($"The destination must hold {SizeInBytes} bytes; it holds {destination.Length}.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _bytes0To7);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _bytes8To15);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _bytes16To23);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _bytes24To31);
    }

    /// <summary>The 32 bytes in a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[SizeInBytes];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>64 lowercase hexadecimal digits.</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[SizeInBytes];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Standard padded base64 (RFC 4648 §4), 44 characters.</summary>
    public string ToBase64()
    {
        Span<byte> bytes = stackalloc byte[SizeInBytes];
        CopyTo(bytes);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>64 lowercase hexadecimal digits.</summary>
    public override string ToString() => ToHex();

    /// <summary>True when all 32 bytes are equal. The time taken does not depend on where the bytes differ.</summary>
    public bool Equals(MerkleHash other) =>
        ((_bytes0To7 ^ other._bytes0To7) | (_bytes8To15 ^ other._bytes8To15)
         | (_bytes16To23 ^ other._bytes16To23) | (_bytes24To31 ^ other._bytes24To31)) == 0;

    public override bool Equals(object? obj) => obj is MerkleHash other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_bytes0To7, _bytes8To15, _bytes16To23, _bytes24To31);

    public static bool operator ==(MerkleHash left, MerkleHash right) => left.Equals(right);

    public static bool operator !=(MerkleHash left, MerkleHash right) => !left.Equals(right);

    private const int Base64Length = 44;

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}
