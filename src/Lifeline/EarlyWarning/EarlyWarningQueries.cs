using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;
using Lifeline.Events;
using Lifeline.Situations;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.EarlyWarning;

/// <summary>Reads assessments, the risk series and the matrix for the API, the pages and the feed.</summary>
internal sealed class EarlyWarningQueries(LifelineDbContext db, EventQueries events, SituationQueries situations, EarlyWarningCatalogue catalogue, SignalSettings signals, Accounts.ICurrentUser user)
{
    public const int MaxDays = 3_660;

    public FrameworkCatalogue Catalogue => catalogue.Catalogue;

    public DateOnly Today => situations.Today;

    /// <summary>The signals' thresholds in force (configuration <c>EarlyWarning:Signals</c>).</summary>
    public SignalSettings Signals => signals;

    public IReadOnlyList<AssessmentDocument> List(string situationId, string? indicator) =>
        db.Set<AssessmentRow>().AsNoTracking()
            .Where(a => a.SituationId == situationId && (indicator == null || a.Indicator == indicator))
            .OrderBy(a => a.Factor).ThenBy(a => a.Indicator).ThenByDescending(a => a.AsOf).ThenBy(a => a.AssessmentId)
            .AsEnumerable().Select(AssessmentDocument.From).ToList();

    public AssessmentDetail? Find(string situationId, string assessmentId)
    {
        var versions = db.Set<AssessmentVersionRow>().AsNoTracking()
            .Where(a => a.SituationId == situationId && a.AssessmentId == assessmentId)
            .OrderByDescending(a => a.Version).AsEnumerable().Select(AssessmentDocument.From).ToList();
        return versions.Count == 0 ? null : new AssessmentDetail(versions[0], versions);
    }

    /// <summary>The risk from <paramref name="from"/> to <paramref name="to"/> (by default the situation's first day to its last, or today).</summary>
    public (RiskResult? Result, DateOnly From, DateOnly To) Risk(string situationId, DateOnly? from, DateOnly? to)
    {
        var situation = situations.Find(situationId);
        if (situation is null)
        {
            return (null, default, default);
        }
        var last = to ?? situation.LastDay(Today);
        var first = from ?? situation.StartDate;
        return (RiskComputation.Compute(db, events.Visible(situationId), situation, Catalogue, signals, first, last,
            Core.Access.EarlyWarningAccess.SeesSupplySignal(user.Viewer)), first, last);
    }

    /// <summary>The 14-factor matrix on <paramref name="date"/>.</summary>
    public MatrixDocument? Matrix(string situationId, DateOnly date, RiskResult? computed = null)
    {
        var day = computed?.Series.FirstOrDefault(d => d.Date == date);
        if (day is null)
        {
            var (result, _, _) = Risk(situationId, date, date);
            if (result is null)
            {
                return null;
            }
            day = result.Series[0];
        }
        var view = RiskSeriesDocument.Day(day, Catalogue);
        var lastChanges = db.Set<AssessmentVersionRow>().AsNoTracking()
            .Where(a => a.SituationId == situationId && a.AsOf <= date)
            .GroupBy(a => a.Factor).Select(g => new { Factor = g.Key, At = g.Max(a => a.RecordedAt) })
            .AsEnumerable().ToDictionary(g => g.Factor, g => g.At);
        var rows = day.Factors.Select((f, i) =>
        {
            var assessed = f.Subjects.Select(s => s.Assessment).OfType<Assessment>().ToList();
            var status = f.Present ? "present"
                : assessed.Any(a => a.Content.Status == IndicatorStatus.Absent) ? "absent"
                : assessed.Any(a => a.Content.Status == IndicatorStatus.Unknown) ? "unknown"
                : f.Subjects.Any(s => s.Signals.Count > 0) ? "signals-below-threshold"
                : "not-assessed";
            var evidence = assessed.Sum(a => a.Content.EvidenceCount) + f.Subjects.Sum(s => s.Signals.Count);
            var factor = Catalogue.Factor(f.Factor);
            return new MatrixRow(f.Factor, KebabCase.Of(factor.Group), factor.Title, status, Math.Round(f.Value, 4), f.Points, evidence,
                lastChanges.TryGetValue(f.Factor, out var at) ? Ledger.LedgerEntry.Instant(at) : null, view.Factors[i].Subjects);
        }).ToList();
        return new MatrixDocument(situationId, AssessmentDocument.Day(date), day.Level, day.LevelName, day.Score, rows);
    }

    /// <summary>Every situation's alerts from its first day to its last (or today), for the feed and webhooks.</summary>
    public IReadOnlyList<(Core.Situations.Situation Situation, RiskAlert Alert)> AllAlerts()
    {
        var all = new List<(Core.Situations.Situation, RiskAlert)>();
        foreach (var item in situations.List())
        {
            var (result, _, _) = Risk(item.Id, null, null);
            if (result is not null)
            {
                all.AddRange(result.Alerts.Select(a => (result.Situation, a)));
            }
        }
        return all;
    }
}
