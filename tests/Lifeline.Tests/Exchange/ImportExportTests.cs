using System.Text;
using Lifeline.Exchange;
using Lifeline.Situations;
using Lifeline.Tests.Events;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Exchange;

/// <summary>The exchange format on each engine: exact round trips, and all-or-nothing imports with named errors.</summary>
public sealed class ImportExportTests
{
    private static byte[] Export(Lifeline.Storage.LifelineDbContext db, string situationId = Scenarios.Default)
    {
        using var stream = new MemoryStream();
        Assert.NotNull(new Exporter(db).Export(situationId, stream));
        return stream.ToArray();
    }

    private static ImportResult Import(Seeded seeded, string json) =>
        new Importer(seeded.Db, seeded.Clock).Import(new MemoryStream(Encoding.UTF8.GetBytes(json)), "tester", "test");

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Export_ImportIntoEmpty_ExportsTheSameBytes(string provider)
    {
        using var seeded = new Seeded(provider);
        var recorder = seeded.As().Recorder;
        await recorder.Record(Scenarios.Default, EventRecorderTests.Valid() with { Id = "round-trip", Time = "14:35", Fatalities = 0 });
        await recorder.Edit(Scenarios.Default, "round-trip", EventRecorderTests.Valid("Corrected: ärmenian «quotes» and \"escapes\".") with { Reason = "correction", Time = "14:35" });
        Assert.IsType<Lifeline.Events.RecordOutcome.Stored>(await recorder.Record(Scenarios.Default, EventRecorderTests.Valid("Blackouts of 2.5 hours a day until noon on 12 Jan.") with
        {
            Id = "round-trip-blackouts",
            Date = "2023-01-10",
            Type = "utility-partial",
            Utility = "electricity",
            Actor1 = null,
            EndDate = "2023-01-12",
            EndTime = "12:00",
            HoursPerDay = 2.5,
        }));
        Assert.IsType<Lifeline.Events.RecordOutcome.Stored>(await recorder.Record(Scenarios.Default, EventRecorderTests.Valid("Road closed for 90 minutes.") with
        {
            Id = "round-trip-closure",
            Date = "2023-01-11",
            Time = "09:00",
            Type = "corridor-closed",
            DurationHours = 1.5,
        }));
        var first = Export(seeded.Db);

        using var empty = TestDatabase.Create(provider);
        using var db = empty.Open();
        var result = new Importer(db, seeded.Clock).Import(new MemoryStream(first), "someone else", "another reason");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(seeded.Db.Events.Count(), result.Events);
        Assert.Equal(seeded.Db.EventVersions.Count(), result.Versions);
        var second = Export(db);
        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(second));
        Assert.Contains("\"version\": 2", Encoding.UTF8.GetString(second), StringComparison.Ordinal);
        foreach (var field in new[] { "\"endDate\": \"2023-01-12\"", "\"endTime\": \"12:00\"", "\"hoursPerDay\": 2.5", "\"durationHours\": 1.5", "\"untilFurtherNotice\": true" })
        {
            Assert.Contains(field, Encoding.UTF8.GetString(second), StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Import_TheSameScenarioTwice_IsRefusedAndChangesNothing(string provider)
    {
        using var seeded = new Seeded(provider);
        var before = seeded.Db.EventVersions.Count();
        var again = Scenarios.Load(seeded.Db, seeded.Clock, Scenarios.Default)!;
        Assert.False(again.Succeeded);
        Assert.Equal(before, seeded.Db.EventVersions.Count());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_NewEventsIntoAStoredSituation_AddsThem(string provider)
    {
        using var seeded = new Seeded(provider);
        var document = Encoding.UTF8.GetString(Export(seeded.Db));
        // The same situation, sources, places and actors, but only one event, with a new id.
        var head = document[..document.IndexOf("\"events\": [", StringComparison.Ordinal)];
        var json = head + """
            "events": [ { "id": "added-later", "date": "2023-02-01", "place": "goris", "type": "statement", "notes": "Added later.", "sources": ["news-am-775042"] } ],
            "reviews": [] }
            """;
        var result = Import(seeded, json);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(1, result.Events);
        Assert.NotNull(await seeded.As().Events.FindAsync(Scenarios.Default, "added-later", TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Import_BadRecords_NamesEveryOneAndStoresNothing(string provider)
    {
        using var seeded = new Seeded(provider);
        var before = (seeded.Db.Situations.Count(), seeded.Db.Events.Count(), seeded.Db.Sources.Count());
        var result = Import(seeded, """
            {
              "format": "lifeline/1",
              "situation": { "id": "test-siege", "name": "Test siege", "region": "Somewhere", "startDate": "2020-01-01",
                             "figures": { "population": { "value": 1000, "sources": ["s1"] } },
                             "routes": [ { "id": "road", "name": "The road", "via": ["town"] } ] },
              "sources": [ { "id": "s1", "publisher": "Monitor", "url": "https://example.org/1" },
                           { "id": "s2", "publisher": "", "url": "not a url" } ],
              "places": [ { "id": "town", "kind": "settlement", "names": { "en": "Town" } } ],
              "actors": [],
              "events": [
                { "id": "ok", "date": "2020-01-02", "place": "town", "type": "corridor-closed", "untilFurtherNotice": true, "notes": "Closed.", "sources": ["s1"] },
                { "id": "bad-date", "date": "2020-02-30", "place": "town", "type": "corridor-closed", "notes": "x", "sources": ["s1"] },
                { "id": "bad-type", "date": "2020-01-03", "place": "town", "type": "picnic", "notes": "x", "sources": ["s1"] },
                { "id": "bad-number", "date": "2020-01-03", "place": "town", "type": "statement", "notes": "x", "sources": ["s1"], "fatalities": "many" },
                { "id": "no-source", "date": "2020-01-03", "place": "town", "type": "statement", "notes": "x", "sources": [] }
              ],
              "reviews": []
            }
            """);
        Assert.False(result.Succeeded);
        var fields = result.Errors.Select(e => e.Field).ToList();
        Assert.Contains("sources[1].publisher", fields);
        Assert.Contains("sources[1].url", fields);
        Assert.Contains("events[1].date", fields);
        Assert.Contains("events[2].type", fields);
        Assert.Contains("events[3].fatalities", fields);
        Assert.Contains("events[4].sources", fields);
        Assert.DoesNotContain(fields, f => f.StartsWith("events[0]", StringComparison.Ordinal));
        Assert.Equal(before, (seeded.Db.Situations.Count(), seeded.Db.Events.Count(), seeded.Db.Sources.Count()));
    }

    [Theory]
    [InlineData("", "$")]
    [InlineData("[1, 2]", "$")]
    [InlineData("{ \"format\": \"lifeline/1\", \"situation\": { \"id\": ", "$")]
    [InlineData("{ \"format\": \"lifeline/0\" }", "format")]
    [InlineData("{ \"format\": \"lifeline/1\", \"colour\": \"red\" }", "colour")]
    public void Import_NotADocument_SaysWhy(string json, string field)
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var result = Import(seeded, json);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Field == field);
    }

    [Fact]
    public void Import_VersionsOutOfOrder_AreRefused()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var document = Encoding.UTF8.GetString(Export(seeded.Db));
        var head = document[..document.IndexOf("\"events\": [", StringComparison.Ordinal)].Replace("lachin-2022", "lachin-copy", StringComparison.Ordinal);
        var result = Import(seeded, head + """
            "events": [ { "id": "e", "version": 2, "date": "2023-02-01", "place": "goris", "type": "statement", "notes": "x", "sources": ["news-am-775042"] } ] }
            """);
        Assert.Contains(result.Errors, e => e.Field == "events[0].version");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Import_StatusChangeHistory_EarlierVersionMayLackAnEndTheCurrentOneMayNot(string provider)
    {
        using var seeded = new Seeded(provider);
        var document = Encoding.UTF8.GetString(Export(seeded.Db));
        var head = document[..document.IndexOf("\"events\": [", StringComparison.Ordinal)].Replace("lachin-2022", "lachin-copy", StringComparison.Ordinal);
        var refused = Import(seeded, head + """
            "events": [
              { "id": "closed", "version": 1, "date": "2023-02-01", "place": "goris", "type": "corridor-closed", "notes": "x", "sources": ["news-am-775042"] },
              { "id": "statement", "date": "2023-02-01", "place": "goris", "type": "statement", "notes": "x", "sources": ["news-am-775042"] } ] }
            """);
        Assert.Equal(["events[0].endDate"], refused.Errors.Select(e => e.Field));
        Assert.False(seeded.Db.Situations.Any(s => s.Id == "lachin-copy"));

        var accepted = Import(seeded, head + """
            "events": [
              { "id": "closed", "version": 1, "date": "2023-02-01", "place": "goris", "type": "corridor-closed", "notes": "x", "sources": ["news-am-775042"] },
              { "id": "closed", "version": 2, "date": "2023-02-01", "place": "goris", "type": "corridor-closed", "durationHours": 5, "notes": "x", "sources": ["news-am-775042"] } ] }
            """);
        Assert.True(accepted.Succeeded, string.Join("\n", accepted.Errors));
        Assert.Equal(5, seeded.Db.Events.Single(e => e.SituationId == "lachin-copy" && e.EventId == "closed").DurationHours);
    }
}

/// <summary>
/// A full export restores a complete instance: assessments, supply observations and evidence (metadata in the
/// document, files beside it) come back with every version, the ledger of the new instance verifies, and exporting it
/// again gives the same bytes.
/// </summary>
public sealed class FullExportTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Export_WholeInstance_ImportIntoEmpty_RestoresEverything_AndTheLedgerVerifies(string provider)
    {
        using var seeded = new Seeded(provider);
        var parts = new Lifeline.Tests.Ledger.EvidenceParts(seeded.Db, seeded.Clock, TestUser.Everything, seeded.Database.Options, seeded.Sequencer);
        var photo = parts.Added(Scenarios.Default, Lifeline.Tests.Ledger.LedgerTestKit.EventId, Lifeline.Tests.Ledger.LedgerTestKit.Jpeg(7));
        await parts.Custody.Add(seeded.Db.Set<Lifeline.Evidence.EvidenceRow>().Single(e => e.EvidenceId == photo.Id), Lifeline.Core.Evidence.CustodyAction.Viewed, "checked for the backtest");
        var audit = new Lifeline.Accounts.AuditLog(seeded.Db, TestUser.Everything, seeded.Clock);
        var recorder = new Lifeline.EarlyWarning.AssessmentRecorder(seeded.Db, seeded.Clock, TestUser.Everything, audit, Lifeline.EarlyWarning.EarlyWarningCatalogue.Instance, seeded.Sequencer);
        var edited = await recorder.Edit(Scenarios.Default, "2023-03-02-lachin-10", new Lifeline.EarlyWarning.RecordAssessmentRequest
        {
            Indicator = "10",
            AsOf = "2023-03-02",
            Status = "present",
            Confidence = "low",
            Events = ["2023-02-19-genocide-watch-genocide-emergency"],
            Sources = ["arac-genocide-watch-newsletter-2023-03-02"],
            Reason = "less sure",
        });
        Assert.IsType<Lifeline.EarlyWarning.AssessmentOutcome.Stored>(edited);
        var folder = Directory.CreateTempSubdirectory("lifeline-export-");
        try
        {
            var document = Path.Combine(folder.FullName, "lachin.json");
            using var filesDb = seeded.Database.Open(prepare: false);
            var files = (new Lifeline.Evidence.EvidenceStorage(filesDb, seeded.Database.Options), Exporter.EvidenceFolderOf(document));
            using (var stream = File.Create(document))
            {
                var summary = new Exporter(seeded.Db).Export(Scenarios.Default, stream, null, files)!;
                Assert.Equal(seeded.Db.Set<Lifeline.EarlyWarning.AssessmentVersionRow>().Count(), summary.Assessments);
                Assert.Equal(seeded.Db.SupplyObservationVersions.Count(), summary.Observations);
                Assert.Equal(1, summary.Evidence);
            }
            Assert.True(File.Exists(Path.Combine(files.Item2, photo.Sha256)));

            using var empty = TestDatabase.Create(provider);
            using var db = empty.Open();
            var result = new Importer(db, seeded.Clock, new Lifeline.Evidence.EvidenceStorage(db, empty.Options), files.Item2)
                .Import(File.OpenRead(document), "someone else", "restore");

            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            Assert.Equal(seeded.Db.Set<Lifeline.EarlyWarning.AssessmentVersionRow>().Count(), db.Set<Lifeline.EarlyWarning.AssessmentVersionRow>().Count());
            Assert.Equal(seeded.Db.Set<Lifeline.EarlyWarning.AssessmentRow>().Count(), db.Set<Lifeline.EarlyWarning.AssessmentRow>().Count());
            Assert.Equal("low", db.Set<Lifeline.EarlyWarning.AssessmentRow>().Single(a => a.AssessmentId == "2023-03-02-lachin-10").Confidence);
            Assert.Equal(seeded.Db.SupplyObservationVersions.Count(), db.SupplyObservationVersions.Count());
            Assert.Equal(2, db.Set<Lifeline.Evidence.CustodyRow>().Count());
            var report = Lifeline.Tests.Ledger.LedgerTestKit.Verify(db, empty.Options);
            Assert.True(report.Holds, string.Join("\n", report.Findings));
            Assert.Equal(1, report.EvidenceFiles);

            using var again = new MemoryStream();
            new Exporter(db).Export(Scenarios.Default, again);
            Assert.Equal(File.ReadAllText(document), Encoding.UTF8.GetString(again.ToArray()));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Import_EvidenceWhoseFileIsMissing_IsRefusedNamingItAndStoresNothing()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var parts = new Lifeline.Tests.Ledger.EvidenceParts(seeded.Db, seeded.Clock, TestUser.Everything, seeded.Database.Options, seeded.Sequencer);
        parts.Added(Scenarios.Default, Lifeline.Tests.Ledger.LedgerTestKit.EventId, Lifeline.Tests.Ledger.LedgerTestKit.Jpeg(8));
        using var document = new MemoryStream();
        new Exporter(seeded.Db).Export(Scenarios.Default, document);

        using var empty = TestDatabase.Create(TestDatabase.Sqlite);
        using var db = empty.Open();
        var result = new Importer(db, seeded.Clock, new Lifeline.Evidence.EvidenceStorage(db, empty.Options), null)
            .Import(new MemoryStream(document.ToArray()), "someone", "restore without the files");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Field == "evidence[0].sha256");
        Assert.Equal(0, db.Events.Count());
    }

    [Fact]
    public void Import_AnAssessmentCitingALaterSource_IsRefusedNamingIt()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        using var document = new MemoryStream();
        new Exporter(seeded.Db).Export(Scenarios.Default, document);
        var json = Encoding.UTF8.GetString(document.ToArray())
            .Replace("\"asOf\": \"2023-03-02\"", "\"asOf\": \"2023-02-20\"", StringComparison.Ordinal);

        using var empty = TestDatabase.Create(TestDatabase.Sqlite);
        using var db = empty.Open();
        var result = new Importer(db, seeded.Clock).Import(new MemoryStream(Encoding.UTF8.GetBytes(json)), "someone", "test");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Field.StartsWith("assessments[", StringComparison.Ordinal) && e.Message.Contains("could first be known on 2023-03-02", StringComparison.Ordinal));
    }
}
