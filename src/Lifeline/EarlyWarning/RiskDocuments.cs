using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;

namespace Lifeline.EarlyWarning;

/// <summary>An assessment version as the API and pages show it.</summary>
public sealed record AssessmentDocument(
    string Id, int Version, string Indicator, int Factor, string AsOf, string Status, string Confidence,
    IReadOnlyList<string> Events, IReadOnlyList<string> Sources, IReadOnlyList<string> Evidence, IReadOnlyList<int> StantonStages,
    string? Note, RecordedView Recorded)
{
    internal static AssessmentDocument From(AssessmentColumns row) => new(
        row.AssessmentId, row.Version, row.Indicator, row.Factor, Day(row.AsOf), row.Status, row.Confidence,
        row.Events, row.Sources, row.Evidence, row.StantonStages, row.Note,
        new RecordedView(Ledger.LedgerEntry.Instant(row.RecordedAt), row.RecordedBy, row.Reason));

    internal static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public sealed record RecordedView(string At, string By, string Reason);

/// <summary>An assessment with every version, newest first.</summary>
public sealed record AssessmentDetail(AssessmentDocument Current, IReadOnlyList<AssessmentDocument> Versions);

public sealed record SignalView(string Kind, double Strength, string Data);

public sealed record AssessmentRef(string Id, int Version, string Status, string Confidence, string AsOf, int EvidenceCount);

public sealed record SubjectView(string Indicator, string Meaning, double Value, string DecidedBy, AssessmentRef? Assessment, IReadOnlyList<SignalView> Signals);

public sealed record FactorView(int Factor, string Title, double Weight, double Value, double Points, bool Present, IReadOnlyList<SubjectView> Subjects);

/// <summary>One day of <c>GET /api/v1/situations/{id}/risk</c> and of <c>lifeline risk --json</c>.</summary>
public sealed record RiskDayView(string Date, int Level, string LevelName, double Score, IReadOnlyList<FactorView> Factors);

public sealed record AlertView(string Id, string Date, string Kind, int Level, int PreviousLevel, double Score, string? Indicator, string Headline, string Description, string Cap);

public sealed record DriverView(int Factor, string Title, double Points, string Why);

/// <summary>
/// The headline of the last day: its level, the trend over 30 days (<c>rising</c>, <c>steady</c>, <c>falling</c>)
/// against the score of the day it is measured from, the three factors that add the most points, and all of it in one sentence.
/// </summary>
public sealed record HeadlineView(string Date, int Level, string LevelName, double Score, string Trend, string TrendFrom, double TrendFromScore, IReadOnlyList<DriverView> Drivers, string Text)
{
    internal static HeadlineView Of(RiskHeadline h) => new(
        AssessmentDocument.Day(h.Day.Date), h.Day.Level, h.Day.LevelName, h.Day.Score, KebabCase.Of(h.Trend), AssessmentDocument.Day(h.BeforeDate), h.BeforeScore,
        h.Drivers.Select(d => new DriverView(d.Factor, d.Title, d.Points, d.Why)).ToList(), h.Sentence());
}

/// <summary>The risk series of a situation: <c>series[] {date, level (1–5), score (0–100), factors[]}</c>, its alerts and the headline of its last day.</summary>
public sealed record RiskSeriesDocument(string Situation, string From, string To, string Model, SignalSettings Signals, HeadlineView Headline, IReadOnlyList<RiskDayView> Series, IReadOnlyList<AlertView> Alerts)
{
    public const string ModelDescription =
        "Each subject 0-1: an assessment 'present' counts 1/3, 2/3 or 1 (low, medium, high confidence), 'absent' counts 0 and overrides signals, else the strongest signal. " +
        "A factor is its strongest subject, present from 0.5. Weights: factors 1-8 weigh 1, 9-14 weigh 2. Score = 100 x sum(value x weight) / 20. " +
        "Levels: 1 below 5, 2 from 5, 3 from 15, 4 from 30, 5 from 50. Trend: rising or falling when the level or the score (by 5 or more) moved over 30 days. See docs/early-warning.md.";

    internal static RiskSeriesDocument Of(RiskResult result, FrameworkCatalogue catalogue, SignalSettings signals, DateOnly from, DateOnly to) => new(
        result.Situation.Id, AssessmentDocument.Day(from), AssessmentDocument.Day(to), ModelDescription, signals, HeadlineView.Of(result.Headline),
        result.Series.Select(d => Day(d, catalogue)).ToList(),
        result.Alerts.Where(a => a.Date >= from && a.Date <= to).Select(a => Alert(result.Situation.Id, a)).ToList());

    internal static RiskDayView Day(RiskDay day, FrameworkCatalogue catalogue) => new(
        AssessmentDocument.Day(day.Date), day.Level, day.LevelName, day.Score,
        day.Factors.Select(f => new FactorView(f.Factor, catalogue.Factor(f.Factor).Title, f.Weight, Math.Round(f.Value, 4), f.Points, f.Present,
            f.Subjects.Select(s => new SubjectView(s.Subject.ToString(), catalogue.Describe(s.Subject), Math.Round(s.Value, 4), s.DecidedBy,
                s.Assessment is { } a ? new AssessmentRef(a.Id, a.Version, KebabCase.Of(a.Content.Status), KebabCase.Of(a.Content.Confidence), AssessmentDocument.Day(a.Content.AsOf), a.Content.EvidenceCount) : null,
                s.Signals.Select(g => new SignalView(KebabCase.Of(g.Kind), g.Strength, g.Data)).ToList())).ToList())).ToList());

    internal static AlertView Alert(string situationId, RiskAlert a) => new(
        a.Id, AssessmentDocument.Day(a.Date), KebabCase.Of(a.Kind), a.Level, a.PreviousLevel, a.Score, a.Subject?.ToString(), a.Headline, a.Description,
        CapPath(situationId, a.Id));

    public static string CapPath(string situationId, string alertId) => $"/feeds/alerts/{Uri.EscapeDataString(situationId)}/{Uri.EscapeDataString(alertId)}.cap.xml";
}

/// <summary>One row of the 14-factor matrix for a date.</summary>
/// <param name="Status">present; absent (an analyst says so); unknown (assessed, not settled); signals-below-threshold; not-assessed.</param>
/// <param name="LastChange">When an assessment of the factor was last recorded (UTC), among those dated on or before the date.</param>
public sealed record MatrixRow(int Factor, string Group, string Title, string Status, double Value, double Points, int EvidenceCount, string? LastChange, IReadOnlyList<SubjectView> Subjects);

public sealed record MatrixDocument(string Situation, string Date, int Level, string LevelName, double Score, IReadOnlyList<MatrixRow> Rows);
