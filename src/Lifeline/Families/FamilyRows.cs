using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Families;

/// <summary>
/// The columns of a version of a family record: a person, a tracing request, a disclosure or a photo. Only what carries no
/// personal data is a column (situation, id, kind, status, who recorded it); everything about the person is in
/// <see cref="Ciphertext"/>, sealed with the record's own key (<see cref="FamilyVault"/>).
/// </summary>
internal abstract class FamilyColumns
{
    public long RowId { get; set; }
    public required string SituationId { get; set; }

    /// <summary>Unique within the situation across the kinds; a PFIF <c>person_record_id</c> as it came.</summary>
    public required string RecordId { get; set; }

    /// <summary><c>person</c>, <c>request</c>, <c>disclosure</c> or <c>photo</c> (<see cref="FamilyKinds"/>).</summary>
    public required string Kind { get; set; }

    public int Version { get; set; }

    /// <summary>
    /// What the public counts may say of it: for a person <c>recorded</c> or <c>registered-safe</c>; for a request its
    /// case status (<c>open</c>, <c>possible-match</c>, ..., <c>closed</c>); for a disclosure <c>disclosed</c>.
    /// </summary>
    public required string Status { get; set; }

    /// <summary>The record's key (<see cref="FamilyKeyRow.KeyId"/>).</summary>
    public required string KeyId { get; set; }

    /// <summary>AES-GCM: 12-byte nonce ‖ ciphertext ‖ 16-byte tag, of the record's content as JSON.</summary>
    public required byte[] Ciphertext { get; set; }

    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public string? RecordedByUser { get; set; }
    public required string Reason { get; set; }

    /// <summary>
    /// For a photo: the SHA-256 of its sealed file in the evidence store (lowercase hex), which names nobody (the file
    /// is sealed with the person's key); null for every other kind.
    /// </summary>
    public string? FileSha256 { get; set; }

    public void CopyFrom(FamilyColumns other)
    {
        (SituationId, RecordId, Kind, Version, Status, KeyId, Ciphertext, FileSha256) = (other.SituationId, other.RecordId, other.Kind, other.Version, other.Status, other.KeyId, other.Ciphertext, other.FileSha256);
        (RecordedAt, RecordedBy, RecordedByUser, Reason) = (other.RecordedAt, other.RecordedBy, other.RecordedByUser, other.Reason);
    }
}

/// <summary>A family record as it stands now (its latest version).</summary>
internal sealed class FamilyRecordRow : FamilyColumns
{
}

/// <summary>Every version of every family record, committed to the ledger by the hash of its ciphertext and its salt.</summary>
internal sealed class FamilyRecordVersionRow : FamilyColumns
{
    /// <summary>The salt of the ledger commitment; emptied when the record is erased.</summary>
    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();
}

/// <summary>
/// A record's data key, wrapped (AES-GCM) by the master key; one per person (their record and registration) and one
/// per request or disclosure. Erasure deletes the wrapped key: the ciphertext stays, and nobody can read it again.
/// </summary>
internal sealed class FamilyKeyRow
{
    public long RowId { get; set; }
    public required string SituationId { get; set; }
    public required string KeyId { get; set; }

    /// <summary>The master key's id ‖ nonce ‖ wrapped key ‖ tag; null once erased.</summary>
    public byte[]? WrappedKey { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ErasedAt { get; set; }
    public string? ErasedBy { get; set; }
    public string? ErasureReason { get; set; }
}

internal sealed class FamilyRowConfiguration : IEntityTypeConfiguration<FamilyRecordRow>, IEntityTypeConfiguration<FamilyRecordVersionRow>, IEntityTypeConfiguration<FamilyKeyRow>
{
    public void Configure(EntityTypeBuilder<FamilyRecordRow> builder)
    {
        builder.ToTable("family_records");
        builder.HasKey(r => r.RowId);
        builder.HasIndex(r => new { r.SituationId, r.RecordId }).IsUnique();
        builder.HasIndex(r => new { r.SituationId, r.Kind, r.Status });
    }

    public void Configure(EntityTypeBuilder<FamilyRecordVersionRow> builder)
    {
        builder.ToTable("family_record_versions");
        builder.HasKey(r => r.RowId);
        builder.HasIndex(r => new { r.SituationId, r.RecordId, r.Version }).IsUnique();
        builder.HasIndex(r => new { r.SituationId, r.KeyId });
    }

    public void Configure(EntityTypeBuilder<FamilyKeyRow> builder)
    {
        builder.ToTable("family_keys");
        builder.HasKey(r => r.RowId);
        builder.HasIndex(r => new { r.SituationId, r.KeyId }).IsUnique();
    }
}

/// <summary>The kinds of family record, as the <c>kind</c> column and the ledger's record types name them.</summary>
internal static class FamilyKinds
{
    public const string Person = "person";
    public const string Request = "request";
    public const string Disclosure = "disclosure";
    public const string Photo = "photo";

    public static IReadOnlyList<string> All { get; } = [Person, Request, Disclosure, Photo];
}
