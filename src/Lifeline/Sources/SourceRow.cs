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

internal sealed class SourceRowConfiguration : IEntityTypeConfiguration<SourceRow>
{
    public void Configure(EntityTypeBuilder<SourceRow> builder)
    {
        builder.ToTable("sources");
        builder.HasKey(s => new { s.SituationId, s.Id });
        builder.Property(s => s.Reliability).HasMaxLength(1);
    }
}
