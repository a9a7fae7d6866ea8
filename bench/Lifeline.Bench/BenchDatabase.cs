using Lifeline.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lifeline.Bench;

/// <summary>
/// A database the bench owns: a SQLite file in its own folder under the work folder (in /tmp), or a
/// PostgreSQL database named <c>lifeline_bench_NAME</c>. Disposing an owned database deletes it.
/// </summary>
internal sealed class BenchDatabase : IDisposable
{
    private readonly BenchSettings settings;
    private readonly bool owned;

    private BenchDatabase(BenchSettings settings, StorageProvider provider, string name, bool owned)
    {
        this.settings = settings;
        this.owned = owned;
        Provider = provider;
        Name = name;
        Options = provider switch
        {
            StorageProvider.Sqlite => StorageOptions.Sqlite(SqliteFolder(settings, name)),
            StorageProvider.Postgres => StorageOptions.Postgres(
                new NpgsqlConnectionStringBuilder(settings.PostgresAdmin) { Database = PostgresName(name) }.ConnectionString),
        };
    }

    public StorageProvider Provider { get; }

    /// <summary>Letters, digits and underscores: part of a folder name or of a PostgreSQL database name.</summary>
    public string Name { get; }

    public StorageOptions Options { get; }

    /// <summary>An empty database (no schema yet); whatever had the same name is deleted first.</summary>
    public static BenchDatabase CreateEmpty(BenchSettings settings, StorageProvider provider, string name)
    {
        var database = new BenchDatabase(settings, provider, name, owned: true);
        database.Delete();
        if (provider == StorageProvider.Sqlite)
        {
            Directory.CreateDirectory(SqliteFolder(settings, name));
        }
        else
        {
            AdminCommand(settings, $"CREATE DATABASE {PostgresName(name)}");
        }
        return database;
    }

    /// <summary>An empty database with Lifeline's schema, made the way Lifeline makes it (<see cref="StorageSetup.Prepare"/>).</summary>
    public static BenchDatabase CreatePrepared(BenchSettings settings, StorageProvider provider, string name)
    {
        var database = CreateEmpty(settings, provider, name);
        using var db = database.Open();
        StorageSetup.Prepare(db);
        return database;
    }

    /// <summary>A database another process created; disposing this leaves it in place.</summary>
    public static BenchDatabase Existing(BenchSettings settings, StorageProvider provider, string name) =>
        new(settings, provider, name, owned: false);

    /// <summary>A new context; the caller disposes it.</summary>
    public LifelineDbContext Open() => StorageSetup.CreateContext(Options);

    public string Describe() => Options.Describe();

    /// <summary>Returns pooled connections, so that SQLite checkpoints and closes its write-ahead log.</summary>
    public void ReleaseConnections()
    {
        if (Provider == StorageProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
        }
    }

    public void Dispose()
    {
        if (owned)
        {
            Delete();
        }
    }

    private void Delete()
    {
        ReleaseConnections();
        if (Provider == StorageProvider.Sqlite)
        {
            var folder = SqliteFolder(settings, Name);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        else
        {
            DropPostgres(settings, PostgresName(Name));
        }
    }

    /// <summary>
    /// Drops a database once the bench's own connections are gone. A plain DROP DATABASE also stops an autovacuum
    /// worker busy on it, whereas WITH (FORCE) refuses to, for a role that is not a superuser; so FORCE is only the
    /// last try, for a session that lingers.
    /// </summary>
    private static void DropPostgres(BenchSettings settings, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                AdminCommand(settings, $"DROP DATABASE IF EXISTS {name}");
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 10)
            {
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                AdminCommand(settings, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                return;
            }
        }
    }

    private static string SqliteFolder(BenchSettings settings, string name) => Path.Combine(settings.DatabaseFolder, name);

    private static string PostgresName(string name) => $"lifeline_bench_{name}";

    private static void AdminCommand(BenchSettings settings, string sql)
    {
        using var connection = new NpgsqlConnection(settings.PostgresAdmin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
