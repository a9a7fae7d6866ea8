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

    /// <summary>Legal steps (filings, orders) taken, and the corridor still closed long after: informs factor 6.</summary>
    LegalOrdersIgnored,
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

    /// <summary>How long a cut utility, a cut line or a turned-back convoy keeps its signal on, in days (the day itself included).</summary>
    public int RecentDays { get; init; } = 14;

    /// <summary>The window of the violence and incitement trends: the last N days against the N before.</summary>
    public int TrendDays { get; init; } = 30;

    /// <summary>Days after a legal step with the corridor still closed before the legal signal starts.</summary>
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

    /// <summary>Event types counted as legal steps.</summary>
    public IReadOnlyList<string> LegalTypes { get; init; } = ["legal-step"];

    public static SignalSettings Default { get; } = new();

    /// <summary>The longest window or threshold a setting in days may take (ten years).</summary>
    public const int MaxDays = 3_660;

    /// <summary>
    /// What is wrong with these settings, by setting name (empty when they can be used): every number of days from 1
    /// (the legal delay from 0) to <see cref="MaxDays"/>, the supply threshold above 0, and every event type one the
    /// record knows (<paramref name="knownTypes"/>).
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

/// <summary>
/// What the signals read from the record: the situation (its main route), the status changes of routes and
/// utilities, the number of events per day and type, and any supply forecasts. Everything is dated, so that a
/// day's signals can be computed from what is dated on or before it.
/// </summary>
public sealed record RecordDigest(
    Situation Situation,
    IReadOnlyList<StatusChange> Changes,
    IReadOnlyList<DailyCount> Counts,
    IReadOnlyList<SupplyOutlook> Supplies)
{
    /// <summary>Only what is dated on or before <paramref name="day"/>: what was known that day.</summary>
    public RecordDigest AsKnownOn(DateOnly day) => new(
        Situation,
        Changes.Where(c => c.Date <= day).ToList(),
        Counts.Where(c => c.Date <= day).ToList(),
        Supplies.Where(s => s.Date <= day).ToList());
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
public static class SignalEngine
{
    private static readonly IndicatorId I7_6 = new(7, 6);
    private static readonly IndicatorId I7_7 = new(7, 7);
    private static readonly IndicatorId I7_8 = new(7, 8);
    private static readonly IndicatorId I7_10 = new(7, 10);
    private static readonly IndicatorId I7_11 = new(7, 11);
    private static readonly IndicatorId I8_7 = new(8, 7);
    private static readonly IndicatorId I13_8 = new(13, 8);

    /// <summary>Which indicators each kind of signal informs.</summary>
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
        SignalKind.LegalOrdersIgnored => [IndicatorId.WholeFactor(6)],
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
        // From the first thing known, so that a closure or a legal step before the range still counts.
        var origin = new[] { from.AddDays(-lookBack), digest.Situation.StartDate }
            .Concat(digest.Changes.Select(c => c.Date)).Concat(digest.Counts.Select(c => c.Date)).Min();
        var days = to.DayNumber - origin.DayNumber + 1;
        int Index(DateOnly d) => d.DayNumber - origin.DayNumber;

        var calendar = SituationCalendar.Compute(digest.Situation, digest.Changes, origin, to);
        var mainRoute = digest.Situation.MainRoute?.Id;

        // Per day: the main route's status, how many days in a row it has been closed to civilians, and running
        // totals of the counted event types, so that any window is a subtraction.
        var status = new CorridorStatus[days];
        var streak = new int[days];
        var internet = new UtilityStatus[days];
        var utilities = new UtilityStatus[days];
        var worstUtility = new Utility[days];
        for (var i = 0; i < days; i++)
        {
            var day = calendar[i];
            status[i] = mainRoute is not null && day.Routes.TryGetValue(mainRoute, out var s) ? s : CorridorStatus.Unknown;
            streak[i] = status[i] >= CorridorStatus.HumanitarianOnly ? (i > 0 ? streak[i - 1] : 0) + 1 : 0;
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
        var violence = RunningTotals(digest.Counts, settings.ViolenceTypes, origin, days, c => c.Events + c.Fatalities);
        var violentEvents = RunningTotals(digest.Counts, settings.ViolenceTypes, origin, days, c => c.Events);
        var incitement = RunningTotals(digest.Counts, settings.IncitementTypes, origin, days, c => c.Events);
        var turnedBack = RunningTotals(digest.Counts, settings.TurnedBackTypes, origin, days, c => c.Events);
        var legal = RunningTotals(digest.Counts, settings.LegalTypes, origin, days, c => c.Events);
        var supplies = digest.Supplies.OrderBy(s => s.Date).ToList();

        long Window(long[] totals, int end, int length) => totals[end] - (end - length >= 0 ? totals[end - length] : 0);

        var result = new List<IReadOnlyList<Signal>>(to.DayNumber - from.DayNumber + 1);
        var nextSupply = 0;
        var latestSupply = new Dictionary<string, SupplyOutlook>(StringComparer.Ordinal);
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var i = Index(date);
            var signals = new List<Signal>();
            var run = streak[i];
            var closedSince = date.AddDays(1 - run);

            if (run >= settings.CorridorDays)
            {
                signals.Add(Make(SignalKind.CorridorClosed, Ratio(run, settings.CorridorFullDays),
                    $"main route {mainRoute} closed to civilians for {run} days in a row (since {Day(closedSince)}); full strength at {settings.CorridorFullDays} days"));
                signals.Add(Make(SignalKind.LivingConditions, Ratio(run, settings.LivingConditionsFullDays),
                    $"{run} days cut off (since {Day(closedSince)}); full strength at {settings.LivingConditionsFullDays} days"));
            }

            var stopped = Window(turnedBack, i, settings.RecentDays);
            if (status[i] == CorridorStatus.Closed || stopped > 0)
            {
                var why = status[i] == CorridorStatus.Closed ? "main route closed to everyone, humanitarian traffic included" : null;
                var convoys = stopped > 0 ? $"{stopped} convoy(s) or humanitarian movement(s) turned back in the last {settings.RecentDays} days" : null;
                signals.Add(Make(SignalKind.HumanitarianAccessRestricted, 1, string.Join("; ", new[] { why, convoys }.OfType<string>())));
            }
            else if (status[i] == CorridorStatus.HumanitarianOnly)
            {
                signals.Add(Make(SignalKind.HumanitarianAccessRestricted, 0.5,
                    "main route open to humanitarian movements only: other organisations and the media kept out"));
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

            AddTrend(signals, SignalKind.ViolenceRising, "violent events against civilians and their fatalities",
                Window(violence, i, settings.TrendDays), Window(violence, i - settings.TrendDays, settings.TrendDays), Window(violentEvents, i, settings.TrendDays), settings.TrendDays);
            AddTrend(signals, SignalKind.IncitementRising, "incitement or hate statements",
                Window(incitement, i, settings.TrendDays), Window(incitement, i - settings.TrendDays, settings.TrendDays), Window(incitement, i, settings.TrendDays), settings.TrendDays);

            // A legal step taken while the current closure lasted, at least N days ago, with the closure still on.
            if (run > settings.LegalComplianceDays)
            {
                var stepsEnd = i - settings.LegalComplianceDays;
                var stepsStart = i - run + 1;
                var steps = legal[stepsEnd] - (stepsStart > 0 ? legal[stepsStart - 1] : 0);
                if (steps > 0)
                {
                    signals.Add(Make(SignalKind.LegalOrdersIgnored, 1,
                        $"{steps} legal step(s) (filings, orders) taken between {Day(closedSince)} and {Day(date.AddDays(-settings.LegalComplianceDays))}, and the main route still closed to civilians {settings.LegalComplianceDays}+ days later"));
                }
            }
            result.Add(signals);
        }
        return result;
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

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
