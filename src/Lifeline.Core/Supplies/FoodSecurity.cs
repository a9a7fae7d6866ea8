namespace Lifeline.Core.Supplies;

/// <summary>Where an indicator stands against a threshold: met, not met, or not measured.</summary>
public enum ThresholdResult
{
    NotMeasured,
    NotMet,
    Met,
}

/// <summary>Survey results for an area. Shares are fractions (0.2 = 20 %); death rates are per 10,000 people per day.</summary>
public sealed record FoodSecurityInputs(
    double? ShareOfHouseholdsWithExtremeFoodGaps, double? GlobalAcuteMalnutritionUnderFive, double? CrudeDeathRate, double? UnderFiveDeathRate);

/// <summary>Sphere's alarm levels for the crude death rate (per 10,000 per day).</summary>
public enum MortalityAlarm
{
    /// <summary>Below 1: under control.</summary>
    UnderControl,

    /// <summary>1 to 2: serious trouble.</summary>
    Serious,

    /// <summary>Above 2 to 5: out of control.</summary>
    OutOfControl,

    /// <summary>Above 5: a major catastrophe.</summary>
    MajorCatastrophe,
}

/// <summary>The IPC Famine test, each threshold on its own, and the mortality alarm.</summary>
public sealed record FoodSecurityReading(
    ThresholdResult ExtremeFoodGaps, ThresholdResult AcuteMalnutrition, ThresholdResult Mortality, bool Famine, string Finding,
    MortalityAlarm? Alarm, MortalityAlarm? UnderFiveAlarm);

/// <summary>
/// IPC Famine (area Phase 5) needs all three: at least 20 % of households with an extreme lack of food, at least
/// 30 % of children under five acutely malnourished, and a crude death rate of at least 2 per 10,000 a day (IPC
/// Famine factsheet, 2020). Sphere's alarm levels grade the death rates. Other IPC phases need the full reference
/// table and an analysts' consensus; Lifeline does not guess them.
/// </summary>
public static class FoodSecurity
{
    public const double FamineHouseholdShare = 0.20;
    public const double FamineMalnutritionShare = 0.30;
    public const double FamineDeathRate = 2.0;

    public static FoodSecurityReading Assess(FoodSecurityInputs inputs)
    {
        var gaps = Threshold(inputs.ShareOfHouseholdsWithExtremeFoodGaps, FamineHouseholdShare);
        var gam = Threshold(inputs.GlobalAcuteMalnutritionUnderFive, FamineMalnutritionShare);
        var deaths = Threshold(inputs.CrudeDeathRate, FamineDeathRate);
        ThresholdResult[] all = [gaps, gam, deaths];
        var famine = all.All(t => t == ThresholdResult.Met);
        var met = all.Count(t => t == ThresholdResult.Met);
        var unknown = all.Count(t => t == ThresholdResult.NotMeasured);
        var finding = famine
            ? "All three Famine thresholds are met: the evidence indicates Famine (IPC Phase 5)."
            : unknown > 0
                ? $"{met} of 3 Famine thresholds met; {unknown} not measured, so Famine can be neither shown nor ruled out."
                : $"{met} of 3 Famine thresholds met: not Famine by the IPC test (households may still be in Catastrophe).";
        return new FoodSecurityReading(gaps, gam, deaths, famine, finding,
            inputs.CrudeDeathRate is { } cdr ? CrudeAlarm(cdr) : null,
            inputs.UnderFiveDeathRate is { } u5 ? UnderFiveAlarm(u5) : null);
    }

    /// <summary>Sphere: &lt; 1 under control, 1–2 serious, &gt; 2 out of control, &gt; 5 major catastrophe.</summary>
    public static MortalityAlarm CrudeAlarm(double deathsPer10kPerDay) => deathsPer10kPerDay switch
    {
        < 1 => MortalityAlarm.UnderControl,
        <= 2 => MortalityAlarm.Serious,
        <= 5 => MortalityAlarm.OutOfControl,
        _ => MortalityAlarm.MajorCatastrophe,
    };

    /// <summary>Sphere: under-five deaths above 2 are serious, above 4 out of control.</summary>
    public static MortalityAlarm UnderFiveAlarm(double deathsPer10kPerDay) => deathsPer10kPerDay switch
    {
        <= 2 => MortalityAlarm.UnderControl,
        <= 4 => MortalityAlarm.Serious,
        _ => MortalityAlarm.OutOfControl,
    };

    private static ThresholdResult Threshold(double? value, double threshold) => value switch
    {
        null => ThresholdResult.NotMeasured,
        { } v when v >= threshold => ThresholdResult.Met,
        _ => ThresholdResult.NotMet,
    };
}
