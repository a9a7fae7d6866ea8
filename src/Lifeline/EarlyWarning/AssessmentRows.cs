using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.EarlyWarning;

/// <summary>The columns of an assessment version: the judgement, what it cites, and who recorded it when and why.</summary>
internal abstract class AssessmentColumns
{
    public long RowId { get; set; }
    public required string SituationId { get; set; }
    public required string AssessmentId { get; set; }
    public int Version { get; set; }

    /// <summary>The indicator (<c>7.6</c>) or whole factor (<c>14</c>).</summary>
    public required string Indicator { get; set; }

    /// <summary>The risk factor, 1–14, kept beside <see cref="Indicator"/> for the matrix's queries.</summary>
    public int Factor { get; set; }

    public DateOnly AsOf { get; set; }
    public required string Status { get; set; }
    public required string Confidence { get; set; }
    public List<string> Events { get; set; } = [];
    public List<string> Sources { get; set; } = [];
    public List<string> Evidence { get; set; } = [];
    public List<int> StantonStages { get; set; } = [];
    public string? Note { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public string? RecordedByUser { get; set; }
    public required string Reason { get; set; }

    public AssessmentContent ToContent() => new(
        IndicatorId.Parse(Indicator), AsOf,
        KebabCase.Parse<IndicatorStatus>(Status) ?? IndicatorStatus.Unknown,
        KebabCase.Parse<Confidence>(Confidence) ?? Core.EarlyWarning.Confidence.Low,
        Events, Sources, Evidence, StantonStages, Note);

    public Assessment ToDomain() => new(AssessmentId, Version, ToContent());

    public void CopyFrom(string situationId, string id, int version, AssessmentContent content, DateTime at, string by, string? userId, string reason)
    {
        SituationId = situationId;
        AssessmentId = id;
        Version = version;
        Indicator = content.Subject.ToString();
        Factor = content.Subject.Factor;
        AsOf = content.AsOf;
        Status = KebabCase.Of(content.Status);
        Confidence = KebabCase.Of(content.Confidence);
        Events = [.. content.EventIds];
        Sources = [.. content.SourceIds];
        Evidence = [.. content.EvidenceIds];
        StantonStages = [.. content.StantonStages];
        Note = content.Note;
        RecordedAt = at;
        RecordedBy = by;
        RecordedByUser = userId;
        Reason = reason;
    }
}

/// <summary>An assessment as it stands now (its latest version).</summary>
internal sealed class AssessmentRow : AssessmentColumns
{
}

/// <summary>Every version of every assessment, each committed to the ledger with its salt.</summary>
internal sealed class AssessmentVersionRow : AssessmentColumns
{
    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();
}

internal sealed class AssessmentRowConfiguration : IEntityTypeConfiguration<AssessmentRow>, IEntityTypeConfiguration<AssessmentVersionRow>
{
    public void Configure(EntityTypeBuilder<AssessmentRow> builder)
    {
        builder.ToTable("assessments");
        builder.HasKey(a => a.RowId);
        builder.HasIndex(a => new { a.SituationId, a.AssessmentId }).IsUnique();
        builder.HasIndex(a => new { a.SituationId, a.AsOf });
        builder.HasIndex(a => new { a.SituationId, a.Indicator, a.AsOf });
    }

    public void Configure(EntityTypeBuilder<AssessmentVersionRow> builder)
    {
        builder.ToTable("assessment_versions");
        builder.HasKey(a => a.RowId);
        builder.HasIndex(a => new { a.SituationId, a.AssessmentId, a.Version }).IsUnique();
    }
}
