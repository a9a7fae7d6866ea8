using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Exchange;
using Lifeline.Families;
using Lifeline.Tests.Families;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Reports;

/// <summary>
/// The HXL tables beside the events: the calendar, the supply figures and the family counts, over HTTP. Their header
/// and hashtag rows, their values against the record, and what the public may not see.
/// </summary>
public sealed class HxlTablesTests
{
    private const string Export = "/api/v1/situations/lachin-2022/export?format=hxl";

    private const string CalendarHeader =
        "Date,Day,"
        + "Stepanakert–Goris road via the Lachin corridor: status,Stepanakert–Goris road via the Lachin corridor: set by event,Stepanakert–Goris road via the Lachin corridor: sources,"
        + "Stepanakert–Askeran–Aghdam road: status,Stepanakert–Askeran–Aghdam road: set by event,Stepanakert–Askeran–Aghdam road: sources,"
        + "Gas: status,Gas: set by event,Gas: sources,Electricity: status,Electricity: set by event,Electricity: sources,"
        + "Internet: status,Internet: set by event,Internet: sources,Water: status,Water: set by event,Water: sources,Source addresses";

    private const string CalendarTags =
        "#date,#indicator+num+day,"
        + "#access+status+route+lachin_corridor,#event+id+route+lachin_corridor,#meta+source+route+lachin_corridor,"
        + "#access+status+route+aghdam_road,#event+id+route+aghdam_road,#meta+source+route+aghdam_road,"
        + "#status+utility+gas,#event+id+utility+gas,#meta+source+utility+gas,#status+utility+electricity,#event+id+utility+electricity,#meta+source+utility+electricity,"
        + "#status+utility+internet,#event+id+utility+internet,#meta+source+utility+internet,#status+utility+water,#event+id+utility+water,#meta+source+utility+water,#meta+url";

    private const string SupplyHeader = "Observation,Kind,Date,Date precision,Until,Commodity,Item,Amount,Low,High,Unit,Qualifier,Place,Details,Sources,Source addresses,Notes";

    private const string SupplyTags =
        "#meta+id,#indicator+type,#date,#date+precision,#date+end,#item+code,#item+name,#indicator+num,#indicator+num+min,#indicator+num+max,"
        + "#indicator+unit,#indicator+qualifier,#loc+name,#meta+tags,#meta+source,#meta+url,#description";

    private const string FamilyHeader = "Measure,Case status,Count,As of,Source";

    private const string FamilyTags = "#indicator+name,#status+case,#indicator+num,#date+reported,#meta+source";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<List<CsvRow>> Rows(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var rows = new CsvRows(new StringReader(await response.Content.ReadAsStringAsync(Cancel)));
        var all = new List<CsvRow>();
        for (var row = rows.Next(); row is not null; row = rows.Next())
        {
            all.Add(row);
        }
        return all;
    }

    private static string Line(CsvRow row) => string.Join(',', row.Fields);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Calendar_HeaderAndTagsExact_EachDayAsTheCalendarSays_ClosedAfterTheJune2023Closure(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        var rows = await Rows(server.Client, Export + "&what=calendar&from=2023-06-10&to=2023-06-20");

        Assert.Equal(CalendarHeader, Line(rows[0]));
        Assert.Equal(CalendarTags, Line(rows[1]));
        var days = await server.Get<JsonElement>("/api/v1/situations/lachin-2022/calendar?from=2023-06-10&to=2023-06-20");
        Assert.Equal(days.GetArrayLength(), rows.Count - 2);
        foreach (var (row, day) in rows.Skip(2).Zip(days.EnumerateArray()))
        {
            Assert.Equal(day.GetProperty("date").GetString(), row.Fields[0]);
            Assert.Equal(day.GetProperty("day").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), row.Fields[1]);
            Assert.Equal(day.GetProperty("routes").GetProperty("lachin-corridor").GetString(), row.Fields[2]);
            Assert.Equal(day.GetProperty("routes").GetProperty("aghdam-road").GetString(), row.Fields[5]);
            Assert.Equal(day.GetProperty("utilities").GetProperty("gas").GetString(), row.Fields[8]);
            Assert.Equal(day.GetProperty("utilities").GetProperty("electricity").GetString(), row.Fields[11]);
        }

        // 20 June 2023, day 191: the corridor closed to all traffic since the 15th, as the timeline's event says, with its sources.
        var june20 = rows.Single(r => r.Fields[0] == "2023-06-20");
        Assert.Equal("191", june20.Fields[1]);
        Assert.Equal("closed", june20.Fields[2]);
        Assert.Equal("2023-06-15-total-closure", june20.Fields[3]);
        var closure = await server.Get<JsonElement>("/api/v1/situations/lachin-2022/events/2023-06-15-total-closure");
        var cited = closure.GetProperty("sources").EnumerateArray().ToList();
        Assert.NotEmpty(cited);
        Assert.All(cited, s => Assert.Contains(s.GetProperty("publisher").GetString()!, june20.Fields[4], StringComparison.Ordinal));
        Assert.All(cited.Where(s => s.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String),
            s => Assert.Contains(s.GetProperty("url").GetString()!, june20.Fields[^1], StringComparison.Ordinal));
        // No event, no baseline: water is unknown, with no event and no source.
        Assert.Equal(["unknown", "", ""], june20.Fields.Skip(17).Take(3));
        // Before the closure the corridor was humanitarian-only.
        Assert.Equal("humanitarian-only", rows.Single(r => r.Fields[0] == "2023-06-14").Fields[2]);
    }

    [Fact]
    public async Task Calendar_Anonymous_LeavesOutAnUnpublishedEvent_InternalShowsIt()
    {
        await using var server = await LifelineServer.Start();
        using var reporter = await server.ClientFor(Role.Reporter);
        const string id = "hxl-unpublished-reopening";
        using var recorded = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            id,
            date = "2023-06-18",
            place = "hakari-bridge",
            type = "corridor-reopened",
            route = "lachin-corridor",
            untilFurtherNotice = true,
            notes = "Unpublished: a reopening not yet checked.",
            sources = new[] { "news-am-739240" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        var anonymous = await Rows(server.Client, Export + "&what=calendar&from=2023-06-19&to=2023-06-19");
        using var analyst = await server.ClientFor(Role.Analyst);
        var internalRows = await Rows(analyst, Export + "&what=calendar&from=2023-06-19&to=2023-06-19");

        Assert.Equal("closed", anonymous[2].Fields[2]);
        Assert.DoesNotContain(anonymous, r => r.Fields.Contains(id));
        Assert.Equal("open", internalRows[2].Fields[2]);
        Assert.Equal(id, internalRows[2].Fields[3]);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Supplies_RowPerObservationAsRecorded_AnonymousAndCaseworkersRefused(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var anonymous = await server.Client.GetAsync(Export + "&what=supplies", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("wheat", await anonymous.Content.ReadAsStringAsync(Cancel), StringComparison.OrdinalIgnoreCase);
        using var caseworker = await server.ClientFor(Role.Caseworker);
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.GetAsync(Export + "&what=supplies", Cancel)).StatusCode);

        using var viewer = await server.ClientFor(Role.Viewer);
        var rows = await Rows(viewer, Export + "&what=supplies");
        Assert.Equal(SupplyHeader, Line(rows[0]));
        Assert.Equal(SupplyTags, Line(rows[1]));
        var listed = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/situations/lachin-2022/supplies/observations?pageSize=1", Cancel);
        Assert.Equal(listed.GetProperty("total").GetInt32(), rows.Count - 2);

        var flour = rows.Single(r => r.Fields[0] == "2023-09-23-icrc-wheat-flour");
        var stored = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/situations/lachin-2022/supplies/observations/2023-09-23-icrc-wheat-flour", Cancel);
        var current = stored.GetProperty("observation");
        Assert.Equal(current.GetProperty("kind").GetString(), flour.Fields[1]);
        Assert.Equal(current.GetProperty("date").GetString(), flour.Fields[2]);
        Assert.Equal(current.GetProperty("commodity").GetString(), flour.Fields[5]);
        Assert.Equal(current.GetProperty("amount").GetDouble(), double.Parse(flour.Fields[7], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(current.GetProperty("unit").GetString(), flour.Fields[10]);
        Assert.Contains("route=lachin-corridor", flour.Fields[13], StringComparison.Ordinal);
        Assert.Contains("carriers=icrc", flour.Fields[13], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(flour.Fields[14]));
        Assert.Equal(current.GetProperty("notes").GetString(), flour.Fields[16]);
    }

    [Fact]
    public async Task Families_PublicCountsOnly_FewerThanFive_NoPersonalField()
    {
        await using var server = await LifelineServer.Start();
        using var caseworker = await server.ClientFor(Role.Caseworker);
        for (var i = 0; i < 2; i++)
        {
            using var safe = await caseworker.PostAsJsonAsync("/api/v1/situations/lachin-2022/families/people",
                new RecordPersonRequest { Person = FamilyMarkers.Person($"hxl-safe-{i}"), Safe = FamilyMarkers.Safe() }, Cancel);
            Assert.Equal(HttpStatusCode.Created, safe.StatusCode);
        }

        using var response = await server.Client.GetAsync(Export + "&what=families", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Empty(FamilyMarkers.FoundIn(body));
        var rows = await Rows(server.Client, Export + "&what=families");
        Assert.Equal(FamilyHeader, Line(rows[0]));
        Assert.Equal(FamilyTags, Line(rows[1]));
        Assert.Equal("fewer than 5", rows.Single(r => r.Fields[0] == "people registered safe").Fields[2]);
        var counts = await server.Get<JsonElement>("/api/v1/situations/lachin-2022/families/counts");
        foreach (var status in counts.GetProperty("requestsByStatus").EnumerateObject())
        {
            Assert.Equal(status.Value.GetString(), rows.Single(r => r.Fields[0] == "tracing requests" && r.Fields[1] == status.Name).Fields[2]);
        }
    }

    [Fact]
    public async Task Tables_BadWhatOrFormatOrFilter_IsAProblemNamingTheField()
    {
        await using var server = await LifelineServer.Start();
        foreach (var (query, field) in new[]
        {
            ("?format=hxl&what=stocks", "what"), ("?format=acled&what=calendar", "what"), ("?format=hxl&what=calendar&type=statement", "type"),
            ("?format=hxl&what=calendar&from=2023-06-20&to=2023-06-01", "to"),
        })
        {
            using var response = await server.Client.GetAsync("/api/v1/situations/lachin-2022/export" + query, Cancel);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/v1/situations/nowhere/export?format=hxl&what=calendar", Cancel)).StatusCode);
    }

    [Fact]
    public async Task ExportVerb_WritesEachTable_RefusesATableInAnotherFormat()
    {
        var folder = Directory.CreateTempSubdirectory("lifeline-hxl-").FullName;
        try
        {
            Assert.Equal(0, (await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--data", folder)).ExitCode);
            var tables = new Dictionary<string, List<CsvRow>>(StringComparer.Ordinal);
            foreach (var what in new[] { "calendar", "supplies", "families" })
            {
                var file = Path.Combine(folder, what + ".hxl.csv");
                var written = await LifelineProcess.Run(folder, "export", "--situation", "lachin-2022", "--format", "hxl", "--what", what, "--out", file, "--data", folder);
                Assert.True(written.ExitCode == 0, written.Error);
                Assert.Contains($"Exported the {what} table of lachin-2022 as HXL", written.Output, StringComparison.Ordinal);
                using var reader = new StreamReader(file);
                var rows = new CsvRows(reader);
                tables[what] = [];
                for (var row = rows.Next(); row is not null; row = rows.Next())
                {
                    tables[what].Add(row);
                }
            }
            Assert.Equal(CalendarTags, Line(tables["calendar"][1]));
            Assert.Equal("2022-12-12", tables["calendar"][2].Fields[0]); // the command line's calendar starts on the start date
            Assert.Equal("closed", tables["calendar"].Single(r => r.Fields[0] == "2023-06-20").Fields[2]);
            Assert.Equal(SupplyTags, Line(tables["supplies"][1]));
            Assert.Equal("66", tables["supplies"].Single(r => r.Fields[0] == "2023-09-23-icrc-wheat-flour").Fields[7]);
            Assert.Equal(FamilyTags, Line(tables["families"][1]));

            var refused = await LifelineProcess.Run(folder, "export", "--situation", "lachin-2022", "--format", "acled", "--what", "calendar", "--out", Path.Combine(folder, "x.csv"), "--data", folder);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("--what calendar", refused.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "x.csv")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
