using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Storage;

internal static class StorageSetup
{
    /// <summary>
    /// Registers the database for the configured engine; parts ask for <see cref="LifelineDbContext"/>. A context
    /// lives for a request; its options (the same for every request) are built once.
    /// </summary>
    public static IServiceCollection AddLifelineStorage(this IServiceCollection services, StorageOptions options)
    {
        services.AddSingleton(options);
        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                services.AddDbContext<SqliteLifelineDbContext>(b => Guarded(SqliteLifelineDbContext.Configure(b, options.ConnectionString), options),
                    optionsLifetime: ServiceLifetime.Singleton);
                services.AddScoped<LifelineDbContext>(sp => sp.GetRequiredService<SqliteLifelineDbContext>());
                break;
            case StorageProvider.Postgres:
                services.AddDbContext<PostgresLifelineDbContext>(b => Guarded(PostgresLifelineDbContext.Configure(b, options.ConnectionString), options),
                    optionsLifetime: ServiceLifetime.Singleton);
                services.AddScoped<LifelineDbContext>(sp => sp.GetRequiredService<PostgresLifelineDbContext>());
                break;
        }
        return services;
    }

    /// <summary>A context outside dependency injection, for the command line and tests.</summary>
    public static LifelineDbContext CreateContext(StorageOptions options)
    {
        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                {
                    var builder = new DbContextOptionsBuilder<SqliteLifelineDbContext>();
                    Guarded(SqliteLifelineDbContext.Configure(builder, options.ConnectionString), options);
                    return new SqliteLifelineDbContext(builder.Options);
                }
            case StorageProvider.Postgres:
                {
                    var builder = new DbContextOptionsBuilder<PostgresLifelineDbContext>();
                    Guarded(PostgresLifelineDbContext.Configure(builder, options.ConnectionString), options);
                    return new PostgresLifelineDbContext(builder.Options);
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown storage provider");
        }
    }

    private static DbContextOptionsBuilder Guarded(DbContextOptionsBuilder builder, StorageOptions options) =>
        options.RefuseBlockingQueriesInRequests ? builder.AddInterceptors(BlockingQueryGuard.Instance) : builder;

    /// <summary>
    /// Creates or upgrades the schema, then runs <paramref name="once"/> (e.g. the first run's seeding). On
    /// PostgreSQL all of it happens under a session advisory lock, so that however many nodes start at once over
    /// one database, one migrates and seeds while the others wait, then find the work done and go on. On SQLite
    /// (one machine) nothing changes: the file is switched to write-ahead logging, which lets pages read while an
    /// import writes; it is a property of the file and stays set.
    /// </summary>
    /// <returns>True when the database was empty before: a first run.</returns>
    public static bool Prepare(LifelineDbContext db, Action<LifelineDbContext>? once = null)
    {
        if (db.Provider == StorageProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
        }
        using var startup = StartupLock.Take(db);
        var firstRun = !db.Database.GetAppliedMigrations().Any();
        db.Database.Migrate();
        if (db.Provider == StorageProvider.Sqlite)
        {
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }
        Accounts.Security.EnsureRoles(db);
        once?.Invoke(db);
        return firstRun;
    }

    /// <summary>
    /// The lock nodes take to prepare a PostgreSQL database: a session advisory lock held on the context's own
    /// connection (kept open until it is released), so migrations, roles and seeding run in one node at a time.
    /// A node that finds the lock taken waits, saying so in its log every few seconds; it never times out a node
    /// that is merely slow (a first seeding takes a while on a small machine).
    /// </summary>
    private sealed class StartupLock : IDisposable
    {
        // The advisory lock's key: "Lifeline" in ASCII as a 64-bit number (0x4c6966656c696e65), fixed forever.
        private const string TryLock = "SELECT pg_try_advisory_lock(5506044605233720933) AS \"Value\"";
        private const string Unlock = "SELECT pg_advisory_unlock(5506044605233720933)";

        private readonly LifelineDbContext? db;

        private StartupLock(LifelineDbContext? db) => this.db = db;

        public static StartupLock Take(LifelineDbContext db)
        {
            if (db.Provider != StorageProvider.Postgres)
            {
                return new StartupLock(null);
            }
            db.Database.OpenConnection();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            var said = TimeSpan.Zero;
            while (!db.Database.SqlQueryRaw<bool>(TryLock).AsEnumerable().Single())
            {
                if (waited.Elapsed - said >= TimeSpan.FromSeconds(5))
                {
                    said = waited.Elapsed;
                    Console.WriteLine($"Lifeline: waiting for another node to finish preparing the database ({waited.Elapsed.TotalSeconds:F0} s)");
                }
                Thread.Sleep(200);
            }
            return new StartupLock(db);
        }

        public void Dispose()
        {
            if (db is null)
            {
                return;
            }
            db.Database.ExecuteSqlRaw(Unlock);
            db.Database.CloseConnection();
        }
    }
}
