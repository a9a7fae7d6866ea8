using Lifeline.Core.Common;

namespace Lifeline.Core.Airlift;

/// <summary>
/// Checks an airlift scenario and names every field that is wrong, with the JSON name a user sees
/// (<c>aircraft[2].payloadTonnes</c>). A scenario that can be planned but cannot deliver anything (no aircraft fits a
/// runway, no demand, MOG 0) is valid: the plan says why nothing flies.
/// </summary>
public static class ScenarioValidator
{
    public const int MaxHorizonDays = 366;
    public const int MaxListLength = 50;

    /// <summary>Sortie variables (days × aircraft types × origins × destinations) above this make a model too big to answer in time.</summary>
    public const long MaxSortieVariables = 250_000;

    public const double MaxTimeLimitSeconds = 120;

    public static (AirliftScenario? Scenario, ValidationErrors Errors) Validate(ScenarioDraft? draft)
    {
        var declared = InputRules.Check(draft);
        if (!declared.IsEmpty)
        {
            return (null, declared);
        }
        var errors = new ValidationErrors();
        if (draft is null)
        {
            errors.Add("body", "a scenario is required");
            return (null, errors);
        }

        var name = string.IsNullOrWhiteSpace(draft.Name) ? "scenario" : draft.Name.Trim();
        if (name.Length > 80)
        {
            errors.Add("name", "must be at most 80 characters");
        }

        var horizon = draft.HorizonDays;
        if (horizon is null)
        {
            errors.Add("horizonDays", "is required: the number of days to plan, 1 to 366");
        }
        else if (horizon is < 1 or > MaxHorizonDays)
        {
            errors.Add("horizonDays", $"must be 1 to {MaxHorizonDays} days");
        }

        var demand = Demand(draft.Demand, errors);
        var aircraft = Aircraft(draft.Aircraft, errors);
        var airports = Airports(draft.Airports, errors);
        var routes = Routes(draft.Routes, airports, errors);

        var routingFactor = draft.RoutingFactor ?? AirliftScenario.DefaultRoutingFactor;
        if (!double.IsFinite(routingFactor) || routingFactor is < 1 or > 3)
        {
            errors.Add("routingFactor", "must be from 1 to 3 (great-circle distances are multiplied by it)");
        }

        PlanObjective objective = PlanObjective.Cost;
        if (draft.Objective is not null)
        {
            if (KebabCase.Parse<PlanObjective>(draft.Objective) is { } parsed)
            {
                objective = parsed;
            }
            else
            {
                errors.Add("objective", $"must be one of: {KebabCase.Choices<PlanObjective>()}");
            }
        }

        var timeLimit = draft.TimeLimitSeconds ?? AirliftScenario.DefaultTimeLimitSeconds;
        if (!double.IsFinite(timeLimit) || timeLimit < 1 || timeLimit > MaxTimeLimitSeconds)
        {
            errors.Add("timeLimitSeconds", $"must be from 1 to {MaxTimeLimitSeconds:0} seconds");
        }

        if (airports is not null)
        {
            CheckDistancesKnown(airports, routes, errors);
        }

        if (horizon is >= 1 and <= MaxHorizonDays && aircraft is not null && airports is not null)
        {
            var size = (long)horizon.Value * aircraft.Count * airports.Count(a => a.Role == AirportRole.Origin) * airports.Count(a => a.Role == AirportRole.Destination);
            if (size > MaxSortieVariables)
            {
                errors.Add("horizonDays", $"the plan would have {size:N0} sortie variables (days × aircraft types × origins × destinations); at most {MaxSortieVariables:N0} can be solved in time: plan fewer days or fewer types or airports");
            }
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }
        return (new AirliftScenario(name, horizon!.Value, demand!, aircraft!, airports!, routes!, routingFactor, objective, timeLimit), errors);
    }

    private static List<DemandLine>? Demand(IReadOnlyList<DemandDraft?>? drafts, ValidationErrors errors)
    {
        if (drafts is null)
        {
            errors.Add("demand", "is required: a list of {commodity, tonnesPerDay, priority}; it may be empty");
            return null;
        }
        if (drafts.Count > MaxListLength)
        {
            errors.Add("demand", $"may list at most {MaxListLength} commodities");
            return null;
        }
        var lines = new List<DemandLine>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ok = true;
        for (var i = 0; i < drafts.Count; i++)
        {
            var field = $"demand[{i}]";
            var d = drafts[i];
            if (d is null)
            {
                errors.Add(field, "is empty");
                ok = false;
                continue;
            }
            var commodity = d.Commodity?.Trim();
            if (string.IsNullOrEmpty(commodity))
            {
                errors.Add($"{field}.commodity", "is required");
                ok = false;
            }
            else if (commodity.Length > 80)
            {
                errors.Add($"{field}.commodity", "must be at most 80 characters");
                ok = false;
            }
            else if (!seen.Add(commodity))
            {
                errors.Add($"{field}.commodity", $"'{commodity}' is listed twice");
                ok = false;
            }
            ok &= Mass(d.TonnesPerDay, $"{field}.tonnesPerDay", required: true, errors, out var perDay);
            ok &= Mass(d.StockTonnes, $"{field}.stockTonnes", required: false, errors, out var stock);
            var priority = KebabCase.Parse<Priority>(d.Priority);
            if (priority is null)
            {
                errors.Add($"{field}.priority", $"must be one of: {KebabCase.Choices<Priority>()}");
                ok = false;
            }
            if (ok)
            {
                lines.Add(new DemandLine(commodity!, perDay, priority!.Value, stock));
            }
        }
        return ok ? lines : null;
    }

    private static List<AircraftType>? Aircraft(IReadOnlyList<AircraftDraft?>? drafts, ValidationErrors errors)
    {
        if (drafts is null || drafts.Count == 0)
        {
            errors.Add("aircraft", "is required: at least one aircraft type");
            return null;
        }
        if (drafts.Count > MaxListLength)
        {
            errors.Add("aircraft", $"may list at most {MaxListLength} aircraft types");
            return null;
        }
        var types = new List<AircraftType>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ok = true;
        for (var i = 0; i < drafts.Count; i++)
        {
            var field = $"aircraft[{i}]";
            var a = drafts[i];
            if (a is null)
            {
                errors.Add(field, "is empty");
                ok = false;
                continue;
            }
            var type = a.Type?.Trim();
            if (string.IsNullOrEmpty(type))
            {
                errors.Add($"{field}.type", "is required");
                ok = false;
            }
            else if (type.Length > 40)
            {
                errors.Add($"{field}.type", "must be at most 40 characters");
                ok = false;
            }
            else if (!seen.Add(type))
            {
                errors.Add($"{field}.type", $"'{type}' is listed twice");
                ok = false;
            }

            var payload = Tonnes.Zero;
            if (a.PayloadTonnes is null)
            {
                errors.Add($"{field}.payloadTonnes", "is required: the planning load per sortie, in tonnes");
                ok = false;
            }
            else if (!Tonnes.TryFromTonnes(a.PayloadTonnes.Value, out payload) || payload.Kilograms == 0 || payload.Kilograms > 1_000_000)
            {
                errors.Add($"{field}.payloadTonnes", "must be above 0 and at most 1,000 t");
                ok = false;
            }

            var cruise = default(KilometresPerHour);
            if (a.CruiseKmh is null)
            {
                errors.Add($"{field}.cruiseKmh", "is required: the cruise (block) speed in km/h");
                ok = false;
            }
            else if (!KilometresPerHour.TryFrom(a.CruiseKmh.Value, out cruise))
            {
                errors.Add($"{field}.cruiseKmh", "must be above 0 and at most 3,000 km/h");
                ok = false;
            }

            ok &= Duration(a.GroundTimeOriginHours, $"{field}.groundTimeOriginHours", "hours on the ground at the origin per sortie (loading, fuel)", errors, out var groundOrigin);
            ok &= Duration(a.GroundTimeDestinationHours, $"{field}.groundTimeDestinationHours", "hours on the ground at the destination per sortie (unloading)", errors, out var groundDestination);
            ok &= Duration(a.MaxHoursPerDay, $"{field}.maxHoursPerDay", "flying hours one aircraft may fly a day", errors, out var maxHours);
            if (a.MaxHoursPerDay is { } mh && double.IsFinite(mh) && mh == 0)
            {
                errors.Add($"{field}.maxHoursPerDay", "must be above 0 (set available to 0 for a type that does not fly)");
                ok = false;
            }

            if (a.Available is null)
            {
                errors.Add($"{field}.available", "is required: how many aircraft of this type can fly each day (0 or more)");
                ok = false;
            }
            else if (a.Available is < 0 or > 10_000)
            {
                errors.Add($"{field}.available", "must be 0 to 10,000 aircraft");
                ok = false;
            }

            var cost = Money.Zero;
            if (a.CostPerFlightHour is { } c && !Money.TryFrom(c, out cost))
            {
                errors.Add($"{field}.costPerFlightHour", "must be 0 or more");
                ok = false;
            }

            if (a.MinRunwayMeters is < 0 or > 10_000)
            {
                errors.Add($"{field}.minRunwayMeters", "must be 0 to 10,000 m");
                ok = false;
            }

            if (ok)
            {
                types.Add(new AircraftType(type!, payload, cruise, groundOrigin, groundDestination, maxHours, a.Available!.Value, cost, a.MinRunwayMeters ?? 0));
            }
        }
        return ok ? types : null;
    }

    private static List<Airport>? Airports(IReadOnlyList<AirportDraft?>? drafts, ValidationErrors errors)
    {
        if (drafts is null || drafts.Count == 0)
        {
            errors.Add("airports", "is required: at least one origin and one destination");
            return null;
        }
        if (drafts.Count > MaxListLength)
        {
            errors.Add("airports", $"may list at most {MaxListLength} airports");
            return null;
        }
        var airports = new List<Airport>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ok = true;
        for (var i = 0; i < drafts.Count; i++)
        {
            var field = $"airports[{i}]";
            var a = drafts[i];
            if (a is null)
            {
                errors.Add(field, "is empty");
                ok = false;
                continue;
            }
            var code = a.Code?.Trim();
            if (string.IsNullOrEmpty(code))
            {
                errors.Add($"{field}.code", "is required (an ICAO code such as UBBS, or a short name)");
                ok = false;
            }
            else if (code.Length > 20 || !code.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
            {
                errors.Add($"{field}.code", "must be 1 to 20 letters, digits, '-' or '_'");
                ok = false;
            }
            else if (!seen.Add(code))
            {
                errors.Add($"{field}.code", $"'{code}' is listed twice");
                ok = false;
            }

            GeoPoint? location = null;
            if (a.Lat is null != a.Lon is null)
            {
                errors.Add(a.Lat is null ? $"{field}.lat" : $"{field}.lon", "give both lat and lon, or neither");
                ok = false;
            }
            else if (a.Lat is { } lat && a.Lon is { } lon)
            {
                if (!GeoPoint.IsLatitude(lat))
                {
                    errors.Add($"{field}.lat", "must be −90 to 90 degrees");
                    ok = false;
                }
                if (!GeoPoint.IsLongitude(lon))
                {
                    errors.Add($"{field}.lon", "must be −180 to 180 degrees");
                    ok = false;
                }
                if (GeoPoint.IsLatitude(lat) && GeoPoint.IsLongitude(lon))
                {
                    location = GeoPoint.From(lat, lon);
                }
            }

            if (a.RunwayMeters is null)
            {
                errors.Add($"{field}.runwayMeters", "is required: the usable runway length in metres");
                ok = false;
            }
            else if (a.RunwayMeters is < 1 or > 10_000)
            {
                errors.Add($"{field}.runwayMeters", "must be 1 to 10,000 m");
                ok = false;
            }

            if (a.MaxOnGround is null)
            {
                errors.Add($"{field}.maxOnGround", "is required: how many aircraft may stand on the ground at once (MOG), 0 or more");
                ok = false;
            }
            else if (a.MaxOnGround is < 0 or > 1000)
            {
                errors.Add($"{field}.maxOnGround", "must be 0 to 1,000 aircraft");
                ok = false;
            }

            if (a.MinLandingIntervalSeconds is null)
            {
                errors.Add($"{field}.minLandingIntervalSeconds", "is required: the least time between two landings, in seconds");
                ok = false;
            }
            else if (a.MinLandingIntervalSeconds is < 1 or > 86_400)
            {
                errors.Add($"{field}.minLandingIntervalSeconds", "must be 1 to 86,400 s");
                ok = false;
            }

            ok &= Duration(a.OpenHoursPerDay, $"{field}.openHoursPerDay", "hours a day the airfield takes aircraft, 0 to 24", errors, out var open);

            var role = KebabCase.Parse<AirportRole>(a.Role);
            if (role is null)
            {
                errors.Add($"{field}.role", $"must be one of: {KebabCase.Choices<AirportRole>()}");
                ok = false;
            }

            var name = string.IsNullOrWhiteSpace(a.Name) ? null : a.Name.Trim();
            if (name is { Length: > 80 })
            {
                errors.Add($"{field}.name", "must be at most 80 characters");
                ok = false;
            }

            if (ok)
            {
                airports.Add(new Airport(code!, location, a.RunwayMeters!.Value, a.MaxOnGround!.Value, a.MinLandingIntervalSeconds!.Value, open, role!.Value) { Name = name });
            }
        }
        if (!ok)
        {
            return null;
        }
        if (!airports.Any(a => a.Role == AirportRole.Origin))
        {
            errors.Add("airports", "needs at least one airport with role 'origin' (where cargo is loaded)");
            return null;
        }
        if (!airports.Any(a => a.Role == AirportRole.Destination))
        {
            errors.Add("airports", "needs at least one airport with role 'destination' (where cargo is needed)");
            return null;
        }
        return airports;
    }

    private static List<GivenRoute>? Routes(IReadOnlyList<RouteDraft?>? drafts, List<Airport>? airports, ValidationErrors errors)
    {
        if (drafts is null)
        {
            return [];
        }
        if (drafts.Count > MaxListLength * 4)
        {
            errors.Add("routes", $"may list at most {MaxListLength * 4} routes");
            return null;
        }
        var routes = new List<GivenRoute>();
        var seen = new HashSet<(string, string)>();
        var ok = true;
        for (var i = 0; i < drafts.Count; i++)
        {
            var field = $"routes[{i}]";
            var r = drafts[i];
            if (r is null)
            {
                errors.Add(field, "is empty");
                ok = false;
                continue;
            }
            var from = Find(airports, r.From);
            var to = Find(airports, r.To);
            if (string.IsNullOrWhiteSpace(r.From))
            {
                errors.Add($"{field}.from", "is required: the code of an origin airport");
                ok = false;
            }
            else if (airports is not null && from is null)
            {
                errors.Add($"{field}.from", $"'{r.From}' is not one of the airports");
                ok = false;
            }
            else if (from is { Role: not AirportRole.Origin })
            {
                errors.Add($"{field}.from", $"'{from.Code}' is not an origin: a route runs from an origin to a destination");
                ok = false;
            }
            if (string.IsNullOrWhiteSpace(r.To))
            {
                errors.Add($"{field}.to", "is required: the code of a destination airport");
                ok = false;
            }
            else if (airports is not null && to is null)
            {
                errors.Add($"{field}.to", $"'{r.To}' is not one of the airports");
                ok = false;
            }
            else if (to is { Role: not AirportRole.Destination })
            {
                errors.Add($"{field}.to", $"'{to.Code}' is not a destination: a route runs from an origin to a destination");
                ok = false;
            }
            var distance = default(Kilometres);
            if (r.DistanceKm is null)
            {
                errors.Add($"{field}.distanceKm", "is required: the one-way distance in km");
                ok = false;
            }
            else if (!Kilometres.TryFrom(r.DistanceKm.Value, out distance) || distance.Value == 0)
            {
                errors.Add($"{field}.distanceKm", "must be above 0 and at most 40,000 km");
                ok = false;
            }
            if (from is not null && to is not null && !seen.Add((from.Code, to.Code)))
            {
                errors.Add(field, $"the route {from.Code} → {to.Code} is listed twice");
                ok = false;
            }
            if (ok && from is not null && to is not null)
            {
                routes.Add(new GivenRoute(from.Code, to.Code, distance));
            }
        }
        return ok ? routes : null;
    }

    /// <summary>
    /// An airport without coordinates is reached only by the routes given for it; one with neither is unreachable,
    /// which is almost certainly a mistake. (A pair with no distance at all is simply not flown; the plan says so.)
    /// </summary>
    private static void CheckDistancesKnown(List<Airport> airports, List<GivenRoute>? routes, ValidationErrors errors)
    {
        if (routes is null)
        {
            return;
        }
        for (var i = 0; i < airports.Count; i++)
        {
            var airport = airports[i];
            if (airport.Location is null && !routes.Any(r => r.From == airport.Code || r.To == airport.Code))
            {
                var others = string.Join(", ", airports.Where(o => o.Role != airport.Role).Select(o => o.Code));
                errors.Add($"airports[{i}].lat", $"lat and lon are needed to compute the distance to {others}; or give that distance in routes[] {{from, to, distanceKm}}");
            }
        }
    }

    private static Airport? Find(List<Airport>? airports, string? code) =>
        airports?.FirstOrDefault(a => string.Equals(a.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    private static bool Mass(double? value, string field, bool required, ValidationErrors errors, out Tonnes tonnes)
    {
        tonnes = Tonnes.Zero;
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, "is required, in tonnes");
            }
            return !required;
        }
        if (!Tonnes.TryFromTonnes(value.Value, out tonnes))
        {
            errors.Add(field, "must be from 0 to 1,000,000 t");
            return false;
        }
        return true;
    }

    private static bool Duration(double? value, string field, string what, ValidationErrors errors, out Hours hours)
    {
        hours = default;
        if (value is null)
        {
            errors.Add(field, $"is required: {what}");
            return false;
        }
        if (!Hours.TryFrom(value.Value, out hours))
        {
            errors.Add(field, "must be from 0 to 24 hours");
            return false;
        }
        return true;
    }
}
