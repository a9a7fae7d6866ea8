using System.Globalization;
using Lifeline.Core.Situations;

namespace Lifeline.Core.EarlyWarning;

/// <summary>The signals Lifeline computes from the record, each mapped to the indicators it informs.</summary>
public enum SignalKind
{
    /// <summary>The main route closed to civilians (humanitarian-only or closed) for days in a row: informs 13.8.</summary>
    CorridorClosed,

    /// <summary>The same closure, read as conditions of life imposed on the people inside: informs 7.10.</summary>
    LivingConditions,

    /// <summary>Humanitarian organisations, the media or convoys kept out or turned back: informs 7.7 and factor 14.</summary>
    HumanitarianAccessRestricted,

    /// <summary>Internet cut or rationed: informs 7.6.</summary>
    CommunicationsCut,

    /// <summary>Gas, electricity or water cut or rationed: informs 7.11.</summary>
    UtilityCut,

    /// <summary>An essential commodity's pessimistic (P10) days of supply below the threshold: informs 7.10 and 13.8.</summary>
    SuppliesLow,

    /// <summary>Violence against civilians recorded, and rising: informs 7.8.</summary>
    ViolenceRising,

    /// <summary>Incitement or hate statements recorded, and rising: informs 8.7.</summary>
    IncitementRising,

    /// <summary>
    /// Court steps (orders, measures, hearings) or council meetings during the current closure, and the corridor still
    /// closed long after: the international response is not ending it. Informs factor 6 (absence of mitigating factors).
    /// </summary>
    ResponseFailing,

    /// <summary>Nothing passes the main route, humanitarian traffic included, for days in a row: informs 13.8, 7.10 and factor 14.</summary>
    TotalBlockade,

    /// <summary>
    /// The share of the food and medicine need not delivered, over the days the main route was closed: informs 7.10,
    /// 13.8 and factor 11.
    /// </summary>
    NeedsGap,

    /// <summary>Deaths the record attributes to the siege (starvation, cold, lack of care): informs 7.8, 7.10 and factor 2.</summary>
    SiegeDeaths,

    /// <summary>Armed hostilities or an armed attack recorded: informs factor 1 and 8.1.</summary>
    ArmedAttack,

    /// <summary>Forces or bases set up: informs factor 1 and 7.3.</summary>
    MilitaryBuildUp,

    /// <summary>People of the besieged area displaced or leaving: informs 7.10 and factor 11.</summary>
    Displacement,

    /// <summary>A dated warning by a genocide-prevention body or a UN mechanism: informs the subjects it names.</summary>
    ThirdPartyWarning,
}

/// <summary>
/// The thresholds of the signals (docs/early-warning.md, "Signals"). Every number is a setting, not a fact: change
/// them per situation and say why.
/// </summary>
public sealed record SignalSettings
{
    /// <summary>Days in a row the main route must be closed to civilians before the closure signals start.</summary>
    public int CorridorDays { get; init; } = 7;

    /// <summary>Days of closure at which the corridor signal (13.8) reaches full strength; it grows linearly until then.</summary>
    public int CorridorFullDays { get; init; } = 30;

    /// <summary>Days of closure at which the living-conditions signal (7.10) reaches full strength.</summary>
    public int LivingConditionsFullDays { get; init; } = 90;

    /// <summary>
    /// How long a cut utility, a cut line or a turned-back convoy keeps its signal on, in days (the day itself
    /// included); also how soon after a displacement a reopening of the route is read as a way out for people leaving.
    /// </summary>
    public int RecentDays { get; init; } = 14;

    /// <summary>The window of the violence and incitement trends: the last N days against the N before.</summary>
    public int TrendDays { get; init; } = 30;

    /// <summary>Days after a court step or council meeting with the corridor still closed before the response-failing signal starts.</summary>
    public int LegalComplianceDays { get; init; } = 30;

    /// <summary>Pessimistic days of supply below which the supplies signal starts.</summary>
    public double SupplyDaysThreshold { get; init; } = 14;

    /// <summary>Event types counted as violence against civilians (ACLED's "Violence against civilians" and remote violence).</summary>
    public IReadOnlyList<string> ViolenceTypes { get; init; } =
        ["attack", "sexual-violence", "abduction-forced-disappearance", "shelling-artillery-missile-attack", "air-drone-strike", "excessive-force-against-protesters"];

    /// <summary>
    /// Event types counted as incitement or hate statements. Empty by default: the record's <c>statement</c> type
    /// also holds the warnings themselves, so counting it would make the warnings raise the risk.
    /// </summary>
    public IReadOnlyList<string> IncitementTypes { get; init; } = [];

    /// <summary>Event types counted as a convoy or humanitarian movement stopped.</summary>
    public IReadOnlyList<string> TurnedBackTypes { get; init; } = ["convoy-turned-back"];

    /// <summary>Event types that can be court steps; one counts when its first actor is a court.</summary>
    public IReadOnlyList<string> LegalTypes { get; init; } = ["legal-step"];

    /// <summary>
    /// Event types counted as armed hostilities or an armed attack (factor 1, 8.1): ACLED's battles, explosions and
    /// remote violence, and attacks on civilians. A dispute over the figures of such an event does not undo the event.
    /// </summary>
    public IReadOnlyList<string> ArmedAttackTypes { get; init; } =
    [
        "armed-clash", "government-regains-territory", "non-state-actor-overtakes-territory", "chemical-weapon", "air-drone-strike",
        "suicide-bomb", "shelling-artillery-missile-attack", "remote-explosive-landmine-ied", "grenade", "attack",
    ];

    /// <summary>Event types counted as a military build-up (factor 1, 7.3).</summary>
    public IReadOnlyList<string> BuildUpTypes { get; init; } = ["headquarters-or-base-established"];

    /// <summary>Event types counted as people displaced or leaving (7.10, factor 11).</summary>
    public IReadOnlyList<string> DisplacementTypes { get; init; } = ["displacement"];

    /// <summary>Event types counted as deaths the siege caused (7.8, 7.10, factor 2).</summary>
    public IReadOnlyList<string> SiegeDeathTypes { get; init; } = ["siege-death"];

    /// <summary>Actors (ids in the record) whose statements are council meetings (factor 6).</summary>
    public IReadOnlyList<string> CouncilActors { get; init; } = ["un-security-council"];

    /// <summary>Which kinds of body a third-party warning must come from to count (<see cref="WarningBody"/>, kebab-case).</summary>
    public IReadOnlyList<string> WarningBodies { get; init; } = ["genocide-prevention-body", "un-mechanism"];

    /// <summary>
    /// Signals switched off (<see cref="SignalKind"/>, kebab-case): none by default. For a sensitivity check (what the
    /// level would be without one signal) and for a situation where a signal is known not to apply; say why.
    /// </summary>
    public IReadOnlyList<string> DisabledSignals { get; init; } = [];

    public static SignalSettings Default { get; } = new();

    /// <summary>The longest window or threshold a setting in days may take (ten years).</summary>
    public const int MaxDays = 3_660;

    /// <summary>Every event type the signals count, for the database to group.</summary>
    public IReadOnlyList<string> CountedTypes() =>
        ViolenceTypes.Concat(IncitementTypes).Concat(TurnedBackTypes).Concat(ArmedAttackTypes).Concat(BuildUpTypes)
            .Concat(DisplacementTypes).Concat(SiegeDeathTypes).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// What is wrong with these settings, by setting name (empty when they can be used): every number of days from 1
    /// (the legal delay from 0) to <see cref="MaxDays"/>, the supply threshold above 0, every event type one the
    /// record knows (<paramref name="knownTypes"/>), every warning body one of <see cref="WarningBody"/> and every
    /// council actor an id.
    /// </summary>
    public IReadOnlyList<(string Setting, string Problem)> Problems(IReadOnlySet<string> knownTypes)
    {
        ArgumentNullException.ThrowIfNull(knownTypes);
        var problems = new List<(string, string)>();
        void Days(string name, int value, int min)
        {
            if (value < min || value > MaxDays)
            {
                problems.Add((name, $"must be a whole number of days from {min} to {MaxDays}, not {value}"));
            }
        }
        Days(nameof(CorridorDays), CorridorDays, 1);
        Days(nameof(CorridorFullDays), CorridorFullDays, 1);
        Days(nameof(LivingConditionsFullDays), LivingConditionsFullDays, 1);
        Days(nameof(RecentDays), RecentDays, 1);
        Days(nameof(TrendDays), TrendDays, 1);
        Days(nameof(LegalComplianceDays), LegalComplianceDays, 0);
        if (!double.IsFinite(SupplyDaysThreshold) || SupplyDaysThreshold <= 0 || SupplyDaysThreshold > MaxDays)
        {
            problems.Add((nameof(SupplyDaysThreshold), $"must be a number of days above 0 and at most {MaxDays}, not {SupplyDaysThreshold.ToString(CultureInfo.InvariantCulture)}"));
        }
        void Types(string name, IReadOnlyList<string> types)
        {
            foreach (var type in types.Where(t => !knownTypes.Contains(t)))
            {
                problems.Add((name, $"'{type}' is not an event type of the record"));
            }
        }
        Types(nameof(ViolenceTypes), ViolenceTypes);
        Types(nameof(IncitementTypes), IncitementTypes);
        Types(nameof(TurnedBackTypes), TurnedBackTypes);
        Types(nameof(LegalTypes), LegalTypes);
        Types(nameof(ArmedAttackTypes), ArmedAttackTypes);
        Types(nameof(BuildUpTypes), BuildUpTypes);
        Types(nameof(DisplacementTypes), DisplacementTypes);
        Types(nameof(SiegeDeathTypes), SiegeDeathTypes);
        foreach (var body in WarningBodies.Where(b => Common.KebabCase.Parse<WarningBody>(b) is null))
        {
            problems.Add((nameof(WarningBodies), $"'{body}' is not a kind of body: use {Common.KebabCase.Choices<WarningBody>()}"));
        }
        foreach (var kind in DisabledSignals.Where(k => Common.KebabCase.Parse<SignalKind>(k) is null))
        {
            problems.Add((nameof(DisabledSignals), $"'{kind}' is not a signal: use {Common.KebabCase.Choices<SignalKind>()}"));
        }
        foreach (var actor in CouncilActors.Where(a => !Common.Slug.IsValid(a)))
        {
            problems.Add((nameof(CouncilActors), $"'{actor}' is not an actor id"));
        }
        return problems;
    }
}

/// <summary>How many events of one type were dated on one day, and their fatalities.</summary>
public sealed record DailyCount(DateOnly Date, string Type, int Events, int Fatalities);

/// <summary>
/// A supply forecast made on <paramref name="Date"/>: pessimistic (P10) days until the commodity runs out, counted from
/// that day (<see cref="double.PositiveInfinity"/> when it lasts beyond the forecast's horizon). It stands until the
/// next forecast of the same commodity, its days running down as the days pass.
/// </summary>
public sealed record SupplyOutlook(DateOnly Date, string Commodity, double DaysOfSupplyP10);

/// <summary>What kind of step of the international response a record is.</summary>
public enum ResponseKind
{
    /// <summary>A legal step taken by a court (an order, a measure, a hearing, a reminder).</summary>
    CourtStep,

    /// <summary>A meeting of a council (the UN Security Council) on the situation.</summary>
    CouncilMeeting,
}

/// <summary>A step of the international response on a day: the event that records it.</summary>
public sealed record ResponseStep(DateOnly Date, ResponseKind Kind, string EventId);

/// <summary>Who issued a warning.</summary>
public enum WarningBody
{
    /// <summary>An organisation whose purpose is to prevent genocide or atrocity crimes (Lemkin Institute, Genocide Watch, GCR2P).</summary>
    GenocidePreventionBody,

    /// <summary>A UN mechanism: Special Procedures mandate holders, the Special Adviser on the Prevention of Genocide, a UN office.</summary>
    UnMechanism,

    /// <summary>One person writing as an expert.</summary>
    IndependentExpert,

    /// <summary>A coalition of non-governmental organisations without a prevention mandate.</summary>
    NgoCoalition,
}

/// <summary>
/// A dated, sourced warning by a third party: known from <paramref name="KnownFrom"/> (when the date is uncertain, the
/// latest day it can be), naming the Framework subjects it speaks to, graded as its best-graded source.
/// </summary>
/// <param name="Grade">The grade of its best source; <see cref="Sources.AdmiraltyGrade.Ungraded"/> (F6) when none is graded.</param>
/// <param name="EventId">The record's event for the warning, when there is one.</param>
public sealed record ThirdPartyWarning(
    DateOnly KnownFrom, string By, WarningBody Body, string What, IReadOnlyList<IndicatorId> Names, Sources.AdmiraltyGrade Grade, string? EventId)
{
    /// <summary>
    /// How much a warning counts, from its grade, on the ladder of an analyst's confidence (1/3, 2/3, 1): reliability A or
    /// B and credibility 1 or 2 count 1; C or 3 count 2/3; D, F (cannot be judged) or 6 count 1/3; E (unreliable), 4
    /// (doubtful) or 5 (improbable) count 0. The lower of the two parts decides.
    /// </summary>
    public double Weight => Math.Min(
        Grade.Reliability switch
        {
            Sources.SourceReliability.A or Sources.SourceReliability.B => 1,
            Sources.SourceReliability.C => 2.0 / 3,
            Sources.SourceReliability.E => 0,
            _ => 1.0 / 3,
        },
        Grade.Credibility switch
        {
            Sources.InformationCredibility.ConfirmedByOtherSources or Sources.InformationCredibility.ProbablyTrue => 1,
            Sources.InformationCredibility.PossiblyTrue => 2.0 / 3,
            Sources.InformationCredibility.Doubtful or Sources.InformationCredibility.Improbable => 0,
            _ => 1.0 / 3,
        });
}

/// <summary>
/// The food and medicine a situation needs on a day (kilograms, from the needs model and its population) and what the
/// supply record says was delivered that day (a delivery over a period spread over its days).
/// </summary>
/// <param name="DeliveriesRecorded">Whether any delivery is recorded on or before this day: without one the record says nothing about supply.</param>
public sealed record DailySupply(DateOnly Date, double NeedKg, double DeliveredKg, bool DeliveriesRecorded);

/// <summary>
/// What the signals read from the record: the situation (its main route), the status changes of routes and
/// utilities, the number of events per day and type, any supply forecasts, the steps of the international response,
/// the third-party warnings and the daily need and deliveries. Everything is dated, so that a day's signals can be
/// computed from what is dated on or before it.
/// </summary>
public sealed record RecordDigest(
    Situation Situation,
    IReadOnlyList<StatusChange> Changes,
    IReadOnlyList<DailyCount> Counts,
    IReadOnlyList<SupplyOutlook> Supplies)
{
    /// <summary>Court steps and council meetings.</summary>
    public IReadOnlyList<ResponseStep> Steps { get; init; } = [];

    /// <summary>Third-party warnings, by the day they were known.</summary>
    public IReadOnlyList<ThirdPartyWarning> Warnings { get; init; } = [];

    /// <summary>Need and deliveries of food and medicine per day; empty when the supply record is not read.</summary>
    public IReadOnlyList<DailySupply> Supply { get; init; } = [];

    /// <summary>Only what is dated on or before <paramref name="day"/>: what was known that day.</summary>
    public RecordDigest AsKnownOn(DateOnly day) => new(
        Situation,
        Changes.Where(c => c.Date <= day).ToList(),
        Counts.Where(c => c.Date <= day).ToList(),
        Supplies.Where(s => s.Date <= day).ToList())
    {
        Steps = Steps.Where(s => s.Date <= day).ToList(),
        Warnings = Warnings.Where(w => w.KnownFrom <= day).ToList(),
        Supply = Supply.Where(s => s.Date <= day).ToList(),
    };
}

/// <summary>
/// One signal on one day: how strong (0 to 1), which indicators it informs, and the data behind it in words.
/// </summary>
public sealed record Signal(SignalKind Kind, double Strength, IReadOnlyList<IndicatorId> Informs, string Data);

/// <summary>
/// Computes the signals day by day. A day's signals depend only on what is dated on or before it (no look-ahead),
/// and the whole range is computed in one pass over the days: the cost is the number of days times the number of
/// signals, plus one pass over the changes and counts.
/// </summary>
/// <remarks>
/// After the event: a closure does not end because the route opens for people leaving. When the main route opens
/// within <see cref="SignalSettings.RecentDays"/> days after a displacement was recorded (or on its day), the closure is
/// held as it was, and every signal read from it goes on, until a later change of the route's status says otherwise.
/// Armed attacks, build-ups, displacement, deaths and warnings do not fade with time: a factor they inform falls only
/// when an analyst records it absent, saying the threat has ended.
/// </remarks>
public static class SignalEngine
{
    private static readonly IndicatorId I7_3 = new(7, 3);
    private static readonly IndicatorId I7_6 = new(7, 6);
    private static readonly IndicatorId I7_7 = new(7, 7);
    private static readonly IndicatorId I7_8 = new(7, 8);
    private static readonly IndicatorId I7_10 = new(7, 10);
    private static readonly IndicatorId I7_11 = new(7, 11);
    private static readonly IndicatorId I8_1 = new(8, 1);
    private static readonly IndicatorId I8_7 = new(8, 7);
    private static readonly IndicatorId I13_8 = new(13, 8);

    /// <summary>Which indicators each kind of signal informs (a warning informs what it names; this is empty for it).</summary>
    public static IReadOnlyList<IndicatorId> Informs(SignalKind kind) => kind switch
    {
        SignalKind.CorridorClosed => [I13_8],
        SignalKind.LivingConditions => [I7_10],
        SignalKind.HumanitarianAccessRestricted => [I7_7, IndicatorId.WholeFactor(14)],
        SignalKind.CommunicationsCut => [I7_6],
        SignalKind.UtilityCut => [I7_11],
        SignalKind.SuppliesLow => [I7_10, I13_8],
        SignalKind.ViolenceRising => [I7_8],
        SignalKind.IncitementRising => [I8_7],
        SignalKind.ResponseFailing => [IndicatorId.WholeFactor(6)],
        SignalKind.TotalBlockade => [I7_10, I13_8, IndicatorId.WholeFactor(14)],
        SignalKind.NeedsGap => [I7_10, IndicatorId.WholeFactor(11), I13_8],
        SignalKind.SiegeDeaths => [IndicatorId.WholeFactor(2), I7_8, I7_10],
        SignalKind.ArmedAttack => [IndicatorId.WholeFactor(1), I8_1],
        SignalKind.MilitaryBuildUp => [IndicatorId.WholeFactor(1), I7_3],
        SignalKind.Displacement => [I7_10, IndicatorId.WholeFactor(11)],
        SignalKind.ThirdPartyWarning => [],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The signals that are on, for each day from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<Signal>> Compute(RecordDigest digest, SignalSettings settings, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(settings);
        if (to < from)
        {
            return [];
        }
        var lookBack = Math.Max(2 * settings.TrendDays, settings.RecentDays) + 1;
        // From the first thing known, so that a closure, a legal step or an attack before the range still counts.
        var origin = new[] { from.AddDays(-lookBack), digest.Situation.StartDate }
            .Concat(digest.Changes.Select(c => c.Date)).Concat(digest.Counts.Select(c => c.Date))
            .Concat(digest.Steps.Select(s => s.Date)).Concat(digest.Supply.Select(s => s.Date)).Min();
        var days = to.DayNumber - origin.DayNumber + 1;
        int Index(DateOnly d) => d.DayNumber - origin.DayNumber;

        var calendar = SituationCalendar.Compute(digest.Situation, digest.Changes, origin, to);
        var mainRoute = digest.Situation.MainRoute?.Id;

        var violence = RunningTotals(digest.Counts, settings.ViolenceTypes, origin, days, c => c.Events + c.Fatalities);
        var violentEvents = RunningTotals(digest.Counts, settings.ViolenceTypes, origin, days, c => c.Events);
        var incitement = RunningTotals(digest.Counts, settings.IncitementTypes, origin, days, c => c.Events);
        var turnedBack = RunningTotals(digest.Counts, settings.TurnedBackTypes, origin, days, c => c.Events);
        var attacks = RunningTotals(digest.Counts, settings.ArmedAttackTypes, origin, days, c => c.Events);
        var buildUps = RunningTotals(digest.Counts, settings.BuildUpTypes, origin, days, c => c.Events);
        var displacements = RunningTotals(digest.Counts, settings.DisplacementTypes, origin, days, c => c.Events);
        var deaths = RunningTotals(digest.Counts, settings.SiegeDeathTypes, origin, days, c => Math.Max(c.Events, c.Fatalities));
        var steps = new long[days];
        foreach (var step in digest.Steps.Where(s => s.Date >= origin && s.Date <= to))
        {
            steps[Index(step.Date)]++;
        }
        for (var i = 1; i < days; i++)
        {
            steps[i] += steps[i - 1];
        }

        // Per day: the main route's status as recorded, the status the signals read (a closure held while people
        // leave), how many days in a row it has been closed to civilians and closed to everyone.
        var recorded = new CorridorStatus[days];
        var status = new CorridorStatus[days];
        var held = new bool[days];
        var streak = new int[days];
        var total = new int[days];
        var internet = new UtilityStatus[days];
        var utilities = new UtilityStatus[days];
        var worstUtility = new Utility[days];
        var lastChange = 0;
        for (var i = 0; i < days; i++)
        {
            var day = calendar[i];
            recorded[i] = mainRoute is not null && day.Routes.TryGetValue(mainRoute, out var s) ? s : CorridorStatus.Unknown;
            if (i > 0 && recorded[i] != recorded[i - 1])
            {
                lastChange = i;
            }
            status[i] = recorded[i];
            if (i > 0 && recorded[i] < CorridorStatus.HumanitarianOnly && status[i - 1] >= CorridorStatus.HumanitarianOnly
                && Window(displacements, lastChange, settings.RecentDays) > 0)
            {
                status[i] = status[i - 1];
                held[i] = true;
            }
            streak[i] = status[i] >= CorridorStatus.HumanitarianOnly ? (i > 0 ? streak[i - 1] : 0) + 1 : 0;
            total[i] = status[i] == CorridorStatus.Closed ? (i > 0 ? total[i - 1] : 0) + 1 : 0;
            internet[i] = day.Utilities.GetValueOrDefault(Utility.Internet);
            foreach (var u in new[] { Utility.Gas, Utility.Electricity, Utility.Water })
            {
                var us = day.Utilities.GetValueOrDefault(u);
                if (us > utilities[i])
                {
                    utilities[i] = us;
                    worstUtility[i] = u;
                }
            }
        }

        // The needs gap: need and deliveries summed over the days the route was closed to civilians.
        var supplyByDay = digest.Supply.Where(s => s.Date >= origin && s.Date <= to).ToDictionary(s => Index(s.Date));
        var needSum = new double[days];
        var deliveredSum = new double[days];
        var closedDays = new int[days];
        for (var i = 0; i < days; i++)
        {
            DailySupply? today = streak[i] > 0 && supplyByDay.TryGetValue(i, out var closedDay) ? closedDay : null;
            needSum[i] = (i > 0 ? needSum[i - 1] : 0) + (today?.NeedKg ?? 0);
            deliveredSum[i] = (i > 0 ? deliveredSum[i - 1] : 0) + (today?.DeliveredKg ?? 0);
            closedDays[i] = (i > 0 ? closedDays[i - 1] : 0) + (today is not null ? 1 : 0);
        }

        var supplies = digest.Supplies.OrderBy(s => s.Date).ToList();
        var warnings = digest.Warnings
            .Where(w => settings.WarningBodies.Contains(Common.KebabCase.Of(w.Body), StringComparer.Ordinal) && w.Names.Count > 0 && w.Weight > 0)
            .OrderBy(w => w.KnownFrom).ThenBy(w => w.By, StringComparer.Ordinal).ToList();

        long Window(long[] totals, int end, int length) => end < 0 ? 0 : totals[end] - (end - length >= 0 ? totals[end - length] : 0);

        var disabled = settings.DisabledSignals.Select(Common.KebabCase.Parse<SignalKind>).OfType<SignalKind>().ToHashSet();
        var result = new List<IReadOnlyList<Signal>>(to.DayNumber - from.DayNumber + 1);
        var nextSupply = 0;
        var latestSupply = new Dictionary<string, SupplyOutlook>(StringComparer.Ordinal);
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var i = Index(date);
            var signals = new List<Signal>();
            var run = streak[i];
            var closedSince = date.AddDays(1 - run);
            var holding = held[i] ? $"; held after the route opened on {Day(origin.AddDays(lastChangeBefore(i)))} for people leaving (a displacement was recorded), until the record says the threat ended" : "";

            if (run >= settings.CorridorDays)
            {
                signals.Add(Make(SignalKind.CorridorClosed, Ratio(run, settings.CorridorFullDays),
                    $"main route {mainRoute} closed to civilians for {run} days in a row (since {Day(closedSince)}); full strength at {settings.CorridorFullDays} days{holding}"));
                signals.Add(Make(SignalKind.LivingConditions, Ratio(run, settings.LivingConditionsFullDays),
                    $"{run} days cut off (since {Day(closedSince)}); full strength at {settings.LivingConditionsFullDays} days{holding}"));
            }

            if (total[i] >= settings.CorridorDays)
            {
                signals.Add(Make(SignalKind.TotalBlockade, Ratio(total[i], settings.CorridorFullDays),
                    $"nothing passes the main route {mainRoute}, humanitarian convoys included, for {total[i]} days in a row (since {Day(date.AddDays(1 - total[i]))}); full strength at {settings.CorridorFullDays} days{holding}"));
            }

            var stopped = Window(turnedBack, i, settings.RecentDays);
            if (status[i] == CorridorStatus.Closed || stopped > 0)
            {
                var why = status[i] == CorridorStatus.Closed ? "main route closed to everyone, humanitarian traffic included" : null;
                var convoys = stopped > 0 ? $"{stopped} convoy(s) or humanitarian movement(s) turned back in the last {settings.RecentDays} days" : null;
                signals.Add(Make(SignalKind.HumanitarianAccessRestricted, 1, string.Join("; ", new[] { why, convoys }.OfType<string>()) + holding));
            }
            else if (status[i] == CorridorStatus.HumanitarianOnly)
            {
                signals.Add(Make(SignalKind.HumanitarianAccessRestricted, 0.5,
                    "main route open to humanitarian movements only: other organisations and the media kept out" + holding));
            }

            var (net, netDay) = Worst(internet, i, settings.RecentDays);
            if (net > UtilityStatus.Available)
            {
                signals.Add(Make(SignalKind.CommunicationsCut, net == UtilityStatus.Cut ? 1 : 0.5,
                    $"internet {Describe(net)} on {Day(origin.AddDays(netDay))} (within the last {settings.RecentDays} days)"));
            }
            var (utility, utilityDay) = Worst(utilities, i, settings.RecentDays);
            if (utility > UtilityStatus.Available)
            {
                var which = worstUtility[utilityDay].ToString().ToLowerInvariant();
                signals.Add(Make(SignalKind.UtilityCut, utility == UtilityStatus.Cut ? 1 : 0.5,
                    $"{which} {Describe(utility)} on {Day(origin.AddDays(utilityDay))} (within the last {settings.RecentDays} days)"));
            }

            for (; nextSupply < supplies.Count && supplies[nextSupply].Date <= date; nextSupply++)
            {
                latestSupply[supplies[nextSupply].Commodity] = supplies[nextSupply];
            }
            // Each commodity's latest forecast, its days running down since it was made.
            var lowest = latestSupply.Values
                .Select(s => (Outlook: s, Left: Math.Max(0, s.DaysOfSupplyP10 - (date.DayNumber - s.Date.DayNumber))))
                .OrderBy(s => s.Left).ThenBy(s => s.Outlook.Commodity, StringComparer.Ordinal).FirstOrDefault();
            if (lowest.Outlook is not null && lowest.Left < settings.SupplyDaysThreshold)
            {
                var made = lowest.Outlook.Date == date ? $"forecast on {Day(date)}"
                    : $"forecast on {Day(lowest.Outlook.Date)} at {Days(lowest.Outlook.DaysOfSupplyP10)} days, {date.DayNumber - lowest.Outlook.Date.DayNumber} days ago";
                signals.Add(Make(SignalKind.SuppliesLow, Math.Clamp(1 - lowest.Left / settings.SupplyDaysThreshold, 0.5, 1),
                    $"{lowest.Outlook.Commodity}: {Days(lowest.Left)} days of supply left (P10; {made}), below {settings.SupplyDaysThreshold.ToString(CultureInfo.InvariantCulture)}"));
            }

            if (supplyByDay.TryGetValue(i, out var supplyToday) && supplyToday.DeliveriesRecorded && closedDays[i] >= settings.CorridorDays && needSum[i] > 0)
            {
                var gap = Math.Max(0, 1 - deliveredSum[i] / needSum[i]);
                if (gap >= RiskModel.PresentAt)
                {
                    signals.Add(Make(SignalKind.NeedsGap, gap,
                        $"over the {closedDays[i]} days the main route was closed to civilians, {Tonnes(deliveredSum[i])} t of food and medicine recorded as delivered against a need of {Tonnes(needSum[i])} t: {Percent(gap)} not delivered (mixed cargo counted as food and medicine; local stocks and production not counted)"));
                }
            }

            AddTrend(signals, SignalKind.ViolenceRising, "violent events against civilians and their fatalities",
                Window(violence, i, settings.TrendDays), Window(violence, i - settings.TrendDays, settings.TrendDays), Window(violentEvents, i, settings.TrendDays), settings.TrendDays);
            AddTrend(signals, SignalKind.IncitementRising, "incitement or hate statements",
                Window(incitement, i, settings.TrendDays), Window(incitement, i - settings.TrendDays, settings.TrendDays), Window(incitement, i, settings.TrendDays), settings.TrendDays);

            // A court step or council meeting during the current closure, at least N days ago, with the closure still on.
            if (run > settings.LegalComplianceDays)
            {
                var stepsEnd = i - settings.LegalComplianceDays;
                var stepsStart = i - run + 1;
                var taken = steps[stepsEnd] - (stepsStart > 0 ? steps[stepsStart - 1] : 0);
                if (taken > 0)
                {
                    signals.Add(Make(SignalKind.ResponseFailing, 1,
                        $"{taken} court step(s) or council meeting(s) between {Day(closedSince)} and {Day(date.AddDays(-settings.LegalComplianceDays))}, and the main route still closed to civilians {settings.LegalComplianceDays}+ days later{holding}"));
                }
            }

            if (attacks[i] > 0)
            {
                signals.Add(Make(SignalKind.ArmedAttack, 1,
                    $"{attacks[i]} armed attack(s) or clash(es) recorded, the latest on {Day(LatestDay(attacks, i, origin))}; an attack stays a signal until the record says the threat ended (a dispute over its figures does not undo it)"));
            }
            if (buildUps[i] > 0)
            {
                signals.Add(Make(SignalKind.MilitaryBuildUp, 1,
                    $"{buildUps[i]} base(s) or deployment(s) recorded, the latest on {Day(LatestDay(buildUps, i, origin))}"));
            }
            if (displacements[i] > 0)
            {
                signals.Add(Make(SignalKind.Displacement, 1,
                    $"{displacements[i]} displacement(s) of people recorded, the latest on {Day(LatestDay(displacements, i, origin))}: people leaving under threat is what the model warns of"));
            }
            if (deaths[i] > 0)
            {
                signals.Add(Make(SignalKind.SiegeDeaths, 1,
                    $"{deaths[i]} death(s) attributed to the siege's conditions (starvation, cold, lack of care) recorded, the latest on {Day(LatestDay(deaths, i, origin))}"));
            }

            foreach (var warning in warnings.Where(w => w.KnownFrom <= date))
            {
                signals.Add(new Signal(SignalKind.ThirdPartyWarning, Math.Round(warning.Weight, 4), warning.Names,
                    $"{warning.By} ({Common.KebabCase.Of(warning.Body)}), known from {Day(warning.KnownFrom)}: {warning.What}; names {string.Join(", ", warning.Names)}; grade {Grade(warning.Grade)}, counted {Fraction(warning.Weight)}"));
            }
            result.Add(disabled.Count == 0 ? signals : signals.Where(s => !disabled.Contains(s.Kind)).ToList());
        }
        return result;

        int lastChangeBefore(int i)
        {
            var j = i;
            while (j > 0 && held[j])
            {
                j--;
            }
            return Math.Min(i, j + 1);
        }
    }

    /// <summary>The day of the latest event counted in <paramref name="totals"/> on or before day <paramref name="i"/>.</summary>
    private static DateOnly LatestDay(long[] totals, int i, DateOnly origin)
    {
        var j = i;
        while (j > 0 && totals[j - 1] == totals[j])
        {
            j--;
        }
        return origin.AddDays(j);
    }

    private static void AddTrend(List<Signal> signals, SignalKind kind, string what, long recent, long before, long recentEvents, int trendDays)
    {
        if (recentEvents == 0)
        {
            return;
        }
        var rising = recent > before;
        signals.Add(Make(kind, rising ? 1 : 0.5,
            $"{what}: {recent} in the last {trendDays} days against {before} in the {trendDays} before ({(rising ? "rising" : "not rising")}; events and fatalities counted together)"));
    }

    private static long[] RunningTotals(IReadOnlyList<DailyCount> counts, IReadOnlyList<string> types, DateOnly origin, int days, Func<DailyCount, long> value)
    {
        var totals = new long[days];
        if (types.Count == 0)
        {
            return totals;
        }
        var set = types.ToHashSet(StringComparer.Ordinal);
        foreach (var count in counts)
        {
            var i = count.Date.DayNumber - origin.DayNumber;
            if (i >= 0 && i < days && set.Contains(count.Type))
            {
                totals[i] += value(count);
            }
        }
        for (var i = 1; i < days; i++)
        {
            totals[i] += totals[i - 1];
        }
        return totals;
    }

    private static (UtilityStatus Status, int Day) Worst(UtilityStatus[] statuses, int end, int length)
    {
        var worst = UtilityStatus.Available;
        var at = end;
        for (var i = end; i > end - length && i >= 0; i--)
        {
            if (statuses[i] > worst)
            {
                worst = statuses[i];
                at = i;
            }
        }
        return (worst, at);
    }

    private static Signal Make(SignalKind kind, double strength, string data) => new(kind, Math.Round(strength, 4), Informs(kind), data);

    private static double Ratio(int days, int full) => full <= 0 ? 1 : Math.Min(1, (double)days / full);

    private static string Describe(UtilityStatus status) => status == UtilityStatus.Cut ? "cut" : "rationed or partly restored";

    private static string Days(double days) => days.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Tonnes(double kilograms) => (kilograms / 1000).ToString("#,0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    private static string Fraction(double weight) => weight switch
    {
        >= 0.999 => "1",
        >= 0.66 => "2/3",
        >= 0.33 => "1/3",
        _ => "0",
    };

    private static string Grade(Sources.AdmiraltyGrade grade) => $"{grade.Reliability}{(int)grade.Credibility}";

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
