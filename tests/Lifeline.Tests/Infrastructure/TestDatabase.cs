using Lifeline.Storage;
using Npgsql;

namespace Lifeline.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test, on SQLite (a file in a temporary folder) or on a real PostgreSQL
/// server (a database of its own, dropped afterwards). Storage tests run the same cases on both.
/// </summary>
internal sealed class TestDatabase : IDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static TheoryData<string> Providers => new(Sqlite, Postgres);

    private const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=lifeline;Password=lifeline;Database=lifeline";

    private readonly string? postgresName;
    private readonly string? folder;

    public StorageOptions Options { get; }

    public string Provider { get; }

    /// <summary>The folder SQLite keeps its file in (also used by tests for other scratch files).</summary>
    public string Folder { get; }

    private TestDatabase(string provider, StorageOptions options, string folder, string? postgresName)
    {
        Provider = provider;
        Options = options;
        Folder = folder;
        this.folder = folder;
        this.postgresName = postgresName;
    }

    public static TestDatabase Create(string provider)
    {
        var folder = Path.Combine(Path.GetTempPath(), "lifeline-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (provider == Sqlite)
        {
            return new TestDatabase(provider, StorageOptions.Sqlite(folder), folder, null);
        }
        var admin = PostgresAdmin();
        var name = $"lifeline_test_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        // A node over PostgreSQL never makes a ledger key of its own (docs/deploy.md); this one has a key in its data
        // folder, as a deployment that began on one node has. Tests of several nodes give them a deployment key.
        Lifeline.Ledger.LedgerKey.LoadOrCreate(folder, Lifeline.Ledger.LedgerOptions.DefaultOrigin).Dispose();
        return new TestDatabase(provider, StorageOptions.Postgres(builder.ConnectionString, folder), folder, name);
    }

    /// <summary>The connection string tests use to create their databases; skips (or fails under CI) when there is no server.</summary>
    public static string PostgresAdmin()
    {
        var connectionString = Environment.GetEnvironmentVariable("LIFELINE_TEST_POSTGRES") ?? DefaultPostgres;
        TestEnvironment.Require(CanConnect(connectionString), "PostgreSQL",
            "Start one with `sudo bash .ci/start-postgres.sh` (role lifeline/lifeline with CREATEDB on 127.0.0.1:5432) or set LIFELINE_TEST_POSTGRES to a connection string whose role may create databases.");
        return connectionString;
    }

    private static bool? reachable;

    /// <summary>Whether the server answers; the timeout leaves room for a machine busy with parallel builds.</summary>
    private static bool CanConnect(string connectionString)
    {
        if (reachable is { } known)
        {
            return known;
        }
        try
        {
            // Generous: on a busy machine the first connection of a process (start-up, SCRAM) takes seconds.
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 15 }.ConnectionString);
            connection.Open();
            reachable = true;
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            reachable = false;
        }
        return reachable.Value;
    }

    public LifelineDbContext Open(bool prepare = true)
    {
        var db = StorageSetup.CreateContext(Options);
        if (prepare)
        {
            StorageSetup.Prepare(db);
        }
        return db;
    }

    /// <summary>
    /// Drops a test database. An autovacuum worker may still be connected to a database just written to, and
    /// only a superuser may end it, so a refused drop is retried for a few seconds before the database is left.
    /// </summary>
    private static void Drop(string name)
    {
        using var connection = new NpgsqlConnection(PostgresAdmin());
        connection.Open();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                command.ExecuteNonQuery();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState is "42501" or "55006" && attempt < 20)
            {
                Thread.Sleep(250);
            }
            catch (PostgresException ex) when (ex.SqlState is "42501" or "55006")
            {
                TestContext.Current.SendDiagnosticMessage($"Left test database {name}: {ex.MessageText}");
                return;
            }
        }
    }

    public void Dispose()
    {
        if (postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            Drop(postgresName);
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        if (folder is not null && Directory.Exists(folder))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A process the test started may still hold the file for a moment; the folder is in /tmp.
            }
        }
    }
}
