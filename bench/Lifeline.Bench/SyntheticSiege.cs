using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lifeline.Core.Events;

namespace Lifeline.Bench;

/// <summary>
/// One made-up event, with exactly the values a <c>lifeline/1</c> file carries for it and the importer stores.
/// <see cref="TimePrecision"/> and <see cref="GeoPrecision"/> are the ACLED codes 1–3.
/// </summary>
internal sealed record SyntheticEvent(
    string Id, DateOnly Date, TimeOnly? Time, int TimePrecision, string Place, int GeoPrecision, string Type,
    string? Utility, string? Route, string? Actor1, string? Actor2, int? Fatalities, string Notes, string[] Sources);

/// <summary>
/// A made-up siege shaped like an ACLED export: one situation (<see cref="SituationId"/>, day 1 on
/// 2020-01-01, not over), 20 places, 15 actors, 50 sources, and any number of events dated 2020–2024 in
/// roughly chronological order. About 5% of events move a corridor or a utility; the rest are other siege
/// types and ACLED types. Notes are 100–400 characters of siege-report words; each event cites 1–3 sources.
/// The same count always gives the same events and the same file bytes (seeded <see cref="Random"/>).
/// </summary>
internal static class SyntheticSiege
{
    public const string SituationId = "bench-siege";

    /// <summary>Bumped whenever the generator changes, so that files cached in the work folder are remade.</summary>
    private const int GeneratorVersion = 2;

    private const int Seed = 2020_01_01;

    public static readonly DateOnly StartDate = new(2020, 1, 1);
    public static readonly DateOnly LastEventDate = new(2024, 12, 31);

    private static readonly (string Id, string Kind, string Name)[] Places =
    [
        ("old-town", "settlement", "Old Town"), ("north-gate", "checkpoint", "North Gate checkpoint"),
        ("river-bridge", "bridge", "River bridge"), ("east-crossing", "border-crossing", "East crossing"),
        ("airfield", "airport", "Airfield"), ("valley-road", "road", "Valley road"), ("the-valley", "region", "The valley"),
        ("central-hospital", "facility", "Central hospital"), ("pumping-station", "facility", "Pumping station"),
        ("gas-terminal", "facility", "Gas terminal"), ("kaleh", "settlement", "Kaleh"), ("dostan", "settlement", "Dostan"),
        ("miran", "settlement", "Miran"), ("zorak", "settlement", "Zorak"), ("teghut", "settlement", "Teghut"),
        ("aspar", "settlement", "Aspar"), ("varden", "settlement", "Varden"), ("south-gate", "checkpoint", "South Gate checkpoint"),
        ("ridge-pass", "road", "Ridge pass"), ("west-crossing", "border-crossing", "West crossing"),
    ];

    private static readonly (string Id, string Kind, string Name, string[] Affiliations)[] Actors =
    [
        ("besieging-state", "state", "Besieging state", []), ("besieging-army", "armed-force", "Besieging army", ["besieging-state"]),
        ("border-service", "authority", "Border service", ["besieging-state"]), ("defence-forces", "armed-force", "Local defence forces", []),
        ("local-authority", "authority", "Local authority", []), ("peacekeeping-mission", "peacekeepers", "Peacekeeping mission", []),
        ("icrc", "organisation", "International Committee of the Red Cross", []), ("unicef", "un-body", "UNICEF", []),
        ("wfp", "un-body", "World Food Programme", []), ("ocha", "un-body", "OCHA", []), ("regional-court", "court", "Regional court", []),
        ("residents-committee", "group", "Residents' committee", []), ("protesters", "group", "Protesters", ["besieging-state"]),
        ("power-company", "company", "Power company", ["local-authority"]), ("ombudsman", "person", "Human rights ombudsman", ["local-authority"]),
    ];

    private static readonly string[] Publishers =
    [
        "ACLED", "OCHA", "ICRC", "UNICEF", "Reuters", "AFP", "Local News Agency", "Valley Radio", "Human Rights Watch",
        "Ombudsman's office", "Ministry of Health", "Residents' committee",
    ];

    private static readonly (string Id, string Name, string[] Via)[] Routes =
    [
        ("main-corridor", "Old Town–East crossing road over the river bridge", ["old-town", "north-gate", "river-bridge", "east-crossing"]),
        ("south-road", "Old Town–West crossing road by the ridge pass", ["old-town", "south-gate", "ridge-pass", "west-crossing"]),
    ];

    private static readonly string[] Words =
    [
        "convoy", "trucks", "checkpoint", "humanitarian", "flour", "fuel", "gas", "pipeline", "electricity", "blackout",
        "residents", "shortages", "hospital", "patients", "evacuation", "peacekeepers", "road", "blocked", "protesters",
        "ministry", "statement", "reported", "according", "local", "officials", "shelling", "village", "outskirts",
        "civilians", "injured", "killed", "medical", "supplies", "bakery", "queue", "rationing", "coupons", "school",
        "classes", "suspended", "bridge", "crossing", "vehicles", "passed", "turned", "back", "border", "service",
        "detained", "men", "women", "children", "families", "stranded", "winter", "heating", "water", "pumping",
        "station", "repair", "crews", "access", "denied", "the", "of", "and", "at", "near", "from", "to", "on", "in",
        "by", "with", "after", "before", "during", "again", "since", "morning", "evening", "night", "day", "week",
        "tonnes", "food", "medicine", "insulin", "dialysis", "ambulance", "transfer", "Red", "Cross", "teams",
        "warning", "alert", "court", "order", "hearing", "filed", "claim", "figures", "published", "bulletin",
        "prices", "market", "shops", "empty", "shelves", "power", "cuts", "hours", "daily", "schedule", "grid",
        "substation", "damaged", "restored", "partly", "internet", "outage", "mobile", "network", "cable", "cut",
        "displaced", "left", "homes", "sheltered", "relatives", "camp", "registered", "arrivals", "departures",
        "negotiations", "agreement", "talks", "mediators", "ceasefire", "violation", "drone", "strike", "mortar",
        "positions", "soldiers", "police", "arrests", "journalists", "witnesses", "videos", "photos", "confirmed",
        "unconfirmed", "sources", "say", "said", "denied", "claims", "dispute", "ICRC", "UN", "OCHA", "WFP",
    ];

    public static IReadOnlyList<string> SourceIds { get; } = Enumerable.Range(0, 50).Select(i => $"src-{i:D2}").ToArray();

    public static IReadOnlyList<string> PlaceIds { get; } = Places.Select(p => p.Id).ToArray();

    private static readonly EventType[] StatusTypes = EventType.All.Where(t => t.ChangesCorridor || t.ChangesUtility).ToArray();
    private static readonly EventType[] OtherSiegeTypes = EventType.Siege.Where(t => !t.ChangesCorridor && !t.ChangesUtility).ToArray();
    private static readonly EventType[] AcledTypes = EventType.Acled.ToArray();
    private static readonly string[] Utilities = ["gas", "electricity", "internet", "water"];

    private static readonly HashSet<string> ViolentAcledTypes =
        ["Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"];

    /// <summary>Whether the event moves a corridor or a utility: it then holds until further notice.</summary>
    public static bool ChangesStatus(SyntheticEvent e) => EventType.Find(e.Type) is { } type && (type.ChangesCorridor || type.ChangesUtility);

    /// <summary>The events of a file of <paramref name="count"/> events, in file order.</summary>
    public static IEnumerable<SyntheticEvent> Events(int count)
    {
        // Seeded Random is deterministic across runs and machines; this is test data, not a secret.
#pragma warning disable CA5394
        var random = new Random(Seed);
        var span = LastEventDate.DayNumber - StartDate.DayNumber + 1;
        for (var i = 0; i < count; i++)
        {
            var offset = (int)((long)i * span / count) + random.Next(-2, 3);
            var date = StartDate.AddDays(Math.Clamp(offset, 0, span - 1));
            var roll = random.NextDouble();
            var type = roll < 0.05 ? Pick(random, StatusTypes) : roll < 0.45 ? Pick(random, OtherSiegeTypes) : Pick(random, AcledTypes);
            var utility = type.ChangesUtility ? Pick(random, Utilities) : null;
            var route = type.ChangesCorridor && random.NextDouble() < 0.3 ? Pick(random, Routes).Id : null;
            var actor1 = random.NextDouble() < 0.85 ? Pick(random, Actors).Id : null;
            var actor2 = random.NextDouble() < 0.35 ? Pick(random, Actors).Id : null;
            if (actor2 == actor1)
            {
                actor2 = null;
            }
            int? fatalities = ViolentAcledTypes.Contains(type.AcledEventType)
                ? (random.NextDouble() < 0.7 ? (random.NextDouble() < 0.5 ? 0 : random.Next(1, 13)) : null)
                : (random.NextDouble() < 0.1 ? 0 : null);
            var sourceCount = random.Next(1, 4);
            var sources = new string[sourceCount];
            for (var s = 0; s < sourceCount; s++)
            {
                string candidate;
                do
                {
                    candidate = SourceIds[random.Next(SourceIds.Count)];
                }
                while (Array.IndexOf(sources, candidate, 0, s) >= 0);
                sources[s] = candidate;
            }
            var precision = random.NextDouble();
            yield return new SyntheticEvent(
                Id: $"bench-{i:D7}",
                Date: date,
                Time: random.NextDouble() < 0.3 ? new TimeOnly(random.Next(24), random.Next(60)) : null,
                TimePrecision: precision < 0.8 ? 1 : precision < 0.95 ? 2 : 3,
                Place: Pick(random, Places).Id,
                GeoPrecision: random.Next(10) switch { < 7 => 1, < 9 => 2, _ => 3 },
                Type: type.Key,
                Utility: utility,
                Route: route,
                Actor1: actor1,
                Actor2: actor2,
                Fatalities: fatalities,
                Notes: Notes(random),
                Sources: sources);
        }
#pragma warning restore CA5394
    }

#pragma warning disable CA5394 // Deterministic test data, see above.
    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Notes(Random random)
    {
        var target = random.Next(100, 401);
        var builder = new StringBuilder(target + 20);
        var sentenceStart = true;
        while (true)
        {
            var word = random.Next(12) == 0 ? random.Next(2, 400).ToString(CultureInfo.InvariantCulture) : Pick(random, Words);
            if (sentenceStart)
            {
                word = char.ToUpperInvariant(word[0]) + word[1..];
            }
            var endsSentence = random.Next(9) == 0;
            var needed = (builder.Length == 0 ? 0 : 1) + word.Length + 1;
            if (builder.Length + needed > target)
            {
                break;
            }
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }
            builder.Append(word);
            if (endsSentence)
            {
                builder.Append('.');
            }
            sentenceStart = endsSentence;
        }
        if (builder[^1] != '.')
        {
            builder.Append('.');
        }
        while (builder.Length < 100)
        {
            builder.Append(" Reported.");
        }
        return builder.ToString();
    }
#pragma warning restore CA5394

    /// <summary>The path of a <c>lifeline/1</c> file of <paramref name="count"/> events in <paramref name="folder"/>, written if it is not there yet.</summary>
    /// <param name="published">Every event at stage published (what the public sees), rather than at intake.</param>
    public static string EnsureFile(string folder, int count, Action<string> log, bool published = false)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{SituationId}-v{GeneratorVersion}-{count}{(published ? "-published" : "")}.json");
        if (File.Exists(path))
        {
            log($"reusing {path} ({new FileInfo(path).Length / 1_000_000.0:N0} MB)");
            return path;
        }
        log($"writing {count:N0} synthetic events to {path} ...");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var partial = path + ".partial";
        using (var stream = File.Create(partial))
        {
            Write(stream, count, published);
        }
        File.Move(partial, path, overwrite: true);
        log($"wrote {new FileInfo(path).Length / 1_000_000.0:N0} MB in {started.Elapsed.TotalSeconds:N1} s");
        return path;
    }

    /// <summary>Writes the document the way Lifeline's own export does: indented by two spaces, relaxed escaping.</summary>
    public static void Write(Stream stream, int count, bool published = false)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            IndentSize = 2,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        json.WriteStartObject();
        json.WriteString("format", "lifeline/1");
        WriteSituation(json);
        WriteSources(json);
        WritePlaces(json);
        WriteActors(json);
        json.WriteStartArray("events");
        foreach (var e in Events(count))
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteString("date", e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            WriteStringOrNull(json, "time", e.Time?.ToString("HH:mm", CultureInfo.InvariantCulture));
            json.WriteNumber("timePrecision", e.TimePrecision);
            json.WriteString("place", e.Place);
            json.WriteNumber("geoPrecision", e.GeoPrecision);
            json.WriteString("type", e.Type);
            if (e.Utility is not null)
            {
                json.WriteString("utility", e.Utility);
            }
            WriteStringOrNull(json, "route", e.Route);
            if (ChangesStatus(e))
            {
                json.WriteBoolean("untilFurtherNotice", true);
            }
            WriteStringOrNull(json, "actor1", e.Actor1);
            WriteStringOrNull(json, "actor2", e.Actor2);
            if (e.Fatalities is { } fatalities)
            {
                json.WriteNumber("fatalities", fatalities);
            }
            else
            {
                json.WriteNull("fatalities");
            }
            json.WriteString("notes", e.Notes);
            WriteStrings(json, "sources", e.Sources);
            if (published)
            {
                json.WriteString("stage", "published");
            }
            json.WriteEndObject();
            if (json.BytesPending > 1 << 16)
            {
                json.Flush();
            }
        }
        json.WriteEndArray();
        json.WriteStartArray("reviews");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSituation(Utf8JsonWriter json)
    {
        json.WriteStartObject("situation");
        json.WriteString("id", SituationId);
        json.WriteString("name", "Synthetic siege for benchmarks");
        json.WriteString("region", "The valley (synthetic)");
        json.WriteString("startDate", StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        // Events known only to their week or month near the start may denote days before it: the record reaches back a month.
        json.WriteString("recordFrom", StartDate.AddDays(-31).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteNull("endDate");
        json.WriteStartObject("figures");
        WriteFigure(json, "population", 250_000, "about", ["src-00", "src-01"]);
        WriteFigure(json, "children", 60_000, null, ["src-02"]);
        WriteFigure(json, "strandedOutside", 3_000, "over", ["src-03", "src-04"]);
        json.WriteEndObject();
        json.WriteStartArray("routes");
        foreach (var (id, name, via) in Routes)
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("name", name);
            WriteStrings(json, "via", via);
            WriteStrings(json, "sources", ["src-05"]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFigure(Utf8JsonWriter json, string name, long value, string? qualifier, string[] sources)
    {
        json.WriteStartObject(name);
        json.WriteNumber("value", value);
        WriteStringOrNull(json, "qualifier", qualifier);
        WriteStrings(json, "sources", sources);
        json.WriteEndObject();
    }

    private static void WriteSources(Utf8JsonWriter json)
    {
#pragma warning disable CA5394 // Deterministic test data, see Events.
        var random = new Random(Seed + 1);
        json.WriteStartArray("sources");
        for (var i = 0; i < SourceIds.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("id", SourceIds[i]);
            json.WriteString("publisher", Publishers[i % Publishers.Length]);
            json.WriteString("url", $"https://example.org/bench/{SourceIds[i]}");
            json.WriteString("title", $"Synthetic report {i + 1}");
            json.WriteString("published", StartDate.AddDays(random.Next(1800)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNull("retrieved");
            json.WriteString("reliability", ((char)('A' + random.Next(6))).ToString());
            json.WriteNumber("credibility", random.Next(1, 7));
            json.WriteBoolean("protectIdentity", false);
            json.WriteEndObject();
        }
        json.WriteEndArray();
#pragma warning restore CA5394
    }

    private static void WritePlaces(Utf8JsonWriter json)
    {
        json.WriteStartArray("places");
        for (var i = 0; i < Places.Length; i++)
        {
            var (id, kind, name) = Places[i];
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("kind", kind);
            json.WriteStartObject("names");
            json.WriteString("en", name);
            json.WriteEndObject();
            json.WriteNumber("latitude", Math.Round(39.5 + (i * 0.037), 5));
            json.WriteNumber("longitude", Math.Round(46.2 + (i * 0.041), 5));
            json.WriteString("coordinatesSource", SourceIds[10 + (i % 5)]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteActors(Utf8JsonWriter json)
    {
        json.WriteStartArray("actors");
        foreach (var (id, kind, name, affiliations) in Actors)
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("name", name);
            json.WriteString("kind", kind);
            WriteStrings(json, "affiliations", affiliations);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }
}
