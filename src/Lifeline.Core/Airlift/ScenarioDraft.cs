using Lifeline.Core.Common;
namespace Lifeline.Core.Airlift;

/// <summary>
/// An airlift scenario as a person or a file gives it (the JSON of docs/airlift.md, camelCase), before anything is
/// checked: every field may be missing or wrong. <see cref="ScenarioValidator"/> turns it into an
/// <see cref="AirliftScenario"/> or says, field by field, what is wrong. <c>source</c> and <c>description</c>
/// fields carry where a figure comes from; the planner does not read them.
/// </summary>
public sealed record ScenarioDraft
{
    [TextRule(80)]
    public string? Name { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Description { get; init; }

    /// <summary>The situation whose people this airlift serves; the page takes the demand from it when it can.</summary>
    [TextRule(InputLimits.Id)]
    public string? Situation { get; init; }

    public int? HorizonDays { get; init; }
    [TextRule(InputLimits.Code, MaxItems = 100)]
    public IReadOnlyList<DemandDraft?>? Demand { get; init; }
    [TextRule(InputLimits.Code, MaxItems = 100)]
    public IReadOnlyList<AircraftDraft?>? Aircraft { get; init; }
    [TextRule(InputLimits.Code, MaxItems = 100)]
    public IReadOnlyList<AirportDraft?>? Airports { get; init; }
    [TextRule(InputLimits.Code, MaxItems = 1000)]
    public IReadOnlyList<RouteDraft?>? Routes { get; init; }
    public double? RoutingFactor { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Objective { get; init; }
    public double? TimeLimitSeconds { get; init; }
}

public sealed record DemandDraft
{
    [TextRule(InputLimits.Code)]
    public string? Commodity { get; init; }
    public double? TonnesPerDay { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Priority { get; init; }
    public double? StockTonnes { get; init; }
    [TextRule(InputLimits.Note, TextLines.Many)]
    public string? Source { get; init; }
}

public sealed record AircraftDraft
{
    [TextRule(InputLimits.Name)]
    public string? Type { get; init; }
    public double? PayloadTonnes { get; init; }
    public double? CruiseKmh { get; init; }
    public double? GroundTimeOriginHours { get; init; }
    public double? GroundTimeDestinationHours { get; init; }
    public double? MaxHoursPerDay { get; init; }
    public int? Available { get; init; }
    public double? CostPerFlightHour { get; init; }
    public int? MinRunwayMeters { get; init; }
    [TextRule(InputLimits.Note, TextLines.Many)]
    public string? Source { get; init; }
}

public sealed record AirportDraft
{
    [TextRule(InputLimits.Code)]
    public string? Code { get; init; }
    [TextRule(InputLimits.Name)]
    public string? Name { get; init; }
    public double? Lat { get; init; }
    public double? Lon { get; init; }
    public int? RunwayMeters { get; init; }
    public int? MaxOnGround { get; init; }
    public int? MinLandingIntervalSeconds { get; init; }
    public double? OpenHoursPerDay { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Role { get; init; }
    [TextRule(InputLimits.Note, TextLines.Many)]
    public string? Source { get; init; }
}

public sealed record RouteDraft
{
    [TextRule(InputLimits.Code)]
    public string? From { get; init; }
    [TextRule(InputLimits.Code)]
    public string? To { get; init; }
    public double? DistanceKm { get; init; }
    [TextRule(InputLimits.Note, TextLines.Many)]
    public string? Source { get; init; }
}
