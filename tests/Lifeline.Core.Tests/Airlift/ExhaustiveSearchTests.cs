using Lifeline.Core.Airlift;

namespace Lifeline.Core.Tests.Airlift;

/// <summary>
/// Small instances solved two ways: by the planner, and by trying every plan. The exhaustive search below builds the
/// daily limits from the scenario's own figures (the formulas of docs/airlift.md) and computes shortfall by plain
/// day-by-day consumption, sharing no code with the planner.
/// </summary>
public sealed class ExhaustiveSearchTests
{
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Planner_MatchesExhaustiveSearch(int seed, string objective)
    {
        var draft = RandomInstance(new Random(seed)) with { Objective = objective };
        var scenario = AirliftBuilders.Valid(draft);
        var plan = new AirliftPlanner(TimeProvider.System).Plan(scenario, TestContext.Current.CancellationToken);

        var best = Exhaustive(scenario);

        Assert.True(plan.Optimality.Proven, $"seed {seed}: not proven ({plan.Optimality.Unproven})");
        var planShortfall = WeightedShortfallOf(scenario, plan.Days.Select(d => (double)d.Capacity.Value).ToArray());
        Assert.Equal(best.Shortfall, planShortfall, 6);
        if (scenario.Objective == PlanObjective.Aircraft)
        {
            Assert.Equal(best.Aircraft, plan.Aircraft.Sum(a => a.Used));
        }
        Assert.Equal(best.Cost, (double)plan.Cost.Value, 2);
        Assert.All(plan.Days, d => Assert.True(Feasible(scenario, SortiesOn(scenario, plan, d.Day)), $"seed {seed}: day {d.Day} breaks a limit"));
    }

    public static TheoryData<int, string> Seeds()
    {
        var data = new TheoryData<int, string>();
        for (var seed = 1; seed <= 30; seed++)
        {
            data.Add(seed, "cost");
        }
        for (var seed = 31; seed <= 45; seed++)
        {
            data.Add(seed, "aircraft");
        }
        return data;
    }

    [Fact]
    public void StockCarriedOver_LetsAFullAircraftServeTwoDays()
    {
        // 6 t a day for 2 days, one 12 t aircraft that can fly once a day: one sortie on day 1 carries both days' need.
        var draft = AirliftBuilders.Simple(2, [AirliftBuilders.Demand("food", 6)], AirliftBuilders.Aircraft("big", payload: 12));
        var plan = AirliftBuilders.Plan(draft);

        Assert.True(plan.Optimality.Proven);
        Assert.Equal(0m, plan.Shortfall.Value);
        Assert.Equal(1, plan.SortieTotal);
        Assert.Equal(1, plan.Sorties.Single().Day);
        Assert.Equal(6m, plan.Deliveries.Single(d => d.Day == 1).StockAtEnd.Value);
    }

    /// <summary>2 days; 1 origin, 2 destinations at different distances; 2 aircraft types; 2 commodities; tight limits.</summary>
    private static ScenarioDraft RandomInstance(Random random)
    {
        double Pick(params double[] values) => values[random.Next(values.Length)];
        int PickInt(params int[] values) => values[random.Next(values.Length)];
        return new ScenarioDraft
        {
            Name = "random",
            HorizonDays = 2,
            Demand =
            [
                AirliftBuilders.Demand("insulin", Pick(0, 2, 3, 5), "medical", Pick(0, 0, 2)),
                AirliftBuilders.Demand("flour", Pick(4, 7, 9, 13), "food"),
            ],
            Aircraft =
            [
                AirliftBuilders.Aircraft("small", payload: Pick(3, 4), cruise: 100, available: PickInt(1, 2), groundOrigin: 1, groundDestination: Pick(0.5, 1),
                    maxHours: Pick(6, 8, 12), cost: Pick(100, 300)),
                AirliftBuilders.Aircraft("large", payload: Pick(7, 10), cruise: 200, available: 1, groundOrigin: 2, groundDestination: 1,
                    maxHours: Pick(8, 12), cost: Pick(400, 900), runway: PickInt(1000, 2500)),
            ],
            Airports =
            [
                AirliftBuilders.Airport("O", "origin", 3000, mog: PickInt(1, 2), interval: 3600, open: Pick(6, 10)),
                AirliftBuilders.Airport("D1", "destination", 2000, mog: PickInt(1, 2), interval: PickInt(3600, 7200), open: Pick(8, 12)),
                AirliftBuilders.Airport("D2", "destination", 3000, mog: 1, interval: 3600, open: Pick(4, 8)),
            ],
            Routes = [AirliftBuilders.Route("O", "D1", Pick(100, 150)), AirliftBuilders.Route("O", "D2", Pick(200, 300))],
        };
    }

    private sealed record Kind(AircraftType Type, Airport From, Airport To, double Km);

    private static List<Kind> Kinds(AirliftScenario s) =>
        (from type in s.Aircraft
         from route in s.Routes
         let origin = s.Airports.Single(a => a.Code == route.From)
         let destination = s.Airports.Single(a => a.Code == route.To)
         where type.MinRunwayMeters <= origin.RunwayMeters && type.MinRunwayMeters <= destination.RunwayMeters
         select new Kind(type, origin, destination, route.Distance.Value)).ToList();

    private static double Flight(Kind k) => 2 * k.Km / k.Type.Cruise.Value;

    private static double Cycle(Kind k) => Flight(k) + k.Type.GroundTimeOrigin.Value + k.Type.GroundTimeDestination.Value;

    /// <summary>The daily limits of the issue, written out again from the scenario's fields.</summary>
    private static bool Feasible(AirliftScenario s, IReadOnlyDictionary<Kind, int> day)
    {
        foreach (var type in s.Aircraft)
        {
            var own = day.Where(e => e.Key.Type == type).ToList();
            if (own.Sum(e => e.Value * Flight(e.Key)) > type.Available * type.MaxHoursPerDay.Value + 1e-9
                || own.Sum(e => e.Value * Cycle(e.Key)) > type.Available * 24.0 + 1e-9)
            {
                return false;
            }
        }
        foreach (var airport in s.Airports)
        {
            var here = day.Where(e => e.Key.From == airport || e.Key.To == airport).ToList();
            var ground = here.Sum(e => e.Value * (airport.Role == AirportRole.Origin ? e.Key.Type.GroundTimeOrigin : e.Key.Type.GroundTimeDestination).Value);
            if (here.Sum(e => e.Value) > airport.OpenHoursPerDay.Value * 3600 / airport.MinLandingIntervalSeconds + 1e-9
                || ground > airport.MaxOnGround * airport.OpenHoursPerDay.Value + 1e-9)
            {
                return false;
            }
        }
        return true;
    }

    private static Dictionary<Kind, int> SortiesOn(AirliftScenario s, AirliftPlan plan, int day) =>
        Kinds(s).ToDictionary(k => k, k => plan.Sorties.Where(x => x.Day == day && x.Aircraft == k.Type.Type && x.From == k.From.Code && x.To == k.To.Code).Sum(x => x.Count));

    /// <summary>
    /// Every feasible day (at most 6 sorties of a kind), keeping the cheapest for each payload and aircraft count per
    /// type; then every pair of days, compared as the planner's objectives are: shortfall, then (aircraft and) cost.
    /// </summary>
    private static (double Shortfall, int Aircraft, double Cost) Exhaustive(AirliftScenario s)
    {
        var kinds = Kinds(s);
        var options = new Dictionary<(double Payload, string Aircraft), (double Cost, int[] Aircraft)>();
        var counts = new int[kinds.Count];
        while (true)
        {
            var day = kinds.Select((k, i) => (k, counts[i])).ToDictionary(x => x.k, x => x.Item2);
            if (Feasible(s, day))
            {
                var payload = day.Sum(e => e.Value * (double)e.Key.Type.Payload.Value);
                var cost = day.Sum(e => e.Value * Math.Round(Flight(e.Key) * (double)e.Key.Type.CostPerFlightHour.Value, 2));
                // Aircraft a type needs that day: enough for its flying hours and for its hours of the day.
                var aircraft = s.Aircraft.Select(t => (int)Math.Ceiling(Math.Max(
                    day.Where(e => e.Key.Type == t).Sum(e => e.Value * Flight(e.Key)) / t.MaxHoursPerDay.Value,
                    day.Where(e => e.Key.Type == t).Sum(e => e.Value * Cycle(e.Key)) / 24) - 1e-9)).ToArray();
                var key = (payload, string.Join(",", aircraft));
                if (!options.TryGetValue(key, out var known) || cost < known.Cost)
                {
                    options[key] = (cost, aircraft);
                }
            }
            var i = 0;
            while (i < counts.Length && ++counts[i] > 6)
            {
                counts[i++] = 0;
            }
            if (i == counts.Length)
            {
                break;
            }
        }
        var shortfalls = new Dictionary<(double, double), double>();
        var countAircraft = s.Objective == PlanObjective.Aircraft;
        var best = (Shortfall: double.MaxValue, Aircraft: int.MaxValue, Cost: double.MaxValue);
        foreach (var (k1, o1) in options)
        {
            foreach (var (k2, o2) in options)
            {
                if (!shortfalls.TryGetValue((k1.Payload, k2.Payload), out var shortfall))
                {
                    shortfall = shortfalls[(k1.Payload, k2.Payload)] = WeightedShortfallOf(s, [k1.Payload, k2.Payload]);
                }
                var aircraft = o1.Aircraft.Zip(o2.Aircraft, Math.Max).Sum();
                var cost = o1.Cost + o2.Cost;
                var better = shortfall < best.Shortfall - 1e-9
                    || Math.Abs(shortfall - best.Shortfall) <= 1e-9 && (countAircraft && aircraft < best.Aircraft
                        || (!countAircraft || aircraft == best.Aircraft) && cost < best.Cost - 1e-9);
                if (better)
                {
                    best = (shortfall, aircraft, cost);
                }
            }
        }
        return best;
    }

    /// <summary>
    /// The least priority-weighted shortfall for two commodities given each day's payload, by trying every whole-tonne
    /// split of each day's payload; each commodity then eats what it has, day by day.
    /// </summary>
    private static double WeightedShortfallOf(AirliftScenario s, double[] payload)
    {
        var medical = s.Demand[0];
        var food = s.Demand[1];
        var best = double.MaxValue;
        void Try(int day, double[] toMedical)
        {
            if (day == payload.Length)
            {
                var toFood = payload.Select((p, d) => p - toMedical[d]).ToArray();
                best = Math.Min(best, medical.Priority.Weight() * Short(medical, toMedical) + food.Priority.Weight() * Short(food, toFood));
                return;
            }
            for (var m = 0; m <= payload[day]; m++)
            {
                toMedical[day] = m;
                Try(day + 1, toMedical);
            }
        }
        Try(0, new double[payload.Length]);
        return best;
    }

    private static double Short(DemandLine line, double[] delivered)
    {
        var held = (double)line.StockAtStart.Value;
        var shortfall = 0.0;
        foreach (var arriving in delivered)
        {
            held += arriving;
            var eaten = Math.Min(held, (double)line.PerDay.Value);
            shortfall += (double)line.PerDay.Value - eaten;
            held -= eaten;
        }
        return shortfall;
    }
}
