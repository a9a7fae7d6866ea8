namespace Lifeline.Core.Airlift;

/// <summary>
/// The closed-form planning estimate, shown beside the optimised plan as a cross-check: if this type alone carried
/// the whole daily demand on its shortest usable route, it would need ⌈demand / payload⌉ sorties a day and
/// ⌈sorties × cycle hours / max hours per day⌉ aircraft. Airfield limits are ignored here.
/// </summary>
/// <param name="Route">The route the estimate uses, or null when the type can use none.</param>
/// <param name="SortiesPerDay">⌈demand per day / payload⌉.</param>
/// <param name="AircraftNeeded">⌈sorties × cycleHours / maxHoursPerDay⌉.</param>
public sealed record QuickEstimate(string Aircraft, string? Route, double CycleHours, int SortiesPerDay, int AircraftNeeded, int Available)
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
            if (best is null)
            {
                lines.Add(new QuickEstimate(type.Type, null, 0, 0, 0, type.Available));
                continue;
            }
            var sorties = (int)Math.Ceiling((double)demand.Kilograms / type.Payload.Kilograms);
            var aircraft = (int)Math.Ceiling(sorties * best.CycleHours / type.MaxHoursPerDay.Value - 1e-9);
            lines.Add(new QuickEstimate(type.Type, best.Route.Name, best.CycleHours, sorties, aircraft, type.Available));
        }
        return lines;
    }
}
