using Lifeline.Core.Common;

namespace Lifeline.Core.Airlift;

/// <summary>
/// Plans an airlift: the integer programme of docs/airlift.md over sorties[day, type, route], solved with SCIP
/// (OR-Tools) lexicographically — first the priority-weighted shortfall, then the cost (or the aircraft used, then
/// the cost). Each objective is first solved on the horizon-aggregated relaxation, whose optimum is a proven lower
/// bound; when a full plan reaches that bound it is proven optimal at once, otherwise SCIP searches the full
/// programme until the time limit and the plan reports the remaining gap. Time comes from the injected clock.
/// </summary>
public sealed class AirliftPlanner(TimeProvider clock)
{
    public const string Engine = "SCIP via Google OR-Tools 9.15";

    public AirliftPlan Plan(AirliftScenario scenario, CancellationToken cancel = default)
    {
        var started = clock.GetTimestamp();
        var budget = TimeSpan.FromSeconds(scenario.TimeLimitSeconds);
        TimeSpan Remaining() => budget - clock.GetElapsedTime(started);

        var network = AirliftNetwork.Compile(scenario);
        var solved = Solve(network, Remaining, clock, cancel);
        var plan = solved.Sorties;
        var days = scenario.HorizonDays;
        var kinds = network.Kinds;

        var capacity = Enumerable.Range(0, days)
            .Select(d => kinds.Aggregate(Tonnes.Zero, (sum, k) => sum + k.Payload * plan[d, k.Index]))
            .ToList();
        var allocation = DeliveryAllocation.Allocate(capacity, scenario.Demand);
        var demand = scenario.Demand;

        var sorties = new List<SortieCount>();
        var planDays = new List<PlanDay>();
        var deliveries = new List<CommodityDay>();
        for (var d = 0; d < days; d++)
        {
            var count = 0;
            foreach (var k in kinds.Where(k => plan[d, k.Index] > 0))
            {
                sorties.Add(new SortieCount(d + 1, k.Aircraft.Type, k.Route.Origin.Code, k.Route.Destination.Code, plan[d, k.Index]));
                count += plan[d, k.Index];
            }
            var need = Tonnes.Zero;
            var delivered = Tonnes.Zero;
            var shortfall = Tonnes.Zero;
            for (var c = 0; c < demand.Count; c++)
            {
                var a = allocation[d, c];
                deliveries.Add(new CommodityDay(d + 1, demand[c].Commodity, a.Need, a.Delivered, a.Shortfall, a.StockAtEnd));
                need += a.Need;
                delivered += a.Delivered;
                shortfall += a.Shortfall;
            }
            planDays.Add(new PlanDay(d + 1, need, delivered, shortfall, capacity[d], count));
        }
        var commodities = demand.Select((line, c) => new CommodityTotal(
            line.Commodity, line.Priority, line.PerDay * days, line.StockAtStart,
            Enumerable.Range(0, days).Aggregate(Tonnes.Zero, (s, d) => s + allocation[d, c].Delivered),
            Enumerable.Range(0, days).Aggregate(Tonnes.Zero, (s, d) => s + allocation[d, c].Shortfall))).ToList();

        var cost = kinds.Aggregate(Money.Zero, (sum, k) => sum + Money.From(k.CostPerSortie.Value * Enumerable.Range(0, days).Sum(d => plan[d, k.Index])));
        var shortAnyDay = commodities.Any(c => c.Shortfall.Kilograms > 0);
        // What binds gets its own small budget after the solve: a fifth of the time limit, at least 2 s.
        var bindingStarted = clock.GetTimestamp();
        var bindingBudget = TimeSpan.FromSeconds(Math.Max(2, 0.2 * scenario.TimeLimitSeconds));
        var (dailyCapacity, binding, complete) = BindingAnalysis.Find(network, plan, shortAnyDay, solved.Held, () => bindingBudget - clock.GetElapsedTime(bindingStarted), cancel);

        var notes = new List<string>(network.Notes);
        if (scenario.DemandPerDay.Kilograms == 0)
        {
            notes.Add("There is no demand to deliver: no sortie is planned.");
        }
        notes.AddRange(PlanChecker.Check(network, plan));
        if (!complete)
        {
            notes.Add("Not every resource was checked for what one more unit would give: the time for it ran out.");
        }
        if (!network.Kinds.Any(k => k.CostPerSortie.Value > 0))
        {
            notes.Add("No aircraft type has a cost per flight hour: the cost is 0 and does not steer the plan.");
        }

        var elapsed = clock.GetElapsedTime(started);
        return new AirliftPlan(
            scenario,
            new Optimality(solved.Proven, solved.Gap, solved.Unproven is { } g ? KebabCase.Of(g) : null, Engine, elapsed, solved.Phases),
            sorties, planDays, deliveries, commodities,
            AircraftUses(network, plan), AirportUses(network, plan),
            cost, dailyCapacity, binding, QuickEstimate.For(network), network.Routes, notes)
        {
            Summary = PlanNarrative.Summarise(planDays, commodities, dailyCapacity, scenario.DemandPerDay),
        };
    }

    internal sealed record Solved(int[,] Sorties, bool Proven, double Gap, Goal? Unproven, IReadOnlyList<(Goal Goal, double Value)> Held, IReadOnlyList<SolvePhase> Phases);

    internal static IReadOnlyList<Goal> GoalsOf(AirliftNetwork network)
    {
        var goals = new List<Goal> { Goal.WeightedShortfall };
        if (network.Scenario.Objective == PlanObjective.Aircraft)
        {
            goals.Add(Goal.AircraftUsed);
        }
        if (network.Kinds.Any(k => k.CostPerSortie.Value > 0))
        {
            goals.Add(Goal.Cost);
        }
        return goals;
    }

    private static Solved Solve(AirliftNetwork network, Func<TimeSpan> remaining, TimeProvider clock, CancellationToken cancel)
    {
        var scenario = network.Scenario;
        var plan = new int[scenario.HorizonDays, network.Kinds.Count];
        if (scenario.DemandPerDay.Kilograms == 0 || !network.CanFly)
        {
            // Nothing to carry, or nothing can fly: no sortie is the only plan, and it is optimal.
            return new Solved(plan, true, 0, null, [], [new SolvePhase(KebabCase.Of(Goal.WeightedShortfall), Evaluate(network, Goal.WeightedShortfall, plan), 0, true, "trivial", TimeSpan.Zero)]);
        }
        var countAircraft = scenario.Objective == PlanObjective.Aircraft;
        // Every day has the same limits, so one day's most is every day's most: flying that pattern every day is
        // the plan to beat when demand is above capacity, and H × that most caps what any plan carries.
        var (busiestDayPayload, busiestDay, dailyBound) = BindingAnalysis.DailyMaximum(network, remaining, cancel, cheapest: true);
        var everyDayAtMost = new int[scenario.HorizonDays, network.Kinds.Count];
        for (var d = 0; d < scenario.HorizonDays; d++)
        {
            for (var k = 0; k < network.Kinds.Count; k++)
            {
                everyDayAtMost[d, k] = busiestDay[k];
            }
        }
        double? payloadBound = double.IsFinite(dailyBound) ? dailyBound : null;
        var held = new List<(Goal, double)>();
        var proven = true;
        var gap = 0.0;
        Goal? unproven = null;
        var phases = new List<SolvePhase>();
        foreach (var goal in GoalsOf(network))
        {
            var phaseStarted = clock.GetTimestamp();
            var method = "bound reached";
            var bound = double.NegativeInfinity;
            int[]? totals = null;
            double value = double.NaN;
            var phaseProven = false;
            if (goal == Goal.Cost && held.Count == 1 && phases.Count == 1 && phases[0].Method.StartsWith("bound reached (the daily most", StringComparison.Ordinal)
                && AboveCapacityEveryDay(network, busiestDayPayload))
            {
                // Demand (net of stock) is above the daily most on every day, and the first phase is at H × f(most):
                // since a day's weighted shortfall falls by at least 1 per tonne carried, a plan within the hold
                // carries at least most − slack on every day, so it costs at least H × (cheapest day carrying that).
                var slack = MipProgram.Slack(held[0].Item2) + 1e-6;
                var floor = BindingAnalysis.CheapestDay(network, (double)busiestDayPayload.Value - slack, remaining, cancel);
                var cost = Evaluate(network, Goal.Cost, everyDayAtMost);
                if (floor is { } perDay && cost <= perDay * scenario.HorizonDays + MipProgram.Slack(cost))
                {
                    plan = everyDayAtMost;
                    value = cost;
                    bound = perDay * scenario.HorizonDays;
                    phaseProven = true;
                    method = "bound reached (the cheapest busiest day, every day)";
                }
            }
            if (!phaseProven)
            {
                using var aggregate = new AggregateProgram(network, countAircraft, payloadBound);
                foreach (var (g, v) in held)
                {
                    aggregate.Hold(g, v);
                }
                aggregate.Minimise(goal);
                // The relaxation is for a bound and totals to try; it gets a share of the time, not all of it.
                var share = TimeSpan.FromSeconds(Math.Clamp(0.2 * scenario.TimeLimitSeconds, 0.2, 10));
                var outcome = aggregate.Run(Positive(remaining() < share ? remaining() : share), cancel);
                if (outcome.HasSolution)
                {
                    bound = outcome.Proven ? outcome.Value : outcome.Bound;
                    totals = aggregate.Totals();
                }
            }

            if (!phaseProven && goal == Goal.WeightedShortfall && Evaluate(network, goal, everyDayAtMost) is var busiest && busiest <= bound + MipProgram.Slack(bound))
            {
                plan = everyDayAtMost;
                value = busiest;
                phaseProven = true;
                method = "bound reached (the daily most, every day)";
            }
            var left = remaining();
            if (!phaseProven && totals is not null && left > TimeSpan.Zero)
            {
                using var fixedTotals = new HorizonProgram(network, countAircraft, totals);
                foreach (var (g, v) in held)
                {
                    fixedTotals.Hold(g, v);
                }
                fixedTotals.Minimise(goal);
                // When the aggregate bound is tight this is a quick search for any plan with those totals; when it is not,
                // proving that none exists can take long, so it gets a small share of the time.
                var share = TimeSpan.FromSeconds(Math.Clamp(0.05 * scenario.TimeLimitSeconds, 0.5, 1.5));
                var result = fixedTotals.Run(left < share ? left : share, cancel);
                if (result.HasSolution && result.Value <= bound + MipProgram.Slack(bound))
                {
                    plan = fixedTotals.Sorties();
                    value = result.Value;
                    phaseProven = true;
                }
            }
            if (!phaseProven)
            {
                method = "search";
                var rest = remaining();
                var found = false;
                if (rest > TimeSpan.Zero)
                {
                    using var full = new HorizonProgram(network, countAircraft);
                    foreach (var (g, v) in held)
                    {
                        full.Hold(g, v);
                    }
                    full.Minimise(goal);
                    full.Hint(plan);
                    var result = full.Run(rest, cancel);
                    if (result.HasSolution)
                    {
                        found = true;
                        plan = full.Sorties();
                        value = result.Value;
                        bound = Math.Max(bound, result.Bound);
                        phaseProven = result.Proven || value <= bound + MipProgram.Slack(bound);
                    }
                }
                if (!found)
                {
                    // Out of time before any better plan: keep the previous phase's plan, which meets every hold.
                    value = Evaluate(network, goal, plan);
                }
            }
            if (!phaseProven && proven)
            {
                proven = false;
                unproven = goal;
                // A bound at or below zero proves nothing about a cost that is never negative: the gap is then 1, its ceiling.
                gap = double.IsFinite(bound) ? Math.Clamp((value - bound) / Math.Max(Math.Abs(value), 1e-9), 0, 1) : 1;
            }
            held.Add((goal, value));
            phases.Add(new SolvePhase(KebabCase.Of(goal), value, double.IsFinite(bound) ? bound : 0, phaseProven, method, clock.GetElapsedTime(phaseStarted)));
        }
        return new Solved(plan, proven, gap, unproven, held, phases);
    }

    /// <summary>Whether every day's demand not covered by the stock at start is at least <paramref name="most"/>.</summary>
    private static bool AboveCapacityEveryDay(AirliftNetwork network, Tonnes most)
    {
        var demand = network.Scenario.Demand;
        var stock = demand.Select(d => d.StockAtStart.Kilograms).ToArray();
        for (var d = 0; d < network.Scenario.HorizonDays; d++)
        {
            var net = 0L;
            for (var c = 0; c < demand.Count; c++)
            {
                var fromStock = Math.Min(stock[c], demand[c].PerDay.Kilograms);
                stock[c] -= fromStock;
                net += demand[c].PerDay.Kilograms - fromStock;
            }
            if (net < most.Kilograms)
            {
                return false;
            }
        }
        return true;
    }

    private static TimeSpan Positive(TimeSpan t) => t > TimeSpan.FromMilliseconds(200) ? t : TimeSpan.FromMilliseconds(200);

    /// <summary>An objective's value for a plan, computed exactly (used when the solver ran out of time).</summary>
    internal static double Evaluate(AirliftNetwork network, Goal goal, int[,] plan)
    {
        var scenario = network.Scenario;
        var days = scenario.HorizonDays;
        switch (goal)
        {
            case Goal.WeightedShortfall:
                var capacity = Enumerable.Range(0, days).Select(d => network.Kinds.Aggregate(Tonnes.Zero, (s, k) => s + k.Payload * plan[d, k.Index])).ToList();
                return (double)DeliveryAllocation.WeightedShortfall(DeliveryAllocation.Allocate(capacity, scenario.Demand), scenario.Demand);
            case Goal.AircraftUsed:
                return AircraftUses(network, plan).Sum(a => a.Used);
            case Goal.Cost:
                return (double)network.Kinds.Sum(k => k.CostPerSortie.Value * Enumerable.Range(0, days).Sum(d => plan[d, k.Index]));
            default:
                throw new ArgumentOutOfRangeException(nameof(goal));
        }
    }

    internal static IReadOnlyList<AircraftUse> AircraftUses(AirliftNetwork network, int[,] plan)
    {
        var scenario = network.Scenario;
        var days = scenario.HorizonDays;
        return scenario.Aircraft.Select((type, t) =>
        {
            var own = network.Kinds.Where(k => k.TypeIndex == t).ToList();
            var used = 0;
            var flying = 0.0;
            var cycle = 0.0;
            var count = 0;
            for (var d = 0; d < days; d++)
            {
                var dayFlying = own.Sum(k => plan[d, k.Index] * k.FlightHours);
                var dayCycle = own.Sum(k => plan[d, k.Index] * k.CycleHours);
                used = Math.Max(used, (int)Math.Ceiling(Math.Max(dayFlying / type.MaxHoursPerDay.Value, dayCycle / 24) - 1e-9));
                flying += dayFlying;
                cycle += dayCycle;
                count += own.Sum(k => plan[d, k.Index]);
            }
            var flyingCapacity = days * type.Available * type.MaxHoursPerDay.Value;
            var dayCapacity = days * type.Available * 24.0;
            return new AircraftUse(type.Type, type.Available, used, count, flying,
                flyingCapacity > 0 ? flying / flyingCapacity : 0, dayCapacity > 0 ? cycle / dayCapacity : 0);
        }).ToList();
    }

    private static IReadOnlyList<AirportUse> AirportUses(AirliftNetwork network, int[,] plan)
    {
        var days = network.Scenario.HorizonDays;
        return network.Scenario.Airports.Select(airport =>
        {
            var isOrigin = airport.Role == AirportRole.Origin;
            var through = network.Kinds.Where(k => k.Route.Origin == airport || k.Route.Destination == airport).ToList();
            var landings = 0;
            var ground = 0.0;
            for (var d = 0; d < days; d++)
            {
                foreach (var k in through)
                {
                    landings += plan[d, k.Index];
                    ground += plan[d, k.Index] * (isOrigin ? k.Aircraft.GroundTimeOrigin : k.Aircraft.GroundTimeDestination).Value;
                }
            }
            var slots = days * airport.LandingSlotsPerDay;
            var groundCapacity = days * airport.GroundHoursPerDay;
            return new AirportUse(airport.Code, airport.Role, landings, slots, slots > 0 ? (double)landings / slots : 0,
                ground, groundCapacity, groundCapacity > 0 ? ground / groundCapacity : 0)
            {
                Name = airport.Name,
            };
        }).ToList();
    }
}
