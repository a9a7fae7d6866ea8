using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lifeline.Storage;

// Used only by `dotnet ef migrations add`; no database is opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLifelineDbContext>
{
    public SqliteLifelineDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteLifelineDbContext>();
        SqliteLifelineDbContext.Configure(builder, "Data Source=design-time.db");
        return new SqliteLifelineDbContext(builder.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLifelineDbContext>
{
    public PostgresLifelineDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresLifelineDbContext>();
        PostgresLifelineDbContext.Configure(builder, "Host=localhost;Database=design_time");
        return new PostgresLifelineDbContext(builder.Options);
    }
}
