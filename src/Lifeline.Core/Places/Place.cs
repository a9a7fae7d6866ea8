namespace Lifeline.Core.Places;

/// <summary>What sort of place a gazetteer entry is.</summary>
public enum PlaceKind
{
    Settlement,
    Checkpoint,
    Bridge,
    Airport,
    BorderCrossing,
    Road,
    Region,
    Facility,
}

/// <summary>A point in WGS 84 decimal degrees: latitude −90…90, longitude −180…180.</summary>
public readonly record struct Coordinates
{
    private Coordinates(double latitude, double longitude)
    {
        Latitude = latitude;
        Longitude = longitude;
    }

    public double Latitude { get; }
    public double Longitude { get; }

    public static Coordinates? TryCreate(double latitude, double longitude) =>
        latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180 && double.IsFinite(latitude) && double.IsFinite(longitude)
            ? new Coordinates(latitude, longitude)
            : null;
}

/// <summary>
/// A gazetteer entry. Names are kept in several scripts because the same village is written
/// Բերձոր, Бердзор, Berdzor and Laçın by the people who report on it.
/// </summary>
/// <param name="Names">Names by BCP 47 language tag; always has <c>en</c>.</param>
/// <param name="CoordinatesSource">The source id the coordinates were read from; null when there are none.</param>
public sealed record Place(
    string Id,
    PlaceKind Kind,
    IReadOnlyDictionary<string, string> Names,
    Coordinates? Coordinates,
    string? CoordinatesSource)
{
    /// <summary>The name in <paramref name="language"/>, falling back to English.</summary>
    public string NameIn(string language) =>
        Names.TryGetValue(language, out var name) ? name : Names["en"];

    public static IReadOnlyList<string> Languages { get; } = ["en", "hy", "ru", "az"];
}
