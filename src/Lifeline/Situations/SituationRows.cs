using Lifeline.Core.Common;
using Lifeline.Core.Situations;
using Route = Lifeline.Core.Situations.Route;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Situations;

internal sealed class SituationRow
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string Region { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    /// <summary>The record period as first declared (version 1); null: the start or end date. A widening is a <see cref="SituationVersionRow"/>.</summary>
    public DateOnly? RecordFrom { get; set; }
    public DateOnly? RecordUntil { get; set; }
    public DateTime RecordedAt { get; set; }

    /// <summary>The random salt of the situation's ledger commitment (docs/ledger.md).</summary>
    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();

    public List<SituationFigureRow> Figures { get; set; } = [];
    public List<RouteRow> Routes { get; set; } = [];
    public List<StatusBaselineRow> Baselines { get; set; } = [];

    /// <summary>Its later versions (each widens the record period), always loaded with the row.</summary>
    public List<SituationVersionRow> Versions { get; set; } = [];

    /// <summary>The record period now: the latest version's, else as first declared.</summary>
    public RecordPeriod Period() =>
        PeriodOf(Id, StartDate, EndDate, RecordFrom, RecordUntil, Versions.MaxBy(v => v.Version) is { } latest ? (latest.RecordFrom, latest.RecordUntil) : null);

    /// <summary>The latest version's period, else the period as first declared, else the start and end dates.</summary>
    private static RecordPeriod PeriodOf(string id, DateOnly start, DateOnly? end, DateOnly? from, DateOnly? until, (DateOnly From, DateOnly? Until)? latest) =>
        latest is { } widened ? new RecordPeriod(id, widened.From, widened.Until) : new RecordPeriod(id, from ?? start, until ?? end);

    /// <summary>
    /// The record period now of situation <paramref name="situationId"/>, as <see cref="Period"/> derives it, read in one
    /// query (the row alone, with its latest version's period beside it); null when there is no such situation. For the
    /// request paths that need the period only: loading the row loads its versions too, a second round trip on
    /// PostgreSQL.
    /// </summary>
    public static async Task<RecordPeriod?> PeriodOfAsync(LifelineDbContext db, string situationId, CancellationToken cancel = default)
    {
        var found = await db.Situations.AsNoTracking().IgnoreAutoIncludes()
            .Where(s => s.Id == situationId)
            .Select(s => new
            {
                s.StartDate,
                s.EndDate,
                s.RecordFrom,
                s.RecordUntil,
                Latest = s.Versions.OrderByDescending(v => v.Version).Select(v => new { v.RecordFrom, v.RecordUntil }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancel);
        return found is null ? null
            : PeriodOf(situationId, found.StartDate, found.EndDate, found.RecordFrom, found.RecordUntil,
                found.Latest is { } latest ? (latest.RecordFrom, latest.RecordUntil) : null);
    }

    /// <summary>The version the situation is at: 1 until its period is first widened.</summary>
    public int Version => Versions.Count == 0 ? 1 : Versions.Max(v => v.Version);

    public Situation ToDomain() => Current(new(
        Id, Name, Region, StartDate, EndDate,
        Figures.ToDictionary(
            f => KebabCase.Parse<SituationFigure>(f.Figure) ?? throw new InvalidOperationException($"Unknown figure '{f.Figure}' in the database"),
            f => new SourcedFigure(f.Value, f.Qualifier, f.Sources)),
        Routes.OrderBy(r => r.Ordinal).Select(r => new Route(r.Id, r.Name, r.Via, r.Sources)
        {
            Baseline = Baselines.FirstOrDefault(b => b.Kind == StatusBaselineRow.RouteKind && b.Subject == r.Id) is { } b
                ? new StatusBaseline<CorridorStatus>(Parse<CorridorStatus>(b.Status), b.Sources)
                : null,
        }).ToList())
    {
        UtilityBaselines = Baselines.Where(b => b.Kind == StatusBaselineRow.UtilityKind).ToDictionary(
            b => Parse<Utility>(b.Subject), b => new StatusBaseline<UtilityStatus>(Parse<UtilityStatus>(b.Status), b.Sources)),
    });

    private Situation Current(Situation situation)
    {
        var period = Period();
        return situation with
        {
            RecordFrom = period.From == StartDate ? null : period.From,
            RecordUntil = period.Until == EndDate ? null : period.Until,
        };
    }

    private static T Parse<T>(string word) where T : struct, Enum =>
        KebabCase.Parse<T>(word) ?? throw new InvalidOperationException($"Unknown {typeof(T).Name} '{word}' in the database");
}

/// <summary>
/// A later version of a situation: the record period it was widened to, who widened it and why. The rest of the
/// situation is as first recorded (its row); the version's ledger leaf commits to the whole situation with this period.
/// </summary>
internal sealed class SituationVersionRow
{
    public required string SituationId { get; set; }

    /// <summary>2 on: version 1 is the situation row itself.</summary>
    public int Version { get; set; }
    public DateOnly RecordFrom { get; set; }

    /// <summary>Null: open, up to tomorrow (a situation that goes on).</summary>
    public DateOnly? RecordUntil { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public required string Reason { get; set; }
    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();
}

/// <summary>A route's or a utility's status before any event about it, as the situation declares it with sources.</summary>
internal sealed class StatusBaselineRow
{
    public const string RouteKind = "route";
    public const string UtilityKind = "utility";

    public required string SituationId { get; set; }

    /// <summary><see cref="RouteKind"/> or <see cref="UtilityKind"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The route id, or the utility in kebab-case.</summary>
    public required string Subject { get; set; }
    public required string Status { get; set; }
    public List<string> Sources { get; set; } = [];
}

internal sealed class SituationFigureRow
{
    public required string SituationId { get; set; }
    public required string Figure { get; set; }
    public long Value { get; set; }
    public string? Qualifier { get; set; }
    public List<string> Sources { get; set; } = [];
}

internal sealed class RouteRow
{
    public required string SituationId { get; set; }
    public required string Id { get; set; }
    public int Ordinal { get; set; }
    public required string Name { get; set; }
    public List<string> Via { get; set; } = [];
    public List<string> Sources { get; set; } = [];
}

internal sealed class SituationRowConfiguration :
    IEntityTypeConfiguration<SituationRow>, IEntityTypeConfiguration<SituationFigureRow>, IEntityTypeConfiguration<RouteRow>,
    IEntityTypeConfiguration<StatusBaselineRow>, IEntityTypeConfiguration<SituationVersionRow>
{
    public void Configure(EntityTypeBuilder<SituationRow> builder)
    {
        builder.ToTable("situations");
        builder.HasKey(s => s.Id);
        builder.HasMany(s => s.Figures).WithOne().HasForeignKey(f => f.SituationId);
        builder.HasMany(s => s.Routes).WithOne().HasForeignKey(r => r.SituationId);
        builder.HasMany(s => s.Baselines).WithOne().HasForeignKey(b => b.SituationId);
        builder.HasMany(s => s.Versions).WithOne().HasForeignKey(v => v.SituationId);
        // Whatever reads a situation reads its current record period, which its latest version holds.
        builder.Navigation(s => s.Versions).AutoInclude();
        builder.Ignore(s => s.Version);
    }

    public void Configure(EntityTypeBuilder<SituationVersionRow> builder)
    {
        builder.ToTable("situation_versions");
        builder.HasKey(v => new { v.SituationId, v.Version });
    }

    public void Configure(EntityTypeBuilder<StatusBaselineRow> builder)
    {
        builder.ToTable("status_baselines");
        builder.HasKey(b => new { b.SituationId, b.Kind, b.Subject });
    }

    public void Configure(EntityTypeBuilder<SituationFigureRow> builder)
    {
        builder.ToTable("situation_figures");
        builder.HasKey(f => new { f.SituationId, f.Figure });
    }

    public void Configure(EntityTypeBuilder<RouteRow> builder)
    {
        builder.ToTable("routes");
        builder.HasKey(r => new { r.SituationId, r.Id });
    }
}

internal static class SituationRows
{
    /// <summary>
    /// Adds the next version of a stored situation, widening its record period to <paramref name="period"/>; the caller
    /// saves it and appends its ledger leaf (<c>CanonicalRecords.Situation(row, version)</c>) in the same transaction.
    /// </summary>
    public static (SituationRow Row, SituationVersionRow Version) Widen(
        Storage.LifelineDbContext db, string situationId, RecordPeriod period, DateTimeOffset now, string recordedBy, string reason)
    {
        var row = db.Situations.Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery().Single(s => s.Id == situationId);
        var version = new SituationVersionRow
        {
            SituationId = situationId,
            Version = row.Version + 1,
            RecordFrom = period.From,
            RecordUntil = period.Until,
            RecordedAt = now.UtcDateTime,
            RecordedBy = recordedBy,
            Reason = reason,
        };
        row.Versions.Add(version);
        return (row, version);
    }

    public static SituationRow From(Situation situation, DateTimeOffset recordedAt) => new()
    {
        Id = situation.Id,
        Name = situation.Name,
        Region = situation.Region,
        StartDate = situation.StartDate,
        EndDate = situation.EndDate,
        RecordFrom = situation.RecordFrom,
        RecordUntil = situation.RecordUntil,
        RecordedAt = recordedAt.UtcDateTime,
        Figures = situation.Figures.Select(f => new SituationFigureRow
        {
            SituationId = situation.Id,
            Figure = KebabCase.Of(f.Key),
            Value = f.Value.Value,
            Qualifier = f.Value.Qualifier,
            Sources = [.. f.Value.Sources],
        }).ToList(),
        Routes = situation.Routes.Select((r, i) => new RouteRow
        {
            SituationId = situation.Id,
            Id = r.Id,
            Ordinal = i,
            Name = r.Name,
            Via = [.. r.Via],
            Sources = [.. r.Sources],
        }).ToList(),
        Baselines = situation.Routes.Where(r => r.Baseline is not null).Select(r => new StatusBaselineRow
        {
            SituationId = situation.Id,
            Kind = StatusBaselineRow.RouteKind,
            Subject = r.Id,
            Status = KebabCase.Of(r.Baseline!.Status),
            Sources = [.. r.Baseline.Sources],
        }).Concat(situation.UtilityBaselines.OrderBy(u => u.Key).Select(u => new StatusBaselineRow
        {
            SituationId = situation.Id,
            Kind = StatusBaselineRow.UtilityKind,
            Subject = KebabCase.Of(u.Key),
            Status = KebabCase.Of(u.Value.Status),
            Sources = [.. u.Value.Sources],
        })).ToList(),
    };
}
