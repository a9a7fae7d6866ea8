using System.Globalization;
using System.Xml.Linq;
using Lifeline.Core.Places;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Tests.Situations;

/// <summary>
/// The map drawer over the Lachin record's own places (their recorded coordinates) and routes, and the record's dates:
/// the Lachin corridor was open before the blockade (its baseline), humanitarian traffic only from 12 December 2022,
/// closed outright from 15 June 2023 until 25 June; the Aghdam road has no baseline and no event before 25 July 2023.
/// </summary>
public sealed class SituationMapTests
{
    private static Place Located(string id, string en, double latitude, double longitude, string? hy = null)
    {
        var names = new Dictionary<string, string> { ["en"] = en };
        if (hy is not null)
        {
            names["hy"] = hy;
        }
        return new Place(id, PlaceKind.Settlement, names, Coordinates.TryCreate(latitude, longitude), "src");
    }

    private static Place Unlocated(string id, string en, PlaceKind kind) =>
        new(id, kind, new Dictionary<string, string> { ["en"] = en }, null, null);

    private static readonly IReadOnlyDictionary<string, Place> Places = new[]
    {
        Located("stepanakert", "Stepanakert", 39.81528, 46.75194, "Ստեփանակերտ"),
        Located("shushi", "Shushi", 39.7583, 46.7483),
        Located("karin-tak", "Karin Tak", 39.74167, 46.74917),
        Located("berdzor", "Berdzor (Lachin)", 39.64083, 46.54694),
        Located("aghavno", "Aghavno", 39.58972, 46.54333),
        Unlocated("hakari-bridge", "Hakari bridge", PlaceKind.Bridge),
        Located("kornidzor", "Kornidzor", 39.54806, 46.53111),
        Located("goris", "Goris", 39.50778, 46.33861),
        Located("askeran", "Askeran", 39.93667, 46.83278),
        Located("aghdam", "Aghdam", 39.99306, 46.93056),
        Located("new-york", "New York", 40.7127, -74.0059),
        Unlocated("nagorno-karabakh", "Nagorno-Karabakh", PlaceKind.Region),
    }.ToDictionary(p => p.Id, StringComparer.Ordinal);

    private static readonly Situation Lachin = new(
        "lachin-2022", "Blockade of the Lachin corridor", "Nagorno-Karabakh", new DateOnly(2022, 12, 12), new DateOnly(2023, 10, 1),
        new Dictionary<SituationFigure, SourcedFigure>(),
        [
            new Route("lachin-corridor", "Stepanakert–Goris road via the Lachin corridor",
                ["stepanakert", "shushi", "karin-tak", "berdzor", "aghavno", "hakari-bridge", "kornidzor", "goris"], ["src"])
            {
                Baseline = new StatusBaseline<CorridorStatus>(CorridorStatus.Open, ["src"]),
            },
            new Route("aghdam-road", "Stepanakert–Askeran–Aghdam road", ["stepanakert", "askeran", "aghdam"], ["src"]),
        ]);

    private static readonly StatusChange[] Changes =
    [
        new(new DateOnly(2022, 12, 12), 1, "lachin-corridor", CorridorStatus.HumanitarianOnly, null, null) { Time = new TimeOnly(10, 30), Ends = StatusEnd.FurtherNotice },
        new(new DateOnly(2023, 6, 15), 2, "lachin-corridor", CorridorStatus.Closed, null, null) { Ends = StatusEnd.FurtherNotice },
        new(new DateOnly(2023, 6, 25), 3, "lachin-corridor", CorridorStatus.HumanitarianOnly, null, null) { Ends = StatusEnd.FurtherNotice },
        new(new DateOnly(2023, 7, 25), 4, "aghdam-road", CorridorStatus.Closed, null, null) { Ends = StatusEnd.FurtherNotice },
    ];

    /// <summary>A square "country" over the whole region, so that boundaries are drawn.</summary>
    private static readonly Boundaries Square = new(new GeoBox(45, 38, 48, 41), "Boundaries: test",
        [new CountryShape("999", "Testland", [[[new(45, 38), new(48, 38), new(48, 41), new(45, 41), new(45, 38)]]])]);

    private static DayStatus On(DateOnly date) => SituationCalendar.Compute(Lachin, Changes, date, date)[0];

    private static SituationMapDrawing Draw(DateOnly date, IReadOnlyList<MapEvent>? events = null, Boundaries? boundaries = null, string language = "en") =>
        SituationMap.Draw(Lachin, Places, On(date), events ?? [], boundaries ?? Square, language)!;

    private static XElement Svg(SituationMapDrawing drawing) => XElement.Parse(drawing.Svg);

    private static XElement RouteLine(SituationMapDrawing drawing, string route) =>
        Svg(drawing).Descendants().Single(e => e.Name.LocalName == "polyline" && (string?)e.Attribute("data-route") == route);

    [Fact]
    public void Draw_CorridorOnADayItWasClosed_IsDrawnClosed()
    {
        var drawing = Draw(new DateOnly(2023, 6, 20));

        var line = RouteLine(drawing, "lachin-corridor");
        Assert.Equal("closed", (string?)line.Attribute("data-status"));
        Assert.Equal(SituationMap.ClosedColour, (string?)line.Attribute("stroke"));
        Assert.Equal(CorridorStatus.Closed, drawing.Routes.Single(r => r.Id == "lachin-corridor").Status);
    }

    [Fact]
    public void Draw_CorridorOnADayItWasOpen_IsDrawnOpen()
    {
        var drawing = Draw(new DateOnly(2022, 12, 10));

        var line = RouteLine(drawing, "lachin-corridor");
        Assert.Equal("open", (string?)line.Attribute("data-status"));
        Assert.Equal(SituationMap.OpenColour, (string?)line.Attribute("stroke"));
        Assert.Null(line.Attribute("stroke-dasharray"));
        Assert.Equal(CorridorStatus.Open, drawing.Routes.Single(r => r.Id == "lachin-corridor").Status);
    }

    [Fact]
    public void Draw_RouteWithNoRecordYet_IsUnknown_NeverOpen()
    {
        var drawing = Draw(new DateOnly(2022, 12, 10));

        var line = RouteLine(drawing, "aghdam-road");
        Assert.Equal("unknown", (string?)line.Attribute("data-status"));
        Assert.Equal(SituationMap.UnknownColour, (string?)line.Attribute("stroke"));
        Assert.NotNull(line.Attribute("stroke-dasharray"));
        Assert.NotEqual(SituationMap.OpenColour, (string?)line.Attribute("stroke"));
        Assert.Equal(CorridorStatus.Unknown, drawing.Routes.Single(r => r.Id == "aghdam-road").Status);
    }

    [Fact]
    public void Draw_KnownPlace_LandsAtItsProjectedPoint()
    {
        var drawing = Draw(new DateOnly(2023, 6, 20));
        var projection = new MapProjection(drawing.Box, SituationMap.Width);
        var (x, y) = projection.Project(39.50778, 46.33861);

        var goris = Svg(drawing).Descendants().Single(e => e.Name.LocalName == "circle" && (string?)e.Attribute("data-place") == "goris");

        Assert.Equal(x, double.Parse((string)goris.Attribute("cx")!, CultureInfo.InvariantCulture), 0.05);
        Assert.Equal(y, double.Parse((string)goris.Attribute("cy")!, CultureInfo.InvariantCulture), 0.05);
        // Goris is the westernmost place of the routes and Aghdam the north-easternmost: the box holds both with a margin.
        Assert.InRange(x, 1, 80);
        Assert.True(drawing.Box.Contains(Coordinates.TryCreate(39.99306, 46.93056)!.Value));
    }

    [Fact]
    public void Draw_RouteThroughAPlaceWithoutCoordinates_GoesPastIt_AndSaysSo()
    {
        var drawing = Draw(new DateOnly(2023, 6, 20));

        var points = ((string)RouteLine(drawing, "lachin-corridor").Attribute("points")!).Split(' ');
        Assert.Equal(7, points.Length);
        Assert.Equal(new[] { "Hakari bridge" }, drawing.Routes.Single(r => r.Id == "lachin-corridor").PlacesNotDrawn);
    }

    [Fact]
    public void Draw_EventsOfTheDay_AreMarkedAtTheirPlace_OrListedWithTheReason()
    {
        MapEvent[] events =
        [
            new("e1", "kornidzor", "Convoy turned back"),
            new("e2", "nagorno-karabakh", "Statement"),
            new("e3", "kornidzor", "Corridor closed"),
            new("e4", "new-york", "UN Security Council meeting"),
        ];

        var drawing = Draw(new DateOnly(2023, 6, 15), events);

        var marker = Assert.Single(drawing.Markers);
        Assert.Equal(1, marker.Number);
        Assert.Equal("kornidzor", marker.PlaceId);
        Assert.Equal(new[] { "e1", "e3" }, marker.Events.Select(e => e.Id));
        var group = Svg(drawing).Descendants().Single(e => e.Name.LocalName == "g" && (string?)e.Attribute("data-place") == "kornidzor");
        Assert.Equal("2", (string?)group.Attribute("data-events"));
        Assert.DoesNotContain(Svg(drawing).Descendants(), e => e.Name.LocalName == "circle" && (string?)e.Attribute("data-place") == "new-york");
        Assert.Equal(
            new[] { ("e2", MapAbsence.NoCoordinates), ("e4", MapAbsence.OutsideTheMap) },
            drawing.NotShown.Select(n => (n.Event.Id, n.Why)));
    }

    [Fact]
    public void Draw_PlacesFarAway_AreLeftOffTheMap()
    {
        var drawing = Draw(new DateOnly(2023, 6, 20));

        Assert.DoesNotContain("New York", drawing.Places);
        Assert.Contains("Askeran", drawing.Places);
        Assert.Equal(9, drawing.Places.Count);
    }

    [Fact]
    public void Draw_EveryPlaceHasALabelOrIsNamedAsUnlabelled_AndLabelsAreNotRepeated()
    {
        var drawing = Draw(new DateOnly(2023, 6, 20));

        var labels = Svg(drawing).Descendants().Where(e => e.Attribute("data-label") is not null).Select(e => (string)e.Attribute("data-label")!).ToList();
        Assert.Equal(labels.Count, labels.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(drawing.Places.Count, labels.Count + drawing.Unlabelled.Count);
        Assert.True(labels.Count >= 8, $"only {labels.Count} of {drawing.Places.Count} places labelled");
    }

    [Fact]
    public void Draw_InTheReadersLanguage_NamesPlacesInIt_ElseInEnglish()
    {
        var drawing = Draw(new DateOnly(2023, 6, 20), language: "hy");

        Assert.Contains("Ստեփանակերտ", drawing.Places);
        Assert.Contains("Goris", drawing.Places);
        Assert.Contains("Ստեփանակերտ", drawing.Svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Draw_WithBoundariesCoveringTheArea_DrawsThemClippedToTheMap()
    {
        var drawing = Draw(new DateOnly(2023, 6, 20));

        Assert.True(drawing.BoundariesDrawn);
        var path = Svg(drawing).Descendants().First(e => e.Name.LocalName == "path");
        // The square reaches far beyond the map: clipped, it is the map's own rectangle.
        Assert.Equal(4, ((string)path.Attribute("d")!).Split(' ').Length);
        Assert.Contains("Testland", drawing.Svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Draw_BoundariesNotCoveringTheArea_AreNotDrawn()
    {
        var elsewhere = new Boundaries(new GeoBox(10, 40, 20, 50), "Boundaries: test",
            [new CountryShape("998", "Farland", [[[new(10, 40), new(20, 40), new(20, 50), new(10, 40)]]])]);

        var drawing = Draw(new DateOnly(2023, 6, 20), boundaries: elsewhere);

        Assert.False(drawing.BoundariesDrawn);
        Assert.DoesNotContain("Farland", drawing.Svg, StringComparison.Ordinal);
        Assert.DoesNotContain("Boundaries:", drawing.Svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Draw_NoPlaceWithCoordinates_DrawsNothing()
    {
        var places = new Dictionary<string, Place>(StringComparer.Ordinal) { ["nagorno-karabakh"] = Places["nagorno-karabakh"] };

        Assert.Null(SituationMap.Draw(Lachin, places, On(new DateOnly(2023, 6, 20)), [], Square, "en"));
    }

    [Fact]
    public void Draw_IsAccessibleImage_WithTitleAndDescription()
    {
        var svg = Svg(Draw(new DateOnly(2023, 6, 20)));

        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("map-title map-desc", (string?)svg.Attribute("aria-labelledby"));
        Assert.Equal("Map of Blockade of the Lachin corridor on 20 June 2023", svg.Elements().Single(e => e.Name.LocalName == "title").Value);
        Assert.Contains("North is up", svg.Elements().Single(e => e.Name.LocalName == "desc").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Draw_ScaleBar_IsARoundDistanceOfTheMapsScale()
    {
        var drawing = Draw(new DateOnly(2023, 6, 20));
        var projection = new MapProjection(drawing.Box, SituationMap.Width);

        // About a fifth of 400 units, rounded down to 1, 2 or 5 times a power of ten.
        Assert.Contains(drawing.ScaleKilometres, new[] { 5.0, 10, 20 });
        Assert.InRange(drawing.ScaleKilometres / projection.KilometresPerUnit, 32, 80);
    }

    [Fact]
    public void Swatch_DrawsTheLineOfEachStatus_UnknownUnlikeOpen()
    {
        foreach (var status in Enum.GetValues<CorridorStatus>())
        {
            var path = XElement.Parse(SituationMap.Swatch(status)).Elements().Single();
            Assert.Equal(SituationMap.Stroke(status).Colour, (string?)path.Attribute("stroke"));
            Assert.Equal(SituationMap.Stroke(status).Dashes, (string?)path.Attribute("stroke-dasharray"));
        }
        Assert.NotEqual(SituationMap.Swatch(CorridorStatus.Open), SituationMap.Swatch(CorridorStatus.Unknown));
        Assert.Equal("unknown (no sourced record says)", SituationMap.Words(CorridorStatus.Unknown));
    }
}
