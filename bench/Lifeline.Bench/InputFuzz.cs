using System.Text;
using CsCheck;
using Lifeline.Core.Airlift;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Sources;
using Lifeline.Core.Supplies;
using Lifeline.Exchange;

namespace Lifeline.Bench;

/// <summary>
/// Property checks (CsCheck) over what reads input from outside: the lifeline/1 document reader and the validators.
/// For any generated input the answer is a validation result (or records read), never an exception. The test suite
/// runs them briefly on every build; <c>bench fuzz</c> runs each for a million executions (docs/security.md).
/// </summary>
internal static class InputFuzz
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static readonly string[] Known =
    [
        "2023-08-10", "2023-07", "14:35", "kornidzor", "lachin-corridor", "convoy-turned-back", "utility-cut", "gas", "azerbaijan",
        "news-am-775042", "delivery", "stock", "price", "outage", "evacuation", "food-security", "ration", "rate-override", "cereal",
        "insulin", "mixed-cargo", "t", "kg", "l", "item", "icrc", "stopped", "day", "AMD", "about", "https://example.org/a", "B", "F",
        "1899-12-31", "0001-01-01", "9999-12-31", "2027-01-01", "UDYZ", "UBBS", "C-130", "food", "medical", "origin", "destination",
    ];

    /// <summary>Characters weighted towards the ones that break things: NUL, ESC, lone surrogates, noncharacters, quotes, digits.</summary>
    private static readonly Gen<char> Chars = Gen.Frequency(
        (6, Gen.Char['a', 'z']),
        (2, Gen.Char),
        (2, Gen.OneOf('\0', '\u001b', '\t', '\n', '\r', '\u007f', '\u0085', '\ud800', '\udc00', '\ufffe', '\uffff', '\ufdd0', '"', '\\', '-', '0', '9', ' ', 'Ա', 'й')));

    private static readonly Gen<string?> Text = Gen.Frequency(
        (3, Gen.OneOf(Known).Select(s => (string?)s)),
        (4, Chars.Array[0, 40].Select(c => (string?)new string(c))),
        (1, Gen.Int[0, 12_000].Select(n => (string?)new string('x', n))),
        (1, Gen.Const((string?)null)));

    private static readonly Gen<int?> Whole = Gen.Frequency(
        (3, Gen.Int[-3, 12].Select(i => (int?)i)),
        (2, Gen.Int.Select(i => (int?)i)),
        (1, Gen.Const((int?)null)));

    private static readonly Gen<double?> Real = Gen.Frequency(
        (3, Gen.Double[-10, 1e4].Select(d => (double?)d)),
        (2, Gen.OneOf(0.0, -0.0, 1e308, -1e308, 5e-324, 1e-7, double.MaxValue, 1e9, 1e6, 24, 25).Select(d => (double?)d)),
        (1, Gen.Double.Select(d => (double?)d)),
        (1, Gen.Const((double?)null)));

    private static readonly Gen<IReadOnlyList<string>?> Texts = Gen.Frequency(
        (4, Text.Array[0, 4].Select(a => (IReadOnlyList<string>?)a.Select(s => s!).ToList())),
        (1, Gen.Const((IReadOnlyList<string>?)null)));

    private static readonly EventReferences References = new(
        new HashSet<string>(["kornidzor", "shushi"]), new HashSet<string>(["azerbaijan"]), new HashSet<string>(["lachin-corridor"]), new HashSet<string>(["news-am-775042"]),
        new Core.Situations.RecordPeriod("lachin-2022", new DateOnly(2022, 12, 1), null));

    private static readonly ObservationContext Context = new(
        new DateOnly(2022, 12, 12), Today, new HashSet<string>(["lachin-corridor"]), new HashSet<string>(["news-am-775042"]), []);

    public static readonly Gen<EventDraft> Events =
        Gen.Select(Gen.Select(Text, Text, Text, Whole, Text, Whole, Text), Gen.Select(Text, Text, Text, Text, Whole, Text, Texts),
            (a, b) => new EventDraft
            {
                Id = a.Item1,
                Date = a.Item2,
                Time = a.Item3,
                TimePrecision = a.Item4,
                Place = a.Item5,
                GeoPrecision = a.Item6,
                Type = a.Item7,
                Utility = b.Item1,
                Route = b.Item2,
                Actor1 = b.Item3,
                Actor2 = b.Item4,
                Fatalities = b.Item5,
                Notes = b.Item6,
                Sources = b.Item7,
            });

    public static readonly Gen<SupplyObservationDraft> Observations =
        Gen.Select(Gen.Select(Text, Text, Text, Text, Real, Real, Real), Gen.Select(Text, Text, Texts, Text, Whole, Whole, Whole), Gen.Select(Real, Real, Text, Texts, Text, Text),
            (a, b, c) => new SupplyObservationDraft
            {
                Kind = a.Item1,
                Date = a.Item2,
                To = a.Item3,
                Commodity = a.Item4,
                Amount = a.Item5,
                Low = a.Item6,
                High = a.Item7,
                Unit = b.Item1,
                Qualifier = b.Item2,
                Carriers = b.Item3,
                Outcome = b.Item4,
                Moved = b.Item5,
                Cumulative = b.Item6,
                Waiting = b.Item7,
                HoursPerDay = c.Item1,
                Factor = c.Item2,
                Utility = c.Item3,
                Sources = c.Item4,
                Notes = c.Item5,
                Currency = c.Item6,
            });

    public static readonly Gen<SourceDraft> Sources =
        Gen.Select(Text, Text, Text, Text, Text, Whole, (publisher, url, title, published, reliability, credibility) => new SourceDraft
        {
            Publisher = publisher,
            Url = url,
            Title = title,
            Published = published,
            Reliability = reliability,
            Credibility = credibility,
        });

    public static readonly Gen<ScenarioDraft> Scenarios =
        Gen.Select(Text, Whole, Text, Real, Text, Real, Whole, (name, horizon, commodity, tonnes, code, payload, available) => new ScenarioDraft
        {
            Name = name,
            HorizonDays = horizon,
            TimeLimitSeconds = 1,
            Demand = [new DemandDraft { Commodity = commodity, TonnesPerDay = tonnes, Priority = "food" }],
            Aircraft = [new AircraftDraft { Type = "C-130", PayloadTonnes = payload, CruiseKmh = 540, Available = available, MaxHoursPerDay = 16 }],
            Airports = [new AirportDraft { Code = code, Lat = 40, Lon = 44, Role = "origin" }, new AirportDraft { Code = "UBBS", Lat = 39, Lon = 46, Role = "destination" }],
            Routes = [new RouteDraft { From = code, To = "UBBS" }],
        });

    /// <summary>One execution of every validator on generated drafts: a result, never an exception.</summary>
    public static void Validators(EventDraft e, SupplyObservationDraft o, SourceDraft s, ScenarioDraft a)
    {
        var (content, errors) = EventValidator.Validate(e, References, Today);
        Agree(content, errors, "event");
        var (observation, observationErrors) = SupplyObservationValidator.Validate(o, Context);
        Agree(observation, observationErrors, "observation");
        if (observation is not null && SupplyObservationValidator.WhyNotComputable(observation) is { } why)
        {
            throw new InvalidOperationException($"an accepted observation cannot be computed with: {why}");
        }
        var (source, sourceErrors) = SourceValidator.Validate(s, Today, "newSources[0]");
        Agree(source, sourceErrors, "source");
        var (scenario, scenarioErrors) = ScenarioValidator.Validate(a);
        Agree(scenario, scenarioErrors, "scenario");
        if (content is not null && TextRules.CharacterProblem(content.Notes, TextLines.Many) is { } problem)
        {
            throw new InvalidOperationException($"accepted notes break the character rule: {problem}");
        }
    }

    private static void Agree(object? accepted, ValidationErrors errors, string what)
    {
        if (accepted is null == errors.IsEmpty)
        {
            throw new InvalidOperationException($"the {what} validator gave {(accepted is null ? "no record and no error" : "a record and errors")}: {errors}");
        }
    }

    /// <summary>A small valid document, the seed the document mutations start from.</summary>
    public const string Document = """
        {"format":"lifeline/1","situation":{"id":"s","name":"S","region":"R","startDate":"2022-12-12","figures":{"population":{"value":100,"sources":["a"]}},"routes":[{"id":"r","name":"Road","via":["p"],"sources":["a"]}]},
         "sources":[{"id":"a","publisher":"P","url":"https://example.org/a","reliability":"B","credibility":2}],
         "places":[{"id":"p","kind":"town","names":{"en":"P"},"latitude":39.8,"longitude":46.7}],
         "actors":[{"id":"x","name":"X","kind":"state"}],
         "events":[{"id":"e","version":1,"date":"2023-01-01","place":"p","type":"corridor-closed","route":"r","notes":"N","sources":["a"],"stage":"published","recorded":{"at":"2023-01-01T00:00:00Z","by":"b","reason":"c"}}],
         "reviews":[{"event":"e","verdict":"verified","note":"n","at":"2023-01-02T00:00:00Z","by":"b"}]}
        """;

    private static readonly string[] Inserts =
    [
        "\\u0000", "\\ud800", "\\udc00", "\\uffff", "\\u001b", "null", "[null]", "{}", "[]", "1e308", "-1", "2147483648", "\"", "\\", "{", "}", "[", "]", ",", ":",
        "\"extra\":1,", "0001-01-01", "9999-12-31", new string('x', 3_000), string.Concat(Enumerable.Repeat("\\u0000", 1_000)),
    ];

    /// <summary>Mutated documents: bytes flipped, cut, inserted (JSON fragments, escapes, invalid UTF-8), or spans removed.</summary>
    public static readonly Gen<byte[]> Documents =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, Document.Length - 1], Gen.Int[0, Inserts.Length - 1], Gen.Int[1, 255], Gen.Int[0, 3], (op, at, insert, b, repeat) =>
        {
            var bytes = Encoding.UTF8.GetBytes(Document).ToList();
            for (var i = 0; i <= repeat; i++)
            {
                var position = Math.Min(bytes.Count, (at * (i + 1) * 7919) % Math.Max(bytes.Count, 1));
                switch (op)
                {
                    case 0: bytes.InsertRange(position, Encoding.UTF8.GetBytes(Inserts[(insert + i) % Inserts.Length])); break;
                    case 1: if (position < bytes.Count) bytes[position] = (byte)b; break;
                    case 2: bytes.InsertRange(position, [0xFF, (byte)b, 0xC3]); break;
                    case 3: bytes.RemoveRange(position, Math.Min(b % 40, bytes.Count - position)); break;
                    case 4: bytes = bytes.Take(position).ToList(); break;
                    default: bytes.InsertRange(position, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("[", b * 10)))); break;
                }
            }
            return bytes.ToArray();
        });

    /// <summary>One execution of the document reader: it reports errors or delivers records, and never throws.</summary>
    public static int Reader(byte[] document)
    {
        var visitor = new CountingVisitor();
        new DocumentReader(new MemoryStream(document)).Read(visitor);
        return visitor.Count;
    }

    private sealed class CountingVisitor : IDocumentVisitor
    {
        public int Count { get; private set; }
        public void Format(string? format) => Count++;
        public void Situation(SituationDto situation) => Count++;
        public void Source(int index, SourceDto source) => Count++;
        public void Place(int index, PlaceDto place) => Count++;
        public void Actor(int index, ActorDto actor) => Count++;
        public void Event(int index, EventDto evt) => Count++;
        public void Review(int index, ReviewDto review) => Count++;
        public void Assessment(int index, Lifeline.EarlyWarning.AssessmentDto assessment) => Count++;
        public void SupplyObservation(int index, SupplyObservationDto observation) => Count++;
        public void Evidence(int index, EvidenceDto evidence) => Count++;
        public void Error(string field, string message) => Count++;
    }

    /// <summary>Runs both properties for <paramref name="iterations"/> executions each; returns what it saw.</summary>
    public static string Run(long iterations, string? seed, int threads)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Documents.Sample(d => { Reader(d); }, seed: seed, iter: iterations, threads: threads);
        var reader = clock.Elapsed;
        clock.Restart();
        Gen.Select(Events, Observations, Sources, Scenarios).Sample((e, o, s, a) => Validators(e, o, s, a), seed: seed, iter: iterations, threads: threads);
        return $"document reader: {iterations:N0} executions in {reader.TotalSeconds:N0} s; validators (event, observation, source, airlift scenario): {iterations:N0} executions in {clock.Elapsed.TotalSeconds:N0} s; 0 crashes";
    }
}
