using System.Globalization;

namespace Lifeline.Core.Airlift;

/// <summary>An origin–destination pair with its one-way distance (given, or great-circle × routing factor).</summary>
public sealed record RouteLeg(Airport Origin, Airport Destination, Kilometres Distance, bool DistanceGiven)
{
    /// <summary>The route as people read it: "Yerevan Zvartnots (UDYZ) → Stepanakert (UBBS)".</summary>
    public string Name => $"{Origin.Label} → {Destination.Label}";
}

/// <summary>
/// One way to fly a sortie: an aircraft type on a route, out loaded and back empty.
/// <c>flightHours = 2 × distanceKm / cruiseKmh</c>;
/// <c>cycleHours = flightHours + groundTimeOriginHours + groundTimeDestinationHours</c>.
/// </summary>
/// <param name="CostPerSortie">flightHours × costPerFlightHour, rounded to the cent.</param>
public sealed record SortieKind(int Index, int TypeIndex, AircraftType Aircraft, RouteLeg Route, double FlightHours, double CycleHours, Money CostPerSortie)
{
    public Tonnes Payload => Aircraft.Payload;
}

/// <summary>The daily limits of the model; each is the same on every day of the horizon.</summary>
public enum LimitKind
{
    /// <summary>Per aircraft type: Σ sorties × flightHours ≤ available × maxHoursPerDay.</summary>
    FlyingHours,

    /// <summary>Per aircraft type: Σ sorties × cycleHours ≤ available × 24.</summary>
    AircraftDay,

    /// <summary>Per airport: landings ≤ ⌊openHoursPerDay × 3600 / minLandingIntervalSeconds⌋ (an origin counts returning landings).</summary>
    LandingSlots,

    /// <summary>Per airport: Σ sorties × ground time there ≤ maxOnGround × openHoursPerDay.</summary>
    GroundTime,
}

/// <summary>
/// A daily limit: Σ_k <see cref="Coefficients"/>[k] × sorties_k ≤ <see cref="Capacity"/>. For the two fleet limits,
/// the capacity is <see cref="PerAircraft"/> × aircraft (available, or used when the objective counts aircraft).
/// </summary>
public sealed record DailyLimit(LimitKind Kind, string Subject, int? TypeIndex, double PerAircraft, double Capacity, IReadOnlyDictionary<int, double> Coefficients)
{
    /// <summary>How the subject is shown to people (an airfield's name and code); the subject itself when not set.</summary>
    public string? SubjectLabel { get; init; }

    public string Describe() => Kind switch
    {
        LimitKind.FlyingHours => $"flying hours of the {Subject} fleet",
        LimitKind.AircraftDay => $"the {Subject} fleet's 24 hours a day (flying and ground time)",
        LimitKind.LandingSlots => $"landing interval at {SubjectLabel ?? Subject}",
        LimitKind.GroundTime => $"ground space at {SubjectLabel ?? Subject} (aircraft on the ground at once)",
    };
}

/// <summary>
/// A scenario compiled for the optimiser: the routes, the sortie kinds that can be flown (a type that cannot use a
/// runway gets none there) and the daily limits, with what could not be flown and why.
/// </summary>
public sealed class AirliftNetwork
{
    private AirliftNetwork(AirliftScenario scenario, IReadOnlyList<RouteLeg> routes, IReadOnlyList<SortieKind> kinds, IReadOnlyList<DailyLimit> limits, IReadOnlyList<string> notes)
    {
        Scenario = scenario;
        Routes = routes;
        Kinds = kinds;
        Limits = limits;
        Notes = notes;
        UpperBounds = kinds.Select(k => limits.Where(l => l.Coefficients.ContainsKey(k.Index))
            .Select(l => (int)Math.Min(MaxSortiesPerDay, Math.Floor(l.Capacity / l.Coefficients[k.Index] + 1e-9)))
            .DefaultIfEmpty(0).Min()).ToArray();
    }

    /// <summary>No kind flies more than this many sorties a day (one landing a second, all day).</summary>
    public const int MaxSortiesPerDay = 86_400;

    public AirliftScenario Scenario { get; }
    public IReadOnlyList<RouteLeg> Routes { get; }

    /// <summary>Every type × route whose runways fit, whether or not it can fly today (see <see cref="UpperBounds"/>).</summary>
    public IReadOnlyList<SortieKind> Kinds { get; }

    public IReadOnlyList<DailyLimit> Limits { get; }

    /// <summary>The most sorties of each kind one day allows, each limit taken alone.</summary>
    public IReadOnlyList<int> UpperBounds { get; }

    /// <summary>Why some aircraft, airports or routes carry nothing, in words.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The same network with some daily limits raised or lowered (what one more unit of a resource would give).</summary>
    public AirliftNetwork WithCapacities(Func<DailyLimit, double> capacity) =>
        new(Scenario, Routes, Kinds, Limits.Select(l => l with { Capacity = capacity(l) }).ToList(), Notes);

    /// <summary>Σ_k coefficient × sorties[k] for one day's sorties.</summary>
    public static double Usage(DailyLimit limit, Func<int, int> sorties) =>
        limit.Coefficients.Sum(c => c.Value * sorties(c.Key));

    /// <summary>Whether the limit leaves no room for even the smallest sortie it counts.</summary>
    public static bool IsFull(DailyLimit limit, double usage) =>
        limit.Capacity - usage < limit.Coefficients.Values.Min() - 1e-9;

    /// <summary>Whether any sortie at all can be flown on a day.</summary>
    public bool CanFly => UpperBounds.Any(b => b > 0);

    public static AirliftNetwork Compile(AirliftScenario scenario)
    {
        var notes = new List<string>();
        var routes = new List<RouteLeg>();
        foreach (var origin in scenario.Origins)
        {
            foreach (var destination in scenario.Destinations)
            {
                var given = scenario.Routes.FirstOrDefault(r => string.Equals(r.From, origin.Code, StringComparison.OrdinalIgnoreCase)
                                                               && string.Equals(r.To, destination.Code, StringComparison.OrdinalIgnoreCase));
                if (given is null && (origin.Location is null || destination.Location is null))
                {
                    notes.Add($"No distance for {origin.Label} → {destination.Label} (no coordinates at one end and no route given): nothing flies there.");
                    continue;
                }
                var distance = given is not null
                    ? given.Distance
                    : Kilometres.GreatCircle(origin.Location!.Value, destination.Location!.Value) * scenario.RoutingFactor;
                routes.Add(new RouteLeg(origin, destination, distance, given is not null));
            }
        }

        var kinds = new List<SortieKind>();
        for (var t = 0; t < scenario.Aircraft.Count; t++)
        {
            var type = scenario.Aircraft[t];
            var usable = 0;
            foreach (var route in routes)
            {
                if (type.MinRunwayMeters > route.Origin.RunwayMeters || type.MinRunwayMeters > route.Destination.RunwayMeters)
                {
                    continue;
                }
                usable++;
                var flight = 2 * type.Cruise.HoursFor(route.Distance);
                var cycle = flight + type.GroundTimeOrigin.Value + type.GroundTimeDestination.Value;
                var cost = Money.From((decimal)flight * type.CostPerFlightHour.Value);
                kinds.Add(new SortieKind(kinds.Count, t, type, route, flight, cycle, cost));
            }
            if (usable == 0)
            {
                var shortest = scenario.Airports.OrderBy(a => a.RunwayMeters).First();
                notes.Add($"{type.Type} needs a runway of {N(type.MinRunwayMeters)} m; no route has one at both ends ({shortest.Label} has {N(shortest.RunwayMeters)} m), so it flies no sorties.");
            }
            else if (type.Available == 0)
            {
                notes.Add($"No {type.Type} is available (available is 0).");
            }
            foreach (var destination in scenario.Destinations.Where(d => type.MinRunwayMeters > d.RunwayMeters && usable > 0))
            {
                notes.Add($"{type.Type} cannot use {destination.Label}: it needs {N(type.MinRunwayMeters)} m of runway and {destination.Code} has {N(destination.RunwayMeters)} m.");
            }
        }
        foreach (var airport in scenario.Airports)
        {
            if (airport.OpenHoursPerDay.Value == 0)
            {
                notes.Add($"{airport.Label} is open 0 hours a day: nothing can fly through it.");
            }
            else if (airport.MaxOnGround == 0)
            {
                notes.Add($"{airport.Label} allows no aircraft on the ground (maxOnGround is 0): nothing can fly through it.");
            }
            else if (airport.LandingSlotsPerDay == 0)
            {
                notes.Add($"{airport.Label} has no landing slot in a day ({airport.MinLandingIntervalSeconds} s between landings, {airport.OpenHoursPerDay} open): nothing can fly through it.");
            }
        }
        foreach (var destination in scenario.Destinations.Where(d => !kinds.Any(k => k.Route.Destination == d)))
        {
            if (scenario.Aircraft.All(a => a.MinRunwayMeters > destination.RunwayMeters))
            {
                notes.Add($"No aircraft type can use {destination.Label}'s {N(destination.RunwayMeters)} m runway: the shortest any type needs is {N(scenario.Aircraft.Min(a => a.MinRunwayMeters))} m.");
            }
        }

        var limits = new List<DailyLimit>();
        for (var t = 0; t < scenario.Aircraft.Count; t++)
        {
            var type = scenario.Aircraft[t];
            var own = kinds.Where(k => k.TypeIndex == t).ToList();
            if (own.Count == 0)
            {
                continue;
            }
            limits.Add(new DailyLimit(LimitKind.FlyingHours, type.Type, t, type.MaxHoursPerDay.Value, type.Available * type.MaxHoursPerDay.Value,
                own.ToDictionary(k => k.Index, k => k.FlightHours)));
            limits.Add(new DailyLimit(LimitKind.AircraftDay, type.Type, t, 24, type.Available * 24.0,
                own.ToDictionary(k => k.Index, k => k.CycleHours)));
        }
        foreach (var airport in scenario.Airports)
        {
            var through = kinds.Where(k => k.Route.Origin == airport || k.Route.Destination == airport).ToList();
            if (through.Count == 0)
            {
                continue;
            }
            var isOrigin = airport.Role == AirportRole.Origin;
            limits.Add(new DailyLimit(LimitKind.LandingSlots, airport.Code, null, 0, airport.LandingSlotsPerDay, through.ToDictionary(k => k.Index, _ => 1.0))
            {
                SubjectLabel = airport.Label,
            });
            // With MOG 0 every sortie through the airfield is barred, even one with no stated ground time.
            var barred = airport.GroundHoursPerDay == 0;
            var ground = through
                .Select(k => (k.Index, Hours: (isOrigin ? k.Aircraft.GroundTimeOrigin : k.Aircraft.GroundTimeDestination).Value))
                .Select(g => (g.Index, Coefficient: barred ? Math.Max(g.Hours, 1) : g.Hours))
                .Where(g => g.Coefficient > 0)
                .ToDictionary(g => g.Index, g => g.Coefficient);
            if (ground.Count > 0)
            {
                limits.Add(new DailyLimit(LimitKind.GroundTime, airport.Code, null, 0, airport.GroundHoursPerDay, ground) { SubjectLabel = airport.Label });
            }
        }
        if (kinds.Count == 0)
        {
            notes.Add("No aircraft type can fly any route: nothing can be delivered.");
        }
        return new AirliftNetwork(scenario, routes, kinds, limits, notes);
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
