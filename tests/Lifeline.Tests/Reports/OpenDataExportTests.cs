using System.Net;
using System.Text.Json;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Reports;

/// <summary>The events as open data over HTTP: ACLED's header exactly, HXL's hashtag row, GeoJSON, the list filters, the public rule.</summary>
public sealed class OpenDataExportTests
{
    private const string AcledHeader = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Export_Acled_HeaderIsExactlyAcledsColumns_RowsFollowTheFilters(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        var csv = await server.Client.GetStringAsync("/api/v1/situations/lachin-2022/export?format=acled&type=convoy-turned-back", TestContext.Current.CancellationToken);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(AcledHeader, lines[0]);
        Assert.True(lines.Length > 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",Strategic developments,Strategic developments,Other,", l, StringComparison.Ordinal));
        var published = await server.Get<JsonElement>("/api/v1/situations/lachin-2022/events?type=convoy-turned-back&pageSize=1");
        Assert.Equal(published.GetProperty("total").GetInt32(), lines.Length - 1);
    }

    [Fact]
    public async Task Export_HxlAndGeojson_CarryTheHashtagRowAndAFeatureCollection_BadFormatNamed()
    {
        await using var server = await LifelineServer.Start();
        var hxl = (await server.Client.GetStringAsync("/api/v1/situations/lachin-2022/export?format=hxl", TestContext.Current.CancellationToken)).Split("\r\n");
        Assert.StartsWith("#event+id,#date+occurred,#event+type,", hxl[1], StringComparison.Ordinal);
        Assert.Contains("#geo+lat,#geo+lon,#affected+killed", hxl[1], StringComparison.Ordinal);

        using var geo = JsonDocument.Parse(await server.Client.GetStringAsync("/api/v1/situations/lachin-2022/export?format=geojson&from=2023-03-01&to=2023-03-31", TestContext.Current.CancellationToken));
        Assert.Equal("FeatureCollection", geo.RootElement.GetProperty("type").GetString());
        var features = geo.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Contains(features, f => f.GetProperty("properties").GetProperty("kind").GetString() == "event");
        Assert.All(features.Where(f => f.GetProperty("properties").GetProperty("kind").GetString() == "event"),
            f => Assert.StartsWith("2023-03", f.GetProperty("properties").GetProperty("date").GetString(), StringComparison.Ordinal));
        var point = features.Single(f => f.GetProperty("id").GetString() == "place:stepanakert").GetProperty("geometry");
        Assert.Equal("Point", point.GetProperty("type").GetString());
        var longitude = point.GetProperty("coordinates")[0].GetDouble();
        Assert.InRange(longitude, 46, 47.5); // RFC 7946: longitude first (Stepanakert lies near 46.75° E, 39.8° N)

        using var bad = await server.Client.GetAsync("/api/v1/situations/lachin-2022/export?format=xlsx", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"format\"", await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
