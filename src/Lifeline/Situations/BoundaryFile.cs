using System.Reflection;
using System.Text.Json;
using Lifeline.Core.Places;

namespace Lifeline.Situations;

/// <summary>
/// The country boundaries the maps are drawn on: data/boundaries/caucasus.geojson, an extract of Natural Earth's 1:10m
/// countries (public domain) built into the executable, so that a map needs nothing from the network. It is read once,
/// on the first map drawn.
/// </summary>
internal static class BoundaryFile
{
    public const string Resource = "Lifeline.boundaries.caucasus.geojson";

    private static readonly Lazy<Boundaries> Shipped = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is missing from the build");
        return Parse(stream);
    });

    public static Boundaries Caucasus => Shipped.Value;

    /// <summary>Reads a GeoJSON FeatureCollection of MultiPolygons with a <c>bbox</c> (the area it covers), as extract.mjs writes it.</summary>
    public static Boundaries Parse(Stream geojson)
    {
        using var document = JsonDocument.Parse(geojson);
        var root = document.RootElement;
        var box = root.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToList();
        var countries = root.GetProperty("features").EnumerateArray().Select(feature => new CountryShape(
                feature.GetProperty("id").GetString()!,
                feature.GetProperty("properties").GetProperty("name").GetString()!,
                feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray()
                    .Select(polygon => (IReadOnlyList<IReadOnlyList<LonLat>>)polygon.EnumerateArray()
                        .Select(ring => (IReadOnlyList<LonLat>)ring.EnumerateArray()
                            .Select(vertex => new LonLat(vertex[0].GetDouble(), vertex[1].GetDouble())).ToList())
                        .ToList())
                    .ToList()))
            .ToList();
        return new Boundaries(new GeoBox(box[0], box[1], box[2], box[3]), "Boundaries: Natural Earth", countries);
    }
}
