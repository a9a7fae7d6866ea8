using Lifeline.Core.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Sources;

internal sealed class SourceRow
{
    public required string SituationId { get; set; }
    public required string Id { get; set; }
    public required string Publisher { get; set; }
    public required string Url { get; set; }
    public string? Title { get; set; }
    public DateOnly? Published { get; set; }
    public DateOnly? Retrieved { get; set; }
    public required string Reliability { get; set; }
    public int Credibility { get; set; }
    public bool ProtectIdentity { get; set; }
    public int Version { get; set; } = 1;

    public Source ToDomain() => new(
        Id, Publisher, new Uri(Url), Title, Published, Retrieved,
        new AdmiraltyGrade(
            AdmiraltyGrade.ParseReliability(Reliability) ?? SourceReliability.F,
            AdmiraltyGrade.ParseCredibility(Credibility) ?? InformationCredibility.CannotBeJudged),
        ProtectIdentity);

    public static SourceRow From(string situationId, Source source) => new()
    {
        SituationId = situationId,
        Id = source.Id,
        Publisher = source.Publisher,
        Url = source.Url.OriginalString,
        Title = source.Title,
        Published = source.Published,
        Retrieved = source.Retrieved,
        Reliability = source.Grade.Reliability.ToString(),
        Credibility = (int)source.Grade.Credibility,
        ProtectIdentity = source.ProtectIdentity,
    };
}

/// <summary>
/// Every version of a source's grading and dates, never changed once written; <see cref="SourceRow"/> holds the
/// current one. A corrected publication or retrieval date is a new version like a new grade.
/// </summary>
internal sealed class SourceVersionRow
{
    public long RowId { get; set; }
    public required string SituationId { get; set; }
    public required string SourceId { get; set; }
    public int Version { get; set; }
    public required string Reliability { get; set; }
    public int Credibility { get; set; }
    public bool ProtectIdentity { get; set; }

    /// <summary>The publication date as this version gives it.</summary>
    public DateOnly? Published { get; set; }

    /// <summary>The retrieval date as this version gives it.</summary>
    public DateOnly? Retrieved { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public string? RecordedByUser { get; set; }
    public required string Reason { get; set; }

    /// <summary>The random salt of this version's ledger commitment (docs/ledger.md).</summary>
    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();

    public static SourceVersionRow From(string situationId, Source source, int version, Core.Events.Recording recorded) => new()
    {
        SituationId = situationId,
        SourceId = source.Id,
        Version = version,
        Reliability = source.Grade.Reliability.ToString(),
        Credibility = (int)source.Grade.Credibility,
        ProtectIdentity = source.ProtectIdentity,
        Published = source.Published,
        Retrieved = source.Retrieved,
        RecordedAt = recorded.At.UtcDateTime,
        RecordedBy = recorded.By,
        RecordedByUser = recorded.UserId,
        Reason = recorded.Reason,
    };
}

internal sealed class SourceRowConfiguration : IEntityTypeConfiguration<SourceRow>, IEntityTypeConfiguration<SourceVersionRow>
{
    public void Configure(EntityTypeBuilder<SourceRow> builder)
    {
        builder.ToTable("sources");
        builder.HasKey(s => new { s.SituationId, s.Id });
        builder.Property(s => s.Reliability).HasMaxLength(1);
    }

    public void Configure(EntityTypeBuilder<SourceVersionRow> builder)
    {
        builder.ToTable("source_versions");
        builder.HasKey(s => s.RowId);
        builder.HasIndex(s => new { s.SituationId, s.SourceId, s.Version }).IsUnique();
        builder.Property(s => s.Reliability).HasMaxLength(1);
    }
}
