namespace Lifeline.Core.Supplies;

/// <summary>
/// A quantity known only within a range: the lowest plausible, the most likely, the highest plausible value.
/// Sampled as a triangular distribution. An exact figure has all three equal. A range whose sources give no most
/// likely value ("361 t or 400 t", "between the rate since the start and the rate of the last month") is
/// <see cref="Between"/>: every value in it is as plausible, and <see cref="Likely"/> is its middle.
/// </summary>
public readonly record struct Estimate
{
    private Estimate(double low, double likely, double high, bool uniform)
    {
        Low = low;
        Likely = likely;
        High = high;
        Uniform = uniform;
    }

    public double Low { get; }

    /// <summary>The most likely value; for a range without one (<see cref="Uniform"/>), its middle.</summary>
    public double Likely { get; }

    public double High { get; }

    /// <summary>True for a range without a most likely value: sampled uniformly from <see cref="Low"/> to <see cref="High"/>.</summary>
    public bool Uniform { get; }

    public bool IsExact => Low == High;

    public static Estimate Exactly(double value) => Of(value, value, value);

    public static Estimate Between(double low, double high) =>
        TryBetween(low, high) ?? throw new ArgumentOutOfRangeException(nameof(high), "A range needs 0 ≤ low ≤ high, both finite");

    public static Estimate? TryBetween(double low, double high) =>
        double.IsFinite(low) && double.IsFinite(high) && low >= 0 && low <= high
            ? new Estimate(low, low + (high - low) / 2, high, high > low)
            : null;

    public static Estimate Of(double low, double likely, double high) =>
        TryOf(low, likely, high) ?? throw new ArgumentOutOfRangeException(nameof(likely), "An estimate needs 0 ≤ low ≤ likely ≤ high, all finite");

    public static Estimate? TryOf(double low, double likely, double high) =>
        double.IsFinite(low) && double.IsFinite(likely) && double.IsFinite(high) && low >= 0 && low <= likely && likely <= high
            ? new Estimate(low, likely, high, false)
            : null;

    /// <summary>A draw from the triangular distribution, given a uniform number in [0, 1).</summary>
    public double Sample(double uniform)
    {
        var range = High - Low;
        if (range <= 0)
        {
            return Likely;
        }
        if (Uniform)
        {
            return Low + uniform * range;
        }
        var split = (Likely - Low) / range;
        return uniform < split
            ? Low + Math.Sqrt(uniform * range * (Likely - Low))
            : High - Math.Sqrt((1 - uniform) * range * (High - Likely));
    }

    /// <summary>The same estimate with every value multiplied (a rationing level, a unit change).</summary>
    public Estimate Times(double factor) => Uniform ? Between(Low * factor, High * factor) : Of(Low * factor, Likely * factor, High * factor);

    /// <summary>
    /// Two estimates added end to end (lows together, highs together): the range of a total when each part may be
    /// anywhere in its own range. The sum is a range without a most likely value only if both parts are.
    /// </summary>
    public Estimate Plus(Estimate other) => Uniform && other.Uniform
        ? Between(Low + other.Low, High + other.High)
        : Of(Low + other.Low, Likely + other.Likely, High + other.High);
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
