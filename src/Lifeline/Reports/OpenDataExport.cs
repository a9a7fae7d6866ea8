using System.Globalization;
using System.Text;
using System.Text.Json;
using Lifeline.Core.Events;
using Lifeline.Events;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Reports;

/// <summary>The open-data formats events are exported in.</summary>
internal enum OpenDataFormat
{
    /// <summary>ACLED's CSV, its current column set (<see cref="OpenDataExport.AcledColumns"/>).</summary>
    Acled,

    /// <summary>CSV with an HXL hashtag row under the header (<see cref="OpenDataExport.HxlColumns"/>).</summary>
    Hxl,

    /// <summary>RFC 7946 GeoJSON: a FeatureCollection of the events, then the places.</summary>
    Geojson,
}

/// <summary>
/// Writes a situation's events (as the caller may see them, filtered like the lists) as ACLED CSV, HXL CSV or GeoJSON,
/// row by row as they are read from the database: memory holds the places, actors and source names, never the events.
/// Columns a Lifeline event has no value for are left empty, never guessed.
/// </summary>
internal static class OpenDataExport
{
    /// <summary>ACLED's current column set, in its order: the export's header row is exactly this.</summary>
    public static IReadOnlyList<string> AcledColumns { get; } =
    [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
        "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
        "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
        "notes", "fatalities", "tags", "timestamp",
    ];

    /// <summary>The HXL export's columns: the header a person reads, and the hashtag with its attributes a machine matches.</summary>
    public static IReadOnlyList<(string Header, string Tag)> HxlColumns { get; } =
    [
        ("Event", "#event+id"), ("Date", "#date+occurred"), ("Type", "#event+type"), ("ACLED event type", "#event+type+acled"),
        ("ACLED sub-event type", "#event+type+sub+acled"), ("Actor 1", "#actor+primary+name"), ("Actor 2", "#actor+secondary+name"),
        ("Place", "#loc+name"), ("Place code", "#loc+code"), ("Latitude", "#geo+lat"), ("Longitude", "#geo+lon"),
        ("Killed", "#affected+killed"), ("Notes", "#description"), ("Sources", "#meta+source"), ("Stage", "#status+stage"), ("Lifeline details", "#meta+tags"),
    ];

    public static string ContentType(OpenDataFormat format) => format switch
    {
        OpenDataFormat.Geojson => "application/geo+json",
        _ => "text/csv; charset=utf-8",
    };

    public static string Extension(OpenDataFormat format) => format == OpenDataFormat.Geojson ? ".geojson" : format == OpenDataFormat.Hxl ? ".hxl.csv" : ".acled.csv";

    /// <summary>Writes <paramref name="events"/> (already filtered to what the caller may see) to <paramref name="output"/>.</summary>
    /// <returns>How many events were written.</returns>
    public static async Task<long> WriteAsync(
        LifelineDbContext db, string situationId, IQueryable<EventRow> events, OpenDataFormat format, bool showProtected, Stream output, CancellationToken cancel)
    {
        // The opening (the header rows, or the start of the collection) leaves before anything is read, so the first
        // byte does not wait for the names looked up below or for the first row.
        Dictionary<string, Core.Places.Place> places = [];
        Dictionary<string, Core.Actors.Actor> actors = [];
        Dictionary<string, string> publishers = [];
        async Task LookUpNamesAsync()
        {
            places = (await db.Places.AsNoTracking().Where(p => p.SituationId == situationId).ToListAsync(cancel)).Select(p => p.ToDomain())
                .ToDictionary(p => p.Id, StringComparer.Ordinal);
            actors = (await db.Actors.AsNoTracking().Where(a => a.SituationId == situationId).ToListAsync(cancel)).Select(a => a.ToDomain())
                .ToDictionary(a => a.Id, StringComparer.Ordinal);
            publishers = (await db.Sources.AsNoTracking().Where(s => s.SituationId == situationId).ToListAsync(cancel)).Select(s => s.ToDomain())
                .ToDictionary(s => s.Id, s => s.ProtectIdentity && !showProtected ? SourceView.ProtectedPublisher : s.Publisher, StringComparer.Ordinal);
        }
        // A single query: with the split-query default, EF Core on Npgsql reads every row into memory before the first.
        var ordered = WithoutSearchColumn(events.OrderBy(e => e.Date).ThenBy(e => e.RowId)).AsSingleQuery().AsAsyncEnumerable();
        await using var reading = await ReadInIndexOrderAsync(db, cancel);
        long count = 0;
        if (format == OpenDataFormat.Geojson)
        {
            await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartArray("features");
            await json.FlushAsync(cancel);
            await LookUpNamesAsync();
            await foreach (var e in ordered.WithCancellation(cancel))
            {
                var place = places.GetValueOrDefault(e.PlaceId);
                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WriteString("id", e.EventId);
                Geometry(json, place);
                json.WriteStartObject("properties");
                json.WriteString("kind", "event");
                json.WriteString("date", e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                json.WriteString("type", e.Type);
                json.WriteString("acledEventType", EventType.Find(e.Type)?.AcledEventType);
                json.WriteString("acledSubEventType", EventType.Find(e.Type)?.AcledSubEventType);
                json.WriteString("place", e.PlaceId);
                json.WriteString("placeName", place?.NameIn("en") ?? e.PlaceId);
                json.WriteNumber("geoPrecision", e.GeoPrecision);
                json.WriteString("actor1", e.Actor1);
                json.WriteString("actor2", e.Actor2);
                if (e.Fatalities is { } dead)
                {
                    json.WriteNumber("fatalities", dead);
                }
                json.WriteString("notes", e.Notes);
                json.WriteStartArray("sources");
                foreach (var source in e.Sources)
                {
                    json.WriteStringValue(publishers.GetValueOrDefault(source, source));
                }
                json.WriteEndArray();
                json.WriteString("stage", e.Stage);
                json.WriteEndObject();
                json.WriteEndObject();
                if (++count % 1_000 == 0)
                {
                    await json.FlushAsync(cancel);
                }
            }
            foreach (var place in places.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WriteString("id", "place:" + place.Id);
                Geometry(json, place);
                json.WriteStartObject("properties");
                json.WriteString("kind", "place");
                json.WriteString("placeKind", Core.Common.KebabCase.Of(place.Kind));
                foreach (var (language, name) in place.Names.OrderBy(n => n.Key, StringComparer.Ordinal))
                {
                    json.WriteString("name:" + language, name);
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancel);
            return count;
        }

        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        if (format == OpenDataFormat.Acled)
        {
            await writer.WriteLineAsync(string.Join(',', AcledColumns));
        }
        else
        {
            await writer.WriteLineAsync(string.Join(',', HxlColumns.Select(c => Csv(c.Header))));
            await writer.WriteLineAsync(string.Join(',', HxlColumns.Select(c => c.Tag)));
        }
        await writer.FlushAsync(cancel);
        await LookUpNamesAsync();
        var line = new StringBuilder(1024);
        await foreach (var e in ordered.WithCancellation(cancel))
        {
            var type = EventType.Find(e.Type);
            var place = places.GetValueOrDefault(e.PlaceId);
            var latitude = place?.Coordinates is { } c1 ? c1.Latitude.ToString("0.#####", CultureInfo.InvariantCulture) : "";
            var longitude = place?.Coordinates is { } c2 ? c2.Longitude.ToString("0.#####", CultureInfo.InvariantCulture) : "";
            var actor1 = e.Actor1 is null ? "" : actors.TryGetValue(e.Actor1, out var a1) ? a1.Name : e.Actor1;
            var actor2 = e.Actor2 is null ? "" : actors.TryGetValue(e.Actor2, out var a2) ? a2.Name : e.Actor2;
            var sources = string.Join("; ", e.Sources.Select(s => publishers.GetValueOrDefault(s, s)).Distinct(StringComparer.OrdinalIgnoreCase));
            var tags = Exchange.LifelineTags.Of(e);
            string[] cells = format == OpenDataFormat.Acled
                ?
                [
                    e.EventId, e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), e.Date.Year.ToString(CultureInfo.InvariantCulture),
                    e.TimePrecision.ToString(CultureInfo.InvariantCulture), DisorderType(type), type?.AcledEventType ?? "", type?.AcledSubEventType ?? "",
                    actor1, "", "", actor2, "", "", "", type?.AcledEventType == "Violence against civilians" ? "Civilian targeting" : "",
                    "", "", "", "", "", "", place?.NameIn("en") ?? e.PlaceId, latitude, longitude, e.GeoPrecision.ToString(CultureInfo.InvariantCulture),
                    sources, "", e.Notes, e.Fatalities?.ToString(CultureInfo.InvariantCulture) ?? "", tags,
                    new DateTimeOffset(DateTime.SpecifyKind(e.RecordedAt, DateTimeKind.Utc)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ]
                :
                [
                    e.EventId, e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), e.Type, type?.AcledEventType ?? "", type?.AcledSubEventType ?? "",
                    actor1, actor2, place?.NameIn("en") ?? e.PlaceId, e.PlaceId, latitude, longitude,
                    e.Fatalities?.ToString(CultureInfo.InvariantCulture) ?? "", e.Notes, sources, e.Stage, tags,
                ];
            var numeric = format == OpenDataFormat.Acled ? AcledNumericColumns : HxlNumericColumns;
            line.Clear();
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }
                AppendCsv(line, numeric.Contains(i) ? cells[i] : Text(cells[i]));
            }
            await writer.WriteLineAsync(line, cancel);
            if (++count % 1_000 == 0)
            {
                await writer.FlushAsync(cancel);
            }
        }
        await writer.FlushAsync(cancel);
        return count;
    }

    /// <summary>The ACLED columns that hold numbers (year, time precision, latitude, longitude, geo precision, fatalities, timestamp): written as they are.</summary>
    private static readonly HashSet<int> AcledNumericColumns = [2, 3, 22, 23, 24, 28, 30];

    /// <summary>The HXL event columns that hold numbers (latitude, longitude, killed).</summary>
    private static readonly HashSet<int> HxlNumericColumns = [9, 10, 11];

    /// <summary>A text cell, escaped so that a spreadsheet does not run it as a formula (<see cref="Exchange.SpreadsheetText"/>); imports undo it.</summary>
    public static string Text(string? value) => Exchange.SpreadsheetText.Escape(value);

    /// <summary>ACLED's disorder type, from its event type; empty where ACLED's rule depends on more than the type.</summary>
    public static string DisorderType(EventType? type) => type?.AcledEventType switch
    {
        "Battles" or "Explosions/Remote violence" or "Violence against civilians" => "Political violence",
        "Protests" => "Demonstrations",
        "Riots" => type.AcledSubEventType == "Mob violence" ? "Political violence; Demonstrations" : "Demonstrations",
        "Strategic developments" => "Strategic developments",
        _ => "",
    };

    private static void Geometry(Utf8JsonWriter json, Core.Places.Place? place)
    {
        if (place?.Coordinates is { } c)
        {
            json.WriteStartObject("geometry");
            json.WriteString("type", "Point");
            json.WriteStartArray("coordinates");
            // RFC 7946: longitude first, at most 6 decimals is precise to about 10 cm.
            json.WriteNumberValue(Math.Round(c.Longitude, 6));
            json.WriteNumberValue(Math.Round(c.Latitude, 6));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("geometry");
        }
    }

    /// <summary>One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; otherwise as it is.</summary>
    /// <summary>
    /// The event rows with every column an export writes, and not the full-text search column PostgreSQL keeps beside
    /// them: that column is as long as the notes again, and reading it back into objects cost more than the rest of a
    /// row, for a value no export writes.
    /// </summary>
    private static IQueryable<EventRow> WithoutSearchColumn(IQueryable<EventRow> events) => events.Select(e => new EventRow
    {
        RowId = e.RowId,
        SituationId = e.SituationId,
        EventId = e.EventId,
        Version = e.Version,
        Date = e.Date,
        Time = e.Time,
        TimePrecision = e.TimePrecision,
        PlaceId = e.PlaceId,
        GeoPrecision = e.GeoPrecision,
        Type = e.Type,
        Utility = e.Utility,
        RouteId = e.RouteId,
        EndDate = e.EndDate,
        EndTime = e.EndTime,
        DurationHours = e.DurationHours,
        UntilFurtherNotice = e.UntilFurtherNotice,
        HoursPerDay = e.HoursPerDay,
        Actor1 = e.Actor1,
        Actor2 = e.Actor2,
        Fatalities = e.Fatalities,
        Notes = e.Notes,
        Sources = e.Sources,
        PartOf = e.PartOf,
        GapBefore = e.GapBefore,
        RecordedAt = e.RecordedAt,
        RecordedBy = e.RecordedBy,
        RecordedByUser = e.RecordedByUser,
        Reason = e.Reason,
        Stage = e.Stage,
        AuthorId = e.AuthorId,
    });

    /// <summary>
    /// On PostgreSQL, asks for the rows in the order of the <c>(situation_id, date, row_id)</c> index rather than sorted
    /// after reading them all. For a whole situation the planner would otherwise read every row and sort them before
    /// sending the first, so the first row of a million would wait for the whole sort (a streaming export's rows must
    /// come as they are read). Turning the sort off for this one read-only transaction is the way to say so; on SQLite
    /// the index order is what the planner picks already. Returns the transaction to dispose, or null.
    /// </summary>
    private static async Task<IAsyncDisposable?> ReadInIndexOrderAsync(LifelineDbContext db, CancellationToken cancel)
    {
        if (db.Provider != StorageProvider.Postgres || db.Database.CurrentTransaction is not null)
        {
            return null;
        }
        var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancel);
        await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_sort = off", cancel);
        return transaction;
    }

    private static void AppendCsv(StringBuilder line, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(value);
            return;
        }
        line.Append('"');
        foreach (var c in value)
        {
            line.Append(c);
            if (c == '"')
            {
                line.Append('"');
            }
        }
        line.Append('"');
    }

    public static string Csv(string value) => value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
