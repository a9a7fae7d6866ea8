using Lifeline.Core.Access;
using Lifeline.Events;
using Lifeline.Ledger;
using Lifeline.Situations;
using Lifeline.Sources;
using Lifeline.Tests.Events;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Ledger;

/// <summary>The ledger in the database, on each engine: every record version becomes a leaf with its record, and the tree holds.</summary>
public sealed class LedgerStorageTests
{
    private static readonly TestUser Reporter = new("reporter", Role.Reporter);

    private static ulong Size(Seeded seeded) => new LedgerQueries(seeded.Db).SizeAsync().GetAwaiter().GetResult();

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_CommitsEveryRecordVersion_AndTheLedgerVerifies(string provider)
    {
        using var seeded = new Seeded(provider);
        var db = seeded.Db;
        var records = db.Situations.Count() + db.SituationVersions.Count() + db.SourceVersions.Count() + db.Places.Count() + db.Actors.Count() + db.EventVersions.Count() + db.Reviews.Count()
            + db.SupplyObservationVersions.Count() + db.Set<Lifeline.EarlyWarning.AssessmentVersionRow>().Count() + db.Set<Lifeline.Legal.LegalRecordVersionRow>().Count()
            + db.Set<Lifeline.Claims.ClaimVersionRow>().Count();
        Assert.Equal((ulong)records, Size(seeded));
        var report = LedgerTestKit.Verify(db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
        Assert.Equal(records, report.Records);
        Assert.Equal(0, report.NotCovered);
        var leaves = await new LedgerQueries(db).RecordAsync(RecordTypes.Event, $"lachin-2022/{LedgerTestKit.EventId}", TestContext.Current.CancellationToken);
        Assert.Equal(1, Assert.Single(leaves).Version);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryWorkflowStep_IsALeafInTheSameTransaction(string provider)
    {
        using var seeded = new Seeded(provider);
        var before = Size(seeded);
        var stored = Assert.IsType<RecordOutcome.Stored>(await seeded.As(Reporter).Recorder.Record(Scenarios.Default, EventRecorderTests.Valid() with
        {
            Id = "ledger-steps",
            NewSources = [new NewSourceRequest { Publisher = "Field monitor", Url = "https://example.org/ledger/1", Reliability = "B", Credibility = 2 }],
        }));
        Assert.Equal(before + 2, Size(seeded)); // the new source and the event
        Assert.IsType<RecordOutcome.Stored>(await seeded.As().Recorder.Edit(Scenarios.Default, "ledger-steps", EventRecorderTests.Valid("Corrected.") with { Reason = "a correction" }));
        Assert.IsType<RecordOutcome.Stored>(await seeded.As().Workflow.Review(Scenarios.Default, "ledger-steps", new ReviewRequest("verified", "two sources agree")));
        Assert.IsType<RecordOutcome.Stored>(await seeded.As().Workflow.Publish(Scenarios.Default, "ledger-steps", new PublicationRequest(true, "checked")));
        Assert.IsType<RecordOutcome.Stored>(await seeded.As().Workflow.Publish(Scenarios.Default, "ledger-steps", new PublicationRequest(false, "withdrawn for now")));
        var source = stored.Version.Content.SourceIds[^1];
        var grading = new SourceGrading(seeded.Db, seeded.Clock, TestUser.Everything, seeded.As().Audit, seeded.Sequencer);
        Assert.IsType<RecordOutcome.Graded>(await grading.Grade(Scenarios.Default, source, new GradeRequest("A", 1, false, "confirmed by a second monitor")));

        var ledger = new LedgerQueries(seeded.Db);
        Assert.Equal([1, 2, 3, 4, 5], (await ledger.RecordAsync(RecordTypes.Event, "lachin-2022/ledger-steps", TestContext.Current.CancellationToken)).Select(l => l.Version));
        Assert.Equal([1], (await ledger.RecordAsync(RecordTypes.Review, "lachin-2022/ledger-steps", TestContext.Current.CancellationToken)).Select(l => l.Version));
        Assert.Equal([1, 2], (await ledger.RecordAsync(RecordTypes.Source, $"lachin-2022/{source}", TestContext.Current.CancellationToken)).Select(l => l.Version));
        Assert.Equal(before + 8, Size(seeded)); // source + event, edit, review + event, publish, withdraw, grade
        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RefusedWrites_AppendNothing(string provider)
    {
        using var seeded = new Seeded(provider);
        var before = Size(seeded);
        Assert.IsType<RecordOutcome.Invalid>(await seeded.As(Reporter).Recorder.Record(Scenarios.Default, EventRecorderTests.Valid() with { Place = "atlantis" }));
        Assert.IsType<RecordOutcome.Stored>(await seeded.As(Reporter).Recorder.Record(Scenarios.Default, EventRecorderTests.Valid() with { Id = "twice" }));
        Assert.IsType<RecordOutcome.Conflict>(await seeded.As(Reporter).Recorder.Record(Scenarios.Default, EventRecorderTests.Valid() with { Id = "twice" }));
        Assert.Equal(before + 1, Size(seeded));
        Assert.True(LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Holds);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DatabaseStore_GivesProofsTheLibraryAccepts(string provider)
    {
        using var seeded = new Seeded(provider);
        var log = new MerkleLog(new DatabaseMerkleStore(seeded.Db));
        var size = await log.GetSizeAsync(TestContext.Current.CancellationToken);
        var leaves = await new LedgerQueries(seeded.Db).LeavesAsync(0, size, TestContext.Current.CancellationToken);

        // The root the store gives is the root of the leaf bytes, rebuilt in memory.
        var memory = new InMemoryMerkleStore();
        await new MerkleLog(memory).AppendLeafDataAsync(leaves.Select(l => l.Data).ToList(), TestContext.Current.CancellationToken);
        var root = await log.GetRootAsync(size, TestContext.Current.CancellationToken);
        Assert.Equal(await new MerkleLog(memory).GetRootAsync(size, TestContext.Current.CancellationToken), root);

        foreach (var index in new ulong[] { 0, 1, size / 2, size - 1 })
        {
            var proof = await log.GetInclusionProofAsync(index, size, TestContext.Current.CancellationToken);
            Assert.Equal(ProofVerdict.Valid, proof.Verify(leaves[(int)index].Hash, root));
        }
        var earlier = size / 3;
        var consistency = await log.GetConsistencyProofAsync(earlier, size, TestContext.Current.CancellationToken);
        Assert.Equal(ProofVerdict.Valid, consistency.Verify(await log.GetRootAsync(earlier, TestContext.Current.CancellationToken), root));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Checkpoints_AreSignedAtMostEveryIntervalAndOnDemand(string provider)
    {
        using var seeded = new Seeded(provider);
        var checkpoints = LedgerTestKit.Checkpoints(seeded.Db, seeded.Database.Options, seeded.Clock);
        var first = checkpoints.Current();
        Assert.Equal(Size(seeded), first.Checkpoint.Size);
        Assert.True(SignedNote.TryOpen(first.Note, checkpoints.Key!.Verifier, out var body, out var problem), problem);
        Assert.True(Checkpoint.TryParse(body, out var parsed));
        Assert.Equal(first.Checkpoint, parsed);
        Assert.Equal(LedgerOptions.DefaultOrigin, parsed.Origin);

        await seeded.As(Reporter).Recorder.Record(Scenarios.Default, EventRecorderTests.Valid());
        Assert.Equal(first.Checkpoint, checkpoints.Current().Checkpoint); // within the interval: the same checkpoint
        seeded.Clock.Advance(TimeSpan.FromSeconds(61));
        var later = checkpoints.Current();
        Assert.Equal(first.Checkpoint.Size + 1, later.Checkpoint.Size);

        await seeded.As(Reporter).Recorder.Record(Scenarios.Default, EventRecorderTests.Valid("Another."));
        Assert.Equal(later.Checkpoint.Size + 1, checkpoints.SignNow().Checkpoint.Size); // on demand: at once
        Assert.Equal(3, checkpoints.All().Count);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Checkpoint_IsRefusedWhenTheStoredTreeContradictsTheLastOne(string provider)
    {
        using var seeded = new Seeded(provider);
        var checkpoints = LedgerTestKit.Checkpoints(seeded.Db, seeded.Database.Options, seeded.Clock);
        var signed = checkpoints.SignNow();
        // Rewrite the largest subtree the signed root was made of, as someone rewriting early history would.
        var node = MerkleFrontier.NodeIdsFor(signed.Checkpoint.Size)[0];
        LedgerTestKit.Tamper(seeded.Db, "ledger_nodes", $"UPDATE ledger_nodes SET hash = (SELECT hash FROM ledger_nodes WHERE level = 0 AND idx = 1) WHERE level = {node.Level} AND idx = {node.Index}");
        await seeded.As(Reporter).Recorder.Record(Scenarios.Default, EventRecorderTests.Valid());
        var refused = Assert.Throws<InvalidOperationException>(() => checkpoints.SignNow());
        Assert.Contains("no longer agrees", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SigningKey_IsKeptOwnerOnly_AndReadBack()
    {
        using var database = TestDatabase.Create(TestDatabase.Sqlite);
        using var first = LedgerKey.LoadOrCreate(database.Folder, "lifeline.test/ledger");
        using var again = LedgerKey.LoadOrCreate(database.Folder, "ignored/once-made");
        Assert.Equal(first.Verifier.ToString(), again.Verifier.ToString());
        Assert.Equal("lifeline.test/ledger", again.Name);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LedgerKey.PathIn(database.Folder)));
        }
        Assert.True(VerifierKey.TryParse(first.Verifier.ToString(), out var parsed));
        Assert.Equal(first.Verifier.KeyId, parsed.KeyId);
    }

    [Fact]
    public void SignedNote_C2spExample_Verifies()
    {
        // The example of the C2SP signed-note specification (also in the transparency-dev vectors).
        Assert.True(VerifierKey.TryParse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", out var key));
        const string note = "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
        Assert.True(SignedNote.TryOpen(note, key, out var text, out var problem), problem);
        Assert.Equal("This is an example message.\n", text);
        Assert.False(SignedNote.TryOpen(note.Replace("example message", "Example message", StringComparison.Ordinal), key, out _, out _));
        Assert.True(Checkpoint.TryParse("example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", out var checkpoint));
        Assert.Equal(20852163UL, checkpoint.Size);
    }
}
