using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Evidence;

/// <summary>
/// A file received as evidence for an event: its SHA-256 (the file itself is kept by that hash in the evidence
/// folder, once however often it is attached), what it is, and how it was captured. Never changed once written.
/// </summary>
internal sealed class EvidenceRow
{
    public long RowId { get; set; }
    public required string SituationId { get; set; }
    public required string EvidenceId { get; set; }
    public required string EventId { get; set; }
    public required string Sha256 { get; set; }
    public long Size { get; set; }
    public required string MediaType { get; set; }
    public required string FileName { get; set; }
    public DateTime? CapturedAt { get; set; }
    public string? CapturedWhere { get; set; }
    public string? CapturedBy { get; set; }
    public string? Device { get; set; }
    public string? Description { get; set; }
    public DateTime ReceivedAt { get; set; }
    public required string ReceivedBy { get; set; }
    public string? ReceivedByUser { get; set; }
    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();
}

/// <summary>One step of a piece of evidence's chain of custody: who, when, what and why. Never changed once written.</summary>
internal sealed class CustodyRow
{
    public long RowId { get; set; }
    public required string SituationId { get; set; }
    public required string EvidenceId { get; set; }
    public int Step { get; set; }
    public required string Action { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
    public string? ByUser { get; set; }
    public required string Why { get; set; }
    public string? To { get; set; }
    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();
}

internal sealed class EvidenceRowConfiguration : IEntityTypeConfiguration<EvidenceRow>, IEntityTypeConfiguration<CustodyRow>
{
    public void Configure(EntityTypeBuilder<EvidenceRow> builder)
    {
        builder.ToTable("evidence");
        builder.HasKey(e => e.RowId);
        builder.HasIndex(e => new { e.SituationId, e.EvidenceId }).IsUnique();
        builder.HasIndex(e => new { e.SituationId, e.EventId });
        builder.HasIndex(e => e.Sha256);
    }

    public void Configure(EntityTypeBuilder<CustodyRow> builder)
    {
        builder.ToTable("evidence_custody");
        builder.HasKey(c => c.RowId);
        builder.HasIndex(c => new { c.SituationId, c.EvidenceId, c.Step }).IsUnique();
    }
}
