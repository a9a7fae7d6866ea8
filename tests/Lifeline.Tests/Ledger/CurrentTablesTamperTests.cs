using Lifeline.Core.Access;
using Lifeline.EarlyWarning;
using Lifeline.Events;
using Lifeline.Situations;
using Lifeline.Sources;
using Lifeline.Storage;
using Lifeline.Tests.Events;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Ledger;

/// <summary>
/// The tables the server reads (the current version of each event, observation, assessment and place, each source's grading and dates)
/// are changed on a stopped copy, behind Lifeline's back: <c>lifeline ledger verify</c> names the table, the record
/// and the column, and exits 1. The database itself refuses such changes while its triggers stand.
/// </summary>
public sealed class CurrentTablesTamperTests
{
    private const string Situation = Scenarios.Default;

    private static async Task<LifelineProcess.Result> Verify(Seeded seeded) =>
        await LifelineProcess.Run(seeded.Database.Folder, ["ledger", "verify", .. LedgerTestKit.StorageArgs(seeded.Database)]);

    private static void AssertFails(LifelineProcess.Result result, string finding)
    {
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Output}{result.Error}");
        Assert.Contains(finding, result.Output, StringComparison.Ordinal);
    }

    private static async Task<string> IntakeEvent(Seeded seeded)
    {
        var outcome = await seeded.As(new TestUser("reporter", Role.Reporter)).Recorder.Record(Situation, EventRecorderTests.Valid("Waiting at the checkpoint (intakemarker)."));
        return Assert.IsType<RecordOutcome.Stored>(outcome).Version.Id;
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task IntakeEventMarkedPublished_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        var id = await IntakeEvent(seeded);
        LedgerTestKit.Tamper(seeded.Db, "events", $"UPDATE events SET stage = 'published' WHERE event_id = '{id}'");
        AssertFails(await Verify(seeded), $"events {Situation}/{id}: stage is \"published\", but its latest committed version (1) says \"intake\"");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PublishedEventNotesChanged_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        LedgerTestKit.Tamper(seeded.Db, "events", $"UPDATE events SET notes = 'Nothing happened here.' WHERE event_id = '{LedgerTestKit.EventId}'");
        var result = await Verify(seeded);
        AssertFails(result, $"events {Situation}/{LedgerTestKit.EventId}: notes is \"Nothing happened here.\", but its latest committed version (1) says \"");
        Assert.Contains("FAILED: ", result.Output, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ProtectedSourceLaidOpen_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        var source = seeded.Db.Sources.AsNoTracking().OrderBy(s => s.Id).First(s => s.SituationId == Situation);
        var grading = new SourceGrading(seeded.Db, seeded.Clock, TestUser.Everything, seeded.As().Audit, seeded.Sequencer);
        Assert.IsType<RecordOutcome.Graded>(await grading.Grade(Situation, source.Id, new GradeRequest("B", 2, true, "a witness at risk")));
        LedgerTestKit.Tamper(seeded.Db, "sources", $"UPDATE sources SET protect_identity = {False(seeded.Db)} WHERE id = '{source.Id}'");
        AssertFails(await Verify(seeded), $"sources {Situation}/{source.Id}: protect_identity is false, but its latest committed grading (version 2) says true");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SourceRegraded_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        var source = seeded.Db.Sources.AsNoTracking().OrderBy(s => s.Id).First(s => s.SituationId == Situation);
        LedgerTestKit.Tamper(seeded.Db, "sources", $"UPDATE sources SET reliability = 'A', credibility = 1 WHERE id = '{source.Id}'");
        var result = await Verify(seeded);
        AssertFails(result, $"sources {Situation}/{source.Id}: reliability is \"A\", but its latest committed grading (version 1) says \"{source.Reliability}\"");
        Assert.Contains($"sources {Situation}/{source.Id}: credibility is 1, but its latest committed grading (version 1) says {source.Credibility}", result.Output, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SupplyObservationChanged_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        var observation = seeded.Db.SupplyObservations.AsNoTracking().OrderBy(o => o.RowId).First(o => o.Amount != null);
        LedgerTestKit.Tamper(seeded.Db, "supply_observations", $"UPDATE supply_observations SET amount = 123456 WHERE observation_id = '{observation.ObservationId}'");
        AssertFails(await Verify(seeded), $"supply_observations {Situation}/{observation.ObservationId}: amount is 123456, but its latest committed version (1) says ");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AssessmentChanged_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        var recorder = new AssessmentRecorder(seeded.Db, seeded.Clock, TestUser.Everything, seeded.As().Audit, EarlyWarningCatalogue.Instance, seeded.Sequencer);
        var stored = Assert.IsType<AssessmentOutcome.Stored>(await recorder.Record(Situation, new RecordAssessmentRequest
        {
            Indicator = "10",
            AsOf = "2023-01-01",
            Status = "present",
            Confidence = "high",
            Events = [LedgerTestKit.EventId],
            Note = "test judgement",
        }));
        LedgerTestKit.Tamper(seeded.Db, "assessments", $"UPDATE assessments SET status = 'absent' WHERE assessment_id = '{stored.Version.AssessmentId}'");
        AssertFails(await Verify(seeded), $"assessments {Situation}/{stored.Version.AssessmentId}: status is \"absent\", but its latest committed version (1) says \"present\"");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PlaceMoved_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        LedgerTestKit.Tamper(seeded.Db, "places", "UPDATE places SET latitude = 40.5, coordinates_source = NULL WHERE id = 'goris'");
        var result = await Verify(seeded);
        AssertFails(result, $"places {Situation}/goris: latitude is 40.5, but its latest committed version (1) says 39.50778");
        Assert.Contains($"places {Situation}/goris: coordinates_source is null, but its latest committed version (1) says \"piglix-goris\"", result.Output, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void PlaceRemovedOrAddedOutsideLifeline_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        LedgerTestKit.Tamper(seeded.Db, "places", "UPDATE places SET id = 'forged' WHERE id = 'goris'");
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        Assert.Contains($"place_versions {Situation}/goris: its latest version has no row in places: the record was removed from what the server reads", findings);
        Assert.Contains($"places {Situation}/forged: no committed version exists in place_versions for this row: it was added outside Lifeline", findings);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CurrentRowRemovedOrMoved_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        var intake = await IntakeEvent(seeded);
        LedgerTestKit.Tamper(seeded.Db, "events", $"DELETE FROM events WHERE event_id = '{intake}'");
        LedgerTestKit.Tamper(seeded.Db, "events", $"UPDATE events SET event_id = 'forged' WHERE event_id = '{LedgerTestKit.EventId}'");
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        Assert.Contains($"event_versions {Situation}/{intake}: its latest version has no row in events: the record was removed from what the server reads", findings);
        Assert.Contains($"event_versions {Situation}/{LedgerTestKit.EventId}: its latest version has no row in events: the record was removed from what the server reads", findings);
        Assert.Contains($"events {Situation}/forged: no committed version exists in event_versions for this row: it was added outside Lifeline", findings);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EventMovedBackToAnEarlierVersion_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        var id = await IntakeEvent(seeded);
        var parts = seeded.As(new TestUser("verifier", Role.Verifier));
        Assert.IsType<RecordOutcome.Stored>(await parts.Recorder.Edit(Situation, id, EventRecorderTests.Valid("Corrected: 25 trucks (intakemarker).") with { Reason = "a better count" }));
        LedgerTestKit.Tamper(seeded.Db, "events", $"UPDATE events SET version = 1, notes = 'Waiting at the checkpoint (intakemarker).' WHERE event_id = '{id}'");
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        Assert.Contains($"events {Situation}/{id}: it shows version 1, but the latest committed version is 2", findings);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AuthorChanged_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        var id = await IntakeEvent(seeded);
        LedgerTestKit.Tamper(seeded.Db, "events", $"UPDATE events SET author_id = 'someone-else' WHERE event_id = '{id}'");
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        Assert.Contains($"events {Situation}/{id}: author_id is \"someone-else\", but its first version was recorded by account \"reporter\"", findings);
    }

    [Fact]
    public void SearchIndexChanged_IsNamed_OnSqlite()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        seeded.Db.Database.ExecuteSqlRaw("INSERT INTO events_fts(rowid, notes) VALUES (1, 'massacre')");
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        Assert.Contains(findings, f => f.StartsWith("events_fts (the search index of event notes): it no longer matches the events table", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheDatabaseRefuses_ChangesThatAreNotAVersion(string provider)
    {
        using var seeded = new Seeded(provider);
        var id = await IntakeEvent(seeded);
        var source = seeded.Db.Sources.AsNoTracking().OrderBy(s => s.Id).First(s => s.SituationId == Situation);
        string[] refused =
        [
            $"UPDATE events SET stage = 'published' WHERE event_id = '{id}'",
            $"UPDATE events SET notes = 'rewritten' WHERE event_id = '{LedgerTestKit.EventId}'",
            $"DELETE FROM events WHERE event_id = '{id}'",
            $"UPDATE sources SET protect_identity = {True(seeded.Db)} WHERE id = '{source.Id}'",
            $"UPDATE sources SET publisher = 'someone' WHERE id = '{source.Id}'",
            $"DELETE FROM sources WHERE id = '{source.Id}'",
            "UPDATE supply_observations SET amount = 1",
            "DELETE FROM supply_observations",
            "UPDATE places SET latitude = 40.5 WHERE id = 'goris'",
            "UPDATE places SET version = 2 WHERE id = 'goris'",
            "DELETE FROM places WHERE id = 'goris'",
        ];
        foreach (var sql in refused)
        {
            var error = Record.Exception(() => seeded.Db.Database.ExecuteSqlRaw(sql));
            Assert.True(error is not null, $"the database accepted: {sql}");
            Assert.Contains("holds the latest committed version of each record", error.Message, StringComparison.Ordinal);
        }
        Assert.True(LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Holds);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheServersOwnWrites_StillPass(string provider)
    {
        using var seeded = new Seeded(provider);
        var id = await IntakeEvent(seeded);
        var everything = seeded.As();
        Assert.IsType<RecordOutcome.Stored>(await everything.Recorder.Edit(Situation, id, EventRecorderTests.Valid("Corrected (intakemarker).") with { Reason = "a better count" }));
        Assert.IsType<RecordOutcome.Stored>(await everything.Workflow.Review(Situation, id, new ReviewRequest("verified", "two sources agree")));
        Assert.IsType<RecordOutcome.Stored>(await everything.Workflow.Publish(Situation, id, new PublicationRequest(true, "reviewed")));
        var source = seeded.Db.Sources.AsNoTracking().OrderBy(s => s.Id).First(s => s.SituationId == Situation);
        var grading = new SourceGrading(seeded.Db, seeded.Clock, TestUser.Everything, everything.Audit, seeded.Sequencer);
        Assert.IsType<RecordOutcome.Graded>(await grading.Grade(Situation, source.Id, new GradeRequest("C", 3, false, "checked against a second report")));
        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
        Assert.True(report.CurrentRows > 0);
    }

    private static string True(LifelineDbContext db) => db.Provider == StorageProvider.Sqlite ? "1" : "true";

    private static string False(LifelineDbContext db) => db.Provider == StorageProvider.Sqlite ? "0" : "false";
}
