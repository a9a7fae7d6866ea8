namespace Lifeline.Core.Airlift;

/// <summary>
/// The closed-form planning estimate, shown beside the optimised plan as a cross-check: if this type alone carried
/// the whole daily demand on its shortest usable route, it would need ⌈demand / payload⌉ sorties a day and
/// ⌈max(sorties × flight hours / max hours per day, sorties × cycle hours / 24)⌉ aircraft. Those are the plan's own
/// fleet limits (an aircraft flies at most its hours a day, and its flights and ground times fit in 24 hours), so the
/// estimate and the plan count aircraft the same way. Airfield limits (landing interval, ground space, opening hours)
/// are left out, and so is stock carried from day to day: every day's demand is flown that day.
/// </summary>
/// <param name="Route">The route the estimate uses, or null when the type can use none (or may fly 0 hours a day).</param>
/// <param name="FlightHours">Out loaded and back empty: 2 × distance / cruise speed.</param>
/// <param name="SortiesPerDay">⌈demand per day / payload⌉.</param>
/// <param name="AircraftNeeded">⌈max(sorties × flightHours / maxHoursPerDay, sorties × cycleHours / 24)⌉.</param>
public sealed record QuickEstimate(string Aircraft, string? Route, double FlightHours, double CycleHours, int SortiesPerDay, int AircraftNeeded, int Available)
{
    public bool Enough => Route is not null && AircraftNeeded <= Available;

    public static IReadOnlyList<QuickEstimate> For(AirliftNetwork network)
    {
        var demand = network.Scenario.DemandPerDay;
        var lines = new List<QuickEstimate>();
        for (var t = 0; t < network.Scenario.Aircraft.Count; t++)
        {
            var type = network.Scenario.Aircraft[t];
            var best = network.Kinds.Where(k => k.TypeIndex == t).OrderBy(k => k.CycleHours).FirstOrDefault();
            if (best is null || type.MaxHoursPerDay.Value <= 0)
            {
                lines.Add(new QuickEstimate(type.Type, null, 0, 0, 0, 0, type.Available));
                continue;
            }
            var sorties = (int)Math.Ceiling((double)demand.Kilograms / type.Payload.Kilograms);
            var flying = sorties * best.FlightHours / type.MaxHoursPerDay.Value;
            var day = sorties * best.CycleHours / 24;
            var aircraft = (int)Math.Ceiling(Math.Max(flying, day) - 1e-9);
            lines.Add(new QuickEstimate(type.Type, best.Route.Name, best.FlightHours, best.CycleHours, sorties, aircraft, type.Available));
        }
        return lines;
    }
}
