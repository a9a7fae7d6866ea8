using System.Globalization;
using Lifeline.Core.Common;

namespace Lifeline.Core.Supplies;

/// <summary>
/// What a situation brings to the supply picture: its people, when it began and ended, and what came in by road
/// before (the baseline), each with its sources.
/// </summary>
/// <param name="BaselineTonnesPerDay">Tonnes of food and medicine a day before the blockade; null when not known.</param>
public sealed record SupplySetting(
    string SituationId, DateOnly Start, DateOnly? End, PopulationProfile Population, IReadOnlyList<string> PopulationSources,
    double? BaselineTonnesPerDay, IReadOnlyList<string> BaselineSources, EnergyConditions Conditions)
{
    /// <summary>The last day with a record: the end, or <paramref name="today"/> while it goes on.</summary>
    public DateOnly LastDay(DateOnly today) => End is { } end && end <= today ? end : (today < Start ? Start : today);
}

/// <summary>What is assumed to come in over the forecast.</summary>
public enum InflowAssumption
{
    /// <summary>Nothing comes in.</summary>
    Blocked,

    /// <summary>Only the ICRC, peacekeepers and Red Cross societies, at the rate they were observed to deliver.</summary>
    IcrcOnly,

    /// <summary>The road reopens at the pre-blockade baseline, split between food and medicine by need.</summary>
    Reopened,

    /// <summary>An airlift plan (from the airlift part) delivers what it plans, per commodity and day.</summary>
    Airlift,
}

/// <summary>Use per day, and how it was set: the need, or the ration in force.</summary>
public sealed record Consumption(Estimate PerDay, string Basis);

/// <summary>The stock at the forecast's start, or why there is none.</summary>
/// <param name="Stock">Null when no stock was observed: the forecast then says so rather than guess.</param>
public sealed record StockPosition(Estimate? Stock, DateOnly? CountedOn, string Basis);

/// <summary>The inflow assumed for one commodity, and how it was worked out.</summary>
public sealed record InflowLine(InflowScenario Scenario, string Basis)
{
    /// <summary>The rate of the first phase, for one figure per day.</summary>
    public Estimate FirstRate => Scenario.Phases.Count > 0 ? Scenario.Phases.OrderBy(p => p.FromDay).First().PerDay : Estimate.Exactly(0);
}

/// <summary>One commodity's line of the supply picture on a day.</summary>
/// <param name="NoRunway">Why there is no runway ("no stock observed"); null when there is one.</param>
public sealed record SupplyLine(Commodity Commodity, DailyNeed? Need, Consumption? Consumption, StockPosition Stock, InflowLine Inflow, Runway? Runway, string? NoRunway);

/// <summary>The supply picture on a day under one inflow assumption.</summary>
public sealed record SupplyOutlookReport(
    DateOnly Date, InflowAssumption Assumption, string AssumptionText, int Runs, ulong Seed, int HorizonDays, IReadOnlyList<SupplyLine> Lines,
    IReadOnlyList<string> Notes);

/// <summary>
/// Turns a situation's observations into the supply picture on a day: the needs (standards × population, with the
/// overrides in force), what is used (the ration in force, else the need), the stock (the latest counts, carried to
/// the day), the inflow under an assumption, and the runway from <see cref="SupplyForecast"/>. Pure: the same
/// observations, day and seed give the same picture.
/// </summary>
public static class SupplyPicture
{
    /// <summary>A ration "per month" is spread over the mean month of the Gregorian calendar.</summary>
    public const double DaysPerMonth = 365.25 / 12;

    /// <summary>The "observed rate" is the rate since the situation began and the rate over this many days, as a range.</summary>
    public const int RecentDays = 30;

    public static IReadOnlyDictionary<string, Commodity> Catalogue { get; } = SupplyStandards.Commodities.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public static string Describe(InflowAssumption assumption) => assumption switch
    {
        InflowAssumption.Blocked => "blocked: nothing comes in",
        InflowAssumption.IcrcOnly => "ICRC and peacekeepers only, at the rate observed",
        InflowAssumption.Reopened => "reopened at the pre-blockade rate, split by need",
        InflowAssumption.Airlift => "the airlift plan",
    };

    /// <summary>The overrides in force on <paramref name="date"/>, latest last.</summary>
    public static IReadOnlyList<RateOverride> OverridesOn(IReadOnlyList<ObservationVersion> observations, DateOnly date) =>
        observations.Where(o => o.Content.Kind == ObservationKind.RateOverride && o.Content.Date <= date && o.Content.Commodity is not null && o.Content.Amount is not null)
            .OrderBy(o => o.Content.Date).ThenBy(o => o.Recorded.At)
            .Select(o => new RateOverride(
                o.Content.Commodity!.Id,
                Quantity.Of(o.Content.Amount!.In(o.Content.Commodity.Unit)!.Value.Likely, o.Content.Commodity.Unit),
                o.Content.Group ?? PopulationGroup.Everyone, o.Content.Reason ?? "", o.Recorded.By))
            .ToList();

    /// <summary>The daily need per commodity on <paramref name="date"/>.</summary>
    public static IReadOnlyList<DailyNeed> Needs(SupplySetting setting, IReadOnlyList<ObservationVersion> observations, DateOnly date) =>
        NeedsModel.Compute(setting.Population, SupplyStandards.Rates, OverridesOn(observations, date), setting.Conditions, Catalogue);

    public static SupplyOutlookReport Forecast(
        SupplySetting setting, IReadOnlyList<ObservationVersion> observations, DateOnly date, InflowAssumption assumption, int runs, ulong seed,
        int horizonDays = 365, int? alertDays = null, PlannedAirlift? airlift = null)
    {
        if (assumption == InflowAssumption.Airlift && airlift is null)
        {
            throw new ArgumentException("The airlift assumption needs an airlift plan", nameof(airlift));
        }
        var notes = new List<string>();
        var needs = Needs(setting, observations, date).ToDictionary(n => n.Commodity.Id, StringComparer.Ordinal);
        var shares = NeedShares(needs.Values);
        var cargoShares = PlannedAirlift.Shares(needs.Values);
        var upToDate = observations.Where(o => o.Content.Date <= date).ToList();
        var mentioned = upToDate.Where(o => o.Content.Kind is ObservationKind.Stock or ObservationKind.Delivery or ObservationKind.Ration)
            .Select(o => o.Content.Commodity?.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var commodities = SupplyStandards.Commodities
            .Where(c => c.Category != CommodityCategory.MixedCargo && (needs.ContainsKey(c.Id) || mentioned.Contains(c.Id)))
            .ToList();

        var lines = new List<SupplyLine>();
        foreach (var commodity in commodities)
        {
            var need = needs.GetValueOrDefault(commodity.Id);
            var consumption = ConsumptionOn(setting, upToDate, commodity, need, date);
            var stock = StockOn(upToDate, commodity, consumption, date);
            var inflow = InflowFor(setting, upToDate, commodity, assumption == InflowAssumption.Airlift ? cargoShares : shares, date, assumption, airlift);
            string? noRunway = stock.Stock is null ? stock.Basis : consumption is null ? "no use per day is known: no standard rate, ration or override" : null;
            lines.Add(new SupplyLine(commodity, need, consumption, stock, inflow, null, noRunway));
        }

        var outlooks = lines.Where(l => l.NoRunway is null)
            .Select(l => new SupplyOutlook(l.Commodity, l.Stock.Stock!.Value, l.Consumption!.PerDay, l.Inflow.Scenario))
            .ToList();
        if (outlooks.Count > 0)
        {
            var runways = SupplyForecast.Run(outlooks, date, runs, seed, horizonDays, alertDays is { } days ? _ => days : null)
                .ToDictionary(r => r.Commodity.Id, StringComparer.Ordinal);
            lines = lines.Select(l => runways.TryGetValue(l.Commodity.Id, out var r) ? l with { Runway = r } : l).ToList();
        }
        if (lines.All(l => l.Stock.Stock is null))
        {
            notes.Add("No stock has been observed for any commodity: there is no runway to forecast. Record stock counts to get one.");
        }
        return new SupplyOutlookReport(date, assumption, Describe(assumption), runs, seed, horizonDays, lines, notes);
    }

    /// <summary>
    /// Use per day: with a ration in force, from the ration (kept) up to the full need (not kept), most likely the
    /// ration; without one, the need. A ration in a unit that does not convert to the commodity's is not applied.
    /// </summary>
    public static Consumption? ConsumptionOn(SupplySetting setting, IReadOnlyList<ObservationVersion> observations, Commodity commodity, DailyNeed? need, DateOnly date)
    {
        var rations = observations.Where(o => o.Content.Kind == ObservationKind.Ration && o.Content.Commodity?.Id == commodity.Id && o.Content.InForceOn(date)).ToList();
        Estimate? total = null;
        var parts = new List<string>();
        var skipped = new List<string>();
        foreach (var line in rations)
        {
            var c = line.Content;
            var perPerson = c.Amount!.In(commodity.Unit);
            if (perPerson is null)
            {
                skipped.Add($"{c.Amount.Describe(c.Qualifier)} a {KebabCase.Of(c.Per!.Value)} (in {AmountUnits.Symbol(c.Amount.Unit)}; {commodity.Name} is planned in {AmountUnits.Words(commodity.Unit)})");
                continue;
            }
            var people = setting.Population.CountOf(c.Group ?? PopulationGroup.Everyone);
            var perDay = perPerson.Value.Times((c.Per == RationPeriod.Month ? 1 / DaysPerMonth : 1) * people);
            total = total is { } t ? t.Plus(perDay) : perDay;
            parts.Add($"{c.Amount.Describe(c.Qualifier)} a person a {KebabCase.Of(c.Per!.Value)} from {Day(c.Date)}{(c.Notes is null ? "" : $" ({Short(c.Notes)})")}");
        }
        var unapplied = skipped.Count > 0 ? $"; not applied (no conversion recorded): {string.Join("; ", skipped)}" : "";
        if (total is { } ration)
        {
            var text = $"ration in force: {string.Join(" + ", parts)} = {Amount(ration.Likely, commodity.Unit)} a day";
            if (need is null)
            {
                return new Consumption(ration, text + unapplied);
            }
            var n = need.PerDay.Value;
            return new Consumption(
                Estimate.Of(Math.Min(ration.Low, n), ration.Likely, Math.Max(ration.High, n)),
                $"{text}, most likely; up to the full need ({Amount(n, commodity.Unit)}) if the ration is not kept{unapplied}");
        }
        if (need is not null)
        {
            return new Consumption(Estimate.Exactly(need.PerDay.Value), $"the need, no ration in force{unapplied}");
        }
        return null;
    }

    /// <summary>
    /// The latest count of each location on or before <paramref name="date"/>, added together, then carried from the
    /// latest count to the day: deliveries since added, use since taken away (never below zero).
    /// </summary>
    public static StockPosition StockOn(IReadOnlyList<ObservationVersion> observations, Commodity commodity, Consumption? consumption, DateOnly date)
    {
        var counts = observations.Where(o => o.Content.Kind == ObservationKind.Stock && o.Content.Commodity?.Id == commodity.Id && o.Content.Date <= date).ToList();
        var convertible = counts.Where(o => o.Content.Amount!.In(commodity.Unit) is not null).ToList();
        var other = counts.Count - convertible.Count;
        var unconverted = other > 0 ? $" ({other} count{(other == 1 ? "" : "s")} in a unit that does not convert to {AmountUnits.Words(commodity.Unit)} not counted)" : "";
        if (convertible.Count == 0)
        {
            return new StockPosition(null, null, "no stock observed" + unconverted);
        }
        var latest = convertible.GroupBy(o => o.Content.Location ?? "", StringComparer.Ordinal)
            .Select(g => g.OrderBy(o => o.Content.Date).ThenBy(o => o.Recorded.At).Last())
            .ToList();
        var total = latest.Select(o => o.Content.Amount!.In(commodity.Unit)!.Value).Aggregate((a, b) => a.Plus(b));
        var counted = latest.Max(o => o.Content.Date);
        var places = string.Join(", ", latest.OrderBy(o => o.Content.Location, StringComparer.Ordinal)
            .Select(o => $"{o.Content.Location ?? "unnamed store"} {Day(o.Content.Date)}"));
        var days = date.DayNumber - counted.DayNumber;
        if (days <= 0)
        {
            return new StockPosition(total, counted, $"counted: {places}{unconverted}");
        }
        var arrived = Delivered(observations, commodity, counted.AddDays(1), date, humanitarianOnly: false);
        var use = consumption?.PerDay ?? Estimate.Exactly(0);
        var carried = Estimate.Of(
            Math.Max(0, total.Low + arrived - use.High * days),
            Math.Max(0, total.Likely + arrived - use.Likely * days),
            Math.Max(0, total.High + arrived - use.Low * days));
        return new StockPosition(carried, counted,
            $"counted: {places}; carried {days} days to {Day(date)}: + {Amount(arrived, commodity.Unit)} delivered, − {Amount(use.Likely * days, commodity.Unit)} used{unconverted}");
    }

    /// <summary>The share of each food and medicine commodity (planned in kilograms) in the total need: how a tonnage is split.</summary>
    public static IReadOnlyDictionary<string, double> NeedShares(IEnumerable<DailyNeed> needs)
    {
        var weighed = needs.Where(n => n.Commodity.Unit == MeasureUnit.Kilogram && IsFoodOrMedicine(n.Commodity) && n.PerDay.Value > 0).ToList();
        var total = weighed.Sum(n => n.PerDay.Value);
        return total > 0 ? weighed.ToDictionary(n => n.Commodity.Id, n => n.PerDay.Value / total, StringComparer.Ordinal) : new Dictionary<string, double>();
    }

    public static bool IsFoodOrMedicine(Commodity commodity) =>
        commodity.Category is CommodityCategory.Food or CommodityCategory.Medicine or CommodityCategory.MedicalKit or CommodityCategory.InfantFormula;

    public static InflowLine InflowFor(
        SupplySetting setting, IReadOnlyList<ObservationVersion> observations, Commodity commodity, IReadOnlyDictionary<string, double> shares, DateOnly date,
        InflowAssumption assumption, PlannedAirlift? airlift)
    {
        var share = shares.GetValueOrDefault(commodity.Id);
        var unit = commodity.Unit;
        switch (assumption)
        {
            case InflowAssumption.Blocked:
                return new InflowLine(InflowScenario.Blocked, "blocked: nothing comes in");
            case InflowAssumption.Reopened:
                if (setting.BaselineTonnesPerDay is not { } baseline)
                {
                    return new InflowLine(InflowScenario.Steady("reopened", Estimate.Exactly(0)), "reopened: this situation records no pre-blockade inflow");
                }
                if (share <= 0)
                {
                    return new InflowLine(InflowScenario.Steady("reopened", Estimate.Exactly(0)),
                        $"reopened: the {Number(baseline)} t/day baseline is food and medicine; none of it is counted for {commodity.Name}");
                }
                return new InflowLine(InflowScenario.Steady("reopened", Estimate.Exactly(baseline * 1000 * share)),
                    $"reopened: {Percent(share)} of the {Number(baseline)} t/day baseline (its share of the need for food and medicine)");
            case InflowAssumption.IcrcOnly:
                {
                    var since = Math.Max(1, date.DayNumber - setting.Start.DayNumber + 1);
                    var recentFrom = date.AddDays(1 - RecentDays) < setting.Start ? setting.Start : date.AddDays(1 - RecentDays);
                    var recent = Math.Max(1, date.DayNumber - recentFrom.DayNumber + 1);
                    var ownSince = Delivered(observations, commodity, setting.Start, date, humanitarianOnly: true) / since;
                    var ownRecent = Delivered(observations, commodity, recentFrom, date, humanitarianOnly: true) / recent;
                    var mixedSince = unit == MeasureUnit.Kilogram ? Delivered(observations, SupplyStandards.MixedCargo, setting.Start, date, humanitarianOnly: true) / since * share : 0;
                    var mixedRecent = unit == MeasureUnit.Kilogram ? Delivered(observations, SupplyStandards.MixedCargo, recentFrom, date, humanitarianOnly: true) / recent * share : 0;
                    var a = ownSince + mixedSince;
                    var b = ownRecent + mixedRecent;
                    var rate = Estimate.Between(Math.Min(a, b), Math.Max(a, b));
                    var split = share > 0 && unit == MeasureUnit.Kilogram ? $", with {Percent(share)} of the cargo not itemised (its share of the need)" : "";
                    return new InflowLine(InflowScenario.Steady("icrc-only", rate),
                        $"ICRC and peacekeepers only: {Amount(a, unit)} a day since {Day(setting.Start)}, {Amount(b, unit)} a day over the last {recent} days{split}");
                }
            case InflowAssumption.Airlift:
                {
                    var name = airlift?.Name ?? "no";
                    if (airlift is null || airlift.Days.Count == 0 || PlannedAirlift.CargoOf(commodity) is not { } cargo || share <= 0)
                    {
                        return new InflowLine(InflowScenario.Steady("airlift", Estimate.Exactly(0)), $"the {name} airlift plan carries no {commodity.Name}");
                    }
                    var phases = airlift.PhasesFor(cargo, share);
                    var average = phases.Average(p => p.PerDay.Likely);
                    var what = cargo == AirliftCargo.Food ? "food" : "medical supplies";
                    return new InflowLine(new InflowScenario("airlift", phases),
                        $"the {name} airlift plan flown from {Day(date)}: {Percent(share)} of its {what} (this commodity's share of the need), "
                        + $"{Amount(average, unit)} a day on average over its {phases.Count} days, its last day repeated after that");
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(assumption), assumption, "Unknown inflow assumption");
        }
    }

    /// <summary>
    /// How much of <paramref name="commodity"/> was delivered from <paramref name="from"/> to <paramref name="to"/>
    /// (both counted), in its unit: a delivery over a period is spread evenly over its days (the record does not say
    /// how it fell); deliveries without a figure, in another unit, or stopped are not counted.
    /// </summary>
    public static double Delivered(IReadOnlyList<ObservationVersion> observations, Commodity commodity, DateOnly from, DateOnly to, bool humanitarianOnly)
    {
        var total = 0.0;
        foreach (var o in observations)
        {
            var c = o.Content;
            if (c.Kind != ObservationKind.Delivery || c.Outcome != DeliveryOutcome.Delivered || c.Commodity?.Id != commodity.Id
                || c.Amount?.In(commodity.Unit) is not { } amount || (humanitarianOnly && !c.Humanitarian))
            {
                continue;
            }
            total += amount.Likely * Overlap(c.From, c.Until, from, to);
        }
        return total;
    }

    /// <summary>The share of the days from <paramref name="start"/> to <paramref name="end"/> that fall from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static double Overlap(DateOnly start, DateOnly end, DateOnly from, DateOnly to)
    {
        var first = Math.Max(start.DayNumber, from.DayNumber);
        var last = Math.Min(end.DayNumber, to.DayNumber);
        return last < first ? 0 : (double)(last - first + 1) / (end.DayNumber - start.DayNumber + 1);
    }

    public static string Amount(double value, MeasureUnit unit) => unit == MeasureUnit.Kilogram && value >= 1000
        ? $"{(value / 1000).ToString("#,0.##", CultureInfo.InvariantCulture)} t"
        : $"{value.ToString("#,0.##", CultureInfo.InvariantCulture)} {AmountUnits.Symbol(unit)}";

    /// <summary>
    /// An estimate in one unit, chosen by its highest figure: "0.95 t (0.18–1.71 t)", never "946.92 kg (179.74 kg–1.71 t)".
    /// </summary>
    public static string Range(Estimate estimate, MeasureUnit unit)
    {
        if (estimate.IsExact)
        {
            return Amount(estimate.Likely, unit);
        }
        var tonnes = unit == MeasureUnit.Kilogram && estimate.High >= 1000;
        var scale = tonnes ? 1000 : 1;
        var symbol = tonnes ? "t" : AmountUnits.Symbol(unit);
        return $"{Number(estimate.Likely / scale)} {symbol} ({Number(estimate.Low / scale)}–{Number(estimate.High / scale)} {symbol})";
    }

    private static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Short(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
