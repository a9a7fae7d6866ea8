using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Storage;

/// <summary>
/// A lease on a piece of timed work (<c>webhook/SUBSCRIPTION</c>, ...): the node that holds it until
/// <see cref="ExpiresAt"/> (UTC) does that work and no other node does. A node that dies keeps its lease only until
/// it expires; then another node takes it and carries on.
/// </summary>
internal sealed class LeaseRow
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTime ExpiresAt { get; set; }
}

internal sealed class LeaseRowConfiguration : IEntityTypeConfiguration<LeaseRow>
{
    public void Configure(EntityTypeBuilder<LeaseRow> builder)
    {
        builder.ToTable("leases");
        builder.HasKey(l => l.Name);
    }
}

/// <summary>
/// Timed work done once per deployment, whichever node does it: a node takes a lease with one atomic statement
/// (insert, or take over a lease that has expired or is its own), renews it while it works and gives it back when
/// done. The database is the arbiter, so this holds for any number of nodes, on PostgreSQL as on SQLite. Lease times
/// come from the nodes' clocks, which must agree to well within a lease (NTP).
/// </summary>
internal sealed class Leases(LifelineDbContext db, TimeProvider clock)
{
    /// <summary>Who this process is in the leases it holds: the node's name and an id of its own, new at every start.</summary>
    public static string Holder { get; } = $"{Environment.GetEnvironmentVariable("LIFELINE_NODE_NAME") ?? Environment.MachineName}/{Guid.NewGuid():N}";

    /// <summary>Takes the lease <paramref name="name"/> for <paramref name="length"/>, or renews it when this process holds it.</summary>
    /// <returns>False when another node holds it and it has not expired.</returns>
    public async Task<bool> TakeAsync(string name, TimeSpan length, CancellationToken cancel)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await ExecuteAsync(
            """
            INSERT INTO leases (name, holder, expires_at) VALUES (@p0, @p1, @p2)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.expires_at < @p3 OR leases.holder = excluded.holder
            """,
            [name, Holder, now + length, now], cancel) == 1;
    }

    /// <summary>Gives the lease back at once, if this process still holds it.</summary>
    public async Task ReleaseAsync(string name, CancellationToken cancel) =>
        await ExecuteAsync("DELETE FROM leases WHERE name = @p0 AND holder = @p1", [name, Holder], cancel);

    private async Task<int> ExecuteAsync(string sql, object[] parameters, CancellationToken cancel)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancel);
        }
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < parameters.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"p{i}";
                parameter.Value = parameters[i];
                command.Parameters.Add(parameter);
            }
            return await command.ExecuteNonQueryAsync(cancel);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
