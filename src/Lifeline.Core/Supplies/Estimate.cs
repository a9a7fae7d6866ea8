namespace Lifeline.Core.Supplies;

/// <summary>
/// A quantity known only within a range: the lowest plausible, the most likely, the highest plausible value.
/// Sampled as a triangular distribution. An exact figure has all three equal.
/// </summary>
public readonly record struct Estimate
{
    private Estimate(double low, double likely, double high)
    {
        Low = low;
        Likely = likely;
        High = high;
    }

    public double Low { get; }
    public double Likely { get; }
    public double High { get; }

    public static Estimate Exactly(double value) => Of(value, value, value);

    public static Estimate Of(double low, double likely, double high) =>
        TryOf(low, likely, high) ?? throw new ArgumentOutOfRangeException(nameof(likely), "An estimate needs 0 ≤ low ≤ likely ≤ high, all finite");

    public static Estimate? TryOf(double low, double likely, double high) =>
        double.IsFinite(low) && double.IsFinite(likely) && double.IsFinite(high) && low >= 0 && low <= likely && likely <= high
            ? new Estimate(low, likely, high)
            : null;

    /// <summary>A draw from the triangular distribution, given a uniform number in [0, 1).</summary>
    public double Sample(double uniform)
    {
        var range = High - Low;
        if (range <= 0)
        {
            return Likely;
        }
        var split = (Likely - Low) / range;
        return uniform < split
            ? Low + Math.Sqrt(uniform * range * (Likely - Low))
            : High - Math.Sqrt((1 - uniform) * range * (High - Likely));
    }

    /// <summary>The same estimate with every value multiplied (a rationing level, a unit change).</summary>
    public Estimate Times(double factor) => Of(Low * factor, Likely * factor, High * factor);
}

/// <summary>
/// A small, fast generator with a fixed algorithm (SplitMix64), so that the same seed gives the same forecast
/// on any machine and any .NET version.
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    private ulong state = seed;

    /// <summary>A uniform number in [0, 1).</summary>
    public double NextUniform()
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
