using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Storage;

internal static class StorageSetup
{
    /// <summary>Registers the database for the configured engine; parts ask for <see cref="LifelineDbContext"/>.</summary>
    public static IServiceCollection AddLifelineStorage(this IServiceCollection services, StorageOptions options)
    {
        services.AddSingleton(options);
        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                services.AddDbContext<SqliteLifelineDbContext>(b => SqliteLifelineDbContext.Configure(b, options.ConnectionString));
                services.AddScoped<LifelineDbContext>(sp => sp.GetRequiredService<SqliteLifelineDbContext>());
                break;
            case StorageProvider.Postgres:
                services.AddDbContext<PostgresLifelineDbContext>(b => PostgresLifelineDbContext.Configure(b, options.ConnectionString));
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
                    SqliteLifelineDbContext.Configure(builder, options.ConnectionString);
                    return new SqliteLifelineDbContext(builder.Options);
                }
            case StorageProvider.Postgres:
                {
                    var builder = new DbContextOptionsBuilder<PostgresLifelineDbContext>();
                    PostgresLifelineDbContext.Configure(builder, options.ConnectionString);
                    return new PostgresLifelineDbContext(builder.Options);
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown storage provider");
        }
    }

    /// <summary>
    /// Creates or upgrades the schema. On SQLite the file is switched to write-ahead logging, which lets pages
    /// read while an import writes; it is a property of the file and stays set.
    /// </summary>
    /// <returns>True when the database was empty before: a first run.</returns>
    public static bool Prepare(LifelineDbContext db)
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
        var firstRun = !db.Database.GetAppliedMigrations().Any();
        db.Database.Migrate();
        if (db.Provider == StorageProvider.Sqlite)
        {
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }
        Accounts.Security.EnsureRoles(db);
        return firstRun;
    }
}
