using Lifeline.Core.Airlift;

namespace Lifeline.Core.Tests.Airlift;

/// <summary>Small, explicit scenarios: each test states what matters to it and takes the rest from here.</summary>
internal static class AirliftBuilders
{
    public static DemandDraft Demand(string commodity, double tonnesPerDay, string priority = "food", double? stock = null) =>
        new() { Commodity = commodity, TonnesPerDay = tonnesPerDay, Priority = priority, StockTonnes = stock };

    /// <summary>An aircraft with round numbers: 10 t, 100 km/h, no ground time, 24 h a day, one available, 1,000 an hour.</summary>
    public static AircraftDraft Aircraft(string type, double payload = 10, double cruise = 100, int available = 1,
        double groundOrigin = 0, double groundDestination = 0, double maxHours = 24, double cost = 1000, int runway = 0) => new()
        {
            Type = type,
            PayloadTonnes = payload,
            CruiseKmh = cruise,
            GroundTimeOriginHours = groundOrigin,
            GroundTimeDestinationHours = groundDestination,
            MaxHoursPerDay = maxHours,
            Available = available,
            CostPerFlightHour = cost,
            MinRunwayMeters = runway,
        };

    /// <summary>An airfield open all day, one landing a minute, room for 100 aircraft, a 3,000 m runway.</summary>
    public static AirportDraft Airport(string code, string role, int runway = 3000, int mog = 100, int interval = 60, double open = 24) => new()
    {
        Code = code,
        Role = role,
        RunwayMeters = runway,
        MaxOnGround = mog,
        MinLandingIntervalSeconds = interval,
        OpenHoursPerDay = open,
    };

    public static RouteDraft Route(string from, string to, double km) => new() { From = from, To = to, DistanceKm = km };

    /// <summary>One origin A, one destination B, 100 km apart (so a 100 km/h sortie flies 2 h).</summary>
    public static ScenarioDraft Simple(int days, IReadOnlyList<DemandDraft> demand, params AircraftDraft[] aircraft) => new()
    {
        Name = "test",
        HorizonDays = days,
        Demand = demand,
        Aircraft = aircraft,
        Airports = [Airport("A", "origin"), Airport("B", "destination")],
        Routes = [Route("A", "B", 100)],
    };

    public static AirliftScenario Valid(ScenarioDraft draft)
    {
        var (scenario, errors) = ScenarioValidator.Validate(draft);
        Assert.True(errors.IsEmpty, errors.ToString());
        return scenario!;
    }

    public static AirliftPlan Plan(ScenarioDraft draft) => new AirliftPlanner(TimeProvider.System).Plan(Valid(draft), TestContext.Current.CancellationToken);

    /// <summary>
    /// The size of the bench: 90 days × 8 types × 4 origins × 2 destinations, figures in the range of
    /// shared/data/airlift-reference.md (payloads, speeds, runways), with <paramref name="tonnesPerDay"/> of demand.
    /// </summary>
    public static ScenarioDraft Bench(double tonnesPerDay = 472) => new()
    {
        Name = "bench",
        HorizonDays = 90,
        Demand =
        [
            Demand("medical", tonnesPerDay * 2 / 472, "medical"),
            Demand("food", tonnesPerDay * 70 / 472, "food"),
            Demand("fuel", tonnesPerDay * 150 / 472, "fuel"),
            Demand("other", tonnesPerDay * 250 / 472, "other"),
        ],
        Aircraft =
        [
            Aircraft("C-130J-30", 18, 645, 6, 1.0, 0.75, 10, 6000, 1100),
            Aircraft("C-17A", 77.5, 800, 2, 1.5, 1.0, 10, 20000, 1067),
            Aircraft("A400M", 37, 750, 3, 1.25, 1.0, 10, 14000, 1000),
            Aircraft("Il-76TD", 36, 750, 3, 1.5, 1.0, 10, 12000, 1800),
            Aircraft("An-124", 120, 800, 1, 2.5, 2.0, 10, 30000, 3000),
            Aircraft("737-800BCF", 23.9, 780, 2, 1.0, 1.0, 12, 5000, 2000),
            Aircraft("An-26", 5.5, 440, 4, 0.75, 0.5, 10, 2000, 900),
            Aircraft("Mi-8", 4, 225, 6, 0.5, 0.5, 8, 3000, 0),
        ],
        Airports =
        [
            Airport("UDYZ", "origin", 3850, 6, 120), Airport("UDSG", "origin", 3200, 4, 180),
            Airport("UGTB", "origin", 3000, 4, 180), Airport("UBBG", "origin", 3300, 4, 180),
            Airport("UBBS", "destination", 2178, 3, 180, 16), Airport("UBBX", "destination", 1500, 2, 240, 12),
        ],
        Routes =
        [
            Route("UDYZ", "UBBS", 205), Route("UDYZ", "UBBX", 260), Route("UDSG", "UBBS", 300), Route("UDSG", "UBBX", 320),
            Route("UGTB", "UBBS", 380), Route("UGTB", "UBBX", 400), Route("UBBG", "UBBS", 250), Route("UBBG", "UBBX", 230),
        ],
        TimeLimitSeconds = 60,
    };
}
