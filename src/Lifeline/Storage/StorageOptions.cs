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

    /// <summary>
    /// The data folder: what is kept as files rather than rows (the ledger's signing key, evidence files on SQLite,
    /// uploads while they arrive). With SQLite it also holds lifeline.db; with PostgreSQL it is <c>--data</c>
    /// (default: <see cref="DataFolder.Default"/>).
    /// </summary>
    public string DataDirectory { get; init; } = Path.GetFullPath(DataFolder.Default);

    /// <summary>
    /// The evidence folder as set (<c>Evidence:Folder</c> in appsettings.json, or <c>LIFELINE_EVIDENCE_FOLDER</c>), or null
    /// for <c>DATA/evidence</c>. A relative path is taken inside the data folder.
    /// </summary>
    public string? EvidenceFolderSetting { get; init; }

    /// <summary>
    /// Where evidence files are kept when they are kept in a folder (always on SQLite; on PostgreSQL after
    /// <c>lifeline evidence move --to folder</c>, when every node must name one shared folder), and where uploads
    /// arrive (<c>incoming/</c>) before they are kept.
    /// </summary>
    public string EvidenceFolder => Path.GetFullPath(Path.Combine(DataDirectory, EvidenceFolderSetting ?? "evidence"));

    /// <summary>
    /// Whether a synchronous database call made while answering an HTTP request fails the request rather than block
    /// a thread (<see cref="BlockingQueryGuard"/>): on in the tests' servers and in a development run that sets
    /// <c>Storage:RefuseBlockingQueriesInRequests</c>; off in production. The command line is never refused.
    /// </summary>
    public bool RefuseBlockingQueriesInRequests { get; init; }

    public static StorageOptions Sqlite(string dataDirectory) =>
        new(StorageProvider.Sqlite, $"Data Source={Path.Combine(Path.GetFullPath(dataDirectory), DatabaseFileName)};Default Timeout=30")
        {
            DataDirectory = Path.GetFullPath(dataDirectory),
        };

    /// <summary>
    /// Connections one node opens to PostgreSQL at most, unless its connection string says otherwise
    /// (<c>Maximum Pool Size</c>). Requests wait for a free connection (asynchronously) rather than open more, so
    /// that nodes × this, plus the command line and maintenance, stays below the server's <c>max_connections</c>
    /// (docs/deploy.md).
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    public static StorageOptions Postgres(string connectionString, string? dataDirectory = null) =>
        new(StorageProvider.Postgres, WithPoolLimit(connectionString)) { DataDirectory = Path.GetFullPath(dataDirectory ?? DataFolder.Default) };

    private static string WithPoolLimit(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        string[] names = ["maximum pool size", "max pool size", "maxpoolsize"];
        if (given.Keys.Cast<string>().Any(key => names.Contains(key.Trim(), StringComparer.OrdinalIgnoreCase)))
        {
            return connectionString;
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = DefaultMaxPoolSize }.ConnectionString;
    }

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

/// <summary>
/// Where Lifeline keeps its record when not told (<c>--data</c>): <c>LIFELINE_DATA</c> if set, else a folder of the
/// user's own, never the folder a command happens to run in. <c>dotnet run --project src/Lifeline</c> runs in the
/// project's folder, and a database or a private signing key there could be committed with the source.
/// </summary>
public static class DataFolder
{
    public const string EnvironmentVariable = "LIFELINE_DATA";

    /// <summary>The per-user data folder: <c>$XDG_DATA_HOME/lifeline</c> (<c>~/.local/share/lifeline</c>) on Linux,
    /// <c>%LOCALAPPDATA%\lifeline</c> on Windows, <c>~/Library/Application Support/lifeline</c> on macOS.</summary>
    public static string PerUser =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "lifeline");

    public static string Default =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : PerUser;
}
