using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Core.Situations;
using Lifeline.Core.Supplies;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Supplies;

/// <summary>
/// The seam to the airlift part: the airlift plan the forecast's <c>airlift</c> assumption flies for a situation.
/// </summary>
internal interface IPlannedAirlift
{
    /// <returns>Null when no airlift plan exists for the situation.</returns>
    PlannedAirlift? For(string situationId);
}

/// <summary>What a forecast is asked for: the day, the inflow assumption, the runs, the seed, the alert horizon, the conditions.</summary>
internal sealed record ForecastRequest(DateOnly? Date, InflowAssumption Inflow, int Runs, ulong Seed, int? AlertDays, EnergyConditions Conditions)
{
    public const int DefaultRuns = 10_000;
    public const int MaxRuns = 100_000;
    public const ulong DefaultSeed = 1;

    /// <summary>Reads the query (or command-line) values, naming each one that is wrong.</summary>
    public static ForecastRequest Parse(
        string? date, string? inflow, string? runs, string? seed, string? alertDays, string? meanTemperature, string? moderateActivity, DateOnly today, ValidationErrors errors)
    {
        var day = ParseDate(date, "date", today, errors);
        var assumption = InflowAssumption.IcrcOnly;
        if (!string.IsNullOrWhiteSpace(inflow))
        {
            if (KebabCase.Parse<InflowAssumption>(inflow) is { } parsed)
            {
                assumption = parsed;
            }
            else
            {
                errors.Add("inflow", $"'{inflow}' is not an inflow assumption: use {KebabCase.Choices<InflowAssumption>()}");
            }
        }
        var runCount = Web.Paging.Positive(runs, "runs", DefaultRuns, errors);
        if (runCount > MaxRuns)
        {
            errors.Add("runs", $"must be at most {MaxRuns:N0}");
        }
        var seedValue = DefaultSeed;
        if (!string.IsNullOrWhiteSpace(seed) && !ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out seedValue))
        {
            errors.Add("seed", $"'{seed}' is not a whole number from 0 to {ulong.MaxValue}");
        }
        int? alert = null;
        if (!string.IsNullOrWhiteSpace(alertDays))
        {
            alert = Web.Paging.Positive(alertDays, "alertDays", 14, errors);
        }
        var celsius = 20.0;
        if (!string.IsNullOrWhiteSpace(meanTemperature)
            && !(double.TryParse(meanTemperature, NumberStyles.Float, CultureInfo.InvariantCulture, out celsius) && celsius is >= -60 and <= 60))
        {
            errors.Add("meanTemperature", $"'{meanTemperature}' is not a mean temperature in °C from -60 to 60");
            celsius = 20;
        }
        var active = false;
        if (!string.IsNullOrWhiteSpace(moderateActivity) && !bool.TryParse(moderateActivity, out active))
        {
            errors.Add("moderateActivity", $"'{moderateActivity}' is not true or false");
        }
        return new ForecastRequest(day, assumption, runCount, seedValue, alert, new EnergyConditions(celsius, active));
    }

    public static DateOnly? ParseDate(string? text, string field, DateOnly today, ValidationErrors errors) =>
        Situations.SituationEndpoints.ParseOptionalDate(text, field, today, errors);
}

/// <summary>
/// A situation's supply record as the core reads it: its setting and the current version of every observation
/// that can be computed with; those that cannot are set aside, each with why (<see cref="SetAside"/>).
/// </summary>
internal sealed record SupplyRecord(Situation Situation, SupplySetting Setting, IReadOnlyList<ObservationVersion> Observations)
{
    /// <summary>Observations left out of every figure, as "id: why", shown beside the figures.</summary>
    public IReadOnlyList<string> SetAside { get; init; } = [];

    public DateOnly DefaultDate(DateOnly today) => Situation.DefaultDate(today);
}

/// <summary>
/// Reads supply observations and works out the pictures the pages, the API and the command line show. Route and utility
/// status come from the events the caller may see (<paramref name="events"/>; every event on the command line), by the
/// calendar's own rule.
/// </summary>
internal sealed class SupplyQueries(LifelineDbContext db, TimeProvider clock, IPlannedAirlift airlift, Events.EventQueries? events = null)
{
    private IQueryable<Events.EventRow> EventsOf(string situationId) =>
        events?.Visible(situationId) ?? db.Events.AsNoTracking().Where(e => e.SituationId == situationId);

    /// <summary>The route and utility changes up to <paramref name="to"/> the caller may see: what the calendar reads too.</summary>
    public async Task<IReadOnlyList<StatusChange>> StatusChangesAsync(string situationId, DateOnly to, CancellationToken cancel = default) =>
        await Situations.SituationQueries.StatusChangesAsync(EventsOf(situationId), to, cancel);

    /// <summary>The services the record says were suspended (<c>service-suspended</c> events) up to <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<ServiceHit>> ServicesHitAsync(string situationId, DateOnly to, CancellationToken cancel = default) =>
        (await EventsOf(situationId).Where(e => e.Type == "service-suspended" && e.Date <= to)
            .OrderBy(e => e.Date).ThenBy(e => e.RowId)
            .Select(e => new { e.Date, e.EventId, e.Notes }).ToListAsync(cancel))
            .Select(e => new ServiceHit(e.Date, e.EventId, e.Notes)).ToList();

    /// <summary>Each utility's outages to <paramref name="date"/>, derived from its events as the calendar derives them.</summary>
    public async Task<UtilitiesPicture> UtilitiesAsync(SupplyRecord record, DateOnly date, CancellationToken cancel = default) =>
        UtilitiesPicture.Of(record.Situation, await StatusChangesAsync(record.Situation.Id, date, cancel), await ServicesHitAsync(record.Situation.Id, date, cancel), date);

    /// <summary>The status of each route and utility on <paramref name="date"/>, as the calendar gives it.</summary>
    public async Task<DayStatus> StatusOnAsync(SupplyRecord record, DateOnly date, CancellationToken cancel = default) =>
        SituationCalendar.Compute(record.Situation, await StatusChangesAsync(record.Situation.Id, date, cancel), date, date)[0];

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <returns>Null when there is no such situation.</returns>
    public async Task<SupplyRecord?> LoadAsync(string situationId, EnergyConditions? conditions = null, CancellationToken cancel = default)
    {
        var situation = (await db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == situationId, cancel))?.ToDomain();
        if (situation is null)
        {
            return null;
        }
        var observations = new List<ObservationVersion>();
        var setAside = new List<string>();
        await foreach (var row in db.SupplyObservations.AsNoTracking().Where(o => o.SituationId == situationId).OrderBy(o => o.RowId).AsAsyncEnumerable().WithCancellation(cancel))
        {
            // One stored value that cannot be computed with must not break the figures for everyone: it is set aside and named.
            ObservationVersion version;
            try
            {
                version = row.ToDomain();
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or OverflowException or KeyNotFoundException)
            {
                setAside.Add($"{row.ObservationId}: it cannot be read ({ex.Message})");
                continue;
            }
            if (SupplyObservationValidator.WhyNotComputable(version.Content) is { } why)
            {
                setAside.Add($"{row.ObservationId}: {why}");
                continue;
            }
            observations.Add(version);
        }
        return new SupplyRecord(situation, SettingOf(situation, conditions ?? new EnergyConditions()), observations) { SetAside = setAside };
    }

    /// <summary>The population groups the needs model plans for, from the situation's sourced figures.</summary>
    public static SupplySetting SettingOf(Situation situation, EnergyConditions conditions)
    {
        var counts = new Dictionary<PopulationGroup, long>();
        var sources = new List<string>();
        foreach (var (figure, group) in new[]
                 {
                     (SituationFigure.Population, PopulationGroup.Everyone), (SituationFigure.Children, PopulationGroup.Children),
                     (SituationFigure.OlderPeople, PopulationGroup.OlderPeople), (SituationFigure.PeopleWithDisabilities, PopulationGroup.PeopleWithDisabilities),
                 })
        {
            if (situation.Figures.TryGetValue(figure, out var value))
            {
                counts[group] = value.Value;
                sources.AddRange(value.Sources);
            }
        }
        var baseline = situation.Figures.GetValueOrDefault(SituationFigure.BaselineInflowTonnesPerDay);
        return new SupplySetting(
            situation.Id, situation.StartDate, situation.EndDate, new PopulationProfile(counts), sources.Distinct(StringComparer.Ordinal).ToList(),
            baseline?.Value, baseline?.Sources ?? [], conditions);
    }

    /// <summary>
    /// What the record knows without a stock count, from the situation's start to <paramref name="date"/> (and at most
    /// its end): the need against the deliveries, and the what-if runways of stated stocks at the start.
    /// </summary>
    public static NeedGap Gap(SupplyRecord record, DateOnly date) =>
        NeedGap.Of(DeliveryRecord.Of(record.Setting, record.Observations, record.Setting.End is { } end && end < date ? end : date));

    /// <summary>The airlift plan the <c>airlift</c> assumption flies for the situation, or null when it has none.</summary>
    public PlannedAirlift? Airlift(string situationId) => airlift.For(situationId);

    /// <summary>
    /// The forecast for <paramref name="request"/>; null with an error named <c>inflow</c> when the airlift
    /// assumption is asked for and there is no airlift plan.
    /// </summary>
    public SupplyOutlookReport? Forecast(SupplyRecord record, ForecastRequest request, ValidationErrors errors)
    {
        var date = request.Date ?? record.DefaultDate(Today);
        PlannedAirlift? plan = null;
        if (request.Inflow == InflowAssumption.Airlift)
        {
            plan = airlift.For(record.Situation.Id);
            if (plan is null)
            {
                errors.Add("inflow", "there is no airlift scenario for this situation: add one beside the built-in scenarios (data/scenarios/NAME/airlift.json), or choose blocked, icrc-only or reopened");
                return null;
            }
        }
        return SupplyPicture.Forecast(record.Setting with { Conditions = request.Conditions }, record.Observations, date, request.Inflow,
            request.Runs, request.Seed, alertDays: request.AlertDays, airlift: plan);
    }

    /// <summary>Every version of one observation, oldest first, with its ledger leaf index where it has one.</summary>
    public async Task<IReadOnlyList<(ObservationVersion Version, long? Leaf)>?> VersionsAsync(string situationId, string observationId, CancellationToken cancel = default)
    {
        var versions = await db.SupplyObservationVersions.AsNoTracking()
            .Where(o => o.SituationId == situationId && o.ObservationId == observationId).OrderBy(o => o.Version).ToListAsync(cancel);
        if (versions.Count == 0)
        {
            return null;
        }
        var recordId = Ledger.CanonicalRecords.Id(situationId, observationId);
        var leaves = await db.Set<Ledger.LedgerLeafRow>().AsNoTracking()
            .Where(l => l.RecordType == Ledger.RecordTypes.SupplyObservation && l.RecordId == recordId)
            .ToDictionaryAsync(l => l.Version, l => l.Idx, cancel);
        return versions.Select(v => (v.ToDomain(), leaves.TryGetValue(v.Version, out var idx) ? idx : (long?)null)).ToList();
    }

    /// <summary>The sources an observation cites, by id, as the event pages show them.</summary>
    public async Task<IReadOnlyDictionary<string, Events.SourceView>> SourcesAsync(string situationId, IEnumerable<string> ids, CancellationToken cancel = default)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        return (await db.Sources.AsNoTracking().Where(s => s.SituationId == situationId && wanted.Contains(s.Id)).ToListAsync(cancel))
            .ToDictionary(s => s.Id, s => Events.SourceView.From(s.ToDomain(), showProtected: false), StringComparer.Ordinal);
    }
}
