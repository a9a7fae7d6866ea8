using Lifeline.Core.Access;
using Lifeline.Events;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Events;

/// <summary>Recording and correcting events, on each engine: versions kept, nothing stored from bad input.</summary>
public sealed class EventRecorderTests
{
    internal static RecordEventRequest Valid(string notes = "Convoy of 19 trucks waits at Kornidzor (markeralpha).") => new()
    {
        Date = "2023-08-10",
        Place = "kornidzor",
        Type = "convoy-turned-back",
        Actor1 = "azerbaijan",
        Notes = notes,
        Sources = ["news-am-775042"],
    };

    private static readonly TestUser Reporter = new("reporter", Role.Reporter);
    private static readonly TestUser Verifier = new("verifier", Role.Verifier);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Record_Valid_StoresVersionOneAndIsFound(string provider)
    {
        using var seeded = new Seeded(provider);
        var outcome = await seeded.As(Reporter).Recorder.Record(Scenarios.Default, Valid() with { Id = "test-convoy" });
        var stored = Assert.IsType<RecordOutcome.Stored>(outcome);
        Assert.Equal(1, stored.Version.Version);

        var detail = (await seeded.As().Events.FindAsync(Scenarios.Default, "test-convoy", TestContext.Current.CancellationToken))!;
        Assert.Equal("Convoy of 19 trucks waits at Kornidzor (markeralpha).", detail.Event.Notes);
        Assert.Equal("Test reporter", detail.FirstRecordedBy);
        Assert.Equal("intake", detail.Event.Stage);
        Assert.Equal(LifelineServer.Now, detail.FirstRecordedAt);
        Assert.Single(detail.Sources);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Record_Invalid_StoresNothing(string provider)
    {
        using var seeded = new Seeded(provider);
        var before = (seeded.Db.Events.Count(), seeded.Db.EventVersions.Count(), seeded.Db.Sources.Count());
        var outcome = await seeded.As(Reporter).Recorder.Record(Scenarios.Default, Valid() with
        {
            Place = "atlantis",
            NewSources = [new NewSourceRequest { Publisher = "Witness", Url = "https://example.org/report" }],
        });
        var invalid = Assert.IsType<RecordOutcome.Invalid>(outcome);
        Assert.Contains("place", invalid.Errors.Fields);
        Assert.Equal(before, (seeded.Db.Events.Count(), seeded.Db.EventVersions.Count(), seeded.Db.Sources.Count()));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Record_WithNewSource_StoresTheSourceOnceGraded(string provider)
    {
        using var seeded = new Seeded(provider);
        var recorder = seeded.As(Reporter).Recorder;
        var source = new NewSourceRequest { Publisher = "Field monitor", Url = "https://example.org/report/1", Reliability = "B", Credibility = 2 };
        Assert.IsType<RecordOutcome.Stored>(await recorder.Record(Scenarios.Default, Valid() with { Sources = [], NewSources = [source] }));
        Assert.IsType<RecordOutcome.Stored>(await recorder.Record(Scenarios.Default, Valid("Second report.") with { Sources = [], NewSources = [source] }));
        var stored = seeded.Db.Sources.Where(s => s.Url == "https://example.org/report/1").ToList();
        var row = Assert.Single(stored);
        Assert.Equal("B", row.Reliability);
        Assert.Equal(2, row.Credibility);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Edit_AddsAVersionAndKeepsTheFirst(string provider)
    {
        using var seeded = new Seeded(provider);
        var recorder = seeded.As(Reporter).Recorder;
        await recorder.Record(Scenarios.Default, Valid() with { Id = "test-edit" });
        seeded.Clock.Advance(TimeSpan.FromHours(2));
        var edited = await seeded.As(Verifier).Recorder.Edit(Scenarios.Default, "test-edit", Valid("Convoy of 22 trucks waits at Kornidzor (markerbravo).") with
        {
            Reason = "The later report counts 22 trucks",
            ExpectedVersion = 1,
        });
        Assert.Equal(2, Assert.IsType<RecordOutcome.Stored>(edited).Version.Version);

        var detail = (await seeded.As().Events.FindAsync(Scenarios.Default, "test-edit", TestContext.Current.CancellationToken))!;
        Assert.Equal(2, detail.Event.Version);
        Assert.Equal("Convoy of 22 trucks waits at Kornidzor (markerbravo).", detail.Event.Notes);
        Assert.Equal(["Convoy of 19 trucks waits at Kornidzor (markeralpha).", "Convoy of 22 trucks waits at Kornidzor (markerbravo)."], detail.Versions.Select(v => v.Content.Notes));
        Assert.Equal(["Test reporter", "Test verifier"], detail.Versions.Select(v => v.RecordedBy));
        Assert.Equal("The later report counts 22 trucks", detail.Versions[1].Reason);
        Assert.Equal(1, (await seeded.As().Events.SearchAsync(Scenarios.Default, EventFilter.None with { Text = "markerbravo" }, EventPosition.First, 10, TestContext.Current.CancellationToken)).Total);
        Assert.Equal(0, (await seeded.As().Events.SearchAsync(Scenarios.Default, EventFilter.None with { Text = "markeralpha" }, EventPosition.First, 10, TestContext.Current.CancellationToken)).Total);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Edit_StaleVersion_IsAConflictAndChangesNothing(string provider)
    {
        using var seeded = new Seeded(provider);
        var recorder = seeded.As(Reporter).Recorder;
        await recorder.Record(Scenarios.Default, Valid() with { Id = "test-stale" });
        await recorder.Edit(Scenarios.Default, "test-stale", Valid("First correction.") with { Reason = "r", ExpectedVersion = 1 });
        var stale = await recorder.Edit(Scenarios.Default, "test-stale", Valid("Second correction.") with { Reason = "r", ExpectedVersion = 1 });
        Assert.IsType<RecordOutcome.Conflict>(stale);
        Assert.Equal("First correction.", (await seeded.As().Events.FindAsync(Scenarios.Default, "test-stale", TestContext.Current.CancellationToken))!.Event.Notes);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Edit_WithoutReason_IsRefused(string provider)
    {
        using var seeded = new Seeded(provider);
        var recorder = seeded.As(Reporter).Recorder;
        await recorder.Record(Scenarios.Default, Valid() with { Id = "test-reason" });
        var outcome = Assert.IsType<RecordOutcome.Invalid>(await recorder.Edit(Scenarios.Default, "test-reason", Valid("Changed.")));
        Assert.Contains("reason", outcome.Errors.Fields);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Record_ExistingId_IsAConflict(string provider)
    {
        using var seeded = new Seeded(provider);
        var recorder = seeded.As(Reporter).Recorder;
        Assert.IsType<RecordOutcome.Stored>(await recorder.Record(Scenarios.Default, Valid() with { Id = "test-twice" }));
        Assert.IsType<RecordOutcome.Conflict>(await recorder.Record(Scenarios.Default, Valid() with { Id = "test-twice" }));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Record_UnknownSituation_IsNotFound(string provider)
    {
        using var seeded = new Seeded(provider);
        Assert.IsType<RecordOutcome.NotFound>(await seeded.As(Reporter).Recorder.Record("nowhere", Valid()));
    }
}
