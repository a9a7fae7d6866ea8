using System.Globalization;
using System.Text;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Situations;
using Lifeline.Events;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Reports;

/// <summary>What an open-data export holds: the events (every format), or, as HXL only, the calendar, the supply figures or the family counts.</summary>
internal enum OpenDataSubject
{
    Events,

    /// <summary>One row a day: each route's and utility's status, the event that set it and its sources.</summary>
    Calendar,

    /// <summary>One row a supply observation (current version): kind, item, date, amount, unit, sources. Internal only.</summary>
    Supplies,

    /// <summary>The public counts of family tracing, with 1 to 4 given as "fewer than 5"; never anything about a person.</summary>
    Families,
}

/// <summary>
/// The HXL tables other than the events: a header row a person reads, the hashtag row (HXL 1.1 hashtags, attributes
/// in lower case with underscores) and the rows, written as they are made and flushed every 1,000. The source of each
/// status or figure is named (publishers, then their addresses); a protected source shows as "Protected source"
/// without its address unless the caller may see it. Nothing is guessed: an unknown status is written "unknown", a
/// figure with no value is left empty.
/// </summary>
internal static class HxlTables
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static string Extension(OpenDataSubject subject) => "-" + KebabCase.Of(subject) + ".hxl.csv";

    /// <summary>The calendar's columns for a situation: the day, then status, setting event and sources per route and per utility, then the addresses.</summary>
    public static IReadOnlyList<(string Header, string Tag)> CalendarColumns(Situation situation)
    {
        ArgumentNullException.ThrowIfNull(situation);
        var columns = new List<(string, string)> { ("Date", "#date"), ("Day", "#indicator+num+day") };
        foreach (var route in situation.Routes)
        {
            var attribute = Attribute(route.Id);
            columns.Add(($"{route.Name}: status", $"#access+status+route+{attribute}"));
            columns.Add(($"{route.Name}: set by event", $"#event+id+route+{attribute}"));
            columns.Add(($"{route.Name}: sources", $"#meta+source+route+{attribute}"));
        }
        foreach (var utility in Enum.GetValues<Utility>())
        {
            var name = KebabCase.Of(utility);
            columns.Add(($"{Capitalised(name)}: status", $"#status+utility+{Attribute(name)}"));
            columns.Add(($"{Capitalised(name)}: set by event", $"#event+id+utility+{Attribute(name)}"));
            columns.Add(($"{Capitalised(name)}: sources", $"#meta+source+utility+{Attribute(name)}"));
        }
        columns.Add(("Source addresses", "#meta+url"));
        return columns;
    }

    /// <summary>The supply table's columns.</summary>
    public static IReadOnlyList<(string Header, string Tag)> SupplyColumns { get; } =
    [
        ("Observation", "#meta+id"), ("Kind", "#indicator+type"), ("Date", "#date"), ("Date precision", "#date+precision"), ("Until", "#date+end"),
        ("Commodity", "#item+code"), ("Item", "#item+name"), ("Amount", "#indicator+num"), ("Low", "#indicator+num+min"), ("High", "#indicator+num+max"),
        ("Unit", "#indicator+unit"), ("Qualifier", "#indicator+qualifier"), ("Place", "#loc+name"), ("Details", "#meta+tags"),
        ("Sources", "#meta+source"), ("Source addresses", "#meta+url"), ("Notes", "#description"),
    ];

    /// <summary>The family table's columns.</summary>
    public static IReadOnlyList<(string Header, string Tag)> FamilyColumns { get; } =
    [
        ("Measure", "#indicator+name"), ("Case status", "#status+case"), ("Count", "#indicator+num"), ("As of", "#date+reported"), ("Source", "#meta+source"),
    ];

    /// <summary>The source of the family counts: Lifeline's own casework records, counted, never shown.</summary>
    public const string FamilySource = "Lifeline casework records (counts only; 1 to 4 given as fewer than 5)";

    /// <summary>Writes the calendar from <paramref name="from"/> to <paramref name="to"/>, derived from <paramref name="events"/> (what the caller may see).</summary>
    /// <returns>How many days were written.</returns>
    public static async Task<long> WriteCalendarAsync(
        LifelineDbContext db, Situation situation, IQueryable<EventRow> events, DateOnly from, DateOnly to, bool showProtected, Stream output, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(situation);
        var changes = await Situations.SituationQueries.StatusChangesAsync(events, to, cancel);
        var days = SituationCalendar.Compute(situation, changes, from, to);
        var keys = EventType.StatusChangingKeys.ToList();
        var eventSources = (await events.Where(e => keys.Contains(e.Type) && e.Date <= to).Select(e => new { e.EventId, e.Sources }).ToListAsync(cancel))
            .ToDictionary(e => e.EventId, e => (IReadOnlyList<string>)e.Sources, StringComparer.Ordinal);
        var sources = await SourcesAsync(db, situation.Id, showProtected, cancel);
        var columns = CalendarColumns(situation);
        await using var writer = await StartAsync(output, columns, cancel);
        long count = 0;
        foreach (var day in days)
        {
            var cells = new List<string>(columns.Count) { Day(day.Date), day.Day.Number.ToString(CultureInfo.InvariantCulture) };
            var addresses = new List<string>();
            void Subject(string status, bool unknown, string? eventId, IReadOnlyList<string>? baseline)
            {
                // What set a known status: its event, else the baseline the situation declares. An unknown status has no source.
                IReadOnlyList<string> cited = unknown ? [] : eventId is not null ? eventSources.GetValueOrDefault(eventId, []) : baseline ?? [];
                cells.Add(status);
                cells.Add(unknown ? "" : eventId ?? "");
                cells.Add(Publishers(cited, sources));
                addresses.AddRange(Addresses(cited, sources));
            }
            foreach (var route in situation.Routes)
            {
                var status = day.Routes.GetValueOrDefault(route.Id, CorridorStatus.Unknown);
                Subject(KebabCase.Of(status), status == CorridorStatus.Unknown, day.RouteEvents.GetValueOrDefault(route.Id), route.Baseline?.Sources);
            }
            foreach (var utility in Enum.GetValues<Utility>())
            {
                var status = day.Utilities.GetValueOrDefault(utility, UtilityStatus.Unknown);
                Subject(KebabCase.Of(status), status == UtilityStatus.Unknown, day.UtilityEvents.GetValueOrDefault(utility),
                    situation.UtilityBaselines.TryGetValue(utility, out var baseline) ? baseline.Sources : null);
            }
            cells.Add(string.Join(' ', addresses.Distinct(StringComparer.Ordinal)));
            await WriteRowAsync(writer, cells, ++count, cancel, 1);
        }
        await writer.FlushAsync(cancel);
        return count;
    }

    /// <summary>Writes the current version of each supply observation dated from <paramref name="from"/> to <paramref name="to"/> (either may be null), oldest first.</summary>
    /// <returns>How many observations were written.</returns>
    public static async Task<long> WriteSuppliesAsync(
        LifelineDbContext db, string situationId, DateOnly? from, DateOnly? to, bool showProtected, Stream output, CancellationToken cancel)
    {
        var sources = await SourcesAsync(db, situationId, showProtected, cancel);
        var rows = db.SupplyObservations.AsNoTracking().Where(o => o.SituationId == situationId);
        if (from is { } first)
        {
            rows = rows.Where(o => o.Date >= first);
        }
        if (to is { } last)
        {
            rows = rows.Where(o => o.Date <= last);
        }
        await using var writer = await StartAsync(output, SupplyColumns, cancel);
        long count = 0;
        await foreach (var o in rows.OrderBy(o => o.Date).ThenBy(o => o.RowId).AsSingleQuery().AsAsyncEnumerable().WithCancellation(cancel))
        {
            var commodity = o.Commodity is null ? null : Core.Supplies.SupplyStandards.Find(o.Commodity);
            string[] cells =
            [
                o.ObservationId, o.Kind, Day(o.Date), o.DatePrecision, o.EndDate is { } end ? Day(end) : "",
                o.Commodity ?? "", o.Item ?? commodity?.Name ?? "", Number(o.Amount), Number(o.Low), Number(o.High),
                o.Unit ?? o.Currency ?? "", o.Qualifier ?? "", o.Location ?? o.Market ?? "", Details(o),
                Publishers(o.Sources, sources), string.Join(' ', Addresses(o.Sources, sources).Distinct(StringComparer.Ordinal)), o.Notes ?? "",
            ];
            await WriteRowAsync(writer, cells, ++count, cancel, 7, 8, 9);
        }
        await writer.FlushAsync(cancel);
        return count;
    }

    /// <summary>Writes the public family counts (<see cref="Families.FamilyCounts"/>) as of <paramref name="asOf"/>.</summary>
    /// <returns>How many rows were written.</returns>
    public static async Task<long> WriteFamiliesAsync(Families.FamilyCounts counts, DateOnly asOf, Stream output, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(counts);
        await using var writer = await StartAsync(output, FamilyColumns, cancel);
        var rows = counts.RequestsByStatus.Select(r => (Measure: "tracing requests", Status: r.Key, Count: r.Value))
            .Append(("people registered safe", "", counts.RegisteredSafe))
            .Append(("reunited", "reunited", counts.Reunited));
        long count = 0;
        foreach (var (measure, status, shown) in rows)
        {
            await WriteRowAsync(writer, [measure, status, shown, Day(asOf), FamilySource], ++count, cancel, 2);
        }
        await writer.FlushAsync(cancel);
        return count;
    }

    /// <summary>A stored situation (it must exist), as the calendar reads it.</summary>
    public static async Task<Situation> SituationAsync(LifelineDbContext db, string situationId, CancellationToken cancel) =>
        (await db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery()
            .FirstAsync(s => s.Id == situationId, cancel)).ToDomain();

    /// <summary>An HXL attribute made from an id: lower case, letters, digits and underscores, starting with a letter.</summary>
    public static string Attribute(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var text = new StringBuilder(id.Length + 1);
        foreach (var c in id.ToLowerInvariant())
        {
            text.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_');
        }
        if (text.Length == 0 || text[0] is < 'a' or > 'z')
        {
            text.Insert(0, 'x');
        }
        return text.ToString();
    }

    private sealed record SourceName(string Publisher, string? Url);

    private static async Task<Dictionary<string, SourceName>> SourcesAsync(LifelineDbContext db, string situationId, bool showProtected, CancellationToken cancel) =>
        (await db.Sources.AsNoTracking().Where(s => s.SituationId == situationId).ToListAsync(cancel)).Select(s => s.ToDomain())
            .ToDictionary(s => s.Id, s => s.ProtectIdentity && !showProtected ? new SourceName(SourceView.ProtectedPublisher, null) : new SourceName(s.Publisher, s.Url.OriginalString),
                StringComparer.Ordinal);

    private static string Publishers(IEnumerable<string> cited, Dictionary<string, SourceName> sources) =>
        string.Join("; ", cited.Select(id => sources.TryGetValue(id, out var s) ? s.Publisher : id).Distinct(StringComparer.OrdinalIgnoreCase));

    private static IEnumerable<string> Addresses(IEnumerable<string> cited, Dictionary<string, SourceName> sources) =>
        cited.Select(id => sources.GetValueOrDefault(id)?.Url).OfType<string>();

    /// <summary>What an observation holds beyond the table's columns, as <c>key=value</c> joined by <c>; </c> (as the events' tags).</summary>
    private static string Details(Supplies.SupplyObservationRow o)
    {
        var details = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                details.Add($"{key}={value}");
            }
        }
        Add("route", o.Route);
        Add("carriers", o.Carriers.Count == 0 ? null : string.Join(' ', o.Carriers));
        Add("outcome", o.Outcome);
        Add("per", o.Per);
        Add("group", o.PopulationGroup);
        Add("market", o.Location is null ? null : o.Market);
        Add("currency", o.Unit is null ? null : o.Currency);
        Add("factor", NullableNumber(o.Factor));
        Add("compared with", o.ComparedWith);
        Add("baseline", o.Baseline ? "yes" : null);
        Add("utility", o.Utility);
        Add("hours per day", NullableNumber(o.HoursPerDay));
        Add("services hit", o.ServicesHit.Count == 0 ? null : string.Join(' ', o.ServicesHit));
        Add("moved", o.Moved?.ToString(CultureInfo.InvariantCulture));
        Add("cumulative", o.Cumulative?.ToString(CultureInfo.InvariantCulture));
        Add("waiting", o.Waiting?.ToString(CultureInfo.InvariantCulture));
        Add("counted", o.Counted);
        Add("area", o.Area);
        Add("extreme food gap share", NullableNumber(o.ExtremeFoodGapShare));
        Add("gam under five", NullableNumber(o.GamUnderFive));
        Add("crude death rate", NullableNumber(o.CrudeDeathRate));
        Add("under five death rate", NullableNumber(o.UnderFiveDeathRate));
        Add("reason", o.OverrideReason);
        return string.Join("; ", details);
    }

    private static async Task<StreamWriter> StartAsync(Stream output, IReadOnlyList<(string Header, string Tag)> columns, CancellationToken cancel)
    {
        var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', columns.Select(c => OpenDataExport.Csv(OpenDataExport.Text(c.Header)))));
        await writer.WriteLineAsync(string.Join(',', columns.Select(c => c.Tag)));
        await writer.FlushAsync(cancel);
        return writer;
    }

    /// <param name="numeric">The columns that hold numbers, written as they are; every other cell is text, escaped for spreadsheets.</param>
    private static async Task WriteRowAsync(StreamWriter writer, IEnumerable<string> cells, long count, CancellationToken cancel, params int[] numeric)
    {
        await writer.WriteLineAsync(string.Join(',', cells.Select((cell, i) => OpenDataExport.Csv(numeric.Contains(i) ? cell : OpenDataExport.Text(cell)))));
        if (count % 1_000 == 0)
        {
            await writer.FlushAsync(cancel);
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string? NullableNumber(double? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Capitalised(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}
