using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Supplies;

/// <summary>What an observation is checked against: the situation it belongs to and what it may cite.</summary>
/// <param name="Today">Today's date (UTC) from the injected clock; observations may not be dated after tomorrow.</param>
/// <param name="NewSources">Source ids the same request creates, counted as existing.</param>
/// <param name="SituationEnd">The last day of the situation, when it has ended.</param>
/// <param name="Period">The situation's record period, which every observation's dates must fit; null only where no situation is at hand.</param>
public sealed record ObservationContext(
    DateOnly SituationStart, DateOnly Today, IReadOnlySet<string> Routes, IReadOnlySet<string> Sources, IReadOnlyCollection<string> NewSources,
    DateOnly? SituationEnd = null, RecordPeriod? Period = null);

/// <summary>
/// Checks a <see cref="SupplyObservationDraft"/> and says, field by field, what is wrong: negative amounts, units
/// Lifeline does not know, a delivery dated before the situation began, a rate override without a reason, a
/// field that the kind of observation does not use. Nothing is guessed: a figure is kept as its source gives it.
/// </summary>
public static class SupplyObservationValidator
{
    public const int MaxNotesLength = 10_000;
    public const int MaxTextLength = 300;

    /// <summary>The largest amount any observation may give, in any unit; each unit has its own, lower, plausible maximum (<see cref="MaxAmountIn"/>).</summary>
    public const double MaxAmount = 1e9;

    /// <summary>The smallest amount other than 0 that a figure may give: anything smaller is no measurement.</summary>
    public const double MinAmount = 1e-6;

    /// <summary>
    /// The largest plausible amount in one observation per unit: a million tonnes, and 10⁹ of anything else (grams,
    /// kilograms, litres, items, a price in any currency). What a page or a sum computes from such figures stays finite.
    /// </summary>
    public static double MaxAmountIn(AmountUnit? unit) => unit == AmountUnit.Tonne ? 1e6 : MaxAmount;

    /// <summary>The largest count of people an evacuation may give (moved, cumulative, waiting): far above any besieged population, far below what sums can overflow.</summary>
    public const int MaxPeople = 10_000_000;

    /// <summary>The largest factor a price may have changed by.</summary>
    public const double MaxFactor = 1_000;

    /// <summary>The largest death rate per 10,000 a day: everyone, every day.</summary>
    public const double MaxDeathRate = 10_000;

    /// <summary>The words allowed to hedge a figure, as sources write them.</summary>
    public static IReadOnlyList<string> Qualifiers { get; } = ["about", "almost", "at least", "more than", "under", "up to"];

    /// <summary>Kinds whose events happen inside the situation, so they may not be dated before it began.</summary>
    private static readonly HashSet<ObservationKind> WithinSituation =
        [ObservationKind.Delivery, ObservationKind.Ration, ObservationKind.Outage, ObservationKind.Evacuation];

    private static readonly Dictionary<ObservationKind, string[]> Fields = new()
    {
        [ObservationKind.Stock] = ["commodity", "amount", "low", "high", "unit", "qualifier", "location"],
        [ObservationKind.Delivery] = ["to", "commodity", "amount", "low", "high", "unit", "qualifier", "route", "carriers", "outcome"],
        [ObservationKind.Ration] = ["to", "commodity", "amount", "low", "high", "unit", "qualifier", "per", "group"],
        [ObservationKind.Price] = ["market", "item", "amount", "low", "high", "unit", "currency", "qualifier", "factor", "comparedWith", "baseline"],
        [ObservationKind.Outage] = ["to", "utility", "hoursPerDay", "servicesHit"],
        [ObservationKind.Evacuation] = ["to", "moved", "cumulative", "waiting", "qualifier", "counted"],
        [ObservationKind.FoodSecurity] = ["area", "extremeFoodGapShare", "gamUnderFive", "crudeDeathRate", "underFiveDeathRate"],
        [ObservationKind.RateOverride] = ["commodity", "amount", "unit", "group"],
    };

    public static (SupplyObservation? Observation, ValidationErrors Errors) Validate(SupplyObservationDraft draft, ObservationContext context)
    {
        var declared = InputRules.Check(draft);
        if (!declared.IsEmpty)
        {
            return (null, declared);
        }
        var errors = new ValidationErrors();
        var kind = KebabCase.Parse<ObservationKind>(draft.Kind);
        if (string.IsNullOrWhiteSpace(draft.Kind))
        {
            errors.Add("kind", $"is required: one of {KebabCase.Choices<ObservationKind>()}");
        }
        else if (kind is null)
        {
            errors.Add("kind", $"'{draft.Kind}' is not a kind of observation: use one of {KebabCase.Choices<ObservationKind>()}");
        }
        else if (kind == ObservationKind.Outage)
        {
            // One fact, one record: the utilities page and the calendar both read the utility events.
            errors.Add("kind", "an outage is recorded as a utility event, not as an observation: record utility-cut, utility-partial (with hoursPerDay for rolling blackouts) or utility-restored, with how long it lasts; the utilities page derives its outages from those events");
        }
        if (draft.Id is not null && !Slug.IsValid(draft.Id))
        {
            errors.Add("id", $"'{draft.Id}' is not a valid id: it {Slug.Rule}");
        }

        var (date, precision) = ParseDate(draft.Date, errors, context.Today);
        DateOnly? to = null;
        if (!string.IsNullOrWhiteSpace(draft.To))
        {
            if (DateOnly.TryParseExact(draft.To.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                to = parsed;
                if (date is { } from && parsed < from)
                {
                    errors.Add("to", $"{Day(parsed)} is before the date ({Day(from)}): the period must end on or after the day it starts");
                }
                else if (parsed > context.Today.AddDays(1))
                {
                    errors.Add("to", $"{Day(parsed)} is in the future");
                }
            }
            else
            {
                errors.Add("to", $"'{draft.To}' is not a date: write it as YYYY-MM-DD");
            }
        }
        if (kind is { } k && date is { } d && WithinSituation.Contains(k))
        {
            var lastDayCovered = precision == DatePrecision.Month ? d.AddMonths(1).AddDays(-1) : d;
            if (lastDayCovered < context.SituationStart)
            {
                errors.Add("date", $"{Day(d)} is before the situation began ({Day(context.SituationStart)}): a {KebabCase.Of(k)} belongs to the situation");
            }
            else if (context.SituationEnd is { } end && d > end)
            {
                errors.Add("date", $"{Day(d)} is after the situation ended ({Day(end)}): a {KebabCase.Of(k)} belongs to the situation's own period, {Day(context.SituationStart)} to {Day(end)}");
            }
        }
        // Every kind, as for events: what the record holds lies within its record period (a month: its first day must fit).
        if (context.Period is { } period && !errors.Fields.Contains("date"))
        {
            if (date is { } dated)
            {
                period.Check(dated, dated, "date", context.Today, errors);
            }
            if (to is { } until && !errors.Fields.Contains("to"))
            {
                period.Check(until, until, "to", context.Today, errors);
            }
        }

        if (kind is { } used)
        {
            RefuseUnused(draft, used, errors);
        }

        var commodity = CheckCommodity(draft, kind, errors);
        var unit = CheckUnit(draft, kind, commodity, errors);
        var amount = CheckAmount(draft, kind, unit, errors);
        var qualifier = CheckQualifier(draft.Qualifier, errors);
        var group = CheckGroup(draft.Group, kind, errors);

        var carriers = new List<Carrier>();
        DeliveryOutcome? outcome = null;
        string? route = null;
        if (kind == ObservationKind.Delivery)
        {
            var given = (draft.Carriers ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
            if (given.Count == 0)
            {
                errors.Add("carriers", $"at least one carrier is required: {KebabCase.Choices<Carrier>()}");
            }
            for (var i = 0; i < given.Count; i++)
            {
                if (KebabCase.Parse<Carrier>(given[i]) is { } carrier)
                {
                    if (!carriers.Contains(carrier))
                    {
                        carriers.Add(carrier);
                    }
                }
                else
                {
                    errors.Add($"carriers[{i}]", $"'{given[i]}' is not a carrier: use {KebabCase.Choices<Carrier>()}");
                }
            }
            outcome = string.IsNullOrWhiteSpace(draft.Outcome) ? DeliveryOutcome.Delivered : KebabCase.Parse<DeliveryOutcome>(draft.Outcome);
            if (outcome is null)
            {
                errors.Add("outcome", $"'{draft.Outcome}' is not an outcome: use {KebabCase.Choices<DeliveryOutcome>()} (left out: delivered)");
            }
            route = Blank(draft.Route);
            if (route is not null && !context.Routes.Contains(route))
            {
                errors.Add("route", $"this situation has no route '{route}'");
            }
        }

        RationPeriod? per = null;
        if (kind == ObservationKind.Ration)
        {
            per = KebabCase.Parse<RationPeriod>(draft.Per);
            if (per is null)
            {
                errors.Add("per", string.IsNullOrWhiteSpace(draft.Per)
                    ? "is required: is the ration per day or per month?"
                    : $"'{draft.Per}' is not a period: use day or month");
            }
        }

        var market = Text(draft.Market, "market", errors);
        var item = Text(draft.Item, "item", errors);
        var currency = Blank(draft.Currency)?.ToUpperInvariant();
        if (kind == ObservationKind.Price)
        {
            CheckPrice(draft, market, item, ref currency, errors);
        }

        Utility? utility = null;
        if (kind == ObservationKind.Outage)
        {
            utility = KebabCase.Parse<Utility>(draft.Utility);
            if (utility is null)
            {
                errors.Add("utility", string.IsNullOrWhiteSpace(draft.Utility)
                    ? $"is required: which of {KebabCase.Choices<Utility>()}"
                    : $"'{draft.Utility}' is not a utility: use one of {KebabCase.Choices<Utility>()}");
            }
            if (draft.HoursPerDay is { } hours && (!double.IsFinite(hours) || hours <= 0 || hours > 24))
            {
                errors.Add("hoursPerDay", "must be more than 0 and at most 24 hours (left out: out all day)");
            }
        }
        var services = (draft.ServicesHit ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].Length > MaxTextLength)
            {
                errors.Add($"servicesHit[{i}]", $"is {services[i].Length:N0} characters long; at most {MaxTextLength} are allowed");
            }
        }

        if (kind == ObservationKind.Evacuation)
        {
            if (draft.Moved is null && draft.Cumulative is null && draft.Waiting is null)
            {
                errors.Add("moved", "an evacuation needs at least one count: moved, cumulative or waiting");
            }
            foreach (var (field, value) in new[] { ("moved", draft.Moved), ("cumulative", draft.Cumulative), ("waiting", draft.Waiting) })
            {
                if (value is < 0)
                {
                    errors.Add(field, "must be a number of people, 0 or more");
                }
                else if (value > MaxPeople)
                {
                    errors.Add(field, $"must be at most {MaxPeople:N0} people: more than any one count can be");
                }
            }
        }

        FoodSecurityInputs? foodSecurity = null;
        if (kind == ObservationKind.FoodSecurity)
        {
            foodSecurity = new FoodSecurityInputs(draft.ExtremeFoodGapShare, draft.GamUnderFive, draft.CrudeDeathRate, draft.UnderFiveDeathRate);
            if (foodSecurity is { ShareOfHouseholdsWithExtremeFoodGaps: null, GlobalAcuteMalnutritionUnderFive: null, CrudeDeathRate: null, UnderFiveDeathRate: null })
            {
                errors.Add("extremeFoodGapShare", "a food-security observation needs at least one measured indicator");
            }
            Share(draft.ExtremeFoodGapShare, "extremeFoodGapShare", errors);
            Share(draft.GamUnderFive, "gamUnderFive", errors);
            Rate(draft.CrudeDeathRate, "crudeDeathRate", errors);
            Rate(draft.UnderFiveDeathRate, "underFiveDeathRate", errors);
        }

        var reason = Blank(draft.Reason);
        if (kind == ObservationKind.RateOverride && reason is null)
        {
            errors.Add("reason", "is required for a rate override: say why the standard rate does not fit here");
        }
        else if (reason is { Length: > MaxNotesLength })
        {
            errors.Add("reason", $"must be at most {MaxNotesLength:N0} characters");
        }

        var sources = (draft.Sources ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (sources.Count == 0 && kind is not null and not ObservationKind.RateOverride)
        {
            errors.Add("sources", "at least one source is required: where the figure was read");
        }
        for (var i = 0; i < sources.Count; i++)
        {
            if (!context.Sources.Contains(sources[i]) && !context.NewSources.Contains(sources[i]))
            {
                errors.Add($"sources[{i}]", $"there is no source '{sources[i]}'");
            }
        }

        var notes = Blank(draft.Notes);
        if (notes is { Length: > MaxNotesLength })
        {
            errors.Add("notes", $"is {notes.Length:N0} characters long; at most {MaxNotesLength:N0} are allowed");
        }
        var location = Text(draft.Location, "location", errors);
        var comparedWith = Text(draft.ComparedWith, "comparedWith", errors);
        var counted = Text(draft.Counted, "counted", errors);
        var area = Text(draft.Area, "area", errors);

        if (!errors.IsEmpty || kind is null || date is null)
        {
            return (null, errors);
        }
        return (new SupplyObservation(
            kind.Value, date.Value, precision, to, commodity, amount, qualifier, location, route, carriers, outcome, per,
            kind is ObservationKind.Ration or ObservationKind.RateOverride ? group ?? PopulationGroup.Everyone : null,
            market, item, currency, draft.Factor, comparedWith, draft.Baseline ?? false,
            utility, draft.HoursPerDay, services,
            draft.Moved, draft.Cumulative, draft.Waiting, counted ?? (kind == ObservationKind.Evacuation ? "patients" : null),
            area, foodSecurity, kind == ObservationKind.RateOverride ? reason : null, sources, notes), errors);
    }

    /// <summary>
    /// Why a stored observation cannot be computed with (an amount, a count or a rate outside what is accepted
    /// today, written before the limits or behind Lifeline's back), or null when it can. Reads set such a record
    /// aside and say so, rather than fail for everyone.
    /// </summary>
    public static string? WhyNotComputable(SupplyObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Amount is { } amount)
        {
            var max = MaxAmountIn(amount.Unit);
            foreach (var (field, value) in new[] { ("amount", amount.Value), ("low", amount.Low), ("high", amount.High) })
            {
                if (value is { } v && (!double.IsFinite(v) || v < 0 || v > max))
                {
                    return $"{field} {v.ToString("G6", CultureInfo.InvariantCulture)} is outside 0 to {max.ToString("N0", CultureInfo.InvariantCulture)}";
                }
            }
            if (amount.Low is { } low && amount.High is { } high && (low > high || amount.Value is { } likely && (likely < low || likely > high)))
            {
                return "its range is not low ≤ amount ≤ high";
            }
        }
        foreach (var (field, value) in new[] { ("moved", observation.Moved), ("cumulative", observation.Cumulative), ("waiting", observation.Waiting) })
        {
            if (value is < 0 or > MaxPeople)
            {
                return $"{field} {value} is outside 0 to {MaxPeople:N0}";
            }
        }
        if (observation.HoursPerDay is { } hours && (!double.IsFinite(hours) || hours <= 0 || hours > 24))
        {
            return "hoursPerDay is outside 0 to 24";
        }
        if (observation.Factor is { } factor && (!double.IsFinite(factor) || factor <= 0 || factor > MaxFactor))
        {
            return $"factor is outside 0 to {MaxFactor:N0}";
        }
        return null;
    }

    private static (DateOnly? Date, DatePrecision Precision) ParseDate(string? text, ValidationErrors errors, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("date", "is required: YYYY-MM-DD, or YYYY-MM when only the month is known");
            return (null, DatePrecision.Day);
        }
        var trimmed = text.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (day > today.AddDays(1))
            {
                errors.Add("date", $"{Day(day)} is in the future");
                return (null, DatePrecision.Day);
            }
            return (day, DatePrecision.Day);
        }
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            if (month > today)
            {
                errors.Add("date", $"{trimmed} is in the future");
                return (null, DatePrecision.Month);
            }
            return (month, DatePrecision.Month);
        }
        errors.Add("date", $"'{text}' is not a date: write it as YYYY-MM-DD, or YYYY-MM when only the month is known");
        return (null, DatePrecision.Day);
    }

    private static void RefuseUnused(SupplyObservationDraft draft, ObservationKind kind, ValidationErrors errors)
    {
        (string Name, bool Set)[] given =
        [
            ("to", !string.IsNullOrWhiteSpace(draft.To)), ("commodity", !string.IsNullOrWhiteSpace(draft.Commodity)),
            ("amount", draft.Amount is not null), ("low", draft.Low is not null), ("high", draft.High is not null),
            ("unit", !string.IsNullOrWhiteSpace(draft.Unit)), ("qualifier", !string.IsNullOrWhiteSpace(draft.Qualifier)),
            ("location", !string.IsNullOrWhiteSpace(draft.Location)), ("route", !string.IsNullOrWhiteSpace(draft.Route)),
            ("carriers", draft.Carriers is { Count: > 0 }), ("outcome", !string.IsNullOrWhiteSpace(draft.Outcome)),
            ("per", !string.IsNullOrWhiteSpace(draft.Per)), ("group", !string.IsNullOrWhiteSpace(draft.Group)),
            ("market", !string.IsNullOrWhiteSpace(draft.Market)), ("item", !string.IsNullOrWhiteSpace(draft.Item)),
            ("currency", !string.IsNullOrWhiteSpace(draft.Currency)), ("factor", draft.Factor is not null),
            ("comparedWith", !string.IsNullOrWhiteSpace(draft.ComparedWith)), ("baseline", draft.Baseline is true),
            ("utility", !string.IsNullOrWhiteSpace(draft.Utility)), ("hoursPerDay", draft.HoursPerDay is not null),
            ("servicesHit", draft.ServicesHit is { Count: > 0 }), ("moved", draft.Moved is not null),
            ("cumulative", draft.Cumulative is not null), ("waiting", draft.Waiting is not null),
            ("counted", !string.IsNullOrWhiteSpace(draft.Counted)), ("area", !string.IsNullOrWhiteSpace(draft.Area)),
            ("extremeFoodGapShare", draft.ExtremeFoodGapShare is not null), ("gamUnderFive", draft.GamUnderFive is not null),
            ("crudeDeathRate", draft.CrudeDeathRate is not null), ("underFiveDeathRate", draft.UnderFiveDeathRate is not null),
        ];
        var allowed = Fields[kind];
        foreach (var (name, set) in given)
        {
            if (set && !allowed.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(name, $"is not part of a {KebabCase.Of(kind)} observation");
            }
        }
    }

    private static Commodity? CheckCommodity(SupplyObservationDraft draft, ObservationKind? kind, ValidationErrors errors)
    {
        if (kind is not (ObservationKind.Stock or ObservationKind.Delivery or ObservationKind.Ration or ObservationKind.RateOverride))
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(draft.Commodity))
        {
            errors.Add("commodity", "is required: a commodity such as cereal, insulin or petrol (the list is at /api/v1/supplies/commodities)");
            return null;
        }
        var commodity = SupplyStandards.Find(draft.Commodity.Trim());
        if (commodity is null)
        {
            errors.Add("commodity", $"'{draft.Commodity}' is not a commodity; the commodities are listed at /api/v1/supplies/commodities");
        }
        else if (kind != ObservationKind.Delivery && commodity.Category == CommodityCategory.MixedCargo)
        {
            errors.Add("commodity", $"{commodity.Id} is for deliveries whose contents are not itemised; a {KebabCase.Of(kind.Value)} needs a commodity");
            return null;
        }
        return commodity;
    }

    private static AmountUnit? CheckUnit(SupplyObservationDraft draft, ObservationKind? kind, Commodity? commodity, ValidationErrors errors)
    {
        var anyAmount = draft.Amount is not null || draft.Low is not null || draft.High is not null;
        if (string.IsNullOrWhiteSpace(draft.Unit))
        {
            if (anyAmount || kind is ObservationKind.Stock or ObservationKind.Ration or ObservationKind.RateOverride)
            {
                errors.Add("unit", kind == ObservationKind.Price
                    ? $"is required: what the price is for ({AmountUnits.Choices})"
                    : $"is required: {AmountUnits.Choices}");
            }
            return null;
        }
        var unit = AmountUnits.Parse(draft.Unit);
        if (unit is null)
        {
            errors.Add("unit", $"'{draft.Unit}' is not a unit Lifeline knows: use {AmountUnits.Choices}");
            return null;
        }
        if (kind == ObservationKind.RateOverride && commodity is not null && AmountUnits.Factor(unit.Value, commodity.Unit) is null)
        {
            errors.Add("unit", $"{commodity.Name} is planned in {AmountUnits.Words(commodity.Unit)}; a rate in {AmountUnits.Symbol(unit.Value)} cannot replace it (no conversion is recorded)");
        }
        return unit;
    }

    private static ObservedAmount? CheckAmount(SupplyObservationDraft draft, ObservationKind? kind, AmountUnit? unit, ValidationErrors errors)
    {
        var ok = true;
        foreach (var (field, value) in new[] { ("amount", draft.Amount), ("low", draft.Low), ("high", draft.High) })
        {
            if (value is { } v && (!double.IsFinite(v) || v < 0))
            {
                errors.Add(field, kind == ObservationKind.Stock ? "a stock cannot be negative: it must be 0 or more" : "must be a number, 0 or more");
                ok = false;
            }
            else if (value is { } large && large > MaxAmountIn(unit))
            {
                errors.Add(field, $"{large.ToString("G6", CultureInfo.InvariantCulture)} is more than any one observation can hold: at most {MaxAmountIn(unit).ToString("N0", CultureInfo.InvariantCulture)} {(unit is { } named ? AmountUnits.Symbol(named) : "")}".TrimEnd());
                ok = false;
            }
            else if (value is { } small && small is > 0 and < MinAmount)
            {
                errors.Add(field, $"{small.ToString("G6", CultureInfo.InvariantCulture)} is too small to be a measured amount: give 0, or at least {MinAmount.ToString(CultureInfo.InvariantCulture)}");
                ok = false;
            }
        }
        if (draft.Low is null != draft.High is null)
        {
            errors.Add(draft.Low is null ? "low" : "high", "a range needs both low and high");
            ok = false;
        }
        else if (draft.Low is { } low && draft.High is { } high && ok)
        {
            if (low > high)
            {
                errors.Add("low", "must not be more than high");
                ok = false;
            }
            else if (draft.Amount is { } likely && (likely < low || likely > high))
            {
                errors.Add("amount", "must lie between low and high (it is the most likely value of the range)");
                ok = false;
            }
        }
        var given = draft.Amount is not null || draft.Low is not null;
        if (!given && kind is ObservationKind.Stock or ObservationKind.Ration or ObservationKind.RateOverride)
        {
            errors.Add("amount", kind switch
            {
                ObservationKind.Stock => "is required: how much was counted (or low and high for a range)",
                ObservationKind.Ration => "is required: how much each person is given",
                _ => "is required: the amount per person per day",
            });
        }
        if (kind == ObservationKind.RateOverride && draft.Low is not null)
        {
            errors.Add("low", "a rate override is one figure per person per day, not a range");
            ok = false;
        }
        return ok && given && unit is { } u ? new ObservedAmount(draft.Amount, draft.Low, draft.High, u) : null;
    }

    private static void CheckPrice(SupplyObservationDraft draft, string? market, string? item, ref string? currency, ValidationErrors errors)
    {
        if (market is null)
        {
            errors.Add("market", "is required: where the price was seen (a town, a market, or the region)");
        }
        if (item is null)
        {
            errors.Add("item", "is required: what was priced, in the source's words (potatoes, sunflower oil)");
        }
        var hasPrice = draft.Amount is not null || draft.Low is not null;
        if (hasPrice == draft.Factor is not null)
        {
            errors.Add("amount", hasPrice
                ? "give a price or a factor, not both: record them as two observations"
                : "a price observation needs a price (amount, or low and high) or a factor against an earlier price");
        }
        if (draft.Factor is { } factor && (!double.IsFinite(factor) || factor <= 0 || factor > MaxFactor))
        {
            errors.Add("factor", $"must be more than 0 and at most {MaxFactor:N0}: 2 means the price doubled");
        }
        if (hasPrice && currency is null)
        {
            errors.Add("currency", "is required with a price: the currency code, e.g. AMD, USD");
        }
        else if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
        {
            errors.Add("currency", $"'{draft.Currency}' is not a currency code: three letters, e.g. AMD, USD");
            currency = null;
        }
        if (draft.Factor is not null && Blank(draft.ComparedWith) is null)
        {
            errors.Add("comparedWith", "is required with a factor: against what earlier price (\"15 Jun 2023\", \"before the blockade\")");
        }
    }

    private static string? CheckQualifier(string? text, ValidationErrors errors)
    {
        var qualifier = Blank(text)?.ToLowerInvariant();
        if (qualifier is not null && !Qualifiers.Contains(qualifier, StringComparer.Ordinal))
        {
            errors.Add("qualifier", $"'{text}' is not a qualifier: use {string.Join(", ", Qualifiers)}, or leave it out for an exact figure");
            return null;
        }
        return qualifier;
    }

    private static PopulationGroup? CheckGroup(string? text, ObservationKind? kind, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text) || kind is not (ObservationKind.Ration or ObservationKind.RateOverride))
        {
            return null;
        }
        var group = KebabCase.Parse<PopulationGroup>(text);
        if (group is null)
        {
            errors.Add("group", $"'{text}' is not a population group: use {KebabCase.Choices<PopulationGroup>()}");
        }
        return group;
    }

    private static void Share(double? value, string field, ValidationErrors errors)
    {
        if (value is { } v && (!double.IsFinite(v) || v < 0 || v > 1))
        {
            errors.Add(field, "must be a share from 0 to 1 (0.2 is 20 %)");
        }
    }

    private static void Rate(double? value, string field, ValidationErrors errors)
    {
        if (value is { } v && (!double.IsFinite(v) || v < 0 || v > MaxDeathRate))
        {
            errors.Add(field, $"must be deaths per 10,000 a day, from 0 to {MaxDeathRate:N0}");
        }
    }

    private static string? Text(string? text, string field, ValidationErrors errors)
    {
        var value = Blank(text);
        if (value is { Length: > MaxTextLength })
        {
            errors.Add(field, $"is {value.Length:N0} characters long; at most {MaxTextLength} are allowed");
        }
        return value;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
