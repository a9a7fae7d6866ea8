using System.Globalization;

namespace Lifeline.Core.Supplies;

/// <summary>The units an observation may be recorded in, as its source gives them.</summary>
public enum AmountUnit
{
    Gram,
    Kilogram,
    Tonne,
    Litre,

    /// <summary>Things counted one by one: kits, vials, boxes.</summary>
    Item,
}

/// <summary>Reading, writing and converting <see cref="AmountUnit"/>s.</summary>
public static class AmountUnits
{
    /// <summary>The words accepted for each unit; anything else is refused rather than guessed ("ton" may be a short ton).</summary>
    private static readonly Dictionary<string, AmountUnit> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["g"] = AmountUnit.Gram,
        ["gram"] = AmountUnit.Gram,
        ["grams"] = AmountUnit.Gram,
        ["kg"] = AmountUnit.Kilogram,
        ["kilogram"] = AmountUnit.Kilogram,
        ["kilograms"] = AmountUnit.Kilogram,
        ["t"] = AmountUnit.Tonne,
        ["tonne"] = AmountUnit.Tonne,
        ["tonnes"] = AmountUnit.Tonne,
        ["l"] = AmountUnit.Litre,
        ["litre"] = AmountUnit.Litre,
        ["litres"] = AmountUnit.Litre,
        ["liter"] = AmountUnit.Litre,
        ["liters"] = AmountUnit.Litre,
        ["item"] = AmountUnit.Item,
        ["items"] = AmountUnit.Item,
    };

    public const string Choices = "g, kg, t, L or items";

    public static AmountUnit? Parse(string? text) =>
        text is not null && Names.TryGetValue(text.Trim(), out var unit) ? unit : null;

    /// <summary>How the unit is written in records, pages and files: g, kg, t, L, items.</summary>
    public static string Symbol(AmountUnit unit) => unit switch
    {
        AmountUnit.Gram => "g",
        AmountUnit.Kilogram => "kg",
        AmountUnit.Tonne => "t",
        AmountUnit.Litre => "L",
        AmountUnit.Item => "items",
    };

    public static string Symbol(MeasureUnit unit) => unit switch
    {
        MeasureUnit.Kilogram => "kg",
        MeasureUnit.Litre => "L",
        MeasureUnit.Kilocalorie => "kcal",
        MeasureUnit.Item => "items",
    };

    /// <summary>
    /// The factor that turns an amount in <paramref name="from"/> into <paramref name="to"/>, or null when they
    /// measure different things: a litre of oil has a weight, but no conversion is recorded, so none is assumed.
    /// </summary>
    public static double? Factor(AmountUnit from, MeasureUnit to) => (from, to) switch
    {
        (AmountUnit.Gram, MeasureUnit.Kilogram) => 0.001,
        (AmountUnit.Kilogram, MeasureUnit.Kilogram) => 1,
        (AmountUnit.Tonne, MeasureUnit.Kilogram) => 1_000,
        (AmountUnit.Litre, MeasureUnit.Litre) => 1,
        (AmountUnit.Item, MeasureUnit.Item) => 1,
        _ => null,
    };

    /// <summary>The unit an amount of this commodity is planned in, in words: "kilograms", "litres", "items".</summary>
    public static string Words(MeasureUnit unit) => unit switch
    {
        MeasureUnit.Kilogram => "kilograms",
        MeasureUnit.Litre => "litres",
        MeasureUnit.Kilocalorie => "kilocalories",
        MeasureUnit.Item => "items",
    };
}

/// <summary>
/// A figure as its source gives it, in the source's unit: exactly <see cref="Value"/>; a range
/// <see cref="Low"/>–<see cref="High"/> with a most likely <see cref="Value"/>; or a range without one
/// (Value null). Never negative.
/// </summary>
public sealed record ObservedAmount(double? Value, double? Low, double? High, AmountUnit Unit)
{
    public static ObservedAmount Exactly(double value, AmountUnit unit) => new(value, null, null, unit);

    /// <summary>The figure as an estimate in its own unit.</summary>
    public Estimate Estimate => (Value, Low, High) switch
    {
        ({ } v, { } l, { } h) => Estimate.Of(l, v, h),
        ({ } v, _, _) => Estimate.Exactly(v),
        (null, { } l, { } h) => Estimate.Between(l, h),
        _ => throw new InvalidOperationException("An observed amount has a value or a range"),
    };

    /// <summary>The figure in <paramref name="unit"/>, or null when the units measure different things.</summary>
    public Estimate? In(MeasureUnit unit) => AmountUnits.Factor(Unit, unit) is { } factor ? Estimate.Times(factor) : null;

    /// <summary>"66 t", "361–400 t", "about 30 kg" (with <paramref name="qualifier"/>).</summary>
    public string Describe(string? qualifier = null) => $"{Figure(qualifier)} {AmountUnits.Symbol(Unit)}";

    /// <summary>The figure without its unit: "361–400", "about 30", "12 (from 10 to 15)".</summary>
    public string Figure(string? qualifier = null)
    {
        var figure = (Value, Low, High) switch
        {
            ({ } v, { } l, { } h) => $"{Number(v)} (from {Number(l)} to {Number(h)})",
            ({ } v, _, _) => Number(v),
            (null, { } l, { } h) => $"{Number(l)}–{Number(h)}",
            _ => "?",
        };
        return $"{(qualifier is null ? "" : qualifier + " ")}{figure}";
    }

    public static string Number(double value) => value.ToString("#,0.###", CultureInfo.InvariantCulture);
}
