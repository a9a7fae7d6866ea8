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
            // As that release loaded it: its status events had no end and held until the next change.
            var loaded = new Importer(Db, Clock) { EndsAsBefore = true }.Import(stream, ScenarioUpdate.RecordedBy, $"built-in scenario {Scenarios.Default}");
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
