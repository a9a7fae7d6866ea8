using System.IO.Compression;
using Lifeline.Events;
using Lifeline.Ledger;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lifeline.Tests.Ledger;

/// <summary>
/// A database made by an earlier Lifeline (Ledger/Fixtures/README.md), before events recorded how long a status
/// change lasts: opened by this one, its schema is upgraded and every leaf committed then still verifies, because a
/// member added to a record's canonical form is left out when it is not set.
/// </summary>
public sealed class LedgerUpgradeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Ledger", "Fixtures", name);

    /// <summary>Puts the earlier database in place of the test's empty one.</summary>
    private static async Task Restore(TestDatabase database)
    {
        if (database.Provider == TestDatabase.Sqlite)
        {
            await using var gz = new GZipStream(File.OpenRead(Fixture("main-lachin.sqlite.gz")), CompressionMode.Decompress);
            await using var file = File.Create(Path.Combine(database.Folder, "lifeline.db"));
            await gz.CopyToAsync(file, Cancel);
            return;
        }
        using var reader = new StreamReader(new GZipStream(File.OpenRead(Fixture("main-lachin.postgres.sql.gz")), CompressionMode.Decompress));
        var script = await reader.ReadToEndAsync(Cancel);
        await using (var connection = new NpgsqlConnection(database.Options.ConnectionString))
        {
            await connection.OpenAsync(Cancel);
            await using var command = new NpgsqlCommand(script, connection);
            await command.ExecuteNonQueryAsync(Cancel);
        }
        // The script empties search_path for its own session; no later use may get that connection back.
        NpgsqlConnection.ClearAllPools();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DatabaseMadeBeforeStatusEnds_StillVerifiesAfterTheUpgrade(string provider)
    {
        using var database = TestDatabase.Create(provider);
        await Restore(database);
        using (var before = database.Open(prepare: false))
        {
            Assert.DoesNotContain(before.Database.GetAppliedMigrations(), m => m.EndsWith("_StatusEnds", StringComparison.Ordinal));
            Assert.Equal(164, before.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM event_versions").AsEnumerable().Single());
        }

        var verified = await LifelineProcess.Run(database.Folder, ["ledger", "verify", .. LedgerTestKit.StorageArgs(database)]);
        Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
        Assert.Contains("500 record versions", verified.Output, StringComparison.Ordinal);
        Assert.Contains("OK: every leaf", verified.Output, StringComparison.Ordinal);

        using var db = database.Open(prepare: false);
        Assert.Contains(db.Database.GetAppliedMigrations(), m => m.EndsWith("_StatusEnds", StringComparison.Ordinal));
        // The old status events have no end: they count until further notice, as they did.
        var blockade = db.Events.Single(e => e.EventId == LedgerTestKit.EventId);
        Assert.Null(blockade.ToContent().Ends);

        // A correction that gives the end is a new version; the old one and its leaf stay, and all still verifies.
        await using var sequencer = new LedgerSequencer(database.Options);
        var parts = new Parts(db, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(LifelineServer.Now), TestUser.Everything, sequencer);
        var outcome = await parts.Recorder.Edit(Scenarios.Default, LedgerTestKit.EventId, new RecordEventRequest
        {
            Date = "2022-12-12",
            Time = "10:30",
            Place = blockade.PlaceId,
            GeoPrecision = blockade.GeoPrecision,
            Type = blockade.Type,
            Route = blockade.RouteId,
            Actor1 = blockade.Actor1,
            Actor2 = blockade.Actor2,
            Notes = blockade.Notes,
            Sources = blockade.Sources,
            UntilFurtherNotice = true,
            Reason = "how long it lasts",
        });
        Assert.IsType<RecordOutcome.Stored>(outcome);
        var again = await LifelineProcess.Run(database.Folder, ["ledger", "verify", .. LedgerTestKit.StorageArgs(database)]);
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Contains("501 record versions", again.Output, StringComparison.Ordinal);
    }
}
