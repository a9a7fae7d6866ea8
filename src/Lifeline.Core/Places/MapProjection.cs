namespace Lifeline.Core.Places;

/// <summary>
/// A rectangle of the earth's surface in WGS 84 decimal degrees, west to east and south to north. It does not cross
/// the antimeridian (no situation Lifeline knows of does); an empty box (<c>default</c>) has no area.
/// </summary>
public readonly record struct GeoBox(double West, double South, double East, double North)
{
    /// <summary>Mean radius of the earth (IUGG), for the kilometres of a degree.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>Kilometres in a degree of latitude (and of longitude at the equator): 111.195.</summary>
    public static double KilometresPerDegree => EarthRadiusKm * Math.PI / 180;

    public double MidLatitude => (South + North) / 2;

    /// <summary>Degrees of latitude from south to north.</summary>
    public double Height => North - South;

    /// <summary>East–west extent in degrees of latitude, i.e. shrunk by the cosine of the middle latitude.</summary>
    public double GroundWidth => (East - West) * Math.Cos(MidLatitude * Math.PI / 180);

    public bool Contains(Coordinates point) =>
        point.Latitude >= South && point.Latitude <= North && point.Longitude >= West && point.Longitude <= East;

    /// <summary>Whether every point of <paramref name="other"/> lies in this box.</summary>
    public bool Covers(GeoBox other) => other.West >= West && other.East <= East && other.South >= South && other.North <= North;

    /// <summary>
    /// The smallest box around <paramref name="points"/>, widened on each side by <paramref name="margin"/> of its
    /// extent and by at least <paramref name="minimumMarginDegrees"/>; null when there is no point.
    /// </summary>
    public static GeoBox? Around(IEnumerable<Coordinates> points, double margin, double minimumMarginDegrees)
    {
        ArgumentNullException.ThrowIfNull(points);
        var list = points.ToList();
        if (list.Count == 0)
        {
            return null;
        }
        var west = list.Min(p => p.Longitude);
        var east = list.Max(p => p.Longitude);
        var south = list.Min(p => p.Latitude);
        var north = list.Max(p => p.Latitude);
        var dx = Math.Max((east - west) * margin, minimumMarginDegrees);
        var dy = Math.Max((north - south) * margin, minimumMarginDegrees);
        return new GeoBox(Math.Max(west - dx, -180), Math.Max(south - dy, -90), Math.Min(east + dx, 180), Math.Min(north + dy, 90));
    }

    /// <summary>
    /// The same box, widened about its centre so that its height on the ground is between <paramref name="minimumRatio"/>
    /// and <paramref name="maximumRatio"/> times its width: a long thin box would draw as a strip.
    /// </summary>
    public GeoBox WithRatio(double minimumRatio, double maximumRatio)
    {
        var ratio = Height / GroundWidth;
        if (ratio > maximumRatio)
        {
            var half = (East - West) * (ratio / maximumRatio) / 2;
            var centre = (West + East) / 2;
            return this with { West = centre - half, East = centre + half };
        }
        if (ratio < minimumRatio)
        {
            var half = Height * (minimumRatio / ratio) / 2;
            var middle = MidLatitude;
            return this with { South = middle - half, North = middle + half };
        }
        return this;
    }
}

/// <summary>
/// The equirectangular projection (plate carrée) of a <see cref="GeoBox"/> onto a drawing <see cref="Width"/> units wide,
/// with longitudes shrunk by the cosine of the box's middle latitude so that a kilometre is as long east–west as
/// north–south in the middle of the map. Over a region a few hundred kilometres across the error of that is a few per
/// cent, less than the width of a road on the drawing. North is up: x grows eastward from 0 at the west edge, y grows
/// southward from 0 at the north edge.
/// </summary>
public sealed class MapProjection
{
    private readonly double cosine;

    /// <param name="width">The drawing's width in its own units (SVG user units); the height follows from the box.</param>
    public MapProjection(GeoBox box, double width)
    {
        if (!(box.East > box.West && box.North > box.South))
        {
            throw new ArgumentException("A map's box must have an area: east of its west edge and north of its south edge.", nameof(box));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Box = box;
        Width = width;
        cosine = Math.Cos(box.MidLatitude * Math.PI / 180);
        Scale = width / box.GroundWidth;
        Height = box.Height * Scale;
    }

    public GeoBox Box { get; }

    public double Width { get; }

    public double Height { get; }

    /// <summary>Drawing units in a degree of latitude.</summary>
    public double Scale { get; }

    /// <summary>Kilometres on the ground in one drawing unit, true north–south everywhere and east–west at the middle latitude.</summary>
    public double KilometresPerUnit => GeoBox.KilometresPerDegree / Scale;

    public (double X, double Y) Project(double latitude, double longitude) =>
        ((longitude - Box.West) * cosine * Scale, (Box.North - latitude) * Scale);

    public (double X, double Y) Project(Coordinates point) => Project(point.Latitude, point.Longitude);
}
