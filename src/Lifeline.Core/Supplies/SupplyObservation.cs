using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Supplies;

/// <summary>What an observation records.</summary>
public enum ObservationKind
{
    /// <summary>A stock count: how much of a commodity was where on a day.</summary>
    Stock,

    /// <summary>A delivery (or a convoy that was stopped) by route and carrier, on a day or over a period.</summary>
    Delivery,

    /// <summary>A ration in force: so much of a commodity per person per day or month, from a day.</summary>
    Ration,

    /// <summary>A price in a market in a month, or a change by a factor ("sweets ×5").</summary>
    Price,

    /// <summary>A utility out, all day or for so many hours a day (rolling blackouts), and the services it hit.</summary>
    Outage,

    /// <summary>Medical evacuations: patients moved, the running total, patients waiting.</summary>
    Evacuation,

    /// <summary>Survey results for the IPC Famine test and the Sphere mortality alarms.</summary>
    FoodSecurity,

    /// <summary>A per-person rate set in place of the standard one, with the reason.</summary>
    RateOverride,
}

/// <summary>Who carried a delivery.</summary>
public enum Carrier
{
    /// <summary>Ordinary trade by road.</summary>
    Commercial,
    Icrc,
    Peacekeepers,

    /// <summary>A national Red Cross or Red Crescent society.</summary>
    RedCross,
    Government,
    Airlift,
    Other,
}

/// <summary>Whether a delivery arrived.</summary>
public enum DeliveryOutcome
{
    Delivered,

    /// <summary>It did not pass: turned back, or held at a checkpoint.</summary>
    Stopped,
}

/// <summary>The period a ration is given for.</summary>
public enum RationPeriod
{
    Day,
    Month,
}

/// <summary>How much of an observation's date is known.</summary>
public enum DatePrecision
{
    Day,

    /// <summary>Only the month: the date is the first of it.</summary>
    Month,
}

/// <summary>
/// A validated observation: everything but its identity and who recorded it. Which members are set depends on
/// <see cref="Kind"/> (docs/supplies.md lists them); the others are null or empty.
/// </summary>
/// <param name="To">The last day of a period, counted in it: the end of a delivery period, a ration, an outage.</param>
/// <param name="Amount">The amount, as the source gives it: a stock, a delivery, a ration or a rate per person, a price.</param>
/// <param name="Qualifier">How the main figure is hedged: about, almost, at least, more than, under, up to.</param>
/// <param name="HoursPerDay">Hours a day without the utility (rolling blackouts); null when out all day.</param>
/// <param name="Reason">Why a rate override replaces the standard rate.</param>
public sealed record SupplyObservation(
    ObservationKind Kind,
    DateOnly Date,
    DatePrecision DatePrecision,
    DateOnly? To,
    Commodity? Commodity,
    ObservedAmount? Amount,
    string? Qualifier,
    string? Location,
    string? Route,
    IReadOnlyList<Carrier> Carriers,
    DeliveryOutcome? Outcome,
    RationPeriod? Per,
    PopulationGroup? Group,
    string? Market,
    string? Item,
    string? Currency,
    double? Factor,
    string? ComparedWith,
    bool Baseline,
    Utility? Utility,
    double? HoursPerDay,
    IReadOnlyList<string> ServicesHit,
    int? Moved,
    int? Cumulative,
    int? Waiting,
    string? Counted,
    string? Area,
    FoodSecurityInputs? FoodSecurity,
    string? Reason,
    IReadOnlyList<string> Sources,
    string? Notes)
{
    /// <summary>The first day the observation covers.</summary>
    public DateOnly From => Date;

    /// <summary>The last day it covers: <see cref="To"/>, or the end of the month for a month, or the day itself.</summary>
    public DateOnly Until => To ?? (DatePrecision == DatePrecision.Month ? Date.AddMonths(1).AddDays(-1) : Date);

    /// <summary>Whether the observation covers <paramref name="day"/> (an open-ended ration covers every day after its start).</summary>
    public bool InForceOn(DateOnly day) => Date <= day && (To is null ? Kind == ObservationKind.Ration || day <= Until : day <= To);

    /// <summary>Delivered by the ICRC, peacekeepers or a Red Cross society only: what passed a corridor open to humanitarian traffic only.</summary>
    public bool Humanitarian => Carriers.Count > 0 && Carriers.All(c => c is Carrier.Icrc or Carrier.Peacekeepers or Carrier.RedCross);
}

/// <summary>One version of an observation, with its identity and who recorded it, when and why.</summary>
public sealed record ObservationVersion(string SituationId, string Id, int Version, SupplyObservation Content, Recording Recorded);

/// <summary>
/// An observation as typed in (a page, the API, a file): everything is text or a number, nothing is checked yet.
/// JSON names are the member names in camelCase (<c>amount</c>, <c>hoursPerDay</c>, <c>servicesHit</c>).
/// </summary>
public record SupplyObservationDraft
{
    [TextRule(InputLimits.Code)]
    public string? Kind { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Id { get; init; }

    /// <summary>YYYY-MM-DD, or YYYY-MM when only the month is known.</summary>
    [TextRule(InputLimits.Code)]
    public string? Date { get; init; }

    /// <summary>YYYY-MM-DD: the last day of a period, counted in it.</summary>
    [TextRule(InputLimits.Code)]
    public string? To { get; init; }

    [TextRule(InputLimits.Code)]
    public string? Commodity { get; init; }
    public double? Amount { get; init; }
    public double? Low { get; init; }
    public double? High { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Unit { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Qualifier { get; init; }
    [TextRule(SupplyObservationValidator.MaxTextLength)]
    public string? Location { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Route { get; init; }
    [TextRule(InputLimits.Code)]
    public IReadOnlyList<string>? Carriers { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Outcome { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Per { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Group { get; init; }
    [TextRule(SupplyObservationValidator.MaxTextLength)]
    public string? Market { get; init; }
    [TextRule(SupplyObservationValidator.MaxTextLength)]
    public string? Item { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Currency { get; init; }
    public double? Factor { get; init; }
    [TextRule(SupplyObservationValidator.MaxTextLength)]
    public string? ComparedWith { get; init; }
    public bool? Baseline { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Utility { get; init; }
    public double? HoursPerDay { get; init; }
    [TextRule(SupplyObservationValidator.MaxTextLength)]
    public IReadOnlyList<string>? ServicesHit { get; init; }
    public int? Moved { get; init; }
    public int? Cumulative { get; init; }
    public int? Waiting { get; init; }
    [TextRule(SupplyObservationValidator.MaxTextLength)]
    public string? Counted { get; init; }
    [TextRule(SupplyObservationValidator.MaxTextLength)]
    public string? Area { get; init; }

    /// <summary>Share of households with an extreme lack of food, 0 to 1.</summary>
    public double? ExtremeFoodGapShare { get; init; }

    /// <summary>Share of children under five acutely malnourished (GAM), 0 to 1.</summary>
    public double? GamUnderFive { get; init; }

    /// <summary>Deaths per 10,000 people per day.</summary>
    public double? CrudeDeathRate { get; init; }

    /// <summary>Deaths of children under five per 10,000 such children per day.</summary>
    public double? UnderFiveDeathRate { get; init; }

    /// <summary>Why a rate override replaces the standard rate; for an edit of any observation, why it was edited.</summary>
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Reason { get; init; }

    [TextRule(InputLimits.Id)]
    public IReadOnlyList<string>? Sources { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Notes { get; init; }
}
