namespace Lifeline.Core.Airlift;

/// <summary>
/// How much a shortfall of a commodity matters: medical before food before fuel before anything else.
/// On the wire: <c>medical</c>, <c>food</c>, <c>fuel</c>, <c>other</c>.
/// </summary>
public enum Priority
{
    Medical,
    Food,
    Fuel,
    Other,
}

/// <summary>Whether an airfield is where cargo is loaded (origin) or where it is needed (destination).</summary>
public enum AirportRole
{
    Origin,
    Destination,
}

/// <summary>What the planner minimises once the priority-weighted shortfall is as small as it can be.</summary>
public enum PlanObjective
{
    /// <summary>Then the flying cost (Σ sorties × flight hours × cost per flight hour).</summary>
    Cost,

    /// <summary>Then the number of aircraft used (summed over types), and then the cost.</summary>
    Aircraft,
}

public static class Priorities
{
    /// <summary>
    /// The weight of one tonne short. Any strictly decreasing positive weights give the same plans, because a
    /// tonne of payload can carry any commodity: a plan that left medical supplies short while flying fuel could
    /// swap the two and do better. Powers of two keep the sums exact in floating point.
    /// </summary>
    public static int Weight(this Priority priority) => priority switch
    {
        Priority.Medical => 8,
        Priority.Food => 4,
        Priority.Fuel => 2,
        Priority.Other => 1,
    };
}

/// <summary>What must be delivered each day of one commodity, and how much of it is in store on day 1.</summary>
/// <param name="Commodity">A name the planner's user chose ("flour", "insulin", "coal").</param>
public sealed record DemandLine(string Commodity, Tonnes PerDay, Priority Priority, Tonnes StockAtStart);

/// <summary>
/// An aircraft type and how it is flown. <paramref name="Payload"/> is the planning load per sortie (at most the
/// maximum payload); a sortie flies out loaded and back empty.
/// </summary>
/// <param name="MaxHoursPerDay">Flying hours one aircraft may fly in a day (crews, maintenance): the utilisation rate.</param>
/// <param name="Available">Aircraft of this type that can be used each day; 0 means none.</param>
/// <param name="MinRunwayMeters">The shortest runway it can use; it gets no sorties to or from a shorter one.</param>
public sealed record AircraftType(
    string Type,
    Tonnes Payload,
    KilometresPerHour Cruise,
    Hours GroundTimeOrigin,
    Hours GroundTimeDestination,
    Hours MaxHoursPerDay,
    int Available,
    Money CostPerFlightHour,
    int MinRunwayMeters);

/// <summary>
/// An airfield. Each day it is open <paramref name="OpenHoursPerDay"/> hours; aircraft land at least
/// <paramref name="MinLandingIntervalSeconds"/> apart; at most <paramref name="MaxOnGround"/> aircraft stand on its
/// ground at once (MOG). <paramref name="Location"/> is needed only for routes whose distance is not given.
/// </summary>
public sealed record Airport(
    string Code,
    GeoPoint? Location,
    int RunwayMeters,
    int MaxOnGround,
    int MinLandingIntervalSeconds,
    Hours OpenHoursPerDay,
    AirportRole Role)
{
    /// <summary>What the airfield is called ("Yerevan Zvartnots"), when the scenario says; null leaves the code alone.</summary>
    public string? Name { get; init; }

    /// <summary>How people are shown the airfield: its name with the code, "Yerevan Zvartnots (UDYZ)", or the code alone.</summary>
    public string Label => Name is null ? Code : $"{Name} ({Code})";

    /// <summary>Landings a day: ⌊open hours × 3,600 / interval⌋ (a landing is whole).</summary>
    public int LandingSlotsPerDay => (int)Math.Floor(OpenHoursPerDay.Value * 3600.0 / MinLandingIntervalSeconds + 1e-9);

    /// <summary>Aircraft-hours on the ground a day: MOG × open hours.</summary>
    public double GroundHoursPerDay => MaxOnGround * OpenHoursPerDay.Value;
}

/// <summary>A one-way distance between an origin and a destination, as given in the scenario (used as is).</summary>
public sealed record GivenRoute(string From, string To, Kilometres Distance);

/// <summary>
/// A checked airlift scenario: everything the planner needs and nothing it cannot use.
/// Made by <see cref="ScenarioValidator"/> from a <see cref="ScenarioDraft"/>.
/// </summary>
/// <param name="HorizonDays">Days planned, 1 to 366; day 1 is the first.</param>
/// <param name="RoutingFactor">Great-circle distances are multiplied by this (airways are not straight); 1 to 3.</param>
/// <param name="TimeLimitSeconds">The most the solver may spend on the whole plan, 1 to 120 s.</param>
public sealed record AirliftScenario(
    string Name,
    int HorizonDays,
    IReadOnlyList<DemandLine> Demand,
    IReadOnlyList<AircraftType> Aircraft,
    IReadOnlyList<Airport> Airports,
    IReadOnlyList<GivenRoute> Routes,
    double RoutingFactor,
    PlanObjective Objective,
    double TimeLimitSeconds)
{
    public const double DefaultRoutingFactor = 1.1;
    public const double DefaultTimeLimitSeconds = 10;

    public IEnumerable<Airport> Origins => Airports.Where(a => a.Role == AirportRole.Origin);

    public IEnumerable<Airport> Destinations => Airports.Where(a => a.Role == AirportRole.Destination);

    /// <summary>Total demand a day, all commodities.</summary>
    public Tonnes DemandPerDay => Demand.Aggregate(Tonnes.Zero, (sum, d) => sum + d.PerDay);
}
