namespace Lifeline.Core.Supplies;

/// <summary>One observed price of a commodity in a market in a month (the first day of the month stands for it).</summary>
public sealed record PricePoint(DateOnly Month, double Price);

/// <summary>WFP ALPS levels of the Price Early Warning Index.</summary>
public enum PriceLevel
{
    /// <summary>PEWI below 0.25.</summary>
    Normal,

    /// <summary>PEWI 0.25 to below 1.</summary>
    Stress,

    /// <summary>PEWI 1 to below 2.</summary>
    Alert,

    /// <summary>PEWI 2 or more.</summary>
    Crisis,
}

/// <summary>
/// The ALPS reading for the latest price, or — where the series is too short or too sparse for ALPS, as in a
/// blockade that began without a price series — why, and the change from the pre-crisis baseline instead.
/// </summary>
public sealed record PriceAssessment(
    bool AlpsApplies, IReadOnlyList<string> Insufficient, double? Pewi, PriceLevel? Level, double? Trend, double? LatestPrice, double? ChangeFromBaselinePercent);

/// <summary>
/// WFP's Alert for Price Spikes: a trend with monthly seasonal terms is fitted to the series by least squares;
/// PEWI = (observed − trend) / σ of the residuals. ALPS is used only where the series spans at least 3 years,
/// has at least 70 % of its months, and has a price in the last 6 months (WFP's own rules for its "at a glance"
/// view; WFP also asks that the commodity give at least 5 % of daily energy, which the caller must judge).
/// </summary>
public static class PriceAlerts
{
    public const int MinimumMonths = 36;
    public const double MinimumCoverage = 0.70;
    public const int MaximumMonthsSinceLatest = 6;

    public static PriceLevel LevelOf(double pewi) => pewi switch
    {
        < 0.25 => PriceLevel.Normal,
        < 1 => PriceLevel.Stress,
        < 2 => PriceLevel.Alert,
        _ => PriceLevel.Crisis,
    };

    /// <param name="series">Monthly prices, one per month at most, any order.</param>
    /// <param name="asOf">The day of the assessment.</param>
    /// <param name="baseline">The price before the crisis, if known, for the fallback.</param>
    public static PriceAssessment Assess(IReadOnlyList<PricePoint> series, DateOnly asOf, double? baseline)
    {
        var points = series.Where(p => double.IsFinite(p.Price) && p.Price >= 0)
            .GroupBy(p => MonthIndex(p.Month)).Select(g => g.Last()).OrderBy(p => p.Month).ToList();
        var latest = points.Count > 0 ? points[^1] : null;
        double? change = latest is not null && baseline is > 0 ? (latest.Price - baseline.Value) / baseline.Value * 100 : null;
        var reasons = new List<string>();
        if (points.Count == 0)
        {
            return new PriceAssessment(false, ["there are no prices"], null, null, null, null, null);
        }
        var span = MonthIndex(points[^1].Month) - MonthIndex(points[0].Month) + 1;
        if (span < MinimumMonths)
        {
            reasons.Add($"the series covers {span} months; ALPS needs at least {MinimumMonths} (3 years)");
        }
        if ((double)points.Count / span < MinimumCoverage)
        {
            reasons.Add($"{points.Count} of {span} months have a price; ALPS needs at least {MinimumCoverage:P0}");
        }
        if (MonthIndex(asOf) - MonthIndex(latest!.Month) > MaximumMonthsSinceLatest)
        {
            reasons.Add($"the latest price is from {latest.Month:yyyy-MM}; ALPS needs one in the last {MaximumMonthsSinceLatest} months");
        }
        if (reasons.Count > 0)
        {
            return new PriceAssessment(false, reasons, null, null, null, latest.Price, change);
        }

        var first = MonthIndex(points[0].Month);
        // Columns: intercept, time in months, and eleven month-of-year terms (January is the reference).
        const int columns = 13;
        var xtx = new double[columns, columns];
        var xty = new double[columns];
        foreach (var point in points)
        {
            var row = Row(point, first);
            for (var i = 0; i < columns; i++)
            {
                xty[i] += row[i] * point.Price;
                for (var j = 0; j < columns; j++)
                {
                    xtx[i, j] += row[i] * row[j];
                }
            }
        }
        var coefficients = Solve(xtx, xty);
        var residuals = points.Select(p => p.Price - Fitted(coefficients, Row(p, first))).ToList();
        var degrees = Math.Max(1, points.Count - columns);
        var sigma = Math.Sqrt(residuals.Sum(r => r * r) / degrees);
        var trend = Fitted(coefficients, Row(latest, first));
        var pewi = sigma > 0 ? (latest.Price - trend) / sigma : 0;
        return new PriceAssessment(true, [], pewi, LevelOf(pewi), trend, latest.Price, change);
    }

    private static int MonthIndex(DateOnly day) => checked(day.Year * 12 + day.Month - 1);

    private static double[] Row(PricePoint point, int first)
    {
        var row = new double[13];
        row[0] = 1;
        row[1] = MonthIndex(point.Month) - first;
        if (point.Month.Month > 1)
        {
            row[point.Month.Month] = 1;
        }
        return row;
    }

    private static double Fitted(double[] coefficients, double[] row) => coefficients.Select((c, i) => c * row[i]).Sum();

    /// <summary>Gaussian elimination with partial pivoting; a column with nothing in it gets coefficient 0.</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(m[r, col]));
            if (Math.Abs(m[pivot, col]) < 1e-12)
            {
                continue;
            }
            for (var k = 0; k < n; k++)
            {
                (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
            }
            (v[col], v[pivot]) = (v[pivot], v[col]);
            for (var r = 0; r < n; r++)
            {
                if (r == col)
                {
                    continue;
                }
                var f = m[r, col] / m[col, col];
                for (var k = col; k < n; k++)
                {
                    m[r, k] -= f * m[col, k];
                }
                v[r] -= f * v[col];
            }
        }
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = Math.Abs(m[i, i]) < 1e-12 ? 0 : v[i] / m[i, i];
        }
        return x;
    }
}
