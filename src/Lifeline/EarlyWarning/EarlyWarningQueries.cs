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

    public async Task<IReadOnlyList<AssessmentDocument>> ListAsync(string situationId, string? indicator, CancellationToken cancel = default) =>
        (await db.Set<AssessmentRow>().AsNoTracking()
            .Where(a => a.SituationId == situationId && (indicator == null || a.Indicator == indicator))
            .OrderBy(a => a.Factor).ThenBy(a => a.Indicator).ThenByDescending(a => a.AsOf).ThenBy(a => a.AssessmentId)
            .ToListAsync(cancel)).Select(AssessmentDocument.From).ToList();

    public async Task<AssessmentDetail?> FindAsync(string situationId, string assessmentId, CancellationToken cancel = default)
    {
        var versions = (await db.Set<AssessmentVersionRow>().AsNoTracking()
            .Where(a => a.SituationId == situationId && a.AssessmentId == assessmentId)
            .OrderByDescending(a => a.Version).ToListAsync(cancel)).Select(AssessmentDocument.From).ToList();
        return versions.Count == 0 ? null : new AssessmentDetail(versions[0], versions);
    }

    /// <summary>The risk from <paramref name="from"/> to <paramref name="to"/> (by default the situation's first day to its last, or today).</summary>
    public async Task<(RiskResult? Result, DateOnly From, DateOnly To)> RiskAsync(string situationId, DateOnly? from, DateOnly? to, CancellationToken cancel = default)
    {
        var situation = await situations.FindAsync(situationId, cancel);
        if (situation is null)
        {
            return (null, default, default);
        }
        var last = to ?? situation.LastDay(Today);
        var first = from ?? situation.StartDate;
        return (await RiskComputation.ComputeAsync(db, events.Visible(situationId), situation, Catalogue, signals, first, last,
            Core.Access.EarlyWarningAccess.SeesSupplySignal(user.Viewer), cancel: cancel), first, last);
    }

    /// <summary>The 14-factor matrix on <paramref name="date"/>.</summary>
    public async Task<MatrixDocument?> MatrixAsync(string situationId, DateOnly date, RiskResult? computed = null, CancellationToken cancel = default)
    {
        var day = computed?.Series.FirstOrDefault(d => d.Date == date);
        if (day is null)
        {
            var (result, _, _) = await RiskAsync(situationId, date, date, cancel);
            if (result is null)
            {
                return null;
            }
            day = result.Series[0];
        }
        var view = RiskSeriesDocument.Day(day, Catalogue);
        var lastChanges = (await db.Set<AssessmentVersionRow>().AsNoTracking()
            .Where(a => a.SituationId == situationId && a.AsOf <= date)
            .GroupBy(a => a.Factor).Select(g => new { Factor = g.Key, At = g.Max(a => a.RecordedAt) })
            .ToListAsync(cancel)).ToDictionary(g => g.Factor, g => g.At);
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
    public async Task<IReadOnlyList<(Core.Situations.Situation Situation, RiskAlert Alert)>> AllAlertsAsync(CancellationToken cancel = default)
    {
        var all = new List<(Core.Situations.Situation, RiskAlert)>();
        foreach (var item in await situations.ListAsync(cancel))
        {
            var (result, _, _) = await RiskAsync(item.Id, null, null, cancel);
            if (result is not null)
            {
                all.AddRange(result.Alerts.Select(a => (result.Situation, a)));
            }
        }
        return all;
    }
}
