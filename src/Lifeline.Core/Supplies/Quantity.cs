using System.Globalization;

namespace Lifeline.Core.Supplies;

/// <summary>What a commodity is counted in.</summary>
public enum MeasureUnit
{
    Kilogram,
    Litre,
    Kilocalorie,

    /// <summary>A whole thing counted one by one: a kit, a vial, a box.</summary>
    Item,
}

/// <summary>
/// An amount of something in a unit: 400 g of cereal is <c>Quantity.Kilograms(0.4)</c>. Never negative, never
/// NaN or infinite. Amounts of different units do not add up: that is a bug, and throws.
/// </summary>
public readonly record struct Quantity : IComparable<Quantity>
{
    private Quantity(double value, MeasureUnit unit)
    {
        Value = value;
        Unit = unit;
    }

    /// <summary>The amount, in <see cref="Unit"/>; 0 or more.</summary>
    public double Value { get; }

    public MeasureUnit Unit { get; }

    public static Quantity Of(double value, MeasureUnit unit) =>
        TryOf(value, unit) ?? throw new ArgumentOutOfRangeException(nameof(value), value, "A quantity is a finite amount of 0 or more");

    public static Quantity? TryOf(double value, MeasureUnit unit) =>
        double.IsFinite(value) && value >= 0 ? new Quantity(value, unit) : null;

    public static Quantity Kilograms(double value) => Of(value, MeasureUnit.Kilogram);

    public static Quantity Tonnes(double value) => Of(value * 1000, MeasureUnit.Kilogram);

    public static Quantity Litres(double value) => Of(value, MeasureUnit.Litre);

    public static Quantity Items(double value) => Of(value, MeasureUnit.Item);

    public static Quantity Zero(MeasureUnit unit) => new(0, unit);

    public static Quantity operator +(Quantity a, Quantity b) => new(a.Value + b.Value, Same(a, b));

    /// <summary>The difference, floored at zero: stock cannot go below nothing.</summary>
    public Quantity Less(Quantity other) => new(Math.Max(0, Value - other.Value), Same(this, other));

    public static Quantity operator *(Quantity a, double factor) =>
        double.IsFinite(factor) && factor >= 0 ? new(a.Value * factor, a.Unit) : throw new ArgumentOutOfRangeException(nameof(factor), factor, "A factor is a finite number of 0 or more");

    public int CompareTo(Quantity other)
    {
        Same(this, other);
        return Value.CompareTo(other.Value);
    }

    public static bool operator <(Quantity a, Quantity b) => a.CompareTo(b) < 0;

    public static bool operator >(Quantity a, Quantity b) => a.CompareTo(b) > 0;

    public static bool operator <=(Quantity a, Quantity b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Quantity a, Quantity b) => a.CompareTo(b) >= 0;

    public override string ToString() => Unit switch
    {
        MeasureUnit.Kilogram when Value >= 1000 => string.Create(CultureInfo.InvariantCulture, $"{Value / 1000:0.###} t"),
        MeasureUnit.Kilogram when Value > 0 && Value < 1 => string.Create(CultureInfo.InvariantCulture, $"{Value * 1000:0.###} g"),
        MeasureUnit.Kilogram => string.Create(CultureInfo.InvariantCulture, $"{Value:0.###} kg"),
        MeasureUnit.Litre => string.Create(CultureInfo.InvariantCulture, $"{Value:0.###} L"),
        MeasureUnit.Kilocalorie => string.Create(CultureInfo.InvariantCulture, $"{Value:0} kcal"),
        MeasureUnit.Item => string.Create(CultureInfo.InvariantCulture, $"{Value:0.###} items"),
    };

    private static MeasureUnit Same(Quantity a, Quantity b) =>
        a.Unit == b.Unit ? a.Unit : throw new InvalidOperationException($"Cannot combine {a.Unit} with {b.Unit}");
}
