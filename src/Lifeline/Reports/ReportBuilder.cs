using System.Globalization;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;
using Lifeline.Core.Situations;
using Lifeline.Core.Sources;
using Lifeline.Core.Supplies;
using Lifeline.EarlyWarning;
using Lifeline.Events;
using Lifeline.Situations;
using Lifeline.Storage;
using Lifeline.Supplies;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Reports;

/// <summary>
/// Computes a situation report for a day or a week from the record the reader may see: the events
/// (<see cref="EventQueries.Visible"/>: the public sees published ones only), and for roles that may read them the
/// supply observations. Nothing is stored; each statement names the notes it rests on.
/// </summary>
internal sealed class ReportBuilder(
    LifelineDbContext db, EventQueries events, SupplyQueries supplies, SignalSettings signals, Viewer viewer, TimeProvider clock, Uri origin)
{
    /// <summary>How many of the period's events the report lists; the rest are counted and linked.</summary>
    public const int NotableEventCount = 25;

    /// <summary>Runs of the runway forecast: as many as the supplies page uses.</summary>
    public const int ForecastRuns = Lifeline.Supplies.IndexModel.PageRuns;

    private readonly List<ReportNote> notes = [];
    private IReadOnlyList<(DateOnly Date, int Level)> riskLevels = [];
    private readonly Dictionary<string, int> noteBySource = new(StringComparer.Ordinal);
    private Dictionary<string, Source> sourceCache = new(StringComparer.Ordinal);
    private Dictionary<string, IReadOnlyList<string>> statusEventSources = new(StringComparer.Ordinal);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The report, or null when there is no such situation.</summary>
    /// <param name="date">The day reported on (the last day of a week); null: the situation's default day.</param>
    public async Task<SituationReport?> BuildAsync(string situationId, DateOnly? date, ReportPeriod period, CancellationToken cancel = default)
    {
        var situation = (await db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == situationId, cancel))?.ToDomain();
        if (situation is null)
        {
            return null;
        }
        var audience = viewer.IsAnonymous || !EventAccess.StagesSeenByAnyone(viewer).Contains(EventStage.Intake) ? ReportAudience.Public : ReportAudience.Internal;
        var to = date ?? situation.DefaultDate(Today);
        var from = period == ReportPeriod.Week ? to.AddDays(-6) : to;
        var length = to.DayNumber - from.DayNumber + 1;
        var previousTo = from.AddDays(-1);
        var visible = events.Visible(situationId);
        sourceCache = (await events.AllSourcesAsync(situationId, cancel)).ToDictionary(s => s.Id, StringComparer.Ordinal);

        var calendar = SituationCalendar.Compute(situation, await SituationQueries.StatusChangesAsync(visible, to, cancel), previousTo, to);
        var before = calendar[0];
        var now = calendar[^1];
        var periodDays = calendar.Skip(1).ToList();
        var periodEvents = await visible.Where(e => e.Date >= from && e.Date <= to).OrderBy(e => e.Date).ThenBy(e => e.RowId).ToListAsync(cancel);
        var previousCount = await visible.CountAsync(e => e.Date >= previousTo.AddDays(1 - length) && e.Date <= previousTo, cancel);
        // The sources of the events that set today's statuses, read once for the headline's notes.
        var statusEvents = now.RouteEvents.Values.Concat(now.UtilityEvents.Values).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        statusEventSources = (await visible.Where(e => statusEvents.Contains(e.EventId)).Select(e => new { e.EventId, e.Sources }).ToListAsync(cancel))
            .ToDictionary(e => e.EventId, e => (IReadOnlyList<string>)e.Sources, StringComparer.Ordinal);
        var eventSources = periodEvents.ToDictionary(e => e.EventId, e => (IReadOnlyList<string>)e.Sources, StringComparer.Ordinal);

        var sections = new List<ReportSection>
        {
            Headline(situation, from, to, before, now, periodEvents.Count, previousCount),
            Access(situation, periodEvents),
        };
        var risk = await RiskAsync(situation, visible, from, to, audience, cancel);
        if (SeesSupplies())
        {
            sections.Add(await SuppliesAsync(situationId, from, to, cancel));
        }
        else
        {
            sections.Add(new ReportSection("supplies", "Supplies", []) { Empty = "Supply figures are shared with signed-in humanitarian roles only; they are not part of the public version." });
        }
        sections.Add(await UtilitiesAsync(situation, from, to, previousTo, cancel));
        sections.Add(new ReportSection("families", "Separated families", []) { Empty = "Not recorded in this deployment." });
        sections.Add(new ReportSection("legal", "Legal obligations and compliance", []) { Empty = "Not recorded in this deployment." });
        sections.Add(risk);
        sections.Add(await NotableAsync(situationId, periodEvents, cancel));

        return new SituationReport(
            situation.Id, situation.Name, from, to, period, audience, DayLine(situation, to),
            periodDays.Select(d => d.Date).ToList(), CalendarRows(situation, periodDays), sections, notes,
            clock.GetUtcNow(), await CheckpointAsync(cancel), origin)
        {
            RiskLevels = riskLevels,
        };
    }

    private bool SeesSupplies() => SupplyEndpoints.CanRead(viewer);

    public static string DayLine(Situation situation, DateOnly date) => situation.PhaseOf(date) switch
    {
        SituationPhase.Before => $"{Count(situation.DaysOutside(date), "day")} before the blockade began on {Long(situation.StartDate)}",
        SituationPhase.After => $"{Count(situation.DaysOutside(date), "day")} after the blockade ended on {Long(situation.EndDate!.Value)} (day {situation.DayOf(situation.EndDate!.Value)})",
        _ => $"Day {situation.DayOf(date)} of the blockade",
    };

    private ReportSection Headline(Situation situation, DateOnly from, DateOnly to, DayStatus before, DayStatus now, int count, int previousCount)
    {
        var lines = new List<ReportLine>();
        var changes = new List<ReportLine>();
        foreach (var route in situation.Routes)
        {
            var status = now.Routes[route.Id];
            var notesOf = StatusNotes(situation.Id, now.RouteEvents.GetValueOrDefault(route.Id), status == CorridorStatus.Unknown ? null : route.Baseline?.Sources);
            lines.Add(new ReportLine($"{route.Name}: {DashboardModel.Words(status)} on {Long(to)}.", notesOf, EventLink(situation.Id, now.RouteEvents.GetValueOrDefault(route.Id))));
            var was = before.Routes[route.Id];
            if (was != status)
            {
                changes.Add(new ReportLine($"{route.Name}: {DashboardModel.Words(was)} on {Long(before.Date)}, {DashboardModel.Words(status)} on {Long(to)}.", notesOf));
            }
        }
        foreach (var utility in Enum.GetValues<Utility>())
        {
            var status = now.Utilities[utility];
            var was = before.Utilities[utility];
            if (utility == Utility.Water && status == UtilityStatus.Unknown && was == UtilityStatus.Unknown)
            {
                continue;
            }
            var notesOf = StatusNotes(situation.Id, now.UtilityEvents.GetValueOrDefault(utility), status == UtilityStatus.Unknown ? null : situation.UtilityBaselines.GetValueOrDefault(utility)?.Sources);
            lines.Add(new ReportLine($"{utility}: {DashboardModel.Words(status)} on {Long(to)}.", notesOf, EventLink(situation.Id, now.UtilityEvents.GetValueOrDefault(utility))));
            if (was != status)
            {
                changes.Add(new ReportLine($"{utility}: {DashboardModel.Words(was)} on {Long(before.Date)}, {DashboardModel.Words(status)} on {Long(to)}.", notesOf));
            }
        }
        if (situation.Figures.TryGetValue(SituationFigure.Population, out var population) && situation.PhaseOf(to) == SituationPhase.During)
        {
            lines.Insert(0, new ReportLine(
                Capital($"{(population.Qualifier is null ? "" : population.Qualifier + " ")}{population.Value.ToString("N0", CultureInfo.InvariantCulture)} people cut off."),
                NotesFor(situation.Id, population.Sources)));
        }
        var span = from == to ? "this day" : "these seven days";
        var earlier = from == to ? "the day before" : "the seven days before";
        lines.Add(new ReportLine($"{Count(count, "event")} recorded for {span} ({previousCount.ToString("N0", CultureInfo.InvariantCulture)} for {earlier}).", [], Link($"situations/{situation.Id}/events?from={Iso(from)}&to={Iso(to)}")));
        lines.Add(changes.Count == 0
            ? new ReportLine($"No route or utility changed status since {Long(before.Date)}.", [])
            : new ReportLine($"Changed since {Long(before.Date)}:", []));
        lines.AddRange(changes);
        return new ReportSection("headline", "Headline", lines);
    }

    private ReportSection Access(Situation situation, IReadOnlyList<EventRow> periodEvents)
    {
        var lines = new List<ReportLine>();
        foreach (var (type, words) in new[]
                 {
                     ("convoy-passed", "Convoys or deliveries that got through"),
                     ("convoy-turned-back", "Convoys stopped or turned back"),
                     ("medical-evacuation", "Medical evacuations and ICRC transfers"),
                 })
        {
            var hits = periodEvents.Where(e => e.Type == type).ToList();
            lines.Add(new ReportLine($"{words}: {hits.Count.ToString("N0", CultureInfo.InvariantCulture)} recorded.",
                NotesFor(situation.Id, hits.SelectMany(e => e.Sources)),
                hits.Count == 0 ? null : Link($"situations/{situation.Id}/events?type={type}&from={Iso(periodEvents[0].Date)}&to={Iso(periodEvents[^1].Date)}")));
        }
        return new ReportSection("access", "Access", lines);
    }

    private async Task<ReportSection> SuppliesAsync(string situationId, DateOnly from, DateOnly to, CancellationToken cancel)
    {
        var record = await supplies.LoadAsync(situationId, cancel: cancel);
        if (record is null)
        {
            return new ReportSection("supplies", "Supplies", []) { Empty = "No supply record." };
        }
        var lines = new List<ReportLine>();
        var deliveries = DeliveryRecord.Of(record.Setting, record.Observations, to);
        var offset = from.DayNumber - deliveries.From.DayNumber;
        var days = to.DayNumber - from.DayNumber + 1;
        var delivered = deliveries.KilogramsPerDay.Skip(Math.Max(0, offset)).Take(days).Sum();
        var weighed = deliveries.Weighed.Where(o => o.Content.Date >= from && o.Content.Date <= to).ToList();
        var needNotes = NotesFor(situationId, record.Setting.PopulationSources);
        if (deliveries.NeedKilogramsPerDay > 0)
        {
            lines.Add(new ReportLine(
                $"Food and medicine needed: {Tonnes(deliveries.NeedKilogramsPerDay * days)} over the period by the standards × the population; delivered (recorded with a weight): {Tonnes(delivered)} ({Percent(delivered, deliveries.NeedKilogramsPerDay * days)} of the need).",
                [.. needNotes, .. NotesFor(situationId, weighed.SelectMany(o => o.Content.Sources))],
                Link($"situations/{situationId}/supplies?date={Iso(to)}")));
        }
        if (deliveries.BaselineKilogramsPerDay is { } baseline)
        {
            lines.Add(new ReportLine($"Before the blockade about {Tonnes(baseline * days)} came in over as many days.", NotesFor(situationId, record.Setting.BaselineSources)));
        }
        var stopped = deliveries.Stopped.Count(o => o.Content.Date >= from && o.Content.Date <= to);
        if (stopped > 0)
        {
            lines.Add(new ReportLine($"{Count(stopped, "delivery")} recorded as stopped.", NotesFor(situationId, deliveries.Stopped.Where(o => o.Content.Date >= from && o.Content.Date <= to).SelectMany(o => o.Content.Sources))));
        }
        var gap = SupplyQueries.Gap(record, to);
        if (gap.DaysOfNeedNotDelivered is { } gapDays)
        {
            lines.Add(new ReportLine(
                $"Needs gap since {Long(gap.From)}: {Tonnes(gap.ShortfallKilograms)} of food and medicine not delivered, {gapDays.ToString("N0", CultureInfo.InvariantCulture)} days of need.",
                [.. needNotes, .. NotesFor(situationId, deliveries.Weighed.SelectMany(o => o.Content.Sources))]));
        }
        var forecast = SupplyPicture.Forecast(record.Setting, record.Observations, to, InflowAssumption.IcrcOnly, ForecastRuns, ForecastRequest.DefaultSeed);
        foreach (var line in forecast.Lines.Where(l => l.Runway is { P50Days: not null }))
        {
            var runway = line.Runway!;
            var commodityNotes = NotesFor(situationId, record.Observations
                .Where(o => o.Content.Commodity?.Id == line.Commodity.Id && o.Content.Date <= to)
                .OrderByDescending(o => o.Content.Date).Take(3).SelectMany(o => o.Content.Sources));
            lines.Add(new ReportLine(
                $"{line.Commodity.Name}: runway {runway.P50Days!.Value.ToString("0", CultureInfo.InvariantCulture)} days (P50; P10 {runway.P10Days?.ToString("0", CultureInfo.InvariantCulture) ?? "unknown"}) if only the ICRC's observed deliveries come in{(runway.Alert ? " — alert" : "")}. An estimate: {line.Inflow.Basis}",
                commodityNotes));
        }
        var prices = PriceBoard.Of(record.Observations, to).Where(p => p.Observations.Any(o => o.Content.Date >= from && o.Content.Date <= to)).ToList();
        foreach (var price in prices)
        {
            var change = price.Changes.Count == 0 ? "no change against a baseline recorded" : string.Join("; ", price.Changes.Select(c => c.Describe()));
            var alps = price.Alps.Level is { } level ? $", ALPS {KebabCase.Of(level)}" : "";
            lines.Add(new ReportLine($"Price of {price.Item} in {price.Market}: {change}{alps}.", NotesFor(situationId, price.Observations.SelectMany(o => o.Content.Sources))));
        }
        if (prices.Count == 0)
        {
            lines.Add(new ReportLine("No price recorded in the period.", []));
        }
        var alerts = forecast.Lines.Count(l => l.Runway is { Alert: true });
        lines.Add(new ReportLine(alerts == 0 ? "No runway alert." : $"{Count(alerts, "runway alert")} (a commodity may run out within the alert horizon).", []));
        return new ReportSection("supplies", "Supplies", lines)
        {
            ChartSvg = null,
        };
    }

    private async Task<ReportSection> UtilitiesAsync(Situation situation, DateOnly from, DateOnly to, DateOnly previousTo, CancellationToken cancel)
    {
        var changes = await SituationQueries.StatusChangesAsync(events.Visible(situation.Id), to, cancel);
        var now = UtilitiesPicture.Of(situation, changes, [], to);
        var then = UtilitiesPicture.Of(situation, changes.Where(c => c.Date <= previousTo).ToList(), [], previousTo);
        var lines = new List<ReportLine>();
        foreach (var utility in now.Utilities)
        {
            var earlier = then.Utilities.FirstOrDefault(u => u.Utility == utility.Utility);
            var cut = utility.HoursCut - (earlier?.HoursCut ?? 0);
            var rationed = utility.HoursRationed - (earlier?.HoursRationed ?? 0);
            if (cut <= 0 && rationed <= 0 && situation.PhaseOf(to) != SituationPhase.During)
            {
                continue;
            }
            var periodEvents = utility.Periods
                .Where(p => DateOnly.FromDateTime(p.Until) >= from && DateOnly.FromDateTime(p.From) <= to)
                .SelectMany(p => p.Events).Distinct(StringComparer.Ordinal).ToList();
            var sourceIds = (await db.Events.AsNoTracking().Where(e => e.SituationId == situation.Id && periodEvents.Contains(e.EventId)).Select(e => e.Sources).ToListAsync(cancel)).SelectMany(s => s);
            lines.Add(new ReportLine(
                $"{utility.Utility}: {Hours(Math.Max(0, cut))} cut and {Hours(Math.Max(0, rationed))} rationed in the period, from the recorded events{(utility.DaysHoursNotRecorded > 0 ? " (a lower bound: some days have no hours recorded)" : "")}.",
                NotesFor(situation.Id, sourceIds)));
        }
        return new ReportSection("utilities", "Utilities", lines) { Empty = "No utility outage recorded." };
    }

    private async Task<ReportSection> RiskAsync(Situation situation, IQueryable<EventRow> visible, DateOnly from, DateOnly to, ReportAudience audience, CancellationToken cancel)
    {
        var start = to.AddDays(-RiskHeadline.TrendDays) < situation.StartDate.AddDays(-RiskHeadline.TrendDays) ? situation.StartDate : to.AddDays(-RiskHeadline.TrendDays);
        var catalogue = EarlyWarningCatalogue.Instance.Catalogue;
        var result = await RiskComputation.ComputeAsync(db, visible, situation, catalogue, signals, start, to, withSupplies: audience == ReportAudience.Internal && EarlyWarningAccess.SeesSupplySignal(viewer),
            cancel: cancel);
        var computed = ComputedNote("Lifeline: the atrocity risk model over the record (docs/early-warning.md)", $"situations/{situation.Id}/risk");
        riskLevels = result.Series.Select(d => (d.Date, d.Level)).ToList();
        var today = result.Series[^1];
        var before = result.Series.FirstOrDefault(d => d.Date == from.AddDays(-1));
        var lines = new List<ReportLine>
        {
            new($"Risk level {today.Level} ({today.LevelName}) on {Long(to)}, score {today.Score.ToString("0.#", CultureInfo.InvariantCulture)}.", [computed], Link($"situations/{situation.Id}/risk")),
            new(result.Headline.Sentence(), [computed]),
        };
        if (before is not null)
        {
            lines.Add(new ReportLine(before.Level == today.Level
                ? $"Unchanged from level {before.Level} on {Long(before.Date)}."
                : $"{(today.Level > before.Level ? "Up" : "Down")} from level {before.Level} on {Long(before.Date)}.", [computed]));
            foreach (var factor in today.Factors)
            {
                var was = before.Factors.FirstOrDefault(f => f.Factor == factor.Factor);
                if (was is not null && was.Present != factor.Present)
                {
                    lines.Add(new ReportLine($"Risk factor {factor.Factor} ({catalogue.Factor(factor.Factor).Title}) {(factor.Present ? "became present" : "is no longer present")}.", [computed]));
                }
            }
        }
        return new ReportSection("risk", "Atrocity risk", lines)
        {
            ChartSvg = RiskChart.Svg(result.Series, result.Alerts, PublicWarnings.For(situation.Id),
                $"Risk of atrocity crimes, {situation.Name}, {Iso(start)} to {Iso(to)}"),
        };
    }

    private async Task<ReportSection> NotableAsync(string situationId, IReadOnlyList<EventRow> periodEvents, CancellationToken cancel)
    {
        var places = await events.PlacesAsync(situationId, cancel);
        var lines = periodEvents
            .OrderByDescending(e => e.Fatalities ?? 0).ThenBy(e => e.Date).ThenBy(e => e.RowId)
            .Take(NotableEventCount)
            .OrderBy(e => e.Date).ThenBy(e => e.RowId)
            .Select(e =>
            {
                var type = Core.Events.EventType.Find(e.Type)?.Description ?? e.Type;
                var place = places.TryGetValue(e.PlaceId, out var p) ? p.NameIn("en") : e.PlaceId;
                var dead = e.Fatalities is > 0 ? $" {Count(e.Fatalities.Value, "death")}." : "";
                return new ReportLine($"{Iso(e.Date)}, {place}: {type}. {e.Notes}{dead}", NotesFor(situationId, e.Sources), EventLink(situationId, e.EventId));
            })
            .ToList();
        var more = periodEvents.Count - lines.Count;
        if (more > 0)
        {
            lines.Add(new ReportLine($"And {Count(more, "more event")} in the list of events.", [], Link($"situations/{situationId}/events")));
        }
        return new ReportSection("events", "Notable events", lines) { Empty = "No event recorded in the period." };
    }

    private static IReadOnlyList<CalendarRow> CalendarRows(Situation situation, IReadOnlyList<DayStatus> days)
    {
        var rows = situation.Routes.Select(r => new CalendarRow(r.Name, days.Select(d => (DashboardModel.Letter(d.Routes[r.Id]), DashboardModel.Css(d.Routes[r.Id]), DashboardModel.Words(d.Routes[r.Id]))).ToList())).ToList();
        foreach (var utility in Enum.GetValues<Utility>())
        {
            if (utility == Utility.Water && days.All(d => d.Utilities[utility] == UtilityStatus.Unknown))
            {
                continue;
            }
            rows.Add(new CalendarRow(utility.ToString(), days.Select(d => (DashboardModel.Letter(d.Utilities[utility]), DashboardModel.Css(d.Utilities[utility]), DashboardModel.Words(d.Utilities[utility]))).ToList()));
        }
        return rows;
    }

    private async Task<ReportCheckpoint?> CheckpointAsync(CancellationToken cancel) =>
        await db.Set<Ledger.LedgerCheckpointRow>().AsNoTracking().OrderByDescending(c => c.RowId).FirstOrDefaultAsync(cancel) is { } row
            ? new ReportCheckpoint(row.Size, Convert.ToHexStringLower(row.Root), DateTime.SpecifyKind(row.SignedAt, DateTimeKind.Utc))
            : null;

    private IReadOnlyList<int> StatusNotes(string situationId, string? eventId, IReadOnlyList<string>? baseline)
    {
        if (eventId is not null)
        {
            return NotesFor(situationId, statusEventSources.GetValueOrDefault(eventId) ?? []);
        }
        return baseline is null ? [] : NotesFor(situationId, baseline);
    }

    /// <summary>The note numbers of <paramref name="sourceIds"/>, each source numbered once, in the order first cited.</summary>
    private IReadOnlyList<int> NotesFor(string situationId, IEnumerable<string> sourceIds)
    {
        var numbers = new List<int>();
        var showProtected = EventAccess.SeesProtectedSources(viewer);
        foreach (var id in sourceIds.Distinct(StringComparer.Ordinal))
        {
            if (!noteBySource.TryGetValue(id, out var number))
            {
                if (!sourceCache.TryGetValue(id, out var source))
                {
                    continue;
                }
                var view = SourceView.From(source, showProtected);
                number = notes.Count + 1;
                notes.Add(new ReportNote(number, view.Publisher, view.Title, view.Published ?? view.Retrieved, view.Url, view.Grade) { Retrieved = view.Published is null });
                noteBySource[id] = number;
            }
            numbers.Add(number);
        }
        _ = situationId;
        numbers.Sort();
        return numbers;
    }

    private int ComputedNote(string publisher, string path)
    {
        var key = "computed:" + path;
        if (!noteBySource.TryGetValue(key, out var number))
        {
            number = notes.Count + 1;
            notes.Add(new ReportNote(number, publisher, null, null, Link(path), "computed"));
            noteBySource[key] = number;
        }
        return number;
    }

    private string Link(string path) => new Uri(origin, path).ToString();

    private string? EventLink(string situationId, string? eventId) => eventId is null ? null : Link($"situations/{situationId}/events/{eventId}");

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Long(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Count(int n, string noun) =>
        $"{n.ToString("N0", CultureInfo.InvariantCulture)} {(n == 1 ? noun : noun.EndsWith('y') ? noun[..^1] + "ies" : noun + "s")}";

    private static string Tonnes(double kilograms) => (kilograms / 1000).ToString("N1", CultureInfo.InvariantCulture) + " t";

    private static string Hours(double hours) => hours.ToString("N0", CultureInfo.InvariantCulture) + " h";

    private static string Percent(double part, double whole) => whole <= 0 ? "unknown" : (100 * part / whole).ToString("0", CultureInfo.InvariantCulture) + " %";
}
