using Lifeline.Exchange;
using Lifeline.Ledger;
using Lifeline.Situations;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Tests.Situations;

/// <summary>
/// A deployment that loaded the built-in Lachin record before its audit receives the corrections as new versions
/// with their reasons, each a ledger leaf, through <c>lifeline scenario update</c>; a second run changes nothing.
/// </summary>
public sealed class ScenarioUpdateTests
{
    private static readonly string BeforeAudit = Path.Combine(AppContext.BaseDirectory, "Situations", "Fixtures", "lachin-2022-before-audit.json");

    /// <summary>A database holding the record as a release before the audit loaded it.</summary>
    private sealed class Deployment : IDisposable
    {
        public TestDatabase Database { get; }
        public LifelineDbContext Db { get; }
        public FakeTimeProvider Clock { get; } = new(LifelineServer.Now);

        public Deployment(string provider)
        {
            Database = TestDatabase.Create(provider);
            Db = Database.Open();
            using var stream = File.OpenRead(BeforeAudit);
            // As that release loaded it: its status events had no end and held until the next change, and its
            // situation had no record period, so its events before the start and after the end were taken.
            var loaded = new Importer(Db, Clock) { EndsAsBefore = true, PeriodsAsBefore = true }.Import(stream, ScenarioUpdate.RecordedBy, $"built-in scenario {Scenarios.Default}");
            Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
            Clock.Advance(TimeSpan.FromDays(3));
        }

        public ScenarioUpdateResult Update()
        {
            using var stream = File.OpenRead(Scenarios.FileOf(Scenarios.Default));
            var result = new ScenarioUpdate(Db, Clock).Update(stream, Scenarios.Default);
            Db.ChangeTracker.Clear();
            return result;
        }

        public void Dispose()
        {
            Db.Dispose();
            Database.Dispose();
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Update_TheRecordBeforeItsAudit_WritesEachCorrectionAsAVersionWithItsReason(string provider)
    {
        using var deployment = new Deployment(provider);
        var db = deployment.Db;

        var result = deployment.Update();

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        // The release before the audit declared no baselines; a situation has one version, so they are reported, not added.
        Assert.StartsWith("the file declares baselines this deployment's situation lacks", Assert.Single(result.Notices), StringComparison.Ordinal);
        Assert.True(result.EventsCorrected > 50, $"{result.EventsCorrected} events corrected");
        Assert.Equal(2, result.EventsAdded);
        Assert.Equal(2, result.PlacesCorrected);

        // The losses Azerbaijan reported: version 2 says 511 wounded, with the reason the file gives.
        var losses = db.EventVersions.Where(v => v.SituationId == Scenarios.Default && v.EventId == "2023-09-27-azerbaijan-reports-losses")
            .OrderBy(v => v.Version).ToList();
        Assert.Equal([1, 2], losses.Select(v => v.Version));
        Assert.Contains("512", losses[0].Notes);
        Assert.Contains("511 servicemen and 1 civilian wounded", losses[1].Notes);
        Assert.StartsWith("Wounded 512 -> 511", losses[1].Reason);
        Assert.Equal(ScenarioUpdate.RecordedBy, losses[1].RecordedBy);
        var row = db.Events.Single(e => e.SituationId == Scenarios.Default && e.EventId == "2023-09-27-azerbaijan-reports-losses");
        Assert.Equal(2, row.Version);
        Assert.Null(row.Fatalities);

        // The first gas cut of January, moved from 16 to 17 Jan.
        var gas = db.Events.Single(e => e.SituationId == Scenarios.Default && e.EventId == "2023-01-16-gas-cut");
        Assert.Equal(new DateOnly(2023, 1, 17), gas.Date);

        // A source dated from its page: a second version carrying the date, its grade kept.
        var source = db.SourceVersions.Where(v => v.SituationId == Scenarios.Default && v.SourceId == "massispost-2022-12-gas-cut-second-day")
            .OrderBy(v => v.Version).ToList();
        Assert.Equal(2, source.Count);
        Assert.Null(source[0].Published);
        Assert.Equal(new DateOnly(2022, 12, 13), source[1].Published);
        Assert.Equal(source[0].Reliability, source[1].Reliability);
        Assert.Equal("corrected in the built-in record: published", source[1].Reason);

        // A place whose coordinates now rest on a page that was read.
        var goris = db.PlaceVersions.Where(v => v.SituationId == Scenarios.Default && v.PlaceId == "goris").OrderBy(v => v.Version).ToList();
        Assert.Equal(["en-wikipedia-goris", "piglix-goris"], goris.Select(v => v.CoordinatesSource));
        Assert.Equal("piglix-goris", db.Places.Single(p => p.SituationId == Scenarios.Default && p.Id == "goris").CoordinatesSource);

        var report = LedgerTestKit.Verify(db, deployment.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
        Assert.Equal((ulong)report.Records, report.Leaves);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Update_ADeploymentFromBeforeRecordPeriods_WidensItsPeriodToTheFiles_AndTheLedgerHolds(string provider)
    {
        using var deployment = new Deployment(provider);
        var db = deployment.Db;
        await using var sequencer = new LedgerSequencer(deployment.Database.Options);
        var recorder = new Parts(db, deployment.Clock, TestUser.Everything, sequencer).Recorder;
        // As upgraded, it has the default period, the blockade's own: its own precursor of 3 Dec is outside it.
        Assert.Equal((new DateOnly(2022, 12, 12), new DateOnly(2023, 10, 1)), (db.Situations.Single().Period().From, db.Situations.Single().Period().Until!.Value));
        Assert.True(LedgerTestKit.Verify(db, deployment.Database.Options).Holds);
        var before = await recorder.Record(Scenarios.Default, Events.EventRecorderTests.Valid() with { Date = "2022-12-05" });
        Assert.Contains("widen the period first", string.Join("\n", Assert.IsType<Lifeline.Events.RecordOutcome.Invalid>(before).Errors.ToDictionary()["date"]), StringComparison.Ordinal);
        db.ChangeTracker.Clear();

        var result = deployment.Update();

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(new DateOnly(2022, 12, 1), result.Widened!.Value.From);
        var version = Assert.Single(db.SituationVersions.Where(v => v.SituationId == Scenarios.Default));
        Assert.Equal((2, new DateOnly(2022, 12, 1), (DateOnly?)new DateOnly(2023, 11, 17)), (version.Version, version.RecordFrom, version.RecordUntil));
        Assert.Equal(ScenarioUpdate.RecordedBy, version.RecordedBy);
        Assert.True(Assert.IsType<Lifeline.Events.RecordOutcome.Stored>(await recorder.Record(Scenarios.Default, Events.EventRecorderTests.Valid() with { Date = "2022-12-05" })) is not null);
        var report = LedgerTestKit.Verify(db, deployment.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
        Assert.Equal((ulong)report.Records, report.Leaves);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Update_RunTwice_TheSecondChangesNothing(string provider)
    {
        using var deployment = new Deployment(provider);
        var db = deployment.Db;
        Assert.True(deployment.Update().Changed);
        var counts = (db.EventVersions.Count(), db.SourceVersions.Count(), db.PlaceVersions.Count(), db.Reviews.Count(), db.Set<LedgerLeafRow>().Count());

        deployment.Clock.Advance(TimeSpan.FromHours(1));
        var again = deployment.Update();

        Assert.True(again.Succeeded, string.Join("\n", again.Errors));
        Assert.False(again.Changed);
        Assert.Equal(counts, (db.EventVersions.Count(), db.SourceVersions.Count(), db.PlaceVersions.Count(), db.Reviews.Count(), db.Set<LedgerLeafRow>().Count()));
        Assert.True(LedgerTestKit.Verify(db, deployment.Database.Options).Holds);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Update_ACorrectedEventsPage_ShowsAnyoneWhatChangedAndWhy(string provider)
    {
        using var deployment = new Deployment(provider);
        deployment.Update();
        await using var sequencer = new LedgerSequencer(deployment.Database.Options);
        var anyone = new Parts(deployment.Db, deployment.Clock, TestUser.Anonymous, sequencer);

        var detail = (await anyone.Events.FindAsync(Scenarios.Default, "2023-01-16-gas-cut", TestContext.Current.CancellationToken))!;

        var correction = Assert.Single(detail.Corrections);
        Assert.Equal(2, correction.Version);
        Assert.Contains("17 Jan", correction.Reason);
        var date = Assert.Single(correction.Changes, c => c.Field == "date");
        Assert.Equal(("2023-01-16", "2023-01-17"), (date.Before, date.After));
        Assert.Empty(detail.Versions);
    }
}
