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

    /// <summary>The number of the version this row shows (<see cref="PlaceVersionRow"/>).</summary>
    public int Version { get; set; } = 1;

    /// <summary>When the place entered the record; with <see cref="Salt"/>, its first version's ledger commitment (docs/ledger.md).</summary>
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

/// <summary>
/// Every version of a place, never changed once written; <see cref="PlaceRow"/> shows the latest. The first version
/// carries the row's own time and salt, so a place recorded before places had versions keeps its ledger leaf.
/// </summary>
internal sealed class PlaceVersionRow
{
    public long RowId { get; set; }
    public required string SituationId { get; set; }
    public required string PlaceId { get; set; }
    public int Version { get; set; }
    public required string Kind { get; set; }
    public required string NameEn { get; set; }
    public string? NameHy { get; set; }
    public string? NameRu { get; set; }
    public string? NameAz { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? CoordinatesSource { get; set; }
    public DateTime RecordedAt { get; set; }

    /// <summary>Who recorded a correction (version 2 on); null for a first version.</summary>
    public string? RecordedBy { get; set; }

    /// <summary>Why the place was corrected (version 2 on); null for a first version.</summary>
    public string? Reason { get; set; }

    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();

    /// <summary>The first version of a place: what its row holds, with the row's time and salt.</summary>
    public static PlaceVersionRow First(PlaceRow row) => new()
    {
        SituationId = row.SituationId,
        PlaceId = row.Id,
        Version = 1,
        Kind = row.Kind,
        NameEn = row.NameEn,
        NameHy = row.NameHy,
        NameRu = row.NameRu,
        NameAz = row.NameAz,
        Latitude = row.Latitude,
        Longitude = row.Longitude,
        CoordinatesSource = row.CoordinatesSource,
        RecordedAt = row.RecordedAt,
        Salt = row.Salt,
    };

    /// <summary>A correction of <paramref name="row"/> to <paramref name="place"/>, as its next version.</summary>
    public static PlaceVersionRow Next(PlaceRow row, Place place, DateTime at, string by, string reason)
    {
        var corrected = PlaceRow.From(row.SituationId, place);
        return new()
        {
            SituationId = row.SituationId,
            PlaceId = row.Id,
            Version = row.Version + 1,
            Kind = corrected.Kind,
            NameEn = corrected.NameEn,
            NameHy = corrected.NameHy,
            NameRu = corrected.NameRu,
            NameAz = corrected.NameAz,
            Latitude = corrected.Latitude,
            Longitude = corrected.Longitude,
            CoordinatesSource = corrected.CoordinatesSource,
            RecordedAt = at,
            RecordedBy = by,
            Reason = reason,
        };
    }

    /// <summary>Moves <paramref name="row"/> to this version.</summary>
    public void ShowIn(PlaceRow row)
    {
        row.Kind = Kind;
        row.NameEn = NameEn;
        row.NameHy = NameHy;
        row.NameRu = NameRu;
        row.NameAz = NameAz;
        row.Latitude = Latitude;
        row.Longitude = Longitude;
        row.CoordinatesSource = CoordinatesSource;
        row.Version = Version;
    }
}

internal sealed class PlaceRowConfiguration : IEntityTypeConfiguration<PlaceRow>, IEntityTypeConfiguration<PlaceVersionRow>
{
    public void Configure(EntityTypeBuilder<PlaceRow> builder)
    {
        builder.ToTable("places");
        builder.HasKey(p => new { p.SituationId, p.Id });
    }

    public void Configure(EntityTypeBuilder<PlaceVersionRow> builder)
    {
        builder.ToTable("place_versions");
        builder.HasKey(p => p.RowId);
        builder.HasIndex(p => new { p.SituationId, p.PlaceId, p.Version }).IsUnique();
    }
}
