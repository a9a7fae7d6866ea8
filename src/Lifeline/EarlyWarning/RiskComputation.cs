using Lifeline.Core.EarlyWarning;
using Lifeline.Core.Situations;
using Lifeline.Events;
using Lifeline.Core.Supplies;
using Lifeline.Storage;
using Lifeline.Supplies;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.EarlyWarning;

/// <summary>The Framework catalogue shipped beside the executable (data/standards/framework-of-analysis.json), read once.</summary>
internal sealed class EarlyWarningCatalogue
{
    private readonly Lazy<FrameworkCatalogue> shipped = new(() =>
        FrameworkCatalogue.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "standards", "framework-of-analysis.json"))));

    public FrameworkCatalogue Catalogue => shipped.Value;

    public static EarlyWarningCatalogue Instance { get; } = new();
}

/// <summary>A risk series with the alerts found in it and the headline of its last day, for one situation.</summary>
internal sealed record RiskResult(Situation Situation, IReadOnlyList<RiskDay> Series, IReadOnlyList<RiskAlert> Alerts, RiskHeadline Headline);

/// <summary>
/// Computes the risk series of a situation from the database: reads what the signals need as aggregates (status
/// changes, and events per day and type, never the events themselves), the assessments, and hands them to the core.
/// The cost is two grouped queries plus the core's one pass over the days, so 300 days over a million events is
/// bounded by the database's grouping, not by the number of rows brought back.
/// </summary>
internal static class RiskComputation
{
    /// <summary>
    /// The series from <paramref name="from"/> to <paramref name="to"/>, and the alerts from the situation's first
    /// day up to <paramref name="to"/> (an alert is a rise against the day before, so it needs the days before).
    /// </summary>
    /// <param name="events">The events the caller may see (<see cref="EventQueries.Visible"/>), or every event of the situation.</param>
    /// <param name="withSupplies">Whether the supplies-low and needs-gap signals read the supply record (only for callers who may read supplies).</param>
    /// <param name="withAssessments">Whether analysts' assessments count (false: the signals alone, for a backtest).</param>
    public static async Task<RiskResult> ComputeAsync(LifelineDbContext db, IQueryable<EventRow> events, Situation situation, FrameworkCatalogue catalogue, SignalSettings settings, DateOnly from, DateOnly to, bool withSupplies,
        bool withAssessments = true, CancellationToken cancel = default)
    {
        var first = from < situation.StartDate ? from : situation.StartDate;
        var digest = await DigestAsync(db, events, situation, settings, to, cancel);
        if (withSupplies)
        {
            var (outlooks, gap) = await SuppliesAsync(db, situation, first, to, cancel);
            digest = digest with { Supplies = outlooks, Supply = gap };
        }
        var assessments = (await db.Set<AssessmentRow>().AsNoTracking()
            .Where(a => withAssessments && a.SituationId == situation.Id && a.AsOf <= to)
            .ToListAsync(cancel)).Select(a => a.ToDomain()).ToList();
        var whole = RiskSeries.Compute(digest, assessments, settings, first, to);
        var alerts = RiskAlerts.Detect(whole, RiskAlerts.KeySubjects(catalogue), catalogue);
        var series = whole.Skip(from.DayNumber - first.DayNumber).ToList();
        return new RiskResult(situation, series, alerts, RiskHeadline.Of(whole, catalogue));
    }

    /// <summary>
    /// The supply forecasts of the situation from <paramref name="from"/> to <paramref name="to"/>, each made only from
    /// the observations dated on or before its day, on the days they change (<see cref="SupplySignals"/>), and the
    /// need and deliveries of food and medicine day by day from the situation's first day (<see cref="SupplyGap"/>).
    /// </summary>
    public static async Task<(IReadOnlyList<Core.EarlyWarning.SupplyOutlook> Outlooks, IReadOnlyList<DailySupply> Gap)> SuppliesAsync(LifelineDbContext db, Situation situation, DateOnly from, DateOnly to,
        CancellationToken cancel = default)
    {
        var observations = (await db.SupplyObservations.AsNoTracking()
            .Where(o => o.SituationId == situation.Id && o.Date <= to)
            .OrderBy(o => o.RowId).ToListAsync(cancel)).Select(o => o.ToDomain()).ToList();
        var setting = SupplyQueries.SettingOf(situation, new EnergyConditions());
        var start = from < situation.StartDate ? from : situation.StartDate;
        return (SupplySignals.Outlooks(setting, observations, from, to), SupplyGap.Daily(setting, observations, start, to));
    }

    /// <summary>
    /// What the signals read, up to <paramref name="to"/>: status changes, daily counts of the event types they count,
    /// the court steps and council meetings, and the situation's third-party warnings graded from the events the
    /// caller may see.
    /// </summary>
    public static async Task<RecordDigest> DigestAsync(LifelineDbContext db, IQueryable<EventRow> events, Situation situation, SignalSettings settings, DateOnly to, CancellationToken cancel = default)
    {
        var changes = await Situations.SituationQueries.StatusChangesAsync(events, to, cancel);
        var counted = settings.CountedTypes().ToList();
        // A step of a happening recorded as its own event (partOf) is not another happening: only the whole is counted.
        var counts = (await events.Where(e => counted.Contains(e.Type) && e.Date <= to && e.PartOf == null)
            .GroupBy(e => new { e.Date, e.Type })
            .Select(g => new { g.Key.Date, g.Key.Type, Events = g.Count(), Fatalities = g.Sum(e => e.Fatalities ?? 0) })
            .ToListAsync(cancel))
            .Select(c => new DailyCount(c.Date, c.Type, c.Events, c.Fatalities))
            .ToList();
        var legal = settings.LegalTypes.ToList();
        var councils = settings.CouncilActors.ToList();
        var courts = db.Actors.Where(a => a.SituationId == situation.Id && a.Kind == "court").Select(a => a.Id);
        var courtSteps = (await events.Where(e => e.Date <= to && legal.Contains(e.Type) && courts.Contains(e.Actor1!))
            .Select(e => new { e.Date, e.EventId }).ToListAsync(cancel))
            .Select(e => new ResponseStep(e.Date, ResponseKind.CourtStep, e.EventId));
        var meetings = (await events.Where(e => e.Date <= to && councils.Contains(e.Actor1!))
            .Select(e => new { e.Date, e.EventId }).ToListAsync(cancel))
            .Select(e => new ResponseStep(e.Date, ResponseKind.CouncilMeeting, e.EventId));
        return new RecordDigest(situation, changes, counts, [])
        {
            Steps = courtSteps.Concat(meetings).OrderBy(s => s.Date).ThenBy(s => s.EventId, StringComparer.Ordinal).ToList(),
            Warnings = await WarningsAsync(db, events, situation, cancel),
        };
    }

    /// <summary>The situation's third-party warnings, each graded as the best source of its event among the events the caller may see.</summary>
    private static async Task<IReadOnlyList<ThirdPartyWarning>> WarningsAsync(LifelineDbContext db, IQueryable<EventRow> events, Situation situation, CancellationToken cancel)
    {
        var linked = PublicWarnings.For(situation.Id).Select(w => w.Event).OfType<string>().Distinct().ToList();
        var cited = await events.Where(e => linked.Contains(e.EventId)).Select(e => new { e.EventId, e.Sources }).ToListAsync(cancel);
        var ids = cited.SelectMany(c => c.Sources).Distinct().ToList();
        var grades = (await db.Sources.AsNoTracking().Where(s => s.SituationId == situation.Id && ids.Contains(s.Id)).ToListAsync(cancel))
            .ToDictionary(s => s.Id, s => s.ToDomain().Grade, StringComparer.Ordinal);
        var byEvent = cited.ToDictionary(
            c => c.EventId,
            c => (IReadOnlyList<Core.Sources.AdmiraltyGrade>)c.Sources.Where(grades.ContainsKey).Select(s => grades[s]).ToList(),
            StringComparer.Ordinal);
        return PublicWarnings.Signals(situation.Id, byEvent);
    }
}
