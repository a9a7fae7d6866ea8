namespace Lifeline.Storage;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where Lifeline keeps its record: one SQLite file (the default) or a PostgreSQL database.</summary>
public sealed record StorageOptions(StorageProvider Provider, string ConnectionString)
{
    public const string DatabaseFileName = "lifeline.db";

    public static StorageOptions Sqlite(string dataDirectory) =>
        new(StorageProvider.Sqlite, $"Data Source={Path.Combine(Path.GetFullPath(dataDirectory), DatabaseFileName)};Default Timeout=30");

    public static StorageOptions Postgres(string connectionString) => new(StorageProvider.Postgres, connectionString);

    /// <summary>A description for logs and messages that never shows a password.</summary>
    public string Describe() => Provider switch
    {
        StorageProvider.Sqlite => $"SQLite {new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource}",
        StorageProvider.Postgres => DescribePostgres(),
    };

    private string DescribePostgres()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }
}
