using System.Globalization;
using System.Text.Json.Nodes;
using Lifeline.Situations;

namespace Lifeline.Tests.Situations;

/// <summary>
/// The built-in Lachin record holds together as a record: every source is dated, every citation and link points
/// into the record, no event rests only on pages written before it happened, and the status events of each utility
/// and route follow each other the way a supply or a road can change (data/scenarios/lachin-2022/README.md).
/// </summary>
public sealed class BuiltInRecordTests
{
    private static readonly string Folder = Path.Combine(Scenarios.Folder, Scenarios.Default);

    private static JsonObject Record => Read(Scenarios.FileOf(Scenarios.Default));

    private static JsonObject Supplies => Read(Path.Combine(Folder, "supplies.json"));

    private static JsonObject BeforeAudit => Read(Path.Combine(AppContext.BaseDirectory, "Situations", "Fixtures", "lachin-2022-before-audit.json"));

    private static JsonObject Read(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static IEnumerable<JsonObject> Items(JsonObject document, string name) => document[name]!.AsArray().Select(n => n!.AsObject());

    private static string? Text(JsonObject item, string name) => item[name]?.GetValue<string>();

    private static IEnumerable<string> Ids(JsonNode? list) => list?.AsArray().Select(n => n!.GetValue<string>()) ?? [];

    [Fact]
    public void EverySource_HasItsPublicationOrRetrievalDate()
    {
        var undated = Items(Record, "sources").Concat(Items(Supplies, "sources"))
            .Where(s => Text(s, "published") is null && Text(s, "retrieved") is null)
            .Select(s => Text(s, "id")).ToList();
        Assert.Empty(undated);
    }

    [Fact]
    public void TheRecordBeforeItsAudit_HadUndatedSources()
    {
        // What the test above guards against: 171 of the 217 sources the record shipped with had neither date.
        Assert.Equal(171, Items(BeforeAudit, "sources").Count(s => Text(s, "published") is null && Text(s, "retrieved") is null));
    }

    [Fact]
    public void EveryCitation_NamesASourceOfTheRecord()
    {
        var record = Record;
        var supplies = Supplies;
        var known = Items(record, "sources").Concat(Items(supplies, "sources")).Select(s => Text(s, "id")!).ToHashSet(StringComparer.Ordinal);
        var situation = record["situation"]!.AsObject();
        var cited = Items(record, "events").SelectMany(e => Ids(e["sources"]).Select(s => (Where: Text(e, "id"), Source: s)))
            .Concat(situation["figures"]!.AsObject().SelectMany(f => Ids(f.Value!["sources"]).Select(s => (Where: (string?)f.Key, Source: s))))
            .Concat(situation["routes"]!.AsArray().SelectMany(r => Ids(r!["sources"]).Select(s => (Where: Text(r!.AsObject(), "id"), Source: s))))
            .Concat(Items(record, "places").Where(p => Text(p, "coordinatesSource") is not null).Select(p => (Where: Text(p, "id"), Source: Text(p, "coordinatesSource")!)))
            .Concat(Items(supplies, "observations").SelectMany(o => Ids(o["sources"]).Select(s => (Where: Text(o, "id"), Source: s))));
        Assert.Empty(cited.Where(c => !known.Contains(c.Source)).Select(c => $"{c.Where} cites {c.Source}"));
    }

    [Fact]
    public void EveryEvent_IsPartOfAnotherEventOfTheRecord_OrOfNone()
    {
        var events = Items(Record, "events").ToList();
        var ids = events.Select(e => Text(e, "id")!).ToHashSet(StringComparer.Ordinal);
        var links = events.Where(e => Text(e, "partOf") is not null).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, e =>
        {
            Assert.NotEqual(Text(e, "id"), Text(e, "partOf"));
            Assert.Contains(Text(e, "partOf")!, ids);
        });
    }

    [Fact]
    public void NoEvent_RestsOnlyOnPagesPublishedBeforeItHappened()
    {
        var record = Record;
        var published = Items(record, "sources").ToDictionary(s => Text(s, "id")!, s => Date(Text(s, "published")), StringComparer.Ordinal);
        var early = Items(record, "events")
            .Where(e => RestsOnEarlierPagesOnly(Date(Text(e, "date"))!.Value, e["timePrecision"]?.GetValue<int>() ?? 1, Ids(e["sources"]).Select(s => published[s])))
            .Select(e => Text(e, "id")).ToList();
        Assert.Empty(early);
    }

    [Theory]
    [InlineData("2023-01-17", 1, "2023-01-16", true)]     // a page of the day before cannot report it
    [InlineData("2023-01-17", 1, "2023-01-17", false)]    // a statement reported the day it was made
    [InlineData("2023-01-17", 1, "2023-01-18", false)]
    [InlineData("2023-01-18", 2, "2023-01-16", false)]    // week of Monday 16 Jan: the page may come after the event
    [InlineData("2023-01-18", 2, "2023-01-15", true)]     // ... but not before the week began
    [InlineData("2023-01-18", 3, "2023-01-01", false)]    // month known: any day of the month
    [InlineData("2023-01-18", 3, "2022-12-31", true)]
    public void TheDateRule_AnEventCannotRestOnlyOnPagesOlderThanItsEarliestDay(string date, int precision, string page, bool early)
    {
        Assert.Equal(early, RestsOnEarlierPagesOnly(Date(date)!.Value, precision, [Date(page)]));
    }

    [Fact]
    public void TheDateRule_APageWithoutPublicationDateIsNotEarlier()
    {
        // A page known only by the day it was read says nothing about when it was written.
        Assert.False(RestsOnEarlierPagesOnly(new DateOnly(2023, 1, 17), 1, [new DateOnly(2023, 1, 16), null]));
    }

    [Fact]
    public void StatusEvents_FollowEachOtherAsASupplyOrARoadCanChange()
    {
        Assert.Empty(SequenceAnomalies(Record));
    }

    [Fact]
    public void TheRecordBeforeItsAudit_HadImpossibleSteps()
    {
        // Gas cut on 8 Feb, 10 Mar and 21 Mar with no restoration recorded before them, and the Lachin corridor
        // "opened to humanitarian traffic" on 18 Sep while it already was: what the audit resolved by marking the
        // status before them unknown (gapBefore) or linking the step to the happening it belongs to (partOf).
        Assert.Equal(
            ["gas 2023-02-08-gas-blocked", "gas 2023-03-10-gas-cut", "gas 2023-03-21-gas-cut-long", "lachin-corridor 2023-09-18-lachin-humanitarian-traffic-resumes"],
            SequenceAnomalies(BeforeAudit));
    }

    /// <summary>
    /// Whether every page an event cites was published before the earliest day the event can have happened: the day
    /// itself, the Monday of its week (week precision) or the first of its month (month precision). A page with no
    /// publication date is not earlier; a statement reported on the day it was made is not earlier.
    /// </summary>
    private static bool RestsOnEarlierPagesOnly(DateOnly date, int precision, IEnumerable<DateOnly?> published)
    {
        var earliest = precision switch
        {
            2 => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
            3 => new DateOnly(date.Year, date.Month, 1),
            _ => date,
        };
        var pages = published.ToList();
        return pages.Count > 0 && pages.All(p => p is { } day && day < earliest);
    }

    /// <summary>
    /// The steps of each utility's and each route's status events, in the order the calendar reads them (by day, then
    /// as recorded), that cannot follow the status before them: a cut of a supply already cut, a restoration of one
    /// already available, a road set to the status it already has. Every status event sets the status, as in the
    /// calendar; one marked <c>gapBefore</c> (the status before it is unknown) or part of another event's happening
    /// (<c>partOf</c>, the step that happening took) may repeat the status in force.
    /// </summary>
    private static List<string> SequenceAnomalies(JsonObject record)
    {
        var events = Items(record, "events").Select((e, i) => (Event: e, Index: i))
            .OrderBy(x => Text(x.Event, "date"), StringComparer.Ordinal).ThenBy(x => x.Index)
            .Select(x => x.Event).ToList();
        var utility = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["utility-cut"] = "cut",
            ["utility-partial"] = "partial",
            ["utility-restored"] = "available",
        };
        var corridor = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["corridor-closed"] = "closed",
            ["corridor-humanitarian-only"] = "humanitarian-only",
            ["corridor-restricted"] = "restricted",
            ["corridor-reopened"] = "open",
        };
        var status = new Dictionary<string, string>(StringComparer.Ordinal);
        var anomalies = new List<string>();
        foreach (var e in events)
        {
            var type = Text(e, "type")!;
            var (subject, next, initial) = utility.TryGetValue(type, out var supply) && Text(e, "utility") is { } u ? (u, supply, "available")
                : corridor.TryGetValue(type, out var road) && Text(e, "route") is { } r ? (r, road, "open")
                : (null, null, null);
            if (subject is null)
            {
                continue;
            }
            var before = status.GetValueOrDefault(subject, initial!);
            if (next == before && next != "partial" && e["gapBefore"]?.GetValue<bool>() != true && Text(e, "partOf") is null)
            {
                anomalies.Add($"{subject} {Text(e, "id")}");
            }
            status[subject] = next!;
        }
        return anomalies;
    }

    private static DateOnly? Date(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
