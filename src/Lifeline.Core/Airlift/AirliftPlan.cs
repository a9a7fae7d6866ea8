namespace Lifeline.Core.Airlift;

/// <summary>Sorties of one aircraft type on one route on one day (day 1 is the first day of the horizon).</summary>
public sealed record SortieCount(int Day, string Aircraft, string From, string To, int Count);

/// <summary>One day of the plan, all commodities together.</summary>
/// <param name="Capacity">Payload flown that day (what the sorties could carry).</param>
public sealed record PlanDay(int Day, Tonnes Need, Tonnes Delivered, Tonnes Shortfall, Tonnes Capacity, int Sorties);

/// <summary>One commodity on one day.</summary>
public sealed record CommodityDay(int Day, string Commodity, Tonnes Need, Tonnes Delivered, Tonnes Shortfall, Tonnes StockAtEnd);

/// <summary>One commodity over the horizon.</summary>
public sealed record CommodityTotal(string Commodity, Priority Priority, Tonnes Need, Tonnes StockAtStart, Tonnes Delivered, Tonnes Shortfall);

/// <summary>How hard a type's aircraft work: shares are of what the available aircraft allow, 0 to 1.</summary>
/// <param name="Used">The most aircraft of the type flying on any day: ⌈max(flying hours / maxHoursPerDay, cycle hours / 24)⌉.</param>
public sealed record AircraftUse(string Aircraft, int Available, int Used, int Sorties, double FlyingHours, double FlyingShare, double DayShare);

/// <summary>How full an airfield is: shares are of its daily limits over the horizon, 0 to 1.</summary>
public sealed record AirportUse(string Code, AirportRole Role, int Landings, int LandingSlots, double LandingShare, double GroundHours, double GroundCapacityHours, double GroundShare)
{
    /// <summary>The airfield's name, when the scenario gives one.</summary>
    public string? Name { get; init; }

    /// <summary>"Yerevan Zvartnots (UDYZ)", or the code alone.</summary>
    public string Label => Name is null ? Code : $"{Name} ({Code})";
}

/// <summary>
/// A limit that holds the plan back, in words, with what one more unit of it would give: tonnes a day more when
/// demand is not met, or money saved over the horizon when it is.
/// </summary>
/// <param name="Limit">The limit as the model names it (docs/airlift.md).</param>
/// <param name="Lever">What "one more unit" is: one more aircraft, one more landing slot an hour, MOG + 1, one more opening hour.</param>
public sealed record BindingConstraint(LimitKind Limit, string Subject, string Lever, string Text, Tonnes? GainPerDay, Money? Saving, int? AircraftSaved);

/// <summary>One objective of the lexicographic solve: its value, its proven lower bound, and how it was settled.</summary>
/// <param name="Method">"bound reached" when a plan met the aggregated relaxation's bound, "search" when SCIP searched the full programme, "trivial" when nothing could or had to fly.</param>
public sealed record SolvePhase(string Objective, double Value, double Bound, bool Proven, string Method, TimeSpan Elapsed);

/// <summary>Whether the solver proved the plan best, and if not how far from the proven bound it may be.</summary>
/// <param name="Gap">(value − bound) / value of the first objective not proven, between 0 (proven) and 1 (the bound proves nothing).</param>
/// <param name="Unproven">Which objective was not proven optimal, or null.</param>
public sealed record Optimality(bool Proven, double Gap, string? Unproven, string Engine, TimeSpan Elapsed, IReadOnlyList<SolvePhase> Phases);

/// <summary>
/// An airlift plan: sorties per day, type and route, what they deliver, what is left short, what it costs, what
/// binds, and the closed-form estimate beside it. Computed from a scenario; nothing is stored.
/// </summary>
public sealed record AirliftPlan(
    AirliftScenario Scenario,
    Optimality Optimality,
    IReadOnlyList<SortieCount> Sorties,
    IReadOnlyList<PlanDay> Days,
    IReadOnlyList<CommodityDay> Deliveries,
    IReadOnlyList<CommodityTotal> Commodities,
    IReadOnlyList<AircraftUse> Aircraft,
    IReadOnlyList<AirportUse> Airports,
    Money Cost,
    Tonnes DailyCapacity,
    IReadOnlyList<BindingConstraint> Binding,
    IReadOnlyList<QuickEstimate> Estimate,
    IReadOnlyList<RouteLeg> Routes,
    IReadOnlyList<string> Notes)
{
    /// <summary>What the plan comes to, in words read off its own days (<see cref="PlanNarrative"/>): short days named, and days met from stock.</summary>
    public string Summary { get; init; } = "";

    public Tonnes Need => Commodities.Aggregate(Tonnes.Zero, (s, c) => s + c.Need);

    public Tonnes Delivered => Commodities.Aggregate(Tonnes.Zero, (s, c) => s + c.Delivered);

    public Tonnes Shortfall => Commodities.Aggregate(Tonnes.Zero, (s, c) => s + c.Shortfall);

    public int SortieTotal => Sorties.Sum(s => s.Count);

    public IReadOnlyDictionary<string, int> AircraftUsed => Aircraft.ToDictionary(a => a.Aircraft, a => a.Used, StringComparer.Ordinal);
}
