using System.Globalization;
using System.Text.Json;
using Lifeline.Core.Airlift;
using Lifeline.Core.Common;

namespace Lifeline.Airlift;

/// <summary>
/// The scenario as the page's form holds it: every cell is text, so what a person typed comes back as typed
/// beside its error. Empty rows are ignored (spare rows let a person add a line without JavaScript; emptying a row
/// removes it). Errors are keyed by the JSON names the API uses (<c>aircraft[1].payloadTonnes</c>).
/// </summary>
internal sealed class ScenarioForm
{
    public const int SpareRows = 2;

    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Situation { get; set; }
    public string? HorizonDays { get; set; }
    public string? RoutingFactor { get; set; }
    public string? Objective { get; set; }
    public string? TimeLimitSeconds { get; set; }
    public List<DemandRow> Demand { get; set; } = [];
    public List<AircraftRow> Aircraft { get; set; } = [];
    public List<AirportRow> Airports { get; set; } = [];
    public List<RouteRow> Routes { get; set; } = [];

    /// <summary>The plan shown before this one, as a <see cref="PlanSummary"/> in JSON, to compare with.</summary>
    public string? Previous { get; set; }

    /// <summary>Which form row each entry of the scenario's lists came from, for errors.</summary>
    private readonly Dictionary<string, List<int>> rows = new(StringComparer.Ordinal);

    internal sealed class DemandRow
    {
        public string? Commodity { get; set; }
        public string? TonnesPerDay { get; set; }
        public string? Priority { get; set; }
        public string? StockTonnes { get; set; }
        public string? Source { get; set; }
    }

    internal sealed class AircraftRow
    {
        public string? Type { get; set; }
        public string? PayloadTonnes { get; set; }
        public string? CruiseKmh { get; set; }
        public string? GroundTimeOriginHours { get; set; }
        public string? GroundTimeDestinationHours { get; set; }
        public string? MaxHoursPerDay { get; set; }
        public string? Available { get; set; }
        public string? CostPerFlightHour { get; set; }
        public string? MinRunwayMeters { get; set; }
        public string? Source { get; set; }
    }

    internal sealed class AirportRow
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? Role { get; set; }
        public string? Lat { get; set; }
        public string? Lon { get; set; }
        public string? RunwayMeters { get; set; }
        public string? MaxOnGround { get; set; }
        public string? MinLandingIntervalSeconds { get; set; }
        public string? OpenHoursPerDay { get; set; }
        public string? Source { get; set; }
    }

    internal sealed class RouteRow
    {
        public string? From { get; set; }
        public string? To { get; set; }
        public string? DistanceKm { get; set; }
        public string? Source { get; set; }
    }

    public static ScenarioForm From(ScenarioDraft draft)
    {
        var form = new ScenarioForm
        {
            Name = draft.Name,
            Description = draft.Description,
            Situation = draft.Situation,
            HorizonDays = Text(draft.HorizonDays),
            RoutingFactor = Text(draft.RoutingFactor),
            Objective = draft.Objective,
            TimeLimitSeconds = Text(draft.TimeLimitSeconds),
            Demand = (draft.Demand ?? []).OfType<DemandDraft>().Select(d => new DemandRow
            {
                Commodity = d.Commodity,
                TonnesPerDay = Text(d.TonnesPerDay),
                Priority = d.Priority,
                StockTonnes = Text(d.StockTonnes),
                Source = d.Source,
            }).ToList(),
            Aircraft = (draft.Aircraft ?? []).OfType<AircraftDraft>().Select(a => new AircraftRow
            {
                Type = a.Type,
                PayloadTonnes = Text(a.PayloadTonnes),
                CruiseKmh = Text(a.CruiseKmh),
                GroundTimeOriginHours = Text(a.GroundTimeOriginHours),
                GroundTimeDestinationHours = Text(a.GroundTimeDestinationHours),
                MaxHoursPerDay = Text(a.MaxHoursPerDay),
                Available = Text(a.Available),
                CostPerFlightHour = Text(a.CostPerFlightHour),
                MinRunwayMeters = Text(a.MinRunwayMeters),
                Source = a.Source,
            }).ToList(),
            Airports = (draft.Airports ?? []).OfType<AirportDraft>().Select(a => new AirportRow
            {
                Code = a.Code,
                Name = a.Name,
                Role = a.Role,
                Lat = Text(a.Lat),
                Lon = Text(a.Lon),
                RunwayMeters = Text(a.RunwayMeters),
                MaxOnGround = Text(a.MaxOnGround),
                MinLandingIntervalSeconds = Text(a.MinLandingIntervalSeconds),
                OpenHoursPerDay = Text(a.OpenHoursPerDay),
                Source = a.Source,
            }).ToList(),
            Routes = (draft.Routes ?? []).OfType<RouteDraft>().Select(r => new RouteRow { From = r.From, To = r.To, DistanceKm = Text(r.DistanceKm), Source = r.Source }).ToList(),
        };
        return form.WithSpareRows();
    }

    /// <summary>Adds empty rows at the end of each table, up to <see cref="SpareRows"/>.</summary>
    public ScenarioForm WithSpareRows()
    {
        static void Pad<T>(List<T> list, Func<T, bool> blank) where T : new()
        {
            while (list.Count(blank) < SpareRows)
            {
                list.Add(new T());
            }
        }
        Pad(Demand, Blank);
        Pad(Aircraft, Blank);
        Pad(Airports, Blank);
        Pad(Routes, Blank);
        return this;
    }

    /// <summary>The scenario the form describes; cells that are not numbers are named in <paramref name="errors"/>.</summary>
    public ScenarioDraft ToDraft(ValidationErrors errors)
    {
        rows.Clear();
        List<TDraft> Rows<TRow, TDraft>(string list, List<TRow> source, Func<TRow, bool> blank, Func<TRow, string, TDraft> read)
        {
            var kept = new List<int>();
            var drafts = new List<TDraft>();
            for (var i = 0; i < source.Count; i++)
            {
                if (!blank(source[i]))
                {
                    drafts.Add(read(source[i], $"{list}[{kept.Count}]"));
                    kept.Add(i);
                }
            }
            rows[list] = kept;
            return drafts;
        }

        return new ScenarioDraft
        {
            Name = Trimmed(Name),
            Description = Trimmed(Description),
            Situation = Trimmed(Situation),
            HorizonDays = Whole(HorizonDays, "horizonDays", errors),
            RoutingFactor = Number(RoutingFactor, "routingFactor", errors),
            Objective = Trimmed(Objective),
            TimeLimitSeconds = Number(TimeLimitSeconds, "timeLimitSeconds", errors),
            Demand = Rows<DemandRow, DemandDraft?>("demand", Demand, Blank, (r, f) => new DemandDraft
            {
                Commodity = Trimmed(r.Commodity),
                TonnesPerDay = Number(r.TonnesPerDay, $"{f}.tonnesPerDay", errors),
                Priority = Trimmed(r.Priority),
                StockTonnes = Number(r.StockTonnes, $"{f}.stockTonnes", errors),
                Source = Trimmed(r.Source),
            }),
            Aircraft = Rows<AircraftRow, AircraftDraft?>("aircraft", Aircraft, Blank, (r, f) => new AircraftDraft
            {
                Type = Trimmed(r.Type),
                PayloadTonnes = Number(r.PayloadTonnes, $"{f}.payloadTonnes", errors),
                CruiseKmh = Number(r.CruiseKmh, $"{f}.cruiseKmh", errors),
                GroundTimeOriginHours = Number(r.GroundTimeOriginHours, $"{f}.groundTimeOriginHours", errors),
                GroundTimeDestinationHours = Number(r.GroundTimeDestinationHours, $"{f}.groundTimeDestinationHours", errors),
                MaxHoursPerDay = Number(r.MaxHoursPerDay, $"{f}.maxHoursPerDay", errors),
                Available = Whole(r.Available, $"{f}.available", errors),
                CostPerFlightHour = Number(r.CostPerFlightHour, $"{f}.costPerFlightHour", errors),
                MinRunwayMeters = Whole(r.MinRunwayMeters, $"{f}.minRunwayMeters", errors),
                Source = Trimmed(r.Source),
            }),
            Airports = Rows<AirportRow, AirportDraft?>("airports", Airports, Blank, (r, f) => new AirportDraft
            {
                Code = Trimmed(r.Code),
                Name = Trimmed(r.Name),
                Role = Trimmed(r.Role),
                Lat = Number(r.Lat, $"{f}.lat", errors),
                Lon = Number(r.Lon, $"{f}.lon", errors),
                RunwayMeters = Whole(r.RunwayMeters, $"{f}.runwayMeters", errors),
                MaxOnGround = Whole(r.MaxOnGround, $"{f}.maxOnGround", errors),
                MinLandingIntervalSeconds = Whole(r.MinLandingIntervalSeconds, $"{f}.minLandingIntervalSeconds", errors),
                OpenHoursPerDay = Number(r.OpenHoursPerDay, $"{f}.openHoursPerDay", errors),
                Source = Trimmed(r.Source),
            }),
            Routes = Rows<RouteRow, RouteDraft?>("routes", Routes, Blank, (r, f) => new RouteDraft
            {
                From = Trimmed(r.From),
                To = Trimmed(r.To),
                DistanceKm = Number(r.DistanceKm, $"{f}.distanceKm", errors),
                Source = Trimmed(r.Source),
            }),
        };
    }

    /// <summary>The JSON field name of a cell (<c>aircraft[1].payloadTonnes</c>) for form row <paramref name="row"/>, after <see cref="ToDraft"/>.</summary>
    public string FieldOf(string list, int row, string field) =>
        rows.TryGetValue(list, out var kept) && kept.IndexOf(row) is var index and >= 0 ? $"{list}[{index}].{field}" : $"{list}[?{row}].{field}";

    /// <summary>Where an error's field is on the page, in words: "aircraft, row 2, payloadTonnes".</summary>
    public string Describe(string field)
    {
        var open = field.IndexOf('[', StringComparison.Ordinal);
        var close = field.IndexOf(']', StringComparison.Ordinal);
        if (open < 0 || close < open || !int.TryParse(field[(open + 1)..close], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return field;
        }
        var list = field[..open];
        var row = rows.TryGetValue(list, out var kept) && index < kept.Count ? kept[index] + 1 : index + 1;
        var rest = field[(close + 1)..].TrimStart('.');
        return rest.Length == 0 ? $"{list}, row {row}" : $"{list}, row {row}, {rest}";
    }

    private static bool Blank(DemandRow r) => AllBlank(r.Commodity, r.TonnesPerDay, r.StockTonnes, r.Source);

    private static bool Blank(AircraftRow r) => AllBlank(r.Type, r.PayloadTonnes, r.CruiseKmh, r.GroundTimeOriginHours, r.GroundTimeDestinationHours,
        r.MaxHoursPerDay, r.Available, r.CostPerFlightHour, r.MinRunwayMeters, r.Source);

    private static bool Blank(AirportRow r) => AllBlank(r.Code, r.Name, r.Lat, r.Lon, r.RunwayMeters, r.MaxOnGround, r.MinLandingIntervalSeconds, r.OpenHoursPerDay, r.Source);

    private static bool Blank(RouteRow r) => AllBlank(r.From, r.To, r.DistanceKm, r.Source);

    private static bool AllBlank(params string?[] cells) => cells.All(string.IsNullOrWhiteSpace);

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static double? Number(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (double.TryParse(text.Trim(), NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add(field, "must be a number, such as 17.5");
        return null;
    }

    private static int? Whole(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text.Trim(), NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add(field, "must be a whole number, such as 4");
        return null;
    }

    private static string? Text(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture);

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The few figures of a plan that two plans are compared on; it travels in the page's form, nothing is stored.</summary>
internal sealed record PlanSummary(
    string Name, int HorizonDays, bool Proven, decimal Need, decimal Delivered, decimal Shortfall, decimal DailyCapacity, decimal Cost, int Sorties,
    IReadOnlyDictionary<string, int> AircraftUsed, IReadOnlyList<string> Binding)
{
    public const int MaxLength = 20_000;

    public static PlanSummary Of(AirliftPlan plan) => new(
        plan.Scenario.Name, plan.Scenario.HorizonDays, plan.Optimality.Proven, plan.Need.Value, plan.Delivered.Value, plan.Shortfall.Value,
        plan.DailyCapacity.Value, plan.Cost.Value, plan.SortieTotal, plan.AircraftUsed, plan.Binding.Select(b => b.Text).ToList());

    public string ToJson() => JsonSerializer.Serialize(this, Compact);

    /// <returns>Null when the text is not a summary (it came back from a browser and may have been changed).</returns>
    public static PlanSummary? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Length > MaxLength)
        {
            return null;
        }
        try
        {
            var summary = JsonSerializer.Deserialize<PlanSummary>(json, Compact);
            return summary is { Name: not null, AircraftUsed: not null, Binding: not null } ? summary : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web);
}
