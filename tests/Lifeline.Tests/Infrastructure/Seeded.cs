using Lifeline.Accounts;
using Lifeline.Events;
using Lifeline.Ledger;
using Lifeline.Situations;
using Lifeline.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Tests.Infrastructure;

/// <summary>A database with the built-in Lachin scenario loaded, as after a first run.</summary>
internal sealed class Seeded : IDisposable
{
    public TestDatabase Database { get; }
    public LifelineDbContext Db { get; }
    public FakeTimeProvider Clock { get; } = new(LifelineServer.Now);

    /// <summary>The ledger's sequencer over this database, as the server has one.</summary>
    public LedgerSequencer Sequencer { get; }

    public Seeded(string provider)
    {
        Database = TestDatabase.Create(provider);
        Db = Database.Open();
        Sequencer = new LedgerSequencer(Database.Options);
        var result = Scenarios.Load(Db, Clock, Scenarios.Default)!;
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    /// <summary>The parts a test calls directly, acting as <paramref name="user"/> (by default someone with every role).</summary>
    public Parts As(TestUser? user = null) => new(Db, Clock, user ?? TestUser.Everything, Sequencer);

    public void Dispose()
    {
        Sequencer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Db.Dispose();
        Database.Dispose();
    }
}

/// <summary>Events, situations and their audit log, wired as the server wires them, for one caller.</summary>
internal sealed class Parts(LifelineDbContext db, TimeProvider clock, ICurrentUser user, LedgerSequencer ledger)
{
    public AuditLog Audit { get; } = new(db, user, clock);
    public EventQueries Events => new(db, user, Audit, Reader, new Lifeline.Web.ReadCache());
    public SituationQueries Situations => new(db, Events, clock, Reader, new Lifeline.Web.ReadCache());
    private Lifeline.Web.ReaderVersion Reader => new(db, new Lifeline.Web.DataVersions(), user);
    public EventRecorder Recorder => new(db, clock, user, Audit, ledger);
    public EventWorkflow Workflow => new(db, clock, user, Audit, ledger);
}
