using System.Data.Common;
using Lifeline.Accounts;
using Lifeline.Actors;
using Lifeline.Events;
using Lifeline.Places;
using Lifeline.Situations;
using Lifeline.Sources;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NpgsqlTypes;

namespace Lifeline.Storage;

/// <summary>
/// Lifeline's one model of its record. Each engine has its own subclass only so that each keeps its own
/// migrations; the model is the same but for full-text search, which each engine does its own way, and the tables
/// that keep evidence bytes in PostgreSQL.
/// </summary>
internal abstract class LifelineDbContext(DbContextOptions options) : IdentityDbContext<LifelineUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    /// <summary>The sign-in (data-protection) key ring shared by every node, each key encrypted with the deployment's certificate (Accounts/SignInKeys.cs).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SituationRow> Situations => Set<SituationRow>();
    public DbSet<SituationVersionRow> SituationVersions => Set<SituationVersionRow>();
    public DbSet<SituationFigureRow> SituationFigures => Set<SituationFigureRow>();
    public DbSet<RouteRow> Routes => Set<RouteRow>();
    public DbSet<PlaceRow> Places => Set<PlaceRow>();
    public DbSet<PlaceVersionRow> PlaceVersions => Set<PlaceVersionRow>();
    public DbSet<ActorRow> Actors => Set<ActorRow>();
    public DbSet<SourceRow> Sources => Set<SourceRow>();
    public DbSet<SourceVersionRow> SourceVersions => Set<SourceVersionRow>();
    public DbSet<ApiTokenRow> ApiTokens => Set<ApiTokenRow>();
    public DbSet<Web.IdempotencyRow> IdempotencyKeys => Set<Web.IdempotencyRow>();
    public DbSet<Sms.SmsMessageRow> SmsMessages => Set<Sms.SmsMessageRow>();
    public DbSet<AuditRow> Audit => Set<AuditRow>();
    public DbSet<EventRow> Events => Set<EventRow>();
    public DbSet<EventVersionRow> EventVersions => Set<EventVersionRow>();
    public DbSet<ReviewRow> Reviews => Set<ReviewRow>();
    public DbSet<Supplies.SupplyObservationRow> SupplyObservations => Set<Supplies.SupplyObservationRow>();
    public DbSet<Supplies.SupplyObservationVersionRow> SupplyObservationVersions => Set<Supplies.SupplyObservationVersionRow>();

    public abstract StorageProvider Provider { get; }

    /// <summary>
    /// While this context runs a write of a ledger batch: the audit chain's head, held by the batch. Audit entries
    /// are then linked after it in memory rather than by reading and moving the head row on every save.
    /// </summary>
    internal AuditChain.Head? BatchAuditHead { get; set; }

    /// <summary>
    /// Runs <paramref name="work"/> with this context's connection held open, then gives it back: the queries of the
    /// work share one connection rather than each taking one from the pool and giving it back.
    /// </summary>
    public async Task<T> OnOneConnectionAsync<T>(Func<Task<T>> work, CancellationToken cancel = default)
    {
        await Database.OpenConnectionAsync(cancel);
        try
        {
            return await work();
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Saves, linking any new audit entries into the audit chain first, in the same transaction as the change they
    /// describe (one is begun when none is open). Text holding a NUL is never written: it is the last line of defence
    /// for "stored exactly as committed". Every input path refuses it first (docs/security.md); past that, SQLite's
    /// driver cuts long text at its first NUL while the ledger leaf commits to the whole, and PostgreSQL cannot hold a
    /// NUL at all.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseNul();
        var entries = NewAuditEntries();
        if (entries.Count == 0)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        if (BatchAuditHead is { } head)
        {
            var mark = head.Mark();
            head.Link(entries);
            try
            {
                return base.SaveChanges(acceptAllChangesOnSuccess);
            }
            catch
            {
                head.Reset(mark);
                throw;
            }
        }
        using var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        AuditChain.Chain(this, entries);
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        own?.Commit();
        return saved;
    }

    /// <inheritdoc cref="SaveChanges(bool)"/>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseNul();
        var entries = NewAuditEntries();
        if (entries.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        if (BatchAuditHead is { } head)
        {
            // Linked in memory; the batch writes the head back before it commits. A save that fails leaves the head
            // where it was, so that the entries are linked again at the same places when saved again.
            var mark = head.Mark();
            head.Link(entries);
            try
            {
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            catch
            {
                head.Reset(mark);
                throw;
            }
        }
        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        await AuditChain.ChainAsync(this, entries, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }
        return saved;
    }

    /// <summary>Audit entries about to be inserted; after a failed save they are still to insert, and are linked again.</summary>
    private List<AuditRow> NewAuditEntries() =>
        ChangeTracker.Entries<AuditRow>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();

    private void RefuseNul()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string text && text.Contains('\0', StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{entry.Metadata.DisplayName()}.{property.Metadata.Name} holds a NUL character: an input path let it through its rules");
                }
            }
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<LifelineUser>().ToTable("users");
        modelBuilder.Entity<IdentityRole>().ToTable("roles");
        modelBuilder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        modelBuilder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LifelineDbContext).Assembly);
        AddEngineTables(modelBuilder);
        Naming.ApplySnakeCase(modelBuilder);
    }

    /// <summary>Tables only one engine has, added before the names are made snake_case.</summary>
    protected virtual void AddEngineTables(ModelBuilder modelBuilder)
    {
    }

    /// <summary>
    /// What both engines share. A command or a save that fails is logged at Information, not Error: the failures
    /// Lifeline expects (a concurrent edit of the same record, answered 409 and logged as such; the migrations table
    /// not yet there on a first start) are not errors, and any other failure reaches the log as the unhandled
    /// exception it becomes, with the database's message.
    /// </summary>
    internal static DbContextOptionsBuilder Common(DbContextOptionsBuilder builder) =>
        builder.ConfigureWarnings(w => w.Log(
            (CoreEventId.SaveChangesFailed, LogLevel.Information),
            (RelationalEventId.CommandError, LogLevel.Information)))
            .AddInterceptors(Web.CommitSignal.Instance);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC and come back marked as UTC on both engines.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

internal sealed class SqliteLifelineDbContext(DbContextOptions<SqliteLifelineDbContext> options) : LifelineDbContext(options)
{
    public override StorageProvider Provider => StorageProvider.Sqlite;

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string connectionString) =>
        LifelineDbContext.Common(builder.UseSqlite(connectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)))
            .AddInterceptors(SqlitePragmas.Instance);
}

internal sealed class PostgresLifelineDbContext(DbContextOptions<PostgresLifelineDbContext> options) : LifelineDbContext(options)
{
    public const string SearchVector = "SearchVector";

    public override StorageProvider Provider => StorageProvider.Postgres;

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string connectionString) =>
        LifelineDbContext.Common(builder.UseNpgsql(connectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));

    /// <summary>Evidence bytes in the database (SQLite keeps evidence in a folder).</summary>
    protected override void AddEngineTables(ModelBuilder modelBuilder) => Evidence.EvidenceStoreRow.Configure(modelBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // The 'simple' configuration: no stemming, so Armenian, Russian and English words all match as written.
        modelBuilder.Entity<EventRow>()
            .Property<NpgsqlTsVector>(SearchVector)
            .HasColumnName("search_vector")
            .HasComputedColumnSql("to_tsvector('simple', notes)", stored: true);
        modelBuilder.Entity<EventRow>()
            .HasIndex(SearchVector)
            .HasMethod("GIN")
            .HasDatabaseName("ix_events_search_vector");
    }
}

/// <summary>
/// Settings every SQLite connection needs: <c>synchronous=FULL</c> so that an acknowledged write survives
/// power loss as well as a killed process, and foreign keys on. Both belong to the connection the database library
/// keeps in its pool, so they are set once, when that connection is first opened, not on every open.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";

    /// <summary>The pooled connections (SQLite's own handles) already set.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Set = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!Needed(connection))
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }

    public static void Apply(DbConnection connection)
    {
        if (!Needed(connection))
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    private static bool Needed(DbConnection connection) =>
        connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } || !Set.TryGetValue(handle, out _);

    private static void Remember(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle })
        {
            Set.AddOrUpdate(handle, Set);
        }
    }
}
