using System.Text.Json;
using System.Text.Json.Serialization;
using Lifeline.Core.Airlift;
using Lifeline.Core.Common;
using Lifeline.Web;

namespace Lifeline.Airlift;

/// <summary>
/// The airlift scenario and plan as JSON (docs/airlift.md): camelCase, an unknown field is an error (a misspelt
/// field would otherwise be silently ignored), comments and trailing commas allowed in scenario files.
/// </summary>
internal static class AirliftJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        IndentSize = 2,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a scenario; an unreadable document gives the field at fault and why, never an exception.</summary>
    public static async Task<(ScenarioDraft? Draft, ValidationErrors Errors)> ReadScenario(Stream stream, CancellationToken cancel)
    {
        try
        {
            return Checked(await JsonSerializer.DeserializeAsync<ScenarioDraft>(stream, Options, cancel));
        }
        catch (JsonException ex)
        {
            return Unreadable(ex);
        }
    }

    /// <summary>Reads a scenario from a file or a string already in hand (the command line, the built-in scenarios).</summary>
    public static (ScenarioDraft? Draft, ValidationErrors Errors) ReadScenario(Stream stream)
    {
        try
        {
            return Checked(JsonSerializer.Deserialize<ScenarioDraft>(stream, Options));
        }
        catch (JsonException ex)
        {
            return Unreadable(ex);
        }
    }

    public static (ScenarioDraft? Draft, ValidationErrors Errors) ReadScenario(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return ReadScenario(stream);
    }

    private static (ScenarioDraft? Draft, ValidationErrors Errors) Checked(ScenarioDraft? draft)
    {
        var errors = new ValidationErrors();
        if (draft is null)
        {
            errors.Add("body", "a scenario object { ... } is required");
        }
        return (draft, errors);
    }

    private static (ScenarioDraft? Draft, ValidationErrors Errors) Unreadable(JsonException ex)
    {
        var errors = new ValidationErrors();
        errors.Add(JsonErrors.FieldOf("", ex.Path), Explain(ex));
        return (null, errors);
    }

    private static string Explain(JsonException ex) =>
        ex.Message.Contains("Double", StringComparison.Ordinal) ? "must be a number, without quotes" : JsonErrors.Explain(ex);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);
}

/// <summary>The plan as the API and <c>lifeline airlift plan --out</c> give it; every mass in tonnes.</summary>
internal sealed record PlanDocument(
    string Scenario,
    string Summary,
    bool ProvenOptimal,
    OptimalityDocument Optimality,
    string Objective,
    int HorizonDays,
    decimal NeedTonnes,
    decimal DeliveredTonnes,
    decimal ShortfallTonnes,
    decimal DailyCapacityTonnes,
    decimal Cost,
    IReadOnlyDictionary<string, int> AircraftUsed,
    int SortieTotal,
    IReadOnlyList<SortieCount> Sorties,
    IReadOnlyList<BindingDocument> Binding,
    IReadOnlyList<CommodityDocument> Commodities,
    IReadOnlyList<DayDocument> Days,
    IReadOnlyList<DeliveryDocument> Deliveries,
    UtilisationDocument Utilisation,
    IReadOnlyList<EstimateDocument> Estimate,
    IReadOnlyList<RouteDocument> Routes,
    IReadOnlyList<string> Notes)
{
    public static PlanDocument From(AirliftPlan plan) => new(
        plan.Scenario.Name,
        plan.Summary,
        plan.Optimality.Proven,
        new OptimalityDocument(Round(plan.Optimality.Gap, 6), plan.Optimality.Unproven, plan.Optimality.Engine, Round(plan.Optimality.Elapsed.TotalSeconds, 3),
            plan.Optimality.Phases.Select(p => new PhaseDocument(p.Objective, Round(p.Value, 3), Round(p.Bound, 3), p.Proven, p.Method, Round(p.Elapsed.TotalSeconds, 3))).ToList()),
        KebabCase.Of(plan.Scenario.Objective),
        plan.Scenario.HorizonDays,
        plan.Need.Value,
        plan.Delivered.Value,
        plan.Shortfall.Value,
        plan.DailyCapacity.Value,
        plan.Cost.Value,
        plan.AircraftUsed,
        plan.SortieTotal,
        plan.Sorties,
        plan.Binding.Select(b => new BindingDocument(KebabCase.Of(b.Limit), b.Subject, b.Lever, b.Text, b.GainPerDay?.Value, b.Saving?.Value, b.AircraftSaved)).ToList(),
        plan.Commodities.Select(c => new CommodityDocument(c.Commodity, KebabCase.Of(c.Priority), c.Need.Value, c.StockAtStart.Value, c.Delivered.Value, c.Shortfall.Value)).ToList(),
        plan.Days.Select(d => new DayDocument(d.Day, d.Need.Value, d.Delivered.Value, d.Shortfall.Value, d.Capacity.Value, d.Sorties)).ToList(),
        plan.Deliveries.Select(d => new DeliveryDocument(d.Day, d.Commodity, d.Need.Value, d.Delivered.Value, d.Shortfall.Value, d.StockAtEnd.Value)).ToList(),
        new UtilisationDocument(
            plan.Aircraft.Select(a => new AircraftUseDocument(a.Aircraft, a.Available, a.Used, a.Sorties, Round(a.FlyingHours, 2), Round(a.FlyingShare, 4), Round(a.DayShare, 4))).ToList(),
            plan.Airports.Select(a => new AirportUseDocument(a.Code, a.Name, KebabCase.Of(a.Role), a.Landings, a.LandingSlots, Round(a.LandingShare, 4), Round(a.GroundHours, 2), Round(a.GroundCapacityHours, 2), Round(a.GroundShare, 4))).ToList()),
        plan.Estimate.Select(e => new EstimateDocument(e.Aircraft, e.Route, Round(e.FlightHours, 3), Round(e.CycleHours, 3), e.SortiesPerDay, e.AircraftNeeded, e.Available, e.Enough)).ToList(),
        plan.Routes.Select(r => new RouteDocument(r.Origin.Code, r.Destination.Code, r.Name, Round(r.Distance.Value, 1), r.DistanceGiven)).ToList(),
        plan.Notes);

    private static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : 0;
}

internal sealed record OptimalityDocument(double Gap, string? Unproven, string Engine, double Seconds, IReadOnlyList<PhaseDocument> Phases);

internal sealed record PhaseDocument(string Objective, double Value, double Bound, bool Proven, string Method, double Seconds);

/// <param name="OneMore">What one more unit of the resource is.</param>
internal sealed record BindingDocument(string Limit, string Subject, string OneMore, string Text, decimal? GainTonnesPerDay, decimal? Saving, int? AircraftSaved);

internal sealed record CommodityDocument(string Commodity, string Priority, decimal NeedTonnes, decimal StockAtStartTonnes, decimal DeliveredTonnes, decimal ShortfallTonnes);

internal sealed record DayDocument(int Day, decimal NeedTonnes, decimal DeliveredTonnes, decimal ShortfallTonnes, decimal CapacityTonnes, int Sorties);

internal sealed record DeliveryDocument(int Day, string Commodity, decimal NeedTonnes, decimal DeliveredTonnes, decimal ShortfallTonnes, decimal StockTonnes);

internal sealed record UtilisationDocument(IReadOnlyList<AircraftUseDocument> Aircraft, IReadOnlyList<AirportUseDocument> Airports);

internal sealed record AircraftUseDocument(string Aircraft, int Available, int Used, int Sorties, double FlyingHours, double FlyingShare, double DayShare);

internal sealed record AirportUseDocument(string Code, string? Name, string Role, int Landings, int LandingSlots, double LandingShare, double GroundHours, double GroundCapacityHours, double GroundShare);

internal sealed record EstimateDocument(string Aircraft, string? Route, double FlightHours, double CycleHours, int SortiesPerDay, int AircraftNeeded, int Available, bool Enough);

/// <param name="Name">The route as people read it: the airfields' names and codes.</param>
internal sealed record RouteDocument(string From, string To, string Name, double DistanceKm, bool Given);
