using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Core.Supplies;

namespace Lifeline.Supplies;

/// <summary>A commodity Lifeline plans in, with its standard rate where a standard gives one.</summary>
public sealed record CommodityView(string Id, string Name, string Category, string Unit, double? StandardPerPersonPerDay, string? StandardBasis, string? StandardSource);

/// <summary>One line of <c>lifeline needs --json</c> and of the needs API (the names are a contract).</summary>
/// <param name="QuantityPerDay">In <paramref name="Unit"/>, for the whole population group it applies to.</param>
/// <param name="Basis">How it was worked out, with the source's address.</param>
public sealed record NeedView(string Commodity, string Category, string Unit, double QuantityPerDay, string Basis);

public sealed record NeedsView(string Situation, DateOnly Date, double Kilocalories, IReadOnlyDictionary<string, long> Population, IReadOnlyList<NeedView> Needs);

/// <summary>One line of <c>lifeline forecast --json</c> (the names are a contract): days are null when it does not run out within the horizon, or when there is no stock to forecast.</summary>
/// <param name="Stock">The most likely stock on the day, in the commodity's unit; null when no stock was observed.</param>
public sealed record ForecastLine(string Commodity, double? Stock, double? NeedPerDay, double InflowPerDay, double? P10Days, double? P50Days, double? P90Days);

public sealed record ForecastFile(string Situation, DateOnly Date, string Inflow, int Runs, ulong Seed, IReadOnlyList<string> Notes, IReadOnlyList<ForecastLine> Commodities, NeedGapView NeedGap);

/// <summary>
/// What the record knows of food and medicine without a stock count, from the start to the date (at most the end): the
/// need by the standards against the deliveries with a weight, in tonnes, and how many days of need that shortfall is.
/// </summary>
/// <param name="WhatIfs">What-ifs, not forecasts: had the stock at the start been so many days of need, the day it would have run out.</param>
public sealed record NeedGapView(
    DateOnly From, DateOnly To, int Days, double NeedTonnesPerDay, double NeededTonnes, double DeliveredTonnes, double ShortfallTonnes,
    double? DaysOfNeedNotDelivered, string Basis, IReadOnlyList<WhatIfRunwayView> WhatIfs);

/// <param name="RunsOutOn">The day the stated stock would have run out; null when it had not by the last day counted.</param>
public sealed record WhatIfRunwayView(int StockDaysOfNeed, double StockTonnes, DateOnly? RunsOutOn, string Label);

/// <summary>One commodity in the forecast API: the contract's figures, and the ranges, dates and reasons behind them.</summary>
public sealed record ForecastLineView(
    string Commodity, string Name, string Unit, double? Stock, double? StockLow, double? StockHigh, string StockBasis,
    double? NeedPerDay, string? NeedBasis, double? ConsumptionPerDay, double? ConsumptionLow, double? ConsumptionHigh, string? ConsumptionBasis,
    double InflowPerDay, double InflowLow, double InflowHigh, string InflowBasis,
    double? P10Days, double? P50Days, double? P90Days, DateOnly? P10Date, DateOnly? P50Date, DateOnly? P90Date,
    bool Alert, int? AlertWithinDays, string? NoRunway);

public sealed record ForecastView(
    string Situation, DateOnly Date, string Inflow, string InflowDescription, int Runs, ulong Seed, int HorizonDays, IReadOnlyList<string> Notes,
    IReadOnlyList<ForecastLineView> Commodities, NeedGapView NeedGap);

public sealed record RecordedView(DateTimeOffset At, string By, string Reason);

/// <summary>
/// An observation as the API gives it: the fields of the request (so a GET, changed, is a valid PUT body), its
/// identity, version, and who recorded the version.
/// </summary>
public sealed record ObservationView(
    string Id, int Version, string Kind, string Date, string? To, string? Commodity, double? Amount, double? Low, double? High, string? Unit,
    string? Qualifier, string? Location, string? Route, IReadOnlyList<string> Carriers, string? Outcome, string? Per, string? Group,
    string? Market, string? Item, string? Currency, double? Factor, string? ComparedWith, bool Baseline, string? Utility, double? HoursPerDay,
    IReadOnlyList<string> ServicesHit, int? Moved, int? Cumulative, int? Waiting, string? Counted, string? Area,
    double? ExtremeFoodGapShare, double? GamUnderFive, double? CrudeDeathRate, double? UnderFiveDeathRate, string? Reason,
    IReadOnlyList<string> Sources, string? Notes, RecordedView Recorded, long? Leaf);

public sealed record ObservationDetail(ObservationView Observation, IReadOnlyList<ObservationView> Versions, IReadOnlyList<Events.SourceView> Sources);

public sealed record DeliveryDayView(DateOnly Date, double Tonnes);

public sealed record DeliveriesView(
    string Situation, DateOnly From, DateOnly To, int Days, double DeliveredTonnes, double? ExpectedTonnes, double? BaselineTonnesPerDay,
    double NeedTonnesPerDay, IReadOnlyList<DeliveryDayView> PerDay, IReadOnlyList<ObservationView> Weighed, IReadOnlyList<ObservationView> NotWeighed,
    IReadOnlyList<ObservationView> Stopped);

public sealed record PriceRowView(
    string Market, string Item, bool AlpsApplies, IReadOnlyList<string> AlpsNotApplicable, double? Pewi, string? Level,
    double? ChangeFromBaselinePercent, IReadOnlyList<string> Changes, IReadOnlyList<string> Elsewhere, IReadOnlyList<ObservationView> Prices);

public sealed record PricesView(string Situation, DateOnly Date, IReadOnlyList<PriceRowView> Rows);

/// <summary>
/// One stretch of an outage, derived from the utility's events: <c>status</c> cut or partial, from and until (local
/// time, <c>YYYY-MM-DDTHH:MM</c>, until exclusive), its first and last day, whether it still held on the day asked for,
/// the hours a day without it when rationed, and the events that set it.
/// </summary>
public sealed record OutagePeriodView(
    string Status, string From, string Until, DateOnly FirstDay, DateOnly LastDay, bool Ongoing, double? HoursPerDay, double HoursWithout, IReadOnlyList<string> Events);

/// <summary>A service the record says was suspended on a day the utility was cut or rationed.</summary>
public sealed record ServiceHitView(DateOnly Date, string Event, string Notes);

/// <summary>
/// A utility over the days counted: <c>hours</c> without it (cut + rationed, never more than <c>hoursInPeriod</c>),
/// <c>days</c> on which it was cut or rationed, and the stretches and services behind them.
/// </summary>
public sealed record UtilityView(
    string Utility, double Hours, double HoursCut, double HoursRationed, double HoursInPeriod, int Days, int DaysHoursNotRecorded,
    IReadOnlyList<OutagePeriodView> Periods, IReadOnlyList<ServiceHitView> ServicesHit);

/// <summary>A change of a route or a utility that does not fit the status before it (a cut while already cut, …).</summary>
public sealed record AnomalyView(string Subject, string Kind, DateOnly Date, string? Event, string? PreviousEvent, string Problem);

/// <summary>The utilities from <c>from</c> to <c>to</c> (the day asked for, at most the situation's end), and the sequence anomalies of the record.</summary>
public sealed record UtilitiesView(string Situation, DateOnly Date, DateOnly From, DateOnly To, IReadOnlyList<UtilityView> Utilities, IReadOnlyList<AnomalyView> Anomalies);

public sealed record EvacuationsView(string Situation, DateOnly Date, int? LatestCumulative, string? LatestCumulativeQualifier, int? LatestWaiting, long MovedRecorded, IReadOnlyList<ObservationView> Counts);

public sealed record FoodSecurityView(
    string Situation, DateOnly Date, ObservationView? Survey, string ExtremeFoodGaps, string AcuteMalnutrition, string Mortality, bool Famine,
    string Finding, string? MortalityAlarm, string? UnderFiveAlarm);

internal static class SupplyViews
{
    public static CommodityView Commodity(Commodity c)
    {
        var rate = SupplyStandards.Rates.FirstOrDefault(r => r.Commodity.Id == c.Id);
        return new CommodityView(c.Id, c.Name, KebabCase.Of(c.Category), AmountUnits.Symbol(c.Unit), rate?.PerPersonPerDay.Value, rate?.Basis, rate?.Source);
    }

    public static NeedView Need(DailyNeed need) => new(
        need.Commodity.Id, KebabCase.Of(need.Commodity.Category), AmountUnits.Symbol(need.Commodity.Unit), Math.Round(need.PerDay.Value, 3),
        $"{need.Basis} ({need.Source})");

    public static ForecastLine Line(SupplyLine line) => new(
        line.Commodity.Id, Round(line.Stock.Stock?.Likely), Round(line.Need?.PerDay.Value), Round(line.Inflow.FirstRate.Likely)!.Value,
        line.Runway?.P10Days, line.Runway?.P50Days, line.Runway?.P90Days);

    public static ForecastLineView LineView(SupplyLine line) => new(
        line.Commodity.Id, line.Commodity.Name, AmountUnits.Symbol(line.Commodity.Unit),
        Round(line.Stock.Stock?.Likely), Round(line.Stock.Stock?.Low), Round(line.Stock.Stock?.High), line.Stock.Basis,
        Round(line.Need?.PerDay.Value), line.Need is { } n ? $"{n.Basis} ({n.Source})" : null,
        Round(line.Consumption?.PerDay.Likely), Round(line.Consumption?.PerDay.Low), Round(line.Consumption?.PerDay.High), line.Consumption?.Basis,
        Round(line.Inflow.FirstRate.Likely)!.Value, Round(line.Inflow.FirstRate.Low)!.Value, Round(line.Inflow.FirstRate.High)!.Value, line.Inflow.Basis,
        line.Runway?.P10Days, line.Runway?.P50Days, line.Runway?.P90Days, line.Runway?.P10Date, line.Runway?.P50Date, line.Runway?.P90Date,
        line.Runway?.Alert ?? false, line.Runway?.AlertWithinDays, line.NoRunway);

    public static ForecastView Forecast(SupplyOutlookReport report, NeedGap gap, string situationId) => new(
        situationId, report.Date, KebabCase.Of(report.Assumption), report.AssumptionText, report.Runs, report.Seed, report.HorizonDays, report.Notes,
        report.Lines.Select(LineView).ToList(), Gap(gap));

    public static NeedGapView Gap(NeedGap gap) => new(
        gap.From, gap.To, gap.Days, Math.Round(gap.NeedKilogramsPerDay / 1000, 3), Math.Round(gap.NeededKilograms / 1000, 3),
        Math.Round(gap.DeliveredKilograms / 1000, 3), Math.Round(gap.ShortfallKilograms / 1000, 3),
        gap.DaysOfNeedNotDelivered is { } d ? Math.Round(d, 1) : null,
        "the need for food and medicine by the standards for the population on the last day, every day, against the recorded deliveries with a weight (those without one are not counted)",
        gap.WhatIfs.Select(w => new WhatIfRunwayView(w.StockDaysOfNeed, Math.Round(w.StockKilograms / 1000, 3), w.RunsOutOn, WhatIf(w, gap.To))).ToList());

    /// <summary>A what-if in words, saying it is one.</summary>
    public static string WhatIf(WhatIfRunway w, DateOnly to) =>
        $"What if the stock at the start had been {w.StockDaysOfNeed} days of need (not observed): " +
        (w.RunsOutOn is { } day ? $"it would have run out on {Day(day)}" : $"it would not have run out by {Day(to)}");

    public static ObservationView Observation(ObservationVersion version, long? leaf = null)
    {
        var c = version.Content;
        return new ObservationView(
            version.Id, version.Version, KebabCase.Of(c.Kind),
            c.DatePrecision == DatePrecision.Month ? c.Date.ToString("yyyy-MM", CultureInfo.InvariantCulture) : Day(c.Date),
            c.To is { } to ? Day(to) : null, c.Commodity?.Id, c.Amount?.Value, c.Amount?.Low, c.Amount?.High,
            c.Amount is { } a ? AmountUnits.Symbol(a.Unit) : null, c.Qualifier, c.Location, c.Route, c.Carriers.Select(x => KebabCase.Of(x)).ToList(),
            c.Outcome is { } o ? KebabCase.Of(o) : null, c.Per is { } p ? KebabCase.Of(p) : null, c.Group is { } g ? KebabCase.Of(g) : null,
            c.Market, c.Item, c.Currency, c.Factor, c.ComparedWith, c.Baseline, c.Utility is { } u ? KebabCase.Of(u) : null, c.HoursPerDay,
            c.ServicesHit, c.Moved, c.Cumulative, c.Waiting, c.Counted, c.Area,
            c.FoodSecurity?.ShareOfHouseholdsWithExtremeFoodGaps, c.FoodSecurity?.GlobalAcuteMalnutritionUnderFive,
            c.FoodSecurity?.CrudeDeathRate, c.FoodSecurity?.UnderFiveDeathRate, c.Reason, c.Sources, c.Notes,
            new RecordedView(version.Recorded.At, version.Recorded.By, version.Recorded.Reason), leaf);
    }

    public static DeliveriesView Deliveries(DeliveryRecord record, string situationId) => new(
        situationId, record.From, record.To, record.Days, Math.Round(record.DeliveredKilograms / 1000, 3),
        record.ExpectedKilograms is { } e ? Math.Round(e / 1000, 3) : null, record.BaselineKilogramsPerDay / 1000, Math.Round(record.NeedKilogramsPerDay / 1000, 3),
        record.KilogramsPerDay.Select((kg, i) => new DeliveryDayView(record.From.AddDays(i), Math.Round(kg / 1000, 3))).ToList(),
        record.Weighed.Select(o => Observation(o)).ToList(), record.Unweighed.Select(o => Observation(o)).ToList(), record.Stopped.Select(o => Observation(o)).ToList());

    public static PriceRowView Price(PriceRow row) => new(
        row.Market, row.Item, row.Alps.AlpsApplies, row.Alps.Insufficient, row.Alps.Pewi, row.Alps.Level is { } l ? KebabCase.Of(l) : null,
        row.Alps.ChangeFromBaselinePercent is { } c ? Math.Round(c, 1) : null, row.Changes.Select(x => x.Describe()).ToList(),
        row.Elsewhere.Select(o => $"{o.Content.Market}: {o.Content.PriceText()} ({Month(o.Content)})").ToList(), row.Observations.Select(o => Observation(o)).ToList());

    public static UtilitiesView Utilities(UtilitiesPicture picture, string situationId, DateOnly date) => new(
        situationId, date, picture.From, picture.To, picture.Utilities.Select(Utility).ToList(),
        picture.Anomalies.Select(a => new AnomalyView(a.Subject, a.IsUtility ? "utility" : "route", a.Date, a.EventId, a.PreviousEventId, a.Problem)).ToList());

    public static UtilityView Utility(UtilityOutages outages) => new(
        KebabCase.Of(outages.Utility), Math.Round(outages.Hours, 2), Math.Round(outages.HoursCut, 2), Math.Round(outages.HoursRationed, 2),
        outages.HoursInPeriod, outages.DaysHit, outages.DaysHoursNotRecorded,
        outages.Periods.Select(p => new OutagePeriodView(
            KebabCase.Of(p.Status), Instant(p.From), Instant(p.Until), p.FirstDay, p.LastDay, p.Ongoing, p.HoursPerDay, Math.Round(p.HoursWithout, 2), p.Events)).ToList(),
        outages.ServicesHit.Select(s => new ServiceHitView(s.Date, s.EventId, s.Notes)).ToList());

    /// <summary>An outage stretch in words: "cut from 2022-12-13 to 2022-12-15", "rationed 4 h a day from … (still on …)".</summary>
    public static string Describe(OutagePeriod p)
    {
        var what = p.Status == Core.Situations.UtilityStatus.Cut
            ? "cut"
            : p.HoursPerDay is { } h ? $"rationed, {ObservedAmount.Number(h)} h a day without it" : "partly supplied or rationed (hours a day not recorded)";
        var when = p.From == p.Until
            ? $"on {Day(p.FirstDay)} for a part of the day not recorded"
            : p.FirstDay == p.LastDay
                ? $"on {Day(p.FirstDay)}{(p.Until - p.From < TimeSpan.FromDays(1) ? $" for {ObservedAmount.Number(Math.Round((p.Until - p.From).TotalHours, 1))} h" : "")}"
                : $"from {Day(p.FirstDay)} to {Day(p.LastDay)}";
        return $"{what} {when}{(p.Ongoing ? " (still so on the last day counted)" : "")}";
    }

    private static string Instant(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public static EvacuationsView Evacuations(EvacuationRecord record, string situationId, DateOnly date) => new(
        situationId, date, record.LatestCumulative?.Content.Cumulative, record.LatestCumulative?.Content.Qualifier, record.LatestWaiting?.Content.Waiting,
        record.MovedRecorded, record.Counts.Select(o => Observation(o)).ToList());

    public static FoodSecurityView FoodSecurity(FoodSecuritySignal signal, string situationId, DateOnly date) => new(
        situationId, date, signal.Survey is { } s ? Observation(s) : null,
        KebabCase.Of(signal.Reading.ExtremeFoodGaps), KebabCase.Of(signal.Reading.AcuteMalnutrition), KebabCase.Of(signal.Reading.Mortality),
        signal.Reading.Famine, signal.Reading.Finding,
        signal.Reading.Alarm is { } a ? KebabCase.Of(a) : null, signal.Reading.UnderFiveAlarm is { } u ? KebabCase.Of(u) : null);

    /// <summary>What an observation is about, in a few words: the commodity, the item and market, the utility.</summary>
    public static string Subject(SupplyObservation o) => o.Kind switch
    {
        ObservationKind.Price => $"{o.Item} in {o.Market}",
        ObservationKind.Outage => $"{(o.Utility is { } u ? KebabCase.Of(u) : "utility")} out",
        ObservationKind.Evacuation => $"medical evacuations ({o.Counted})",
        ObservationKind.FoodSecurity => $"survey{(o.Area is null ? "" : " in " + o.Area)}",
        ObservationKind.Delivery => $"{o.Commodity?.Name ?? "cargo"} by {string.Join(" and ", o.Carriers.Select(c => KebabCase.Of(c)))}{(o.Outcome == DeliveryOutcome.Stopped ? " (stopped)" : "")}",
        ObservationKind.Stock => $"{o.Commodity?.Name}{(o.Location is null ? "" : " in " + o.Location)}",
        _ => $"{o.Commodity?.Name}{(o.Group is { } g ? " for " + KebabCase.Of(g) : "")}",
    };

    /// <summary>The main figure as the source gives it, with its hedge.</summary>
    public static string Figure(SupplyObservation o)
    {
        string Q(int? n) => n is { } v ? $"{(o.Qualifier is null ? "" : o.Qualifier + " ")}{v}" : "";
        return o.Kind switch
        {
            ObservationKind.Price => o.PriceText(),
            ObservationKind.Outage => o.HoursPerDay is { } h ? $"{ObservedAmount.Number(h)} h a day" : "all day",
            ObservationKind.Evacuation => string.Join(", ", new[]
            {
                o.Moved is null ? null : $"{o.Moved} moved", o.Cumulative is null ? null : $"{Q(o.Cumulative)} in all", o.Waiting is null ? null : $"{Q(o.Waiting)} waiting",
            }.Where(x => x is not null)),
            ObservationKind.FoodSecurity => string.Join(", ", new[]
            {
                o.FoodSecurity?.ShareOfHouseholdsWithExtremeFoodGaps is { } f ? $"extreme food gaps {Percent(f)}" : null,
                o.FoodSecurity?.GlobalAcuteMalnutritionUnderFive is { } g ? $"GAM under five {Percent(g)}" : null,
                o.FoodSecurity?.CrudeDeathRate is { } c ? $"CDR {ObservedAmount.Number(c)}/10,000/day" : null,
            }.Where(x => x is not null)),
            ObservationKind.Ration => o.Amount is { } r ? $"{r.Describe(o.Qualifier)} a person a {(o.Per is { } p ? KebabCase.Of(p) : "day")}" : "",
            ObservationKind.RateOverride => o.Amount is { } r ? $"{r.Describe()} a person a day" : "",
            _ => o.Amount?.Describe(o.Qualifier) ?? "not reported",
        };
    }

    /// <summary>The fields an observation has, by name, for its page; empty ones are left out.</summary>
    public static IReadOnlyList<(string Name, string Value)> Fields(ObservationView o)
    {
        string? N(double? v) => v is { } x ? ObservedAmount.Number(x) : null;
        var fields = new (string Name, string? Value)[]
        {
            ("Id", o.Id), ("Kind", o.Kind), ("Date", o.Date), ("To", o.To), ("Commodity", o.Commodity), ("Amount", N(o.Amount)), ("Low", N(o.Low)),
            ("High", N(o.High)), ("Unit", o.Unit), ("Qualifier", o.Qualifier), ("Location", o.Location), ("Route", o.Route),
            ("Carriers", o.Carriers.Count == 0 ? null : string.Join(", ", o.Carriers)), ("Outcome", o.Outcome), ("Per", o.Per), ("Group", o.Group),
            ("Market", o.Market), ("Item", o.Item), ("Currency", o.Currency), ("Factor", N(o.Factor)), ("Compared with", o.ComparedWith),
            ("Baseline", o.Baseline ? "yes: the price before the crisis" : null), ("Utility", o.Utility), ("Hours a day", N(o.HoursPerDay)),
            ("Services hit", o.ServicesHit.Count == 0 ? null : string.Join("; ", o.ServicesHit)), ("Moved", o.Moved?.ToString(CultureInfo.InvariantCulture)),
            ("Running total", o.Cumulative?.ToString(CultureInfo.InvariantCulture)), ("Waiting", o.Waiting?.ToString(CultureInfo.InvariantCulture)),
            ("Counted", o.Counted), ("Area", o.Area), ("Households with extreme food gaps", N(o.ExtremeFoodGapShare)), ("GAM under five", N(o.GamUnderFive)),
            ("Crude death rate (per 10,000 a day)", N(o.CrudeDeathRate)), ("Under-five death rate (per 10,000 a day)", N(o.UnderFiveDeathRate)),
            ("Reason for the rate", o.Reason),
        };
        return fields.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => (f.Name, f.Value!)).ToList();
    }

    public static string Month(SupplyObservation o) =>
        o.Date.ToString(o.DatePrecision == DatePrecision.Month ? "MMM yyyy" : "d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;
}
