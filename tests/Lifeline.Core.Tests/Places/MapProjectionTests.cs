using Lifeline.Core.Places;

namespace Lifeline.Core.Tests.Places;

public sealed class MapProjectionTests
{
    // One degree by one degree around Stepanakert; cos(39.5°) = 0.77162, so a degree of latitude is 400 / 0.77162 = 518.39 units.
    private static readonly GeoBox Karabakh = new(46, 39, 47, 40);

    private static Coordinates At(double latitude, double longitude) => Coordinates.TryCreate(latitude, longitude)!.Value;

    [Fact]
    public void Project_Stepanakert_LandsWhereTheCorrectedPlateCarreePutsIt()
    {
        var projection = new MapProjection(Karabakh, 400);

        var (x, y) = projection.Project(At(39.81528, 46.75194));

        Assert.Equal(300.776, x, 0.001);
        Assert.Equal(95.756, y, 0.001);
    }

    [Fact]
    public void Project_Corners_AreTheDrawingsCorners_NorthUp()
    {
        var projection = new MapProjection(Karabakh, 400);

        Assert.Equal((0, 0), projection.Project(40, 46));
        var (x, y) = projection.Project(39, 47);
        Assert.Equal(400, x, 1e-9);
        Assert.Equal(518.387, y, 0.001);
        Assert.Equal(518.387, projection.Height, 0.001);
    }

    [Fact]
    public void KilometresPerUnit_IsADegreeOfLatitudeOverItsUnits()
    {
        var projection = new MapProjection(Karabakh, 400);

        Assert.Equal(111.195 / 518.387, projection.KilometresPerUnit, 1e-5);
    }

    [Fact]
    public void Project_EastWest_KilometreIsAsLongAsNorthSouth_AtTheMiddleLatitude()
    {
        var projection = new MapProjection(Karabakh, 400);
        // 0.01° of longitude at 39.5° N is 0.77162 km × 1.11195 = 0.858 km; 0.01° of latitude is 1.112 km.
        var east = projection.Project(39.5, 46.51).X - projection.Project(39.5, 46.5).X;
        var north = projection.Project(39.5, 46.5).Y - projection.Project(39.51, 46.5).Y;

        Assert.Equal(0.858, east * projection.KilometresPerUnit, 0.001);
        Assert.Equal(1.112, north * projection.KilometresPerUnit, 0.001);
    }

    [Fact]
    public void Constructor_BoxWithoutArea_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new MapProjection(new GeoBox(46, 39, 46, 40), 400));
    }

    [Fact]
    public void Around_WidensByTheMarginOrTheMinimum()
    {
        var box = GeoBox.Around([At(39.5, 46.3), At(40, 46.9)], 0.1, 0.04)!.Value;

        Assert.Equal(46.24, box.West, 1e-9);
        Assert.Equal(46.96, box.East, 1e-9);
        Assert.Equal(39.45, box.South, 1e-9);
        Assert.Equal(40.05, box.North, 1e-9);

        var single = GeoBox.Around([At(39.5, 46.3)], 0.1, 0.04)!.Value;
        Assert.Equal(46.26, single.West, 1e-9);
        Assert.Equal(46.34, single.East, 1e-9);
        Assert.Equal(39.46, single.South, 1e-9);
        Assert.Equal(39.54, single.North, 1e-9);
        Assert.Null(GeoBox.Around([], 0.1, 0.04));
    }

    [Fact]
    public void WithRatio_TallBox_IsWidenedAboutItsCentre()
    {
        var tall = new GeoBox(46, 39, 46.5, 41);

        var wider = tall.WithRatio(0.6, 1.2);

        Assert.Equal(1.2, wider.Height / wider.GroundWidth, 1e-9);
        Assert.Equal(46.25, (wider.West + wider.East) / 2, 1e-9);
        Assert.Equal(tall.South, wider.South);
        Assert.Equal(tall.North, wider.North);
    }

    [Fact]
    public void WithRatio_FlatBox_IsHeightenedAboutItsMiddle()
    {
        var flat = new GeoBox(44, 39.9, 47, 40.1);

        var taller = flat.WithRatio(0.6, 1.2);

        Assert.Equal(0.6, taller.Height / taller.GroundWidth, 1e-6);
        Assert.Equal(40, taller.MidLatitude, 1e-9);
    }

    [Fact]
    public void Clip_RingAcrossTheEdge_IsCutAtTheEdge()
    {
        // A square from 45.5° to 46.5° east: the box begins at 46°, so half of it is kept, closed along 46°.
        IReadOnlyList<LonLat> ring = [new(45.5, 39.2), new(46.5, 39.2), new(46.5, 39.6), new(45.5, 39.6)];

        var clipped = Boundaries.Clip(ring, Karabakh);

        Assert.Equal(4, clipped.Count);
        Assert.All(clipped, p => Assert.InRange(p.Longitude, 46, 46.5));
        Assert.Equal(2, clipped.Count(p => p.Longitude == 46));
        Assert.Contains(new LonLat(46, 39.2), clipped);
        Assert.Contains(new LonLat(46, 39.6), clipped);
    }

    [Fact]
    public void Clip_RingOutsideTheBox_LeavesNothing()
    {
        IReadOnlyList<LonLat> ring = [new(44, 39.2), new(44.5, 39.2), new(44.5, 39.6)];

        Assert.Empty(Boundaries.Clip(ring, Karabakh));
    }
}
