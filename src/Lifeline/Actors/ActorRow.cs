using Lifeline.Core.Actors;
using Lifeline.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Actors;

internal sealed class ActorRow
{
    public required string SituationId { get; set; }
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string Kind { get; set; }
    public List<string> Affiliations { get; set; } = [];

    /// <summary>When the actor entered the record; with <see cref="Salt"/>, its ledger commitment (docs/ledger.md).</summary>
    public DateTime RecordedAt { get; set; }

    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();

    public Actor ToDomain() => new(Id, Name, KebabCase.Parse<ActorKind>(Kind) ?? ActorKind.Group, Affiliations);

    public static ActorRow From(string situationId, Actor actor) => new()
    {
        SituationId = situationId,
        Id = actor.Id,
        Name = actor.Name,
        Kind = KebabCase.Of(actor.Kind),
        Affiliations = [.. actor.Affiliations],
    };
}

internal sealed class ActorRowConfiguration : IEntityTypeConfiguration<ActorRow>
{
    public void Configure(EntityTypeBuilder<ActorRow> builder)
    {
        builder.ToTable("actors");
        builder.HasKey(a => new { a.SituationId, a.Id });
    }
}
