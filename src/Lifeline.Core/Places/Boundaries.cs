namespace Lifeline.Core.Places;

/// <summary>A vertex of a boundary, longitude first as GeoJSON writes it, in decimal degrees.</summary>
public readonly record struct LonLat(double Longitude, double Latitude);

/// <summary>
/// A country's area as a list of polygons, each a list of closed rings (the first the outline, the others holes), as
/// GeoJSON's MultiPolygon holds it.
/// </summary>
/// <param name="Code">ISO 3166-1 numeric code ("051" for Armenia).</param>
public sealed record CountryShape(string Code, string Name, IReadOnlyList<IReadOnlyList<IReadOnlyList<LonLat>>> Polygons);

/// <summary>
/// Country boundaries for the maps, as shipped in <c>data/boundaries</c>: an extract of Natural Earth that holds the
/// countries inside <see cref="Coverage"/> only. A map of an area outside it is drawn without boundaries.
/// </summary>
public sealed record Boundaries(GeoBox Coverage, string Attribution, IReadOnlyList<CountryShape> Countries)
{
    /// <summary>
    /// A ring cut to <paramref name="box"/> (Sutherland–Hodgman, one side of the box at a time): the part of the area
    /// inside it, with the box's edge closing it where the ring left the box. Empty when nothing of it is inside.
    /// </summary>
    public static IReadOnlyList<LonLat> Clip(IReadOnlyList<LonLat> ring, GeoBox box)
    {
        ArgumentNullException.ThrowIfNull(ring);
        IReadOnlyList<LonLat> points = ring;
        points = ClipSide(points, p => p.Longitude >= box.West, (a, b) => AtLongitude(a, b, box.West));
        points = ClipSide(points, p => p.Longitude <= box.East, (a, b) => AtLongitude(a, b, box.East));
        points = ClipSide(points, p => p.Latitude >= box.South, (a, b) => AtLatitude(a, b, box.South));
        points = ClipSide(points, p => p.Latitude <= box.North, (a, b) => AtLatitude(a, b, box.North));
        return points.Count < 3 ? [] : points;
    }

    private static List<LonLat> ClipSide(IReadOnlyList<LonLat> points, Func<LonLat, bool> inside, Func<LonLat, LonLat, LonLat> crossing)
    {
        var kept = new List<LonLat>(points.Count);
        for (var k = 0; k < points.Count; k++)
        {
            var previous = points[(k + points.Count - 1) % points.Count];
            var current = points[k];
            if (inside(current))
            {
                if (!inside(previous))
                {
                    kept.Add(crossing(previous, current));
                }
                kept.Add(current);
            }
            else if (inside(previous))
            {
                kept.Add(crossing(previous, current));
            }
        }
        return kept;
    }

    private static LonLat AtLongitude(LonLat a, LonLat b, double longitude) =>
        new(longitude, a.Latitude + (longitude - a.Longitude) / (b.Longitude - a.Longitude) * (b.Latitude - a.Latitude));

    private static LonLat AtLatitude(LonLat a, LonLat b, double latitude) =>
        new(a.Longitude + (latitude - a.Latitude) / (b.Latitude - a.Latitude) * (b.Longitude - a.Longitude), latitude);
}
