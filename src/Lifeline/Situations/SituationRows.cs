using Lifeline.Core.Common;
using Lifeline.Core.Situations;
using Route = Lifeline.Core.Situations.Route;
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
    public DateTime RecordedAt { get; set; }

    /// <summary>The random salt of the situation's ledger commitment (docs/ledger.md).</summary>
    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();

    public List<SituationFigureRow> Figures { get; set; } = [];
    public List<RouteRow> Routes { get; set; } = [];
    public List<StatusBaselineRow> Baselines { get; set; } = [];

    public Situation ToDomain() => new(
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
    };

    private static T Parse<T>(string word) where T : struct, Enum =>
        KebabCase.Parse<T>(word) ?? throw new InvalidOperationException($"Unknown {typeof(T).Name} '{word}' in the database");
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
    IEntityTypeConfiguration<StatusBaselineRow>
{
    public void Configure(EntityTypeBuilder<SituationRow> builder)
    {
        builder.ToTable("situations");
        builder.HasKey(s => s.Id);
        builder.HasMany(s => s.Figures).WithOne().HasForeignKey(f => f.SituationId);
        builder.HasMany(s => s.Routes).WithOne().HasForeignKey(r => r.SituationId);
        builder.HasMany(s => s.Baselines).WithOne().HasForeignKey(b => b.SituationId);
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
    public static SituationRow From(Situation situation, DateTimeOffset recordedAt) => new()
    {
        Id = situation.Id,
        Name = situation.Name,
        Region = situation.Region,
        StartDate = situation.StartDate,
        EndDate = situation.EndDate,
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
