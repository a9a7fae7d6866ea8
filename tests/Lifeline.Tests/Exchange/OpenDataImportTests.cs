using System.Text;
using System.Text.Json.Nodes;
using Lifeline.Exchange;
using Lifeline.Reports;
using Lifeline.Situations;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Exchange;

/// <summary>
/// ACLED and HXL files in: round trips from Lifeline's own exports, the real files under Samples/ (SOURCES.md), the same
/// file twice, a changed row, and bad files refused naming row and column with nothing stored. On both engines.
/// </summary>
public sealed class OpenDataImportTests
{
    private static string Samples(string name) => Path.Combine(AppContext.BaseDirectory, "Exchange", "Samples", name);

    private static async Task<string> ExportOpenData(LifelineDbContext db, OpenDataFormat format, string situationId = Scenarios.Default)
    {
        using var stream = new MemoryStream();
        await OpenDataExport.WriteAsync(db, situationId, db.Events.AsNoTracking().Where(e => e.SituationId == situationId), format, showProtected: true, stream, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static OpenDataImportResult Import(LifelineDbContext db, TimeProvider clock, string text, ImportFormat? format = null, string? situation = null, bool skip = false, Uri? origin = null) =>
        new OpenDataImporter(db, clock) { SkipBadRows = skip, Origin = origin }
            .Import(new MemoryStream(Encoding.UTF8.GetBytes(text)), format, situation, "tester", "test.csv");

    /// <summary>The Lachin situation with its places, actors and sources, but no events, in an empty database.</summary>
    private static LifelineDbContext LachinWithoutEvents(Seeded seeded, TestDatabase empty)
    {
        using var stream = new MemoryStream();
        new Exporter(seeded.Db).Export(Scenarios.Default, stream);
        var document = JsonNode.Parse(stream.ToArray())!.AsObject();
        foreach (var section in new[] { "events", "reviews", "assessments", "supplyObservations", "evidence" })
        {
            document.Remove(section);
        }
        var db = empty.Open();
        var header = new Importer(db, seeded.Clock).Import(new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString())), "tester", "the situation alone");
        Assert.True(header.Succeeded, string.Join("\n", header.Errors));
        return db;
    }

    /// <summary>A situation of its own for a real file's events, from <paramref name="from"/>.</summary>
    private static void Situation(LifelineDbContext db, TimeProvider clock, string id, string from)
    {
        var json = $$"""
            { "format": "lifeline/1",
              "situation": { "id": "{{id}}", "name": "{{id}}", "region": "Test", "startDate": "{{from}}" } }
            """;
        var result = new Importer(db, clock).Import(new MemoryStream(Encoding.UTF8.GetBytes(json)), "tester", "test");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    private static (int Events, int Versions, int Places, int Actors, int Sources, long Leaves) Counts(LifelineDbContext db) =>
        (db.Events.Count(), db.EventVersions.Count(), db.Places.Count(), db.Actors.Count(), db.Sources.Count(), db.Set<Lifeline.Ledger.LedgerLeafRow>().LongCount());

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Acled_LifelineToAcledToLifeline_ExportsTheSameFile_AgainAddsNothing_AChangedRowIsANewVersion(string provider)
    {
        using var seeded = new Seeded(provider);
        var first = await ExportOpenData(seeded.Db, OpenDataFormat.Acled);
        using var empty = TestDatabase.Create(provider);
        using var db = LachinWithoutEvents(seeded, empty);

        var imported = Import(db, seeded.Clock, first);
        Assert.True(imported.Stored, string.Join("\n", imported.Errors));
        Assert.Equal(ImportFormat.Acled, imported.Format);
        Assert.Equal(seeded.Db.Events.Count(), imported.Added);
        Assert.Equal(first, await ExportOpenData(db, OpenDataFormat.Acled));

        var before = Counts(db);
        var again = Import(db, seeded.Clock, first);
        Assert.True(again.Stored);
        Assert.Equal((0L, 0L, imported.Added), (again.Added, again.Changed, again.Unchanged));
        Assert.Equal(before, Counts(db));

        var lines = first.Split("\r\n");
        var row = lines.Select((l, i) => (l, i)).First(x => x.l.StartsWith("2022-12-12-", StringComparison.Ordinal)).i;
        var id = lines[row][..lines[row].IndexOf(',', StringComparison.Ordinal)];
        var oldNotes = db.Events.Single(e => e.EventId == id).Notes;
        lines[row] = lines[row].Replace(OpenDataExport.Csv(oldNotes), OpenDataExport.Csv(oldNotes + " Corrected."), StringComparison.Ordinal);
        var changed = Import(db, seeded.Clock, string.Join("\r\n", lines));
        Assert.True(changed.Stored, string.Join("\n", changed.Errors));
        Assert.Equal((0L, 1L), (changed.Added, changed.Changed));
        var current = db.Events.AsNoTracking().Single(e => e.EventId == id);
        Assert.Equal((2, oldNotes + " Corrected."), (current.Version, current.Notes));
        Assert.Equal(2, db.EventVersions.Count(v => v.EventId == id));
        Assert.Equal(before.Leaves + 1, db.Set<Lifeline.Ledger.LedgerLeafRow>().LongCount());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Hxl_LifelineToHxlToLifeline_ColumnsInAnotherOrderWithMoreAttributes_ExportsTheSameFile(string provider)
    {
        using var seeded = new Seeded(provider);
        var first = await ExportOpenData(seeded.Db, OpenDataFormat.Hxl);
        // The same file with its columns reversed and an extra attribute on two hashtags: matched by hashtag, not position.
        var shuffled = string.Join("\r\n", ReadCsv(first).Select((fields, i) =>
            string.Join(',', fields.AsEnumerable().Reverse().Select(f => i == 1 && f is "#geo+lat" or "#description" ? f + "+x_extra" : f).Select(OpenDataExport.Csv))));
        using var empty = TestDatabase.Create(provider);
        using var db = LachinWithoutEvents(seeded, empty);

        var imported = Import(db, seeded.Clock, shuffled, situation: Scenarios.Default);
        Assert.True(imported.Stored, string.Join("\n", imported.Errors));
        Assert.Equal(ImportFormat.Hxl, imported.Format);
        Assert.Equal(seeded.Db.Events.Count(), imported.Added);
        Assert.Equal(first, await ExportOpenData(db, OpenDataFormat.Hxl));
        var again = Import(db, seeded.Clock, first, ImportFormat.Hxl);
        Assert.Equal((0L, 0L, imported.Added), (again.Added, again.Changed, again.Unchanged));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+7 killed", "'+7 killed")]
    [InlineData("-5 degrees that night", "'-5 degrees that night")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    [InlineData("'=already quoted", "''=already quoted")]
    [InlineData("'Tis the season", "'Tis the season")]
    [InlineData("Shelling of Stepanakert", "Shelling of Stepanakert")]
    public void SpreadsheetText_EscapesWhatASpreadsheetWouldRun_UnescapeGivesTheSameText(string value, string written)
    {
        Assert.Equal(written, SpreadsheetText.Escape(value));
        Assert.Equal(value, SpreadsheetText.Unescape(written));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AcledAndHxl_InjectedFormulas_WrittenAsText_ImportGivesThemBackUnchanged(string provider)
    {
        using var seeded = new Seeded(provider);
        // Notes and an actor's name as someone hostile might type them into a form.
        const string formula = "=HYPERLINK(\"http://attacker.example\",\"details\")";
        const string actorName = "-Unit 3 (per local reports)";
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["event_id_cnty"] = "INJ1",
            ["event_date"] = "2023-03-01",
            ["year"] = "2023",
            ["time_precision"] = "1",
            ["event_type"] = "Battles",
            ["sub_event_type"] = "Armed clash",
            ["actor1"] = actorName,
            ["location"] = "Stepanakert",
            ["latitude"] = "39.8",
            ["longitude"] = "46.75",
            ["geo_precision"] = "1",
            ["source"] = "Local paper",
            ["notes"] = formula,
            ["fatalities"] = "0",
        };
        var cells = OpenDataExport.AcledColumns.Select(c => values.GetValueOrDefault(c, ""));
        var recorded = Import(seeded.Db, seeded.Clock, string.Join(',', OpenDataExport.AcledColumns) + "\r\n" + string.Join(',', cells.Select(OpenDataExport.Csv)) + "\r\n",
            ImportFormat.Acled, Scenarios.Default);
        Assert.True(recorded.Stored, string.Join("\n", recorded.Errors));
        var stored = seeded.Db.Events.AsNoTracking().Single(e => e.EventId == "inj1");
        Assert.Equal(formula, stored.Notes);

        foreach (var format in new[] { OpenDataFormat.Acled, OpenDataFormat.Hxl })
        {
            var text = await ExportOpenData(seeded.Db, format);
            var rows = ReadCsv(text).Skip(format == OpenDataFormat.Hxl ? 2 : 1).ToList();
            var written = rows.Single(r => r[0] == stored.EventId);
            Assert.Contains("'" + formula, written);
            Assert.Contains("'" + actorName, written);
            // No text cell anywhere starts as a formula would; numbers (New York's longitude, -74.0059) are written as numbers.
            Assert.Contains(rows.SelectMany(r => r), cell => cell.StartsWith('-') && double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.DoesNotContain(rows.SelectMany(r => r), cell => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
                && !double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));

            using var empty = TestDatabase.Create(provider);
            using var db = LachinWithoutEvents(seeded, empty);
            var imported = Import(db, seeded.Clock, text, format == OpenDataFormat.Acled ? ImportFormat.Acled : ImportFormat.Hxl, Scenarios.Default);
            Assert.True(imported.Stored, string.Join("\n", imported.Errors));
            var back = db.Events.AsNoTracking().Single(e => e.EventId == stored.EventId);
            Assert.Equal(formula, back.Notes);
            Assert.Equal(stored.Actor1, back.Actor1);
            Assert.Equal(seeded.Db.Actors.Count(), db.Actors.Count());
            Assert.Equal(text, await ExportOpenData(db, format));
        }
    }

    private static List<List<string>> ReadCsv(string text)
    {
        var rows = new CsvRows(new StringReader(text));
        var all = new List<List<string>>();
        for (var row = rows.Next(); row is not null; row = rows.Next())
        {
            all.Add([.. row.Fields]);
        }
        return all;
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite, "acled-2020-api-afghanistan.csv", "2020-01-01", 496, 209, 16, 16)]
    [InlineData(TestDatabase.Postgres, "acled-2020-api-afghanistan.csv", "2020-01-01", 496, 209, 16, 16)]
    [InlineData(TestDatabase.Sqlite, "acled-2020-api-burkina-faso.csv", "1997-01-01", 2_980, 788, 122, 145)]
    [InlineData(TestDatabase.Sqlite, "acled-current-header-sample.csv", "2024-01-01", 2, 2, 3, 2)]
    public async Task Acled_RealFiles_ImportWithTheirCounts_Twice_AddsNothing(string provider, string file, string from, int events, int places, int actors, int publishers)
    {
        using var database = TestDatabase.Create(provider);
        using var db = database.Open();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(LifelineServer.Now);
        Situation(db, clock, "acled-sample", from);
        var text = await File.ReadAllTextAsync(Samples(file), TestContext.Current.CancellationToken);

        var result = Import(db, clock, text);
        Assert.True(result.Stored, string.Join("\n", result.Errors));
        Assert.Equal(ImportFormat.Acled, result.Format);
        Assert.Equal((events, events), (result.Rows, result.Added));
        Assert.Equal(events, db.Events.Count(e => e.SituationId == "acled-sample"));
        Assert.Equal(places, db.Places.Count(p => p.SituationId == "acled-sample"));
        Assert.Equal(actors, db.Actors.Count(a => a.SituationId == "acled-sample"));
        // Each publisher becomes a source, and ACLED itself the source of the coordinates.
        Assert.Equal(publishers + 1, db.Sources.Count(s => s.SituationId == "acled-sample"));
        Assert.All(db.Sources.Where(s => s.SituationId == "acled-sample").ToList(), s => Assert.Equal("https://acleddata.com/", s.Url));

        var before = Counts(db);
        var again = Import(db, clock, text);
        Assert.Equal((0L, 0L, (long)events), (again.Added, again.Changed, again.Unchanged));
        Assert.Equal(before, Counts(db));
    }

    [Fact]
    public async Task Acled_RealRow_KeepsItsFields()
    {
        using var database = TestDatabase.Create(TestDatabase.Sqlite);
        using var db = database.Open();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(LifelineServer.Now);
        Situation(db, clock, "acled-sample", "2020-01-01");
        Assert.True(Import(db, clock, await File.ReadAllTextAsync(Samples("acled-2020-api-afghanistan.csv"), TestContext.Current.CancellationToken)).Stored);

        // AFG44631: 21 March 2020, Battles / Armed clash, Taliban v Military Forces of Afghanistan (2014-), Dawlat Abad, 12 dead, "Xinhua; Khaama Press".
        var e = db.Events.AsNoTracking().Single(x => x.EventId == "afg44631");
        Assert.Equal((new DateOnly(2020, 3, 21), "armed-clash", 12, 2), (e.Date, e.Type, e.Fatalities, e.GeoPrecision));
        Assert.Equal("Taliban", db.Actors.Single(a => a.Id == e.Actor1).Name);
        Assert.Equal(("Military Forces of Afghanistan (2014-)", "armed-force"), db.Actors.Where(a => a.Id == e.Actor2).Select(a => ValueTuple.Create(a.Name, a.Kind)).Single());
        var place = db.Places.Single(p => p.Id == e.PlaceId);
        Assert.Equal(("Dawlat Abad", 36.9882, 66.8207), (place.NameEn, place.Latitude!.Value, place.Longitude!.Value));
        Assert.Equal(["Khaama Press", "Xinhua"], db.Sources.Where(s => e.Sources.Contains(s.Id)).Select(s => s.Publisher).OrderBy(p => p).ToList());
        Assert.StartsWith("On 21 March 2020, 12 Taliban militants", e.Notes, StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1584984341).UtcDateTime, e.RecordedAt);
        Assert.Equal("intake", e.Stage);
    }

    [Fact]
    public async Task Hxl_RealFileWithTagsInRow3_IsFoundButRefusedAsNotEvents_NamingTheMissingHashtags()
    {
        using var database = TestDatabase.Create(TestDatabase.Sqlite);
        using var db = database.Open();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(LifelineServer.Now);
        Situation(db, clock, "hxl-sample", "2015-01-01");
        var result = Import(db, clock, await File.ReadAllTextAsync(Samples("hxl-small-valid.csv"), TestContext.Current.CancellationToken));
        Assert.False(result.Stored);
        var error = Assert.Single(result.Errors).ToString();
        Assert.Contains("row 3", error, StringComparison.Ordinal);
        Assert.Contains("#event+type", error, StringComparison.Ordinal);
        Assert.Contains("#description", error, StringComparison.Ordinal);
        Assert.Equal(0, db.Events.Count());
    }

    private const string Header = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

    private static string Row(string id, string date = "2023-01-10", string type = "Battles", string sub = "Armed clash", string notes = "A clash near the town.") =>
        $"{id},{date},2023,1,Political violence,{type},{sub},Armed group A,,Rebel group,,,,,,,,,,,,Testville,39.61,46.5,1,Local paper,,{notes},0,,";

    public static TheoryData<string, string, string[]> BadFiles => new()
    {
        { "wrong header", "id,date,type,place\r\nx,2023-01-10,Battles,Berdzor\r\n", ["header", "event_id_cnty"] },
        { "date in the wrong format", Header + "\r\n" + Row("T1") + "\r\n" + Row("T2", date: "10/01/2023") + "\r\n", ["row 3", "column event_date", "10/01/2023"] },
        { "type with no mapping", Header + "\r\n" + Row("T1", type: "Remote violence", sub: "") + "\r\n", ["row 2", "column event_type", "Remote violence"] },
        { "sub-event type with no mapping", Header + "\r\n" + Row("T1", sub: "Skirmish") + "\r\n", ["row 2", "column sub_event_type", "Skirmish"] },
        { "truncated file", Header + "\r\n" + Row("T1") + "\r\n" + Row("T2", notes: "\"The download stopped in the middle of") , ["row 3", "cut off"] },
        { "row cut short", Header + "\r\n" + Row("T1") + "\r\nT2,2023-01-11,2023,1\r\n", ["row 3", "4 columns", "31"] },
        { "date outside the record period", Header + "\r\n" + Row("T1", date: "2019-05-01") + "\r\n", ["row 2", "column event_date"] },
        { "HXL without a tag row", "Date,Type,Place,Notes,Source\r\n2023-01-10,armed-clash,Berdzor,x,Paper\r\n", ["no HXL hashtag row"] },
    };

    [Theory, MemberData(nameof(BadFiles))]
    public void Import_BadFile_IsRefusedNamingRowAndColumn_NothingStored(string what, string text, string[] expected)
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var before = Counts(seeded.Db);
        var result = Import(seeded.Db, seeded.Clock, text, what.StartsWith("HXL", StringComparison.Ordinal) ? ImportFormat.Hxl : null, Scenarios.Default);
        Assert.False(result.Stored, what);
        var errors = string.Join("\n", result.Errors);
        foreach (var part in expected)
        {
            Assert.Contains(part, errors, StringComparison.Ordinal);
        }
        Assert.Equal(before, Counts(seeded.Db));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Import_SkipBadRows_StoresTheGoodRowsAndReportsEachSkippedOne(string provider)
    {
        using var seeded = new Seeded(provider);
        var text = string.Join("\r\n", Header, Row("T1"), Row("T2", date: "2023-13-01"), Row("T3", type: "Remote violence", sub: ""), Row("T4", date: "11 January 2023")) + "\r\n";
        var refused = Import(seeded.Db, seeded.Clock, text, situation: Scenarios.Default);
        Assert.False(refused.Stored);
        Assert.Equal(2, refused.Errors.Count);
        Assert.False(seeded.Db.Events.Any(e => e.EventId == "t1"));

        var result = Import(seeded.Db, seeded.Clock, text, situation: Scenarios.Default, skip: true);
        Assert.True(result.Stored);
        Assert.Equal((4L, 2L, 2L), (result.Rows, result.Added, result.Skipped));
        Assert.Equal(["row 3", "row 4"], result.Errors.Select(e => $"row {e.Row}").ToList());
        Assert.Equal(["t1", "t4"], seeded.Db.Events.Where(e => new[] { "t1", "t2", "t3", "t4" }.Contains(e.EventId)).Select(e => e.EventId).OrderBy(e => e).ToList());
        var t1 = seeded.Db.Events.Single(e => e.EventId == "t1");
        // A new place, actor and source were made for names Lachin's record does not hold; the place cites ACLED for its coordinates.
        var place = seeded.Db.Places.Single(p => p.SituationId == Scenarios.Default && p.Id == t1.PlaceId);
        Assert.Equal("Testville", place.NameEn);
        Assert.Equal("ACLED", seeded.Db.Sources.Single(s => s.SituationId == Scenarios.Default && s.Id == place.CoordinatesSource).Publisher);
        Assert.Equal("Armed group A", seeded.Db.Actors.Single(a => a.SituationId == Scenarios.Default && a.Id == t1.Actor1).Name);
    }
}
