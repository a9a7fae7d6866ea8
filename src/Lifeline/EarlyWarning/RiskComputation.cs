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

/// <summary>A risk series with the alerts found in it, for one situation.</summary>
internal sealed record RiskResult(Situation Situation, IReadOnlyList<RiskDay> Series, IReadOnlyList<RiskAlert> Alerts);

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
    /// <param name="withSupplies">Whether the supplies-low signal reads the supply record (only for callers who may read supplies).</param>
    public static RiskResult Compute(LifelineDbContext db, IQueryable<EventRow> events, Situation situation, FrameworkCatalogue catalogue, SignalSettings settings, DateOnly from, DateOnly to, bool withSupplies)
    {
        var first = from < situation.StartDate ? from : situation.StartDate;
        var digest = Digest(db, events, situation, settings, to);
        if (withSupplies)
        {
            digest = digest with { Supplies = Supplies(db, situation, first, to) };
        }
        var assessments = db.Set<AssessmentRow>().AsNoTracking()
            .Where(a => a.SituationId == situation.Id && a.AsOf <= to)
            .AsEnumerable().Select(a => a.ToDomain()).ToList();
        var whole = RiskSeries.Compute(digest, assessments, settings, first, to);
        var alerts = RiskAlerts.Detect(whole, RiskAlerts.KeySubjects(catalogue), catalogue);
        var series = whole.Skip(from.DayNumber - first.DayNumber).ToList();
        return new RiskResult(situation, series, alerts);
    }

    /// <summary>
    /// The supply forecasts of the situation from <paramref name="from"/> to <paramref name="to"/>, each made only from
    /// the observations dated on or before its day, on the days they change (<see cref="SupplySignals"/>).
    /// </summary>
    public static IReadOnlyList<Core.EarlyWarning.SupplyOutlook> Supplies(LifelineDbContext db, Situation situation, DateOnly from, DateOnly to)
    {
        var observations = db.SupplyObservations.AsNoTracking()
            .Where(o => o.SituationId == situation.Id && o.Date <= to)
            .OrderBy(o => o.RowId).AsEnumerable().Select(o => o.ToDomain()).ToList();
        return SupplySignals.Outlooks(SupplyQueries.SettingOf(situation, new EnergyConditions()), observations, from, to);
    }

    /// <summary>What the signals read, up to <paramref name="to"/>: status changes and daily counts of the event types they count.</summary>
    public static RecordDigest Digest(LifelineDbContext db, IQueryable<EventRow> events, Situation situation, SignalSettings settings, DateOnly to)
    {
        var changes = Situations.SituationQueries.StatusChanges(events, to).ToList();
        var counted = settings.ViolenceTypes.Concat(settings.IncitementTypes).Concat(settings.TurnedBackTypes).Concat(settings.LegalTypes).Distinct().ToList();
        // A step of a happening recorded as its own event (partOf) is not another happening: only the whole is counted.
        var counts = events.Where(e => counted.Contains(e.Type) && e.Date <= to && e.PartOf == null)
            .GroupBy(e => new { e.Date, e.Type })
            .Select(g => new { g.Key.Date, g.Key.Type, Events = g.Count(), Fatalities = g.Sum(e => e.Fatalities ?? 0) })
            .AsEnumerable()
            .Select(c => new DailyCount(c.Date, c.Type, c.Events, c.Fatalities))
            .ToList();
        return new RecordDigest(situation, changes, counts, []);
    }
}
