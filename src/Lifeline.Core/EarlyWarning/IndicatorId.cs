using System.Globalization;

namespace Lifeline.Core.EarlyWarning;

/// <summary>
/// What an assessment or a signal speaks to: one numbered indicator of the Framework of Analysis
/// (<c>7.6</c> is risk factor 7, indicator 6) or a risk factor as a whole (<c>14</c>, written with
/// <see cref="Number"/> 0). A whole factor can be assessed when the evidence bears on the factor rather than one
/// of its indicators, or when its indicators have not been read into the catalogue yet.
/// </summary>
/// <param name="Factor">The risk factor, 1 to 14.</param>
/// <param name="Number">The indicator within the factor, from 1; 0 for the factor as a whole.</param>
/// <remarks><c>default</c> (factor 0) is no subject at all and is never in a catalogue.</remarks>
public readonly record struct IndicatorId(int Factor, int Number) : IComparable<IndicatorId>
{
    public const int FactorCount = 14;

    public bool IsWholeFactor => Number == 0;

    /// <summary>The subject that stands for risk factor <paramref name="factor"/> as a whole.</summary>
    public static IndicatorId WholeFactor(int factor) => new(factor, 0);

    /// <summary>Reads <c>7.6</c> or <c>14</c>; null when the text is neither.</summary>
    public static IndicatorId? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var parts = text.Trim().Split('.');
        if (parts.Length > 2 || !TryNumber(parts[0], out var factor) || factor is < 1 or > FactorCount)
        {
            return null;
        }
        if (parts.Length == 1)
        {
            return WholeFactor(factor);
        }
        return TryNumber(parts[1], out var number) && number >= 1 ? new IndicatorId(factor, number) : null;
    }

    /// <summary>Reads <c>7.6</c> or <c>14</c> from data that must be right; throws <see cref="FormatException"/> otherwise.</summary>
    public static IndicatorId Parse(string text) =>
        TryParse(text) ?? throw new FormatException($"'{text}' is not a Framework indicator (such as 7.6) or risk factor (1 to 14)");

    public int CompareTo(IndicatorId other) => Factor != other.Factor ? Factor.CompareTo(other.Factor) : Number.CompareTo(other.Number);

    public static bool operator <(IndicatorId left, IndicatorId right) => left.CompareTo(right) < 0;

    public static bool operator >(IndicatorId left, IndicatorId right) => left.CompareTo(right) > 0;

    public static bool operator <=(IndicatorId left, IndicatorId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(IndicatorId left, IndicatorId right) => left.CompareTo(right) >= 0;

    public override string ToString() =>
        IsWholeFactor
            ? Factor.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{Factor}.{Number}");

    private static bool TryNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && text.Length <= 3 && (text.Length == 1 || text[0] != '0');
}
