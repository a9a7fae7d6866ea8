using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Supplies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Supplies;

/// <summary>
/// The columns every version of a supply observation has; shared by the current view and the history. One wide
/// table serves every kind: the columns a kind does not use are null (docs/supplies.md lists which are used).
/// Enumerations are stored as their kebab-case words, units as their symbols, as in the API.
/// </summary>
internal abstract class SupplyObservationColumns
{
    public long RowId { get; set; }
    public required string SituationId { get; set; }
    public required string ObservationId { get; set; }
    public int Version { get; set; }
    public required string Kind { get; set; }
    public DateOnly Date { get; set; }
    public required string DatePrecision { get; set; }
    public DateOnly? EndDate { get; set; }
    public string? Commodity { get; set; }
    public double? Amount { get; set; }
    public double? Low { get; set; }
    public double? High { get; set; }
    public string? Unit { get; set; }
    public string? Qualifier { get; set; }
    public string? Location { get; set; }
    public string? Route { get; set; }
    public List<string> Carriers { get; set; } = [];
    public string? Outcome { get; set; }
    public string? Per { get; set; }
    public string? PopulationGroup { get; set; }
    public string? Market { get; set; }
    public string? Item { get; set; }
    public string? Currency { get; set; }
    public double? Factor { get; set; }
    public string? ComparedWith { get; set; }
    public bool Baseline { get; set; }
    public string? Utility { get; set; }
    public double? HoursPerDay { get; set; }
    public List<string> ServicesHit { get; set; } = [];
    public int? Moved { get; set; }
    public int? Cumulative { get; set; }
    public int? Waiting { get; set; }
    public string? Counted { get; set; }
    public string? Area { get; set; }
    public double? ExtremeFoodGapShare { get; set; }
    public double? GamUnderFive { get; set; }
    public double? CrudeDeathRate { get; set; }
    public double? UnderFiveDeathRate { get; set; }
    public string? OverrideReason { get; set; }
    public List<string> Sources { get; set; } = [];
    public string? Notes { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public string? RecordedByUser { get; set; }
    public required string Reason { get; set; }

    /// <summary>
    /// The observation back as the core reads it. A row that no longer reads (an unknown commodity or word) throws
    /// <see cref="InvalidOperationException"/>: the stored record was changed outside Lifeline.
    /// </summary>
    public SupplyObservation ToContent()
    {
        var kind = Parse<ObservationKind>(Kind, "kind");
        Core.Supplies.Commodity? commodity = Commodity is null ? null
            : SupplyStandards.Find(Commodity) ?? throw new InvalidOperationException($"Unknown commodity '{Commodity}' in the database");
        ObservedAmount? amount = Amount is null && Low is null ? null
            : new ObservedAmount(Amount, Low, High, AmountUnits.Parse(Unit) ?? throw new InvalidOperationException($"Unknown unit '{Unit}' in the database"));
        FoodSecurityInputs? foodSecurity = kind == ObservationKind.FoodSecurity
            ? new FoodSecurityInputs(ExtremeFoodGapShare, GamUnderFive, CrudeDeathRate, UnderFiveDeathRate)
            : null;
        return new SupplyObservation(
            kind, Date, Parse<Core.Supplies.DatePrecision>(DatePrecision, "date precision"), EndDate, commodity, amount, Qualifier, Location, Route,
            Carriers.Select(c => Parse<Carrier>(c, "carrier")).ToList(),
            Outcome is null ? null : Parse<DeliveryOutcome>(Outcome, "outcome"),
            Per is null ? null : Parse<RationPeriod>(Per, "period"),
            PopulationGroup is null ? null : Parse<Core.Supplies.PopulationGroup>(PopulationGroup, "population group"),
            Market, Item, Currency, Factor, ComparedWith, Baseline,
            Utility is null ? null : Parse<Core.Situations.Utility>(Utility, "utility"), HoursPerDay, ServicesHit,
            Moved, Cumulative, Waiting, Counted, Area, foodSecurity, OverrideReason, Sources, Notes);
    }

    public ObservationVersion ToDomain() => new(
        SituationId, ObservationId, Version, ToContent(),
        new Recording(new DateTimeOffset(DateTime.SpecifyKind(RecordedAt, DateTimeKind.Utc)), RecordedBy, Reason, RecordedByUser));

    public void CopyFrom(ObservationVersion version)
    {
        var c = version.Content;
        SituationId = version.SituationId;
        ObservationId = version.Id;
        Version = version.Version;
        Kind = KebabCase.Of(c.Kind);
        Date = c.Date;
        DatePrecision = KebabCase.Of(c.DatePrecision);
        EndDate = c.To;
        Commodity = c.Commodity?.Id;
        Amount = c.Amount?.Value;
        Low = c.Amount?.Low;
        High = c.Amount?.High;
        Unit = c.Amount is { } a ? AmountUnits.Symbol(a.Unit) : null;
        Qualifier = c.Qualifier;
        Location = c.Location;
        Route = c.Route;
        Carriers = c.Carriers.Select(x => KebabCase.Of(x)).ToList();
        Outcome = c.Outcome is { } o ? KebabCase.Of(o) : null;
        Per = c.Per is { } p ? KebabCase.Of(p) : null;
        PopulationGroup = c.Group is { } g ? KebabCase.Of(g) : null;
        Market = c.Market;
        Item = c.Item;
        Currency = c.Currency;
        Factor = c.Factor;
        ComparedWith = c.ComparedWith;
        Baseline = c.Baseline;
        Utility = c.Utility is { } u ? KebabCase.Of(u) : null;
        HoursPerDay = c.HoursPerDay;
        ServicesHit = [.. c.ServicesHit];
        Moved = c.Moved;
        Cumulative = c.Cumulative;
        Waiting = c.Waiting;
        Counted = c.Counted;
        Area = c.Area;
        ExtremeFoodGapShare = c.FoodSecurity?.ShareOfHouseholdsWithExtremeFoodGaps;
        GamUnderFive = c.FoodSecurity?.GlobalAcuteMalnutritionUnderFive;
        CrudeDeathRate = c.FoodSecurity?.CrudeDeathRate;
        UnderFiveDeathRate = c.FoodSecurity?.UnderFiveDeathRate;
        OverrideReason = c.Reason;
        Sources = [.. c.Sources];
        Notes = c.Notes;
        RecordedAt = version.Recorded.At.UtcDateTime;
        RecordedBy = version.Recorded.By;
        RecordedByUser = version.Recorded.UserId;
        Reason = version.Recorded.Reason;
    }

    private static TEnum Parse<TEnum>(string text, string what) where TEnum : struct, Enum =>
        KebabCase.Parse<TEnum>(text) ?? throw new InvalidOperationException($"Unknown {what} '{text}' in the database");
}

/// <summary>
/// The current version of each observation, what pages and forecasts read. It is a view over
/// <see cref="SupplyObservationVersionRow"/>: an edit adds a version there and moves this row to it.
/// </summary>
internal sealed class SupplyObservationRow : SupplyObservationColumns
{
    public static SupplyObservationRow From(ObservationVersion version)
    {
        var row = new SupplyObservationRow { SituationId = "", ObservationId = "", Kind = "", DatePrecision = "", RecordedBy = "", Reason = "" };
        row.CopyFrom(version);
        return row;
    }
}

/// <summary>Every version of every observation, never changed once written (the database refuses UPDATE and DELETE).</summary>
internal sealed class SupplyObservationVersionRow : SupplyObservationColumns
{
    /// <summary>The random salt of this version's ledger commitment (docs/ledger.md).</summary>
    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();

    public static SupplyObservationVersionRow From(ObservationVersion version, byte[]? salt = null)
    {
        var row = new SupplyObservationVersionRow { SituationId = "", ObservationId = "", Kind = "", DatePrecision = "", RecordedBy = "", Reason = "" };
        row.CopyFrom(version);
        if (salt is not null)
        {
            row.Salt = salt;
        }
        return row;
    }
}

internal sealed class SupplyRowConfiguration : IEntityTypeConfiguration<SupplyObservationRow>, IEntityTypeConfiguration<SupplyObservationVersionRow>
{
    public void Configure(EntityTypeBuilder<SupplyObservationRow> builder)
    {
        builder.ToTable("supply_observations");
        builder.HasKey(o => o.RowId);
        builder.HasIndex(o => new { o.SituationId, o.ObservationId }).IsUnique();
        builder.HasIndex(o => new { o.SituationId, o.Kind, o.Date });
    }

    public void Configure(EntityTypeBuilder<SupplyObservationVersionRow> builder)
    {
        builder.ToTable("supply_observation_versions");
        builder.HasKey(o => o.RowId);
        builder.HasIndex(o => new { o.SituationId, o.ObservationId, o.Version }).IsUnique();
    }
}
