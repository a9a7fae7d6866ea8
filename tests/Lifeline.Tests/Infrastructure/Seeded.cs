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

    public Seeded(string provider)
    {
        Database = TestDatabase.Create(provider);
        Db = Database.Open();
        var result = Scenarios.Load(Db, Clock, Scenarios.Default)!;
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    public void Dispose()
    {
        Db.Dispose();
        Database.Dispose();
    }
}
