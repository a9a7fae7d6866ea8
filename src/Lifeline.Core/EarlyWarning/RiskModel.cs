using System.Globalization;

namespace Lifeline.Core.EarlyWarning;

/// <summary>
/// What is known about one subject (an indicator, or a factor as a whole) on a day: its value from 0 (nothing) to 1
/// (present, surely), the assessment in force if any, and the signals that inform it.
/// </summary>
/// <param name="DecidedBy"><c>assessment</c> when an analyst's judgement set the value, <c>signal</c> when a signal did, <c>none</c> otherwise.</param>
public sealed record SubjectReading(IndicatorId Subject, double Value, string DecidedBy, Assessment? Assessment, IReadOnlyList<Signal> Signals);

/// <summary>One risk factor on a day: its value (the strongest of its subjects), its weight and the points it adds.</summary>
public sealed record FactorReading(int Factor, double Weight, double Value, double Points, IReadOnlyList<SubjectReading> Subjects)
{
    public bool Present => Value >= RiskModel.PresentAt;
}

/// <summary>The risk in a situation on one day: level 1 to 5, score 0 to 100, and each factor's part in it.</summary>
public sealed record RiskDay(DateOnly Date, int Level, double Score, IReadOnlyList<FactorReading> Factors)
{
    public string LevelName => RiskModel.LevelName(Level);
}

/// <summary>
/// The risk level, in the open (docs/early-warning.md, "Risk level"). Each subject gets a value from 0 to 1:
/// an assessment "present" counts 1/3, 2/3 or 1 for low, medium or high confidence; an assessment "absent" counts
/// 0 and overrides the signals (the analyst has the last word); otherwise the strongest signal that informs it.
/// A factor's value is its strongest subject's; it is present from 0.5. Common factors (1–8) weigh 1, the
/// factors specific to genocide, crimes against humanity and war crimes (9–14) weigh 2. The score is the sum of
/// value × weight over the 14 factors, as a share of the 20 possible, times 100. Levels: 1 below 5, 2 from 5,
/// 3 from 15, 4 from 30, 5 from 50.
/// </summary>
public static class RiskModel
{
    public const double PresentAt = 0.5;

    /// <summary>Lowest score of levels 2, 3, 4 and 5.</summary>
    public static IReadOnlyList<double> LevelFloors { get; } = [5, 15, 30, 50];

    public static double WeightOf(int factor) => factor <= 8 ? 1 : 2;

    public static double MaxPoints { get; } = Enumerable.Range(1, IndicatorId.FactorCount).Sum(WeightOf);

    public static string LevelName(int level) => level switch
    {
        1 => "low",
        2 => "elevated",
        3 => "serious",
        4 => "high",
        5 => "very high",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "levels are 1 to 5"),
    };

    public static double ValueOf(Confidence confidence) => confidence switch
    {
        Confidence.Low => 1.0 / 3,
        Confidence.Medium => 2.0 / 3,
        _ => 1,
    };

    public static int LevelOf(double score)
    {
        var level = 1;
        foreach (var floor in LevelFloors)
        {
            if (score >= floor)
            {
                level++;
            }
        }
        return level;
    }

    /// <summary>The risk on <paramref name="date"/> from the assessments in force and the day's signals.</summary>
    /// <param name="inForce">For each subject, the assessment in force that day (the latest dated on or before it).</param>
    public static RiskDay Assess(DateOnly date, IReadOnlyDictionary<IndicatorId, Assessment> inForce, IReadOnlyList<Signal> signals)
    {
        var bySubject = new Dictionary<IndicatorId, List<Signal>>();
        foreach (var signal in signals)
        {
            foreach (var subject in signal.Informs)
            {
                if (!bySubject.TryGetValue(subject, out var list))
                {
                    bySubject[subject] = list = [];
                }
                list.Add(signal);
            }
        }
        var subjects = inForce.Keys.Concat(bySubject.Keys).Distinct().ToLookup(s => s.Factor);

        var factors = new List<FactorReading>(IndicatorId.FactorCount);
        var points = 0.0;
        for (var f = 1; f <= IndicatorId.FactorCount; f++)
        {
            var readings = new List<SubjectReading>();
            foreach (var subject in subjects[f].Order())
            {
                var assessment = inForce.GetValueOrDefault(subject);
                var informing = bySubject.GetValueOrDefault(subject) ?? [];
                var fromSignals = informing.Count == 0 ? 0 : informing.Max(s => s.Strength);
                var (value, decidedBy) = assessment?.Content.Status switch
                {
                    IndicatorStatus.Absent => (0.0, "assessment"),
                    IndicatorStatus.Present when ValueOf(assessment.Content.Confidence) >= fromSignals => (ValueOf(assessment.Content.Confidence), "assessment"),
                    _ => (fromSignals, fromSignals > 0 ? "signal" : "none"),
                };
                readings.Add(new SubjectReading(subject, value, decidedBy, assessment, informing));
            }
            var factorValue = readings.Count == 0 ? 0 : readings.Max(r => r.Value);
            var weight = WeightOf(f);
            points += factorValue * weight;
            factors.Add(new FactorReading(f, weight, factorValue, Math.Round(factorValue * weight, 4), readings));
        }
        var score = Math.Round(100 * points / MaxPoints, 2);
        return new RiskDay(date, LevelOf(score), score, factors);
    }
}

/// <summary>
/// The risk day by day. Day <c>d</c> sees only the assessments dated on or before <c>d</c> and the signals from what
/// is dated on or before <c>d</c>: replaying a past period gives what Lifeline would have said on each day.
/// </summary>
public static class RiskSeries
{
    public static IReadOnlyList<RiskDay> Compute(RecordDigest digest, IReadOnlyList<Assessment> assessments, SignalSettings settings, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(assessments);
        var signals = SignalEngine.Compute(digest, settings, from, to);
        var ordered = assessments.OrderBy(a => a.Content.AsOf).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var inForce = new Dictionary<IndicatorId, Assessment>();
        var next = 0;
        var days = new List<RiskDay>(signals.Count);
        for (var (date, i) = (from, 0); date <= to; date = date.AddDays(1), i++)
        {
            for (; next < ordered.Count && ordered[next].Content.AsOf <= date; next++)
            {
                inForce[ordered[next].Content.Subject] = ordered[next];
            }
            days.Add(RiskModel.Assess(date, inForce, signals[i]));
        }
        return days;
    }

    /// <summary>The assessments an analyst could have seen on <paramref name="day"/>.</summary>
    public static IReadOnlyList<Assessment> AsKnownOn(IReadOnlyList<Assessment> assessments, DateOnly day) =>
        assessments.Where(a => a.Content.AsOf <= day).ToList();
}

/// <summary>Which way the risk has moved over <see cref="RiskHeadline.TrendDays"/> days.</summary>
public enum RiskTrend
{
    Rising,
    Steady,
    Falling,
}

/// <summary>One of the factors that drive the level, in words: its title and what decided its value.</summary>
public sealed record RiskDriver(int Factor, string Title, double Points, string Why);

/// <summary>
/// The headline of a risk series on a day: the level, the trend over <see cref="TrendDays"/> days and the three
/// factors that add the most points, each with what decided it.
/// </summary>
/// <param name="BeforeDate">The day the trend is measured against (the first day of the series when it is shorter).</param>
/// <param name="BeforeScore">The score on <paramref name="BeforeDate"/>.</param>
public sealed record RiskHeadline(RiskDay Day, RiskTrend Trend, DateOnly BeforeDate, double BeforeScore, IReadOnlyList<RiskDriver> Drivers)
{
    /// <summary>The trend compares a day with the day this many days before it.</summary>
    public const int TrendDays = 30;

    /// <summary>
    /// The smallest change of score called a rise or a fall: the width of the lowest level band (level 1 is below 5),
    /// the smallest step the model names as a change of level.
    /// </summary>
    public const double TrendPoints = 5;

    /// <summary>
    /// The headline of the last day of <paramref name="series"/> (the days must be consecutive). Rising when the level
    /// rose or the score rose by at least <see cref="TrendPoints"/> since <see cref="TrendDays"/> days before; falling
    /// the other way round; otherwise steady.
    /// </summary>
    public static RiskHeadline Of(IReadOnlyList<RiskDay> series, FrameworkCatalogue catalogue, DateOnly? on = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(catalogue);
        if (series.Count == 0)
        {
            throw new ArgumentException("a headline needs at least one day", nameof(series));
        }
        var index = on is { } date ? Math.Clamp(date.DayNumber - series[0].Date.DayNumber, 0, series.Count - 1) : series.Count - 1;
        var day = series[index];
        var before = series[Math.Max(0, index - TrendDays)];
        var change = day.Score - before.Score;
        var trend = day.Level > before.Level || change >= TrendPoints ? RiskTrend.Rising
            : day.Level < before.Level || change <= -TrendPoints ? RiskTrend.Falling
            : RiskTrend.Steady;
        var drivers = day.Factors.Where(f => f.Points > 0)
            .OrderByDescending(f => f.Points).ThenBy(f => f.Factor).Take(3)
            .Select(f => new RiskDriver(f.Factor, catalogue.Factor(f.Factor).Title, f.Points, Why(f)))
            .ToList();
        return new RiskHeadline(day, trend, before.Date, before.Score, drivers);
    }

    /// <summary>The headline in one sentence, for pages and the command line.</summary>
    public string Sentence()
    {
        var score = Day.Score.ToString("0.#", CultureInfo.InvariantCulture);
        var was = BeforeScore.ToString("0.#", CultureInfo.InvariantCulture);
        var trend = Trend switch
        {
            RiskTrend.Rising => $"rising (score {was} on {Iso(BeforeDate)})",
            RiskTrend.Falling => $"falling (score {was} on {Iso(BeforeDate)})",
            _ => $"steady (score {was} on {Iso(BeforeDate)})",
        };
        var drivers = Drivers.Count == 0
            ? "No risk factor is informed."
            : "Driven by " + string.Join("; ", Drivers.Select(d => $"{d.Factor}. {d.Title} ({d.Why})")) + ".";
        return $"On {Iso(Day.Date)}: level {Day.Level} ({Day.LevelName}), score {score} of 100, {trend} over {TrendDays} days. {drivers}";
    }

    private static string Why(FactorReading factor)
    {
        var strongest = factor.Subjects.OrderByDescending(s => s.Value).ThenBy(s => s.Subject).First();
        var subject = strongest.Subject.IsWholeFactor ? "" : $"{strongest.Subject}, ";
        if (strongest.DecidedBy == "assessment" && strongest.Assessment is { } a)
        {
            return $"{subject}an analyst's assessment as of {Iso(a.Content.AsOf)}, {Common.KebabCase.Of(a.Content.Confidence)} confidence";
        }
        var signal = strongest.Signals.OrderByDescending(s => s.Strength).First();
        return $"{subject}{Common.KebabCase.Of(signal.Kind).Replace('-', ' ')}: {signal.Data}";
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
