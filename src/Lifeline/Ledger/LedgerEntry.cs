using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lifeline.Ledger;

/// <summary>The kinds of record the ledger commits to; each is the <c>recordType</c> of a leaf.</summary>
internal static class RecordTypes
{
    public const string Situation = "situation";
    public const string Source = "source";
    public const string Place = "place";
    public const string Actor = "actor";
    public const string Event = "event";
    public const string Review = "review";
    public const string Evidence = "evidence";
    public const string Custody = "custody";
    public const string Assessment = "assessment";
    public const string SupplyObservation = "supply-observation";
    public const string Claim = "claim";

    /// <summary>A legal record: <c>legal-body</c>, <c>legal-proceeding</c>, <c>legal-step</c>, <c>legal-obligation</c>.</summary>
    public static string Legal(string kind) => "legal-" + kind;

    /// <summary>A family record: <c>family-person</c>, <c>family-request</c>, <c>family-disclosure</c>, <c>family-photo</c>. Its leaf commits to the ciphertext only.</summary>
    public static string Family(string kind) => "family-" + kind;

    public static IReadOnlyList<string> All { get; } =
    [
        Situation, Source, Place, Actor, Event, Review, Evidence, Custody, SupplyObservation, Assessment,
        Legal(Lifeline.Legal.LegalKinds.Body), Legal(Lifeline.Legal.LegalKinds.Proceeding), Legal(Lifeline.Legal.LegalKinds.Step), Legal(Lifeline.Legal.LegalKinds.Obligation),
        Claim,
        Family(Lifeline.Families.FamilyKinds.Person), Family(Lifeline.Families.FamilyKinds.Request), Family(Lifeline.Families.FamilyKinds.Disclosure),
        Family(Lifeline.Families.FamilyKinds.Photo),
    ];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);
}

/// <summary>A SHA-256 digest: 32 bytes, written as 64 lowercase hexadecimal digits.</summary>
internal readonly record struct Sha256Digest(MerkleHash Value)
{
    public static Sha256Digest Of(ReadOnlySpan<byte> data) => new(MerkleHash.FromBytes(SHA256.HashData(data)));

    /// <summary><c>SHA-256(salt ‖ record)</c>: the commitment to a record that the ledger holds.</summary>
    public static Sha256Digest Of(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> record)
    {
        // One call over one buffer: an incremental hash costs a native context per record, which a bulk import feels.
        var length = salt.Length + record.Length;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            salt.CopyTo(buffer);
            record.CopyTo(buffer.AsSpan(salt.Length));
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(buffer.AsSpan(0, length), digest);
            return new(MerkleHash.FromBytes(digest));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static async Task<Sha256Digest> OfAsync(Stream stream, CancellationToken cancel = default) =>
        new(MerkleHash.FromBytes(await SHA256.HashDataAsync(stream, cancel)));

    public static bool TryParse(string? hex, out Sha256Digest digest)
    {
        if (hex is not null && hex.Length == 64 && hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')) && MerkleHash.TryFromHex(hex, out var hash))
        {
            digest = new(hash);
            return true;
        }
        digest = default;
        return false;
    }

    public string ToHex() => Value.ToHex();

    public override string ToString() => Value.ToHex();
}

/// <summary>The random salt kept beside each record version: 32 bytes, new for every version.</summary>
internal static class RecordSalt
{
    public const int Length = 32;

    public static byte[] New() => RandomNumberGenerator.GetBytes(Length);
}

/// <summary>
/// One leaf of the ledger: a commitment to one version of one record, never the record itself. Its bytes are the
/// canonical JSON (RFC 8785) of <c>{contentHash, recordId, recordType, recordedAt, version}</c>, where
/// contentHash = SHA-256(salt ‖ canonical record). See docs/ledger.md, "Leaf format".
/// </summary>
internal sealed record LedgerEntry(string RecordType, string RecordId, int Version, DateTimeOffset RecordedAt, Sha256Digest ContentHash)
{
    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>Commits to <paramref name="canonicalRecord"/> with <paramref name="salt"/>.</summary>
    public static LedgerEntry Commit(string recordType, string recordId, int version, DateTimeOffset recordedAt, byte[] canonicalRecord, byte[] salt) =>
        new(recordType, recordId, version, recordedAt, Sha256Digest.Of(salt, canonicalRecord));

    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    public static string Instant(DateTime at) => Instant(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)));

    /// <summary>The leaf bytes: canonical JSON, UTF-8.</summary>
    public byte[] ToLeaf() => new CanonicalWriter()
        .String("contentHash", ContentHash.ToHex())
        .String("recordId", RecordId)
        .String("recordType", RecordType)
        .String("recordedAt", Instant(RecordedAt))
        .Number("version", Version)
        .ToBytes();

    /// <summary>Reads leaf bytes; false unless they are exactly the canonical form of a well-formed leaf.</summary>
    public static bool TryParse(ReadOnlySpan<byte> leaf, out LedgerEntry entry)
    {
        entry = null!;
        if (!CanonicalJson.TryCanonicalize(leaf, out var canonical) || !leaf.SequenceEqual(canonical))
        {
            return false;
        }
        try
        {
            if (JsonNode.Parse(leaf) is not JsonObject obj || obj.Count != 5
                || obj["recordType"]?.GetValue<string>() is not { } type
                || obj["recordId"]?.GetValue<string>() is not { } id
                || obj["recordedAt"]?.GetValue<string>() is not { } at
                || obj["contentHash"]?.GetValue<string>() is not { } hash
                || obj["version"] is not JsonValue versionValue
                || !versionValue.TryGetValue(out int version)
                || !DateTimeOffset.TryParseExact(at, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var recordedAt)
                || !Sha256Digest.TryParse(hash, out var digest))
            {
                return false;
            }
            entry = new LedgerEntry(type, id, version, recordedAt, digest);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    /// <summary>For messages: <c>event lachin-2022/e-1 version 2</c>.</summary>
    public string Describe() => $"{RecordType} {RecordId} version {Version}";
}
