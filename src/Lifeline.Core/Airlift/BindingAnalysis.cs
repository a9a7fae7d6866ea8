using System.Globalization;

namespace Lifeline.Core.Airlift;

/// <summary>
/// Finds the limits that hold a plan back and what one more unit of each would give, by solving again with that
/// one resource raised: one more aircraft of a type, one more landing slot an hour, room for one more aircraft on
/// the ground (MOG + 1), one more opening hour. When demand is not met, the gain is in tonnes a day of daily
/// capacity (the one-day programme, exact); when it is, the saving is in the chosen objective over the horizon
/// (the aggregated programme, a lower bound that the planner reaches whenever it proves a plan optimal).
/// LP duals would be cheaper but answer for an infinitesimal fraction of an aircraft, not for one more.
/// </summary>
internal static class BindingAnalysis
{
    private sealed record Lever(LimitKind Limit, string Subject, string Words, Func<DailyLimit, double> Capacity, string Situation);

    /// <returns>Complete is false when <paramref name="remaining"/> ran out before every resource was tried.</returns>
    public static (Tonnes DailyCapacity, IReadOnlyList<BindingConstraint> Binding, bool Complete) Find(
        AirliftNetwork network, int[,] plan, bool shortfall, IReadOnlyList<(Goal Goal, double Value)> held,
        Func<TimeSpan> remaining, CancellationToken cancel)
    {
        if (!network.CanFly)
        {
            return (Tonnes.Zero, [], true);
        }
        var (capacity, daySorties) = DailyCapacity(network, remaining, cancel);
        var levers = Levers(network);
        var binding = new List<BindingConstraint>();
        var complete = true;
        if (shortfall)
        {
            foreach (var lever in levers)
            {
                if (remaining() <= TimeSpan.Zero)
                {
                    complete = false;
                    break;
                }
                var (raised, _) = DailyCapacity(network.WithCapacities(lever.Capacity), remaining, cancel);
                if (raised > capacity)
                {
                    var gain = raised - capacity;
                    binding.Add(new BindingConstraint(lever.Limit, lever.Subject, lever.Words,
                        $"{lever.Situation} limits deliveries to {capacity} a day; {lever.Words} would add {gain} a day.",
                        gain, null, null));
                }
            }
            if (binding.Count == 0 && complete)
            {
                // Several limits bind together: name the full ones, though raising one alone gives nothing.
                foreach (var limit in network.Limits.Where(l => AirliftNetwork.IsFull(l, AirliftNetwork.Usage(l, k => daySorties[k]))))
                {
                    var lever = levers.FirstOrDefault(l => l.Limit == limit.Kind && l.Subject == limit.Subject);
                    binding.Add(new BindingConstraint(limit.Kind, limit.Subject, lever?.Words ?? "",
                        $"{Capitalised(limit.Describe())} is full at the daily capacity of {capacity}; with other limits full too, raising it alone by one unit adds nothing.",
                        Tonnes.Zero, null, null));
                }
            }
            return (capacity, binding, complete);
        }

        // Demand is met: what binds is what keeps the chosen objective from being lower.
        var goals = AirliftPlanner.GoalsOf(network);
        if (goals.Count < 2)
        {
            return (capacity, binding, true);
        }
        var goal = goals[1];
        var holds = held.Where(h => h.Goal == Goal.WeightedShortfall).ToList();
        var baseline = AggregateOptimum(network, goal, holds, remaining, cancel);
        if (baseline is null)
        {
            return (capacity, binding, false);
        }
        var days = network.Scenario.HorizonDays;
        foreach (var lever in levers)
        {
            if (remaining() <= TimeSpan.Zero)
            {
                complete = false;
                break;
            }
            var limits = network.Limits.Where(l => lever.Capacity(l) != l.Capacity).ToList();
            var fullDays = Enumerable.Range(0, days).Count(d => limits.Any(l => AirliftNetwork.IsFull(l, AirliftNetwork.Usage(l, k => plan[d, k]))));
            if (fullDays == 0)
            {
                continue;
            }
            var raised = AggregateOptimum(network.WithCapacities(lever.Capacity), goal, holds, remaining, cancel);
            if (raised is null || raised.Value >= baseline.Value - MipProgram.Slack(baseline.Value))
            {
                continue;
            }
            var when = fullDays == days ? "every day" : $"on {fullDays} of {days} days";
            if (goal == Goal.Cost)
            {
                var saving = Money.From((decimal)(baseline.Value - raised.Value));
                binding.Add(new BindingConstraint(lever.Limit, lever.Subject, lever.Words,
                    $"{lever.Situation} is fully used {when}; {lever.Words} would save about {saving} over the {days} days.",
                    null, saving, null));
            }
            else
            {
                var fewer = (int)Math.Round(baseline.Value - raised.Value);
                binding.Add(new BindingConstraint(lever.Limit, lever.Subject, lever.Words,
                    $"{lever.Situation} is fully used {when}; {lever.Words} would let the plan use {fewer} fewer aircraft.",
                    null, null, fewer));
            }
        }
        return (capacity, binding, complete);
    }

    /// <summary>The most tonnes one day's sorties can carry, and those sorties.</summary>
    internal static (Tonnes Capacity, int[] Sorties) DailyCapacity(AirliftNetwork network, Func<TimeSpan> remaining, CancellationToken cancel)
    {
        var (capacity, sorties, _) = DailyMaximum(network, remaining, cancel);
        return (capacity, sorties);
    }

    /// <summary>The daily capacity with the solver's proven upper bound on it (equal when proven).</summary>
    /// <param name="cheapest">Among the days carrying the most, return the cheapest.</param>
    internal static (Tonnes Capacity, int[] Sorties, double Bound) DailyMaximum(AirliftNetwork network, Func<TimeSpan> remaining, CancellationToken cancel, bool cheapest = false)
    {
        using var day = new DayProgram(network);
        var outcome = day.Run(Budget(remaining), cancel, maximise: true);
        if (!outcome.HasSolution)
        {
            return (Tonnes.Zero, new int[network.Kinds.Count], double.PositiveInfinity);
        }
        var sorties = day.Sorties();
        var bound = outcome.Proven ? outcome.Value : outcome.Bound;
        if (cheapest && network.Kinds.Any(k => k.CostPerSortie.Value > 0))
        {
            day.CheapestCarrying(outcome.Value, network.Kinds);
            if (day.Run(Budget(remaining), cancel).HasSolution)
            {
                sorties = day.Sorties();
            }
        }
        return (network.Kinds.Aggregate(Tonnes.Zero, (s, k) => s + k.Payload * sorties[k.Index]), sorties, bound);
    }

    /// <summary>The proven least cost of one day's sorties carrying at least <paramref name="payload"/> tonnes, or null.</summary>
    internal static double? CheapestDay(AirliftNetwork network, double payload, Func<TimeSpan> remaining, CancellationToken cancel)
    {
        using var day = new DayProgram(network);
        day.CheapestCarrying(payload, network.Kinds);
        var outcome = day.Run(Budget(remaining), cancel);
        return outcome.Proven ? outcome.Value : null;
    }

    private static double? AggregateOptimum(AirliftNetwork network, Goal goal, IReadOnlyList<(Goal Goal, double Value)> holds, Func<TimeSpan> remaining, CancellationToken cancel)
    {
        using var aggregate = new AggregateProgram(network, network.Scenario.Objective == PlanObjective.Aircraft);
        foreach (var (g, v) in holds)
        {
            aggregate.Hold(g, v);
        }
        aggregate.Minimise(goal);
        var outcome = aggregate.Run(Budget(remaining), cancel);
        return outcome.Proven ? outcome.Value : null;
    }

    /// <summary>Each re-solve is small; it gets what is left of the time limit, at least half a second, at most two.</summary>
    private static TimeSpan Budget(Func<TimeSpan> remaining)
    {
        var left = remaining();
        return left < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : left > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : left;
    }

    private static List<Lever> Levers(AirliftNetwork network)
    {
        var scenario = network.Scenario;
        var levers = new List<Lever>();
        foreach (var type in scenario.Aircraft.Where(a => network.Limits.Any(l => l.Kind == LimitKind.AircraftDay && l.Subject == a.Type)))
        {
            levers.Add(new Lever(LimitKind.AircraftDay, type.Type, $"one more {type.Type}",
                l => l.Subject == type.Type && l.Kind is LimitKind.FlyingHours or LimitKind.AircraftDay ? l.Capacity + l.PerAircraft : l.Capacity,
                $"The {type.Type} fleet ({Count(type.Available, "aircraft")}, {Number(type.MaxHoursPerDay.Value)} flying hours a day each)"));
        }
        foreach (var airport in scenario.Airports.Where(a => network.Limits.Any(l => l.Kind == LimitKind.LandingSlots && l.Subject == a.Code)))
        {
            var open = airport.OpenHoursPerDay.Value;
            var perHour = Math.Max(1, Math.Floor(open + 1e-9));
            levers.Add(new Lever(LimitKind.LandingSlots, airport.Code, "one more landing slot an hour",
                l => l.Subject == airport.Code && l.Kind == LimitKind.LandingSlots ? l.Capacity + perHour : l.Capacity,
                $"The landing interval at {airport.Label} (one landing every {airport.MinLandingIntervalSeconds} s, {Number(open)} h a day: {airport.LandingSlotsPerDay:N0} landings)"));
            levers.Add(new Lever(LimitKind.GroundTime, airport.Code, "room for one more aircraft on the ground",
                l => l.Subject == airport.Code && l.Kind == LimitKind.GroundTime ? l.Capacity + open : l.Capacity,
                $"Ground space at {airport.Label} ({Count(airport.MaxOnGround, "aircraft")} at once, {Number(open)} h a day)"));
            if (open <= 23)
            {
                var slots = Math.Floor((open + 1) * 3600.0 / airport.MinLandingIntervalSeconds + 1e-9);
                levers.Add(new Lever(LimitKind.LandingSlots, airport.Code, "one more opening hour a day",
                    l => l.Subject != airport.Code ? l.Capacity
                        : l.Kind == LimitKind.LandingSlots ? slots
                        : l.Kind == LimitKind.GroundTime ? airport.MaxOnGround * (open + 1) : l.Capacity,
                    $"Opening {airport.Label} only {Number(open)} h a day"));
            }
        }
        return levers;
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Count(int n, string what) => $"{n.ToString("N0", CultureInfo.InvariantCulture)} {what}";

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
