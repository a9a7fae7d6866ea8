using Lifeline.Core.Common;
using Lifeline.Core.Places;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Places;

internal sealed class PlaceRow
{
    public required string SituationId { get; set; }
    public required string Id { get; set; }
    public required string Kind { get; set; }
    public required string NameEn { get; set; }
    public string? NameHy { get; set; }
    public string? NameRu { get; set; }
    public string? NameAz { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? CoordinatesSource { get; set; }

    /// <summary>When the place entered the record; with <see cref="Salt"/>, its ledger commitment (docs/ledger.md).</summary>
    public DateTime RecordedAt { get; set; }

    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();

    public Place ToDomain()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["en"] = NameEn };
        if (NameHy is not null) { names["hy"] = NameHy; }
        if (NameRu is not null) { names["ru"] = NameRu; }
        if (NameAz is not null) { names["az"] = NameAz; }
        var coordinates = Latitude is { } lat && Longitude is { } lon ? Coordinates.TryCreate(lat, lon) : null;
        return new Place(Id, KebabCase.Parse<PlaceKind>(Kind) ?? PlaceKind.Settlement, names, coordinates, CoordinatesSource);
    }

    public static PlaceRow From(string situationId, Place place) => new()
    {
        SituationId = situationId,
        Id = place.Id,
        Kind = KebabCase.Of(place.Kind),
        NameEn = place.Names["en"],
        NameHy = place.Names.GetValueOrDefault("hy"),
        NameRu = place.Names.GetValueOrDefault("ru"),
        NameAz = place.Names.GetValueOrDefault("az"),
        Latitude = place.Coordinates?.Latitude,
        Longitude = place.Coordinates?.Longitude,
        CoordinatesSource = place.CoordinatesSource,
    };
}

internal sealed class PlaceRowConfiguration : IEntityTypeConfiguration<PlaceRow>
{
    public void Configure(EntityTypeBuilder<PlaceRow> builder)
    {
        builder.ToTable("places");
        builder.HasKey(p => new { p.SituationId, p.Id });
    }
}
