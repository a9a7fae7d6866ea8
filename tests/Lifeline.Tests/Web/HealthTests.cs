using System.Net;
using System.Text.Json;
using Lifeline.Tests.Infrastructure;
using Npgsql;

namespace Lifeline.Tests.Web;

/// <summary>Liveness (<c>/healthz</c>, never the database) and readiness (<c>/readyz</c>, the database reached).</summary>
public sealed class HealthTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task HealthAndReadiness_DatabaseReached_BothAnswerOk(string provider)
    {
        await using var server = await LifelineServer.Start(provider, seed: false);

        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz", Cancel)).StatusCode);
        var ready = await server.Client.GetAsync("/readyz", Cancel);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ok", JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_DatabaseRefusesConnections_StillLiveButNotReady()
    {
        await using var server = await LifelineServer.Start(TestDatabase.Postgres, seed: false);
        var name = new NpgsqlConnectionStringBuilder(server.Database.Options.ConnectionString).Database!;
        await using (var admin = new NpgsqlConnection(TestDatabase.PostgresAdmin()))
        {
            await admin.OpenAsync(Cancel);
            await Execute(admin, $"ALTER DATABASE {name} ALLOW_CONNECTIONS false");
            await Execute(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
        }
        NpgsqlConnection.ClearAllPools();
        try
        {
            var live = await server.Client.GetAsync("/healthz", Cancel);
            var ready = await server.Client.GetAsync("/readyz", Cancel);

            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("unavailable", JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("status").GetString());
        }
        finally
        {
            await using var admin = new NpgsqlConnection(TestDatabase.PostgresAdmin());
            await admin.OpenAsync(Cancel);
            await Execute(admin, $"ALTER DATABASE {name} ALLOW_CONNECTIONS true");
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancel);
    }
}
