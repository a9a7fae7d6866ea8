using System.Globalization;
using System.Net;
using System.Text;
using Lifeline.Core.Common;
using Lifeline.Core.Places;

namespace Lifeline.Core.Situations;

/// <summary>An event of the day as a map marks it: at its place, described in a few words.</summary>
public sealed record MapEvent(string Id, string PlaceId, string What);

/// <summary>A route as drawn: its tag letter on the map and in the legend, its status that day, and its places left out.</summary>
/// <param name="Drawn">False when fewer than two of its places have coordinates inside the map: there is no line to draw.</param>
/// <param name="PlacesNotDrawn">The names of its places without coordinates: the line goes straight past them.</param>
public sealed record MapRoute(string Id, string Name, char Tag, CorridorStatus Status, bool Drawn, IReadOnlyList<string> PlacesNotDrawn);

/// <summary>A numbered marker at a place, for the events of the day there.</summary>
public sealed record MapMarker(int Number, string PlaceId, string PlaceName, IReadOnlyList<MapEvent> Events);

/// <summary>Why an event of the day has no marker.</summary>
public enum MapAbsence
{
    /// <summary>Its place has no coordinates in the gazetteer (a region, a road, a place not yet located).</summary>
    NoCoordinates,

    /// <summary>Its place lies outside the map's area (a city abroad where a court or council sat).</summary>
    OutsideTheMap,
}

public sealed record MapEventNotShown(MapEvent Event, string PlaceName, MapAbsence Why);

/// <summary>
/// A drawn map and, in words, everything it shows: the page puts the words beside the picture for those who cannot
/// see it.
/// </summary>
/// <param name="Svg">The SVG element, ready to be written into a page as it is.</param>
/// <param name="Places">The names of the places drawn, in the reader's language where the gazetteer has it.</param>
/// <param name="Unlabelled">Places drawn without a label, as there was no room beside their dot.</param>
/// <param name="BoundariesDrawn">False when the boundary data does not cover the map's area.</param>
public sealed record SituationMapDrawing(
    string Svg,
    DateOnly Date,
    GeoBox Box,
    IReadOnlyList<MapRoute> Routes,
    IReadOnlyList<MapMarker> Markers,
    IReadOnlyList<string> Places,
    IReadOnlyList<string> Unlabelled,
    IReadOnlyList<MapEventNotShown> NotShown,
    bool BoundariesDrawn,
    double ScaleKilometres);

/// <summary>
/// Draws a situation's region on a day as SVG, on the server, with no tiles and no script: the country boundaries, the
/// places of the gazetteer that have coordinates, the routes coloured and dashed by their status that day (unknown is
/// grey and dashed, never drawn as open), and a numbered marker where the day's events happened.
/// <para>
/// The map's area is the box around the places the situation's routes pass through (around every located place when
/// no route has one), widened by an eighth on each side, and made no flatter than 0.6 and no taller than 1.2 times its
/// width. Places elsewhere (a court abroad) are left out and said so. A route is drawn as straight lines between its
/// places in order: a sketch of where it runs, not its road. Labels are placed beside their dot where they overlap
/// nothing else; a label that fits nowhere is left out, its dot carrying the name as a tooltip and the list beside
/// the map naming it. The drawing is 400 units wide and meant to be scaled to the page (CSS width 100%).
/// </para>
/// </summary>
public static class SituationMap
{
    public const double Width = 400;

    private const double LabelSize = 14;
    private const double DotRadius = 3.5;
    private const double MarkerRadius = 9;
    private const double TagHalf = 8;

    /// <summary>How wide a character is, in ems, on average: generous, so that labels rather keep apart.</summary>
    private const double CharacterWidth = 0.62;

    public const string OpenColour = "#2e7d32";
    public const string RestrictedColour = "#f9a825";
    public const string HumanitarianColour = "#ef6c00";
    public const string ClosedColour = "#b71c1c";
    public const string UnknownColour = "#6b6b6b";

    /// <summary>The lengths a scale bar may have, times a power of ten, largest first.</summary>
    private static readonly double[] RoundSteps = [5, 2, 1];

    /// <summary>Where along a route's line its tag may sit, as fractions of its length, the middle first.</summary>
    private static readonly double[] TagSpots = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74];

    private static readonly string[] CountryFills = ["#f3eee2", "#e6eedf", "#ebe7f2", "#f2e6e6", "#e3edf2", "#efefe4"];

    /// <summary>How a route of a status is stroked: colour, width and dash pattern (null: solid).</summary>
    public static (string Colour, double Width, string? Dashes) Stroke(CorridorStatus status) => status switch
    {
        CorridorStatus.Open => (OpenColour, 4, null),
        CorridorStatus.Restricted => (RestrictedColour, 4, "12 6"),
        CorridorStatus.HumanitarianOnly => (HumanitarianColour, 4, "12 5 3 5"),
        CorridorStatus.Closed => (ClosedColour, 5, null),
        CorridorStatus.Unknown => (UnknownColour, 3, "5 5"),
    };

    /// <summary>
    /// A short piece of a route's line in the style of its status, for the legend the page writes beside the map (in
    /// words: the swatch repeats what the words say, and is hidden from screen readers).
    /// </summary>
    public static string Swatch(CorridorStatus status)
    {
        var (colour, width, dashes) = Stroke(status);
        return string.Create(CultureInfo.InvariantCulture,
            $"<svg class=\"map-swatch\" viewBox=\"0 0 40 12\" width=\"40\" height=\"12\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M2,6H38\" stroke=\"{colour}\" stroke-width=\"{N(width)}\"{(dashes is null ? "" : $" stroke-dasharray=\"{dashes}\"")}/></svg>");
    }

    /// <summary>A status in the words of the map's legend.</summary>
    public static string Words(CorridorStatus status) => status switch
    {
        CorridorStatus.Open => "open",
        CorridorStatus.Restricted => "restricted",
        CorridorStatus.HumanitarianOnly => "humanitarian traffic only",
        CorridorStatus.Closed => "closed",
        CorridorStatus.Unknown => "unknown (no sourced record says)",
    };

    /// <param name="places">The situation's gazetteer, by id.</param>
    /// <param name="day">The status of each route on the day drawn.</param>
    /// <param name="events">The events of that day, in the order they are listed.</param>
    /// <param name="boundaries">Country boundaries; null to draw none.</param>
    /// <param name="language">The reader's language (BCP 47): a place's name in it, else its English name.</param>
    /// <returns>Null when no place of the situation has coordinates: there is nothing to draw a map around.</returns>
    public static SituationMapDrawing? Draw(
        Situation situation,
        IReadOnlyDictionary<string, Place> places,
        DayStatus day,
        IReadOnlyList<MapEvent> events,
        Boundaries? boundaries,
        string language)
    {
        ArgumentNullException.ThrowIfNull(situation);
        ArgumentNullException.ThrowIfNull(places);
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(events);
        var located = places.Values.Where(p => p.Coordinates is not null).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        var onRoutes = situation.Routes.SelectMany(r => r.Via).Distinct(StringComparer.Ordinal)
            .Select(places.GetValueOrDefault).OfType<Place>().Where(p => p.Coordinates is not null).ToList();
        if (GeoBox.Around((onRoutes.Count > 0 ? onRoutes : located).Select(p => p.Coordinates!.Value), 0.125, 0.04) is not { } around)
        {
            return null;
        }
        var box = around.WithRatio(0.6, 1.2);
        var projection = new MapProjection(box, Width);
        var canvas = new Canvas(projection, language);
        return canvas.Draw(situation, places, located.Where(p => box.Contains(p.Coordinates!.Value)).ToList(), day, events,
            boundaries is not null && boundaries.Coverage.Covers(box) ? boundaries : null);
    }

    private readonly record struct Rect(double Left, double Top, double Right, double Bottom)
    {
        public bool Overlaps(Rect other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;

        public static Rect Around(double x, double y, double half) => new(x - half, y - half, x + half, y + half);
    }

    /// <summary>One drawing: the obstacles labels must keep clear of, and the SVG as it is written.</summary>
    private sealed class Canvas(MapProjection projection, string language)
    {
        private readonly List<Rect> taken = [];
        private readonly List<((double X, double Y) From, (double X, double Y) To)> segments = [];
        private readonly double height = Math.Round(projection.Height, 1);

        public SituationMapDrawing Draw(
            Situation situation,
            IReadOnlyDictionary<string, Place> places,
            IReadOnlyList<Place> shown,
            DayStatus day,
            IReadOnlyList<MapEvent> events,
            Boundaries? boundaries)
        {
            var (markers, notShown) = Markers(places, shown, events);
            var routes = Routes(situation, places, day);
            var background = new StringBuilder();
            var countryLabels = new List<(string Name, List<List<(double X, double Y)>> Rings)>();
            background.Append(CultureInfo.InvariantCulture, $"<rect width=\"{N(Width)}\" height=\"{N(height)}\" fill=\"{(boundaries is null ? "#f6f7f8" : "#dde8ef")}\"/>");
            if (boundaries is not null)
            {
                var fill = 0;
                foreach (var country in boundaries.Countries)
                {
                    var rings = country.Polygons.SelectMany(p => p).Select(r => Boundaries.Clip(r, projection.Box))
                        .Where(r => r.Count > 0).Select(Projected).Where(r => r.Count >= 3).ToList();
                    if (rings.Count == 0)
                    {
                        continue;
                    }
                    background.Append(CultureInfo.InvariantCulture, $"<path d=\"{PathOf(rings)}\" fill=\"{CountryFills[fill++ % CountryFills.Length]}\" fill-rule=\"evenodd\" stroke=\"#7d7d7d\" stroke-width=\"1\" stroke-linejoin=\"round\"/>");
                    countryLabels.Add((country.Name, rings));
                }
            }

            // Everything a label must not cover is known before any label is placed.
            var scale = ScaleBar();
            taken.Add(new Rect(0, height - 30, scale.Length + 24, height));
            var attribution = boundaries?.Attribution ?? "";
            if (attribution.Length > 0)
            {
                taken.Add(new Rect(Width - TextWidth(attribution, 10) - 8, height - 16, Width, height));
            }
            var lines = new StringBuilder();
            foreach (var (route, points) in routes.Where(r => r.Points.Count >= 2))
            {
                var (colour, width, dashes) = Stroke(route.Status);
                var list = string.Join(' ', points.Select(p => $"{N(p.X)},{N(p.Y)}"));
                lines.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{list}\" fill=\"none\" stroke=\"#fff\" stroke-width=\"{N(width + 3)}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>");
                lines.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{list}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{N(width)}\"{(dashes is null ? "" : $" stroke-dasharray=\"{dashes}\"")} stroke-linejoin=\"round\" data-route=\"{Attr(route.Id)}\" data-status=\"{KebabCase.Of(route.Status)}\"/>");
            }
            var marked = markers.ToDictionary(m => m.PlaceId, StringComparer.Ordinal);
            var symbols = new StringBuilder();
            var spots = shown.ToDictionary(p => p.Id, p => projection.Project(p.Coordinates!.Value), StringComparer.Ordinal);
            foreach (var place in shown)
            {
                var (x, y) = spots[place.Id];
                taken.Add(Rect.Around(x, y, (marked.ContainsKey(place.Id) ? MarkerRadius : DotRadius) + 1));
            }
            foreach (var (_, points) in routes.Where(r => r.Points.Count >= 2))
            {
                segments.AddRange(points.Zip(points.Skip(1)));
            }
            foreach (var (route, points) in routes.Where(r => r.Points.Count >= 2))
            {
                // Near the middle of the line, where it covers no place.
                var (x, y) = TagSpots.Select(f => PointAlong(points, f)).Where(p => !taken.Any(t => t.Overlaps(Rect.Around(p.X, p.Y, TagHalf + 1))))
                    .DefaultIfEmpty(PointAlong(points, 0.5)).First();
                taken.Add(Rect.Around(x, y, TagHalf + 1));
                lines.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x - TagHalf)}\" y=\"{N(y - TagHalf)}\" width=\"{N(2 * TagHalf)}\" height=\"{N(2 * TagHalf)}\" rx=\"2\" fill=\"#fff\" stroke=\"{Stroke(route.Status).Colour}\" stroke-width=\"2\"/>");
                lines.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y + 4.5)}\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\" data-route-tag=\"{Attr(route.Id)}\">{route.Tag}</text>");
            }
            // Labels: places with the day's events first, then those the routes pass through, then the others.
            var order = shown
                .OrderBy(p => marked.TryGetValue(p.Id, out var m) ? m.Number : int.MaxValue)
                .ThenBy(p => routes.Any(r => r.Route.PlacesOnMap.Contains(p.Id)) ? 0 : 1)
                .ThenBy(p => p.Id, StringComparer.Ordinal)
                .ToList();
            var labels = new StringBuilder();
            var unlabelled = new HashSet<string>(StringComparer.Ordinal);
            foreach (var place in order)
            {
                var (x, y) = spots[place.Id];
                var name = place.NameIn(language);
                if (PlaceLabel(name, x, y, marked.ContainsKey(place.Id) ? MarkerRadius : DotRadius) is { } label)
                {
                    labels.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(label.X)}\" y=\"{N(label.Y)}\" text-anchor=\"{label.Anchor}\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\" data-label=\"{Attr(place.Id)}\">{Text(name)}</text>");
                }
                else
                {
                    unlabelled.Add(place.Id);
                }
            }
            foreach (var place in shown.Where(p => !marked.ContainsKey(p.Id)))
            {
                var (x, y) = spots[place.Id];
                var tip = unlabelled.Contains(place.Id) ? $"<title>{Text(place.NameIn(language))}</title>" : "";
                symbols.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(DotRadius)}\" fill=\"#1b1f23\" stroke=\"#fff\" stroke-width=\"1.2\" data-place=\"{Attr(place.Id)}\">{tip}</circle>");
            }
            foreach (var marker in markers)
            {
                var (x, y) = spots[marker.PlaceId];
                var tip = unlabelled.Contains(marker.PlaceId) ? $"<title>{Text(marker.PlaceName)}</title>" : "";
                symbols.Append(CultureInfo.InvariantCulture, $"<g data-place=\"{Attr(marker.PlaceId)}\" data-events=\"{marker.Events.Count}\"><circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(MarkerRadius)}\" fill=\"#4a148c\" stroke=\"#fff\" stroke-width=\"1.5\">{tip}</circle><text x=\"{N(x)}\" y=\"{N(y + 4)}\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" fill=\"#fff\">{marker.Number}</text></g>");
            }
            foreach (var (name, rings) in countryLabels)
            {
                if (CountryLabel(name, rings) is { } spot)
                {
                    labels.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(spot.X)}\" y=\"{N(spot.Y)}\" text-anchor=\"middle\" font-size=\"12\" font-style=\"italic\" fill=\"#555\">{Text(name)}</text>");
                }
            }

            var svg = new StringBuilder();
            var title = $"Map of {situation.Name} on {day.Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}";
            var description = string.Create(CultureInfo.InvariantCulture,
                $"{(boundaries is null ? "" : "Country boundaries, ")}{shown.Count} places and {routes.Count(r => r.Points.Count >= 2)} routes, each route drawn in the style of its status that day; {(markers.Count == 0 ? "no event that day at a place on the map" : $"a numbered marker at each of the {markers.Count} places of that day's events")}. North is up. The list beside the map says the same in words.");
            svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(Width)} {N(height)}\" role=\"img\" aria-labelledby=\"map-title map-desc\" font-family=\"sans-serif\" font-size=\"{N(LabelSize)}\" data-date=\"{day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title id=\"map-title\">{Text(title)}</title><desc id=\"map-desc\">{Text(description)}</desc>");
            svg.Append(background).Append(lines).Append(symbols).Append(labels);
            svg.Append(scale.Svg);
            if (attribution.Length > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Width - 4)}\" y=\"{N(height - 5)}\" text-anchor=\"end\" font-size=\"10\" fill=\"#444\">{Text(attribution)}</text>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{N(Width)}\" height=\"{N(height)}\" fill=\"none\" stroke=\"#7d7d7d\"/>");
            svg.Append("</svg>");

            return new SituationMapDrawing(
                svg.ToString(), day.Date, projection.Box,
                routes.Select(r => r.Route.Map).ToList(),
                markers,
                shown.Select(p => p.NameIn(language)).ToList(),
                shown.Where(p => unlabelled.Contains(p.Id)).Select(p => p.NameIn(language)).ToList(),
                notShown,
                boundaries is not null,
                scale.Kilometres);
        }

        private (List<MapMarker> Markers, List<MapEventNotShown> NotShown) Markers(IReadOnlyDictionary<string, Place> places, IReadOnlyList<Place> shown, IReadOnlyList<MapEvent> events)
        {
            var onMap = shown.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            var markers = new List<MapMarker>();
            var notShown = new List<MapEventNotShown>();
            foreach (var group in events.GroupBy(e => e.PlaceId, StringComparer.Ordinal))
            {
                var place = places.GetValueOrDefault(group.Key);
                var name = place?.NameIn(language) ?? group.Key;
                if (place is not null && onMap.Contains(place.Id))
                {
                    markers.Add(new MapMarker(markers.Count + 1, place.Id, name, group.ToList()));
                }
                else
                {
                    notShown.AddRange(group.Select(e => new MapEventNotShown(e, name, place?.Coordinates is null ? MapAbsence.NoCoordinates : MapAbsence.OutsideTheMap)));
                }
            }
            return (markers, notShown);
        }

        private sealed record RouteLine(MapRoute Map, HashSet<string> PlacesOnMap)
        {
            public CorridorStatus Status => Map.Status;

            public string Id => Map.Id;

            public char Tag => Map.Tag;
        }

        private List<(RouteLine Route, List<(double X, double Y)> Points)> Routes(Situation situation, IReadOnlyDictionary<string, Place> places, DayStatus day)
        {
            var drawn = new List<(RouteLine, List<(double X, double Y)>)>();
            for (var i = 0; i < situation.Routes.Count; i++)
            {
                var route = situation.Routes[i];
                var status = day.Routes.GetValueOrDefault(route.Id, CorridorStatus.Unknown);
                var via = route.Via.Select(id => (Id: id, Place: places.GetValueOrDefault(id))).ToList();
                var located = via.Where(v => v.Place?.Coordinates is { } c && projection.Box.Contains(c)).ToList();
                var points = located.Select(v => projection.Project(v.Place!.Coordinates!.Value)).ToList();
                var missing = via.Where(v => v.Place?.Coordinates is null).Select(v => v.Place?.NameIn(language) ?? v.Id).ToList();
                var tag = (char)('A' + i % 26);
                var map = new MapRoute(route.Id, route.Name, tag, status, points.Count >= 2, missing);
                drawn.Add((new RouteLine(map, located.Select(v => v.Id).ToHashSet(StringComparer.Ordinal)), points));
            }
            return drawn;
        }

        private List<(double X, double Y)> Projected(IReadOnlyList<LonLat> ring)
        {
            // Points closer than a unit to the last one kept add bytes and nothing the eye can see.
            var points = new List<(double X, double Y)>(ring.Count);
            foreach (var vertex in ring)
            {
                var p = projection.Project(vertex.Latitude, vertex.Longitude);
                if (points.Count == 0 || Math.Abs(p.X - points[^1].X) + Math.Abs(p.Y - points[^1].Y) >= 1)
                {
                    points.Add(p);
                }
            }
            return points;
        }

        private static string PathOf(List<List<(double X, double Y)>> rings)
        {
            var path = new StringBuilder();
            foreach (var ring in rings)
            {
                path.Append('M');
                path.Append(string.Join(' ', ring.Select(p => $"{N(p.X)},{N(p.Y)}")));
                path.Append('Z');
            }
            return path.ToString();
        }

        /// <summary>The point a <paramref name="fraction"/> of the way along a line, by its length.</summary>
        private static (double X, double Y) PointAlong(List<(double X, double Y)> points, double fraction)
        {
            var lengths = points.Zip(points.Skip(1), (a, b) => Math.Sqrt(Math.Pow(b.X - a.X, 2) + Math.Pow(b.Y - a.Y, 2))).ToList();
            var half = lengths.Sum() * fraction;
            for (var i = 0; i < lengths.Count; i++)
            {
                if (half <= lengths[i] && lengths[i] > 0)
                {
                    var t = half / lengths[i];
                    return (points[i].X + t * (points[i + 1].X - points[i].X), points[i].Y + t * (points[i + 1].Y - points[i].Y));
                }
                half -= lengths[i];
            }
            return points[^1];
        }

        /// <summary>The first spot beside the point where the label overlaps nothing and stays inside the map.</summary>
        private (double X, double Y, string Anchor)? PlaceLabel(string name, double x, double y, double radius)
        {
            var width = TextWidth(name, LabelSize);
            var gap = radius + 2;
            // Baseline positions: right, left, above, below, then the four corners.
            var (middle, under) = (LabelSize * 0.35, LabelSize * 0.8);
            var candidates = new (double X, double Y, string Anchor)[]
            {
                (x + gap, y + middle, "start"),
                (x - gap, y + middle, "end"),
                (x, y - gap - 2, "middle"),
                (x, y + gap + under, "middle"),
                (x + gap - 2, y - gap, "start"),
                (x + gap - 2, y + gap + under - 2, "start"),
                (x - gap + 2, y - gap, "end"),
                (x - gap + 2, y + gap + under - 2, "end"),
            };
            // First a spot clear of the routes' lines too; failing that, one that only crosses a line.
            foreach (var clearOfLines in new[] { true, false })
            {
                foreach (var c in candidates)
                {
                    var left = c.Anchor switch { "start" => c.X, "end" => c.X - width, _ => c.X - width / 2 };
                    var rect = new Rect(left, c.Y - LabelSize * 0.8, left + width, c.Y + LabelSize * 0.25);
                    if (rect.Left < 2 || rect.Right > Width - 2 || rect.Top < 2 || rect.Bottom > height - 2
                        || taken.Any(t => t.Overlaps(rect) && !t.Overlaps(Rect.Around(x, y, 0.5)))
                        || (clearOfLines && CrossesALine(rect)))
                    {
                        continue;
                    }
                    taken.Add(rect);
                    return c;
                }
            }
            return null;
        }

        /// <summary>Whether a route's line passes through the rectangle, tried every two units along each segment.</summary>
        private bool CrossesALine(Rect rect) => segments.Any(segment =>
        {
            var ((ax, ay), (bx, by)) = segment;
            var steps = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(Math.Pow(bx - ax, 2) + Math.Pow(by - ay, 2)) / 2));
            for (var i = 0; i <= steps; i++)
            {
                var (x, y) = (ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps);
                if (x > rect.Left && x < rect.Right && y > rect.Top && y < rect.Bottom)
                {
                    return true;
                }
            }
            return false;
        });

        /// <summary>A spot inside the country where its name fits whole and covers nothing, nearest its middle.</summary>
        private (double X, double Y)? CountryLabel(string name, List<List<(double X, double Y)>> rings)
        {
            var width = TextWidth(name, 12);
            var points = rings.SelectMany(r => r).ToList();
            var (minX, maxX, minY, maxY) = (points.Min(p => p.X), points.Max(p => p.X), points.Min(p => p.Y), points.Max(p => p.Y));
            var (midX, midY) = ((minX + maxX) / 2, (minY + maxY) / 2);
            const int Steps = 12;
            (double X, double Y, double Distance)? best = null;
            for (var i = 0; i <= Steps; i++)
            {
                for (var j = 0; j <= Steps; j++)
                {
                    var x = minX + (maxX - minX) * i / Steps;
                    var y = minY + (maxY - minY) * j / Steps;
                    var rect = new Rect(x - width / 2 - 2, y - 11, x + width / 2 + 2, y + 4);
                    if (rect.Left < 2 || rect.Right > Width - 2 || rect.Top < 2 || rect.Bottom > height - 2
                        || !Corners(rect).All(c => Inside(rings, c)) || taken.Any(t => t.Overlaps(rect)))
                    {
                        continue;
                    }
                    var distance = Math.Pow(x - midX, 2) + Math.Pow(y - midY, 2);
                    if (best is null || distance < best.Value.Distance)
                    {
                        best = (x, y, distance);
                    }
                }
            }
            if (best is not { } found)
            {
                return null;
            }
            taken.Add(new Rect(found.X - width / 2 - 2, found.Y - 11, found.X + width / 2 + 2, found.Y + 4));
            return (found.X, found.Y);
        }

        private static IEnumerable<(double X, double Y)> Corners(Rect r) =>
            [(r.Left, r.Top), (r.Right, r.Top), (r.Left, r.Bottom), (r.Right, r.Bottom), ((r.Left + r.Right) / 2, (r.Top + r.Bottom) / 2)];

        /// <summary>Even–odd rule over all the rings: inside an outline and not in one of its holes.</summary>
        private static bool Inside(List<List<(double X, double Y)>> rings, (double X, double Y) point)
        {
            var inside = false;
            foreach (var ring in rings)
            {
                for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
                {
                    var (a, b) = (ring[i], ring[j]);
                    if ((a.Y > point.Y) != (b.Y > point.Y) && point.X < (b.X - a.X) * (point.Y - a.Y) / (b.Y - a.Y) + a.X)
                    {
                        inside = !inside;
                    }
                }
            }
            return inside;
        }

        /// <summary>A bar of a round number of kilometres, about a fifth of the map's width, at its lower left.</summary>
        private (string Svg, double Length, double Kilometres) ScaleBar()
        {
            var target = Width / 5 * projection.KilometresPerUnit;
            var magnitude = Math.Pow(10, Math.Floor(Math.Log10(target)));
            var kilometres = RoundSteps.Select(f => f * magnitude).First(k => k <= target);
            var length = kilometres / projection.KilometresPerUnit;
            var (x, y) = (8.0, height - 10);
            var words = kilometres >= 1 ? $"{kilometres.ToString("0", CultureInfo.InvariantCulture)} km" : $"{(kilometres * 1000).ToString("0", CultureInfo.InvariantCulture)} m";
            var svg = $"<g data-scale-km=\"{kilometres.ToString("0.###", CultureInfo.InvariantCulture)}\"><path d=\"M{N(x)},{N(y - 4)}V{N(y)}H{N(x + length)}V{N(y - 4)}\" fill=\"none\" stroke=\"#1b1f23\" stroke-width=\"1.5\"/>"
                + $"<text x=\"{N(x)}\" y=\"{N(y - 7)}\" font-size=\"12\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">{words}</text></g>";
            return (svg, length, kilometres);
        }
    }

    private static double TextWidth(string text, double size) => text.Length * size * CharacterWidth;

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Text(string text) => WebUtility.HtmlEncode(text);

    private static string Attr(string text) => WebUtility.HtmlEncode(text);
}
