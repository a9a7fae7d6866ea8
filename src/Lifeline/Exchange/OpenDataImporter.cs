using System.Globalization;
using System.Text;
using Lifeline.Actors;
using Lifeline.Core.Access;
using Lifeline.Core.Actors;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Places;
using Lifeline.Core.Sources;
using Lifeline.Events;
using Lifeline.Ledger;
using Lifeline.Places;
using Lifeline.Sources;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Exchange;

/// <summary>One thing wrong with a row of an open-data file: where (row, column), what it held and why it cannot be read.</summary>
/// <param name="Row">The line of the file the row starts on (the header is row 1); 0 for the file as a whole.</param>
internal sealed record RowError(long Row, string Column, string Value, string Why)
{
    public override string ToString() => Row == 0
        ? $"{Column}: {Why}"
        : Value.Length == 0 ? $"row {Row}, column {Column}: {Why}" : $"row {Row}, column {Column}: '{Truncate(Value)}' {Why}";

    private static string Truncate(string value) => value.Length > 80 ? value[..77] + "..." : value;
}

/// <summary>What an open-data import did: rows read, events added, events given a new version, rows already stored as they are, rows skipped.</summary>
internal sealed record OpenDataImportResult(
    string? SituationId, long Rows, long Added, long Changed, long Unchanged, long Skipped, IReadOnlyList<RowError> Errors, long MoreErrors, bool Stored)
{
    public ImportFormat Format { get; init; }
}

/// <summary>
/// Imports events from ACLED CSV (as downloaded, current or older column set) or HXL-tagged CSV into a stored
/// situation, row by row in batches (flat memory), in one transaction. Places, actors and sources named by a row are
/// found by name in the situation, or created. Idempotent: a row whose event is stored with the same content adds
/// nothing; a changed row adds the event's next version. Any bad row makes the whole import store nothing, unless
/// <see cref="SkipBadRows"/>, which skips (and reports) each bad row and stores the rest.
/// </summary>
internal sealed class OpenDataImporter(LifelineDbContext db, TimeProvider clock)
{
    public const int MaxErrorsReported = 200;
    public const int Batch = 1_000;

    /// <summary>The origin written on sources an ACLED file makes Lifeline create, when <see cref="Origin"/> is not given.</summary>
    public static readonly Uri AcledOrigin = new("https://acleddata.com/");

    public bool SkipBadRows { get; init; }

    /// <summary>Where the file was downloaded: the address of the sources (and of the coordinates) the import creates.</summary>
    public Uri? Origin { get; init; }

    /// <param name="situationId">The situation the events belong to; null: the only one stored.</param>
    /// <param name="fileName">The file's name, kept in the reason of every version.</param>
    public OpenDataImportResult Import(Stream stream, ImportFormat? format, string? situationId, string recordedBy, string fileName, IProgress<long>? progress = null)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var rows = new CsvRows(text);
        var (columns, headerError) = OpenDataColumns.Read(rows, format);
        if (columns is null)
        {
            return Refused(format, situationId, new RowError(0, "header", "", headerError!));
        }
        var situations = db.Situations.AsNoTracking().Select(s => s.Id).OrderBy(s => s).ToList();
        situationId ??= situations.Count == 1 ? situations[0] : null;
        if (situationId is null || !situations.Contains(situationId))
        {
            return Refused(columns.Format, situationId, new RowError(0, "--situation", "", situations.Count == 0
                ? "there is no situation to import into: load or import one first"
                : situationId is null ? $"say which situation the events belong to: {string.Join(", ", situations)}" : $"there is no situation '{situationId}'; the situations are: {string.Join(", ", situations)}"));
        }
        using var transaction = db.Database.BeginTransaction();
        var session = new Session(db, clock, situationId, columns, recordedBy, fileName, Origin ?? (columns.Format == ImportFormat.Acled ? AcledOrigin : null), SkipBadRows);
        var batch = new List<CsvRow>(Batch);
        long count = 0;
        for (var row = rows.Next(); row is not null; row = rows.Next())
        {
            if (columns.Format == ImportFormat.Acled && row.Line == columns.HeaderLine + 1 && IsHashtagRow(row))
            {
                continue; // HDX's ACLED files carry an HXL hashtag row under ACLED's header.
            }
            batch.Add(row);
            count++;
            if (batch.Count == Batch)
            {
                session.Process(batch, truncatedAfter: false);
                batch.Clear();
                progress?.Report(stream.CanSeek ? stream.Position : count);
            }
        }
        session.Process(batch, truncatedAfter: rows.Truncated);
        session.Finish();
        if (session.Failed)
        {
            transaction.Rollback();
            return new OpenDataImportResult(situationId, count, 0, 0, 0, 0, session.Errors, session.MoreErrors, false) { Format = columns.Format };
        }
        transaction.Commit();
        return new OpenDataImportResult(situationId, count, session.Added, session.Changed, session.Unchanged, session.Skipped, session.Errors, session.MoreErrors, true) { Format = columns.Format };
    }

    private static bool IsHashtagRow(CsvRow row)
    {
        var filled = row.Fields.Select(f => f.Trim()).Where(f => f.Length > 0).ToList();
        return filled.Count > 0 && filled.All(f => f.StartsWith('#'));
    }

    private static OpenDataImportResult Refused(ImportFormat? format, string? situationId, RowError error) =>
        new(situationId, 0, 0, 0, 0, 0, [error], 0, false) { Format = format ?? ImportFormat.Acled };

    /// <summary>The ACLED event types and sub-event types that one Lifeline type each stands for.</summary>
    private static readonly Dictionary<(string, string), EventType> ByAcled = EventType.Acled
        .ToDictionary(t => (t.AcledEventType.ToLowerInvariant(), t.AcledSubEventType.ToLowerInvariant()));

    /// <summary>A row's fields, parsed but not yet matched to places, actors and sources.</summary>
    private sealed record RowDraft(
        string Id, DateOnly Date, int? TimePrecision, string? Type, string? AcledType, string? AcledSubType,
        string? Actor1, string? Inter1, string? Actor2, string? Inter2, string? Location, string? PlaceCode, string? Admin1,
        double? Latitude, double? Longitude, int? GeoPrecision, IReadOnlyList<string> Publishers, string Notes, int? Fatalities,
        Dictionary<string, string> Tags, DateTimeOffset? RecordedAt, EventStage? Stage);

    private sealed class Session(
        LifelineDbContext db, TimeProvider clock, string situationId, OpenDataColumns columns, string recordedBy, string fileName, Uri? origin, bool skipBadRows)
    {
        private readonly DateOnly today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        private readonly DateTimeOffset now = Importer.TruncateToSeconds(clock.GetUtcNow());
        private LedgerAppender? ledger;
        private BulkWriter? writer;
        private Lookup? lookup;

        public List<RowError> Errors { get; } = [];
        public long MoreErrors { get; private set; }
        public bool Failed { get; private set; }
        public long Added { get; private set; }
        public long Changed { get; private set; }
        public long Unchanged { get; private set; }
        public long Skipped { get; private set; }

        private void Report(RowError error)
        {
            if (Errors.Count < MaxErrorsReported)
            {
                Errors.Add(error);
            }
            else
            {
                MoreErrors++;
            }
        }

        public void Process(List<CsvRow> rows, bool truncatedAfter)
        {
            ledger ??= LedgerAppender.Begin(db);
            writer ??= BulkWriter.Begin(db);
            lookup ??= Lookup.Load(db, situationId);
            var drafts = new List<(CsvRow Row, RowDraft Draft)>(rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var errors = new List<RowError>();
                if (truncatedAfter && i == rows.Count - 1)
                {
                    errors.Add(new RowError(row.Line, columns.Name(OpenDataField.Notes), "", "is cut off: the file ends inside a quoted field, so it was not read to its end (a truncated download?)"));
                }
                else if (row.Fields.Count != columns.Width)
                {
                    errors.Add(new RowError(row.Line, $"{Math.Min(row.Fields.Count, columns.Width) + 1}", "",
                        $"the row has {row.Fields.Count} columns where the header has {columns.Width}{(row.Fields.Count < columns.Width ? " (the file may be cut short)" : "")}"));
                }
                var draft = errors.Count == 0 ? Read(row, errors) : null;
                if (draft is not null && errors.Count == 0)
                {
                    drafts.Add((row, draft));
                }
                else
                {
                    Bad(errors);
                }
            }
            var ids = drafts.Select(d => d.Draft.Id).Distinct(StringComparer.Ordinal).ToList();
            var stored = db.Events.AsNoTracking().Where(e => e.SituationId == situationId && ids.Contains(e.EventId))
                .AsEnumerable().ToDictionary(e => e.EventId, StringComparer.Ordinal);
            var fresh = new List<EventVersion>();
            var changed = new List<EventVersion>();
            foreach (var (row, draft) in drafts)
            {
                var errors = new List<RowError>();
                var version = Resolve(row, draft, stored.GetValueOrDefault(draft.Id), errors);
                if (version is null)
                {
                    Bad(errors);
                    continue;
                }
                if (version.Version == 1)
                {
                    fresh.Add(version);
                }
                else
                {
                    changed.Add(version);
                }
                // A later row for the same event in this batch compares with this one, as with a stored event.
                stored[draft.Id] = EventRow.From(version);
            }
            if (Failed && !skipBadRows)
            {
                return;
            }
            Write(fresh, changed);
        }

        private void Bad(List<RowError> errors)
        {
            foreach (var error in errors)
            {
                Report(error);
            }
            if (errors.Count > 0)
            {
                Skipped++;
                if (!skipBadRows)
                {
                    Failed = true;
                }
            }
        }

        private RowDraft? Read(CsvRow row, List<RowError> errors)
        {
            string? Get(OpenDataField f) => columns.Get(row, f);
            void Error(OpenDataField f, string why) => errors.Add(new RowError(row.Line, columns.Name(f), Get(f) ?? "", why));
            int? Int(OpenDataField f, int min, int max, string meaning)
            {
                var value = Get(f);
                if (value is null)
                {
                    return null;
                }
                if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
                {
                    return n;
                }
                Error(f, $"is not {meaning} (a whole number from {min} to {max})");
                return null;
            }
            double? Number(OpenDataField f, double limit)
            {
                var value = Get(f);
                if (value is null)
                {
                    return null;
                }
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && Math.Abs(n) <= limit)
                {
                    return n;
                }
                Error(f, $"is not a number from -{limit} to {limit}");
                return null;
            }

            var dateText = Get(OpenDataField.Date);
            var date = dateText is null ? null : OpenDataColumns.ParseDate(dateText);
            if (dateText is null)
            {
                Error(OpenDataField.Date, "is empty: every event has a date");
            }
            else if (date is null)
            {
                Error(OpenDataField.Date, "is not a date: write it as 2023-03-21 or as ACLED does, 21 March 2023 or 21-Mar-23");
            }

            var id = EventId(row, Get(OpenDataField.Id), errors);
            var timePrecision = Int(OpenDataField.TimePrecision, 1, 3, "a time precision");
            var geoPrecision = Int(OpenDataField.GeoPrecision, 1, 3, "a geo precision");
            var fatalities = Int(OpenDataField.Fatalities, 0, EventValidator.MaxFatalities, "a count of deaths");
            var latitude = Number(OpenDataField.Latitude, 90);
            var longitude = Number(OpenDataField.Longitude, 180);
            if (latitude is null != longitude is null)
            {
                Error(latitude is null ? OpenDataField.Latitude : OpenDataField.Longitude, "is missing: latitude and longitude come together");
            }
            var location = Get(OpenDataField.Location);
            var code = Get(OpenDataField.PlaceCode);
            if (location is null && code is null)
            {
                Error(OpenDataField.Location, "is empty: every event has a place");
            }
            var notes = Get(OpenDataField.Notes);
            if (notes is null)
            {
                Error(OpenDataField.Notes, "is empty: say what happened");
            }
            var publishers = (Get(OpenDataField.Source) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (publishers.Count == 0)
            {
                Error(OpenDataField.Source, "is empty: every event has at least one source");
            }
            else if (publishers.FirstOrDefault(p => p.Length > SourceValidator.MaxPublisherLength) is { } tooLong)
            {
                Error(OpenDataField.Source, $"names a publisher longer than {SourceValidator.MaxPublisherLength} characters");
            }
            DateTimeOffset? recordedAt = null;
            if (Get(OpenDataField.Timestamp) is { } stamp)
            {
                if (long.TryParse(stamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 32_503_680_000
                    && DateTimeOffset.FromUnixTimeSeconds(seconds) <= now.AddDays(1))
                {
                    recordedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
                }
                else
                {
                    Error(OpenDataField.Timestamp, "is not a time in the past in Unix seconds");
                }
            }
            EventStage? stage = null;
            if (Get(OpenDataField.Stage) is { } stageText)
            {
                stage = KebabCase.Parse<EventStage>(stageText);
                if (stage is null)
                {
                    Error(OpenDataField.Stage, "is not a stage: use intake, reviewed or published");
                }
            }
            if (errors.Count > 0 || id is null || date is null)
            {
                return null;
            }
            return new RowDraft(
                id, date.Value, timePrecision, Get(OpenDataField.Type), Get(OpenDataField.AcledType), Get(OpenDataField.AcledSubType),
                Get(OpenDataField.Actor1), Get(OpenDataField.Inter1), Get(OpenDataField.Actor2), Get(OpenDataField.Inter2),
                location, code, Get(OpenDataField.Admin1), latitude, longitude, geoPrecision, publishers, notes!, fatalities,
                LifelineTags.Parse(Get(OpenDataField.Tags)), recordedAt, stage);
        }

        /// <summary>ACLED's id (AFG44631) as a Lifeline id (afg44631); an HXL file without ids gets one from the row's content.</summary>
        private string? EventId(CsvRow row, string? given, List<RowError> errors)
        {
            if (given is null)
            {
                if (columns.Has(OpenDataField.Id))
                {
                    errors.Add(new RowError(row.Line, columns.Name(OpenDataField.Id), "", "is empty: every row needs its event's id"));
                    return null;
                }
                var content = string.Join('\u001f', row.Fields.Select(f => f.Trim()));
                return "row-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
            }
            var id = Slugify(given);
            if (!Slug.IsValid(id))
            {
                errors.Add(new RowError(row.Line, columns.Name(OpenDataField.Id), given, $"cannot be made an id: it {Slug.Rule}"));
                return null;
            }
            return id;
        }

        /// <summary>The event's type: the Lifeline type the row names (or its tags), else the one ACLED's type and sub-event type map to.</summary>
        private EventType? TypeOf(RowDraft draft, EventRow? stored, CsvRow row, List<RowError> errors)
        {
            var named = EventType.Find(draft.Tags.GetValueOrDefault(LifelineTags.Type)) ?? EventType.Find(draft.Type);
            var acledType = draft.AcledType ?? (named is null ? draft.Type : null);
            if (acledType is null)
            {
                if (named is null)
                {
                    errors.Add(new RowError(row.Line, columns.Name(columns.Has(OpenDataField.Type) ? OpenDataField.Type : OpenDataField.AcledType), "", "is empty: every event has a type"));
                }
                return named;
            }
            var sub = draft.AcledSubType;
            bool Fits(EventType t) => t.AcledEventType.Equals(acledType, StringComparison.OrdinalIgnoreCase)
                && (sub is null || t.AcledSubEventType.Equals(sub, StringComparison.OrdinalIgnoreCase));
            if (named is not null && Fits(named))
            {
                return named;
            }
            // A stored siege type that ACLED writes as "Strategic developments / Other" stays what it was.
            if (EventType.Find(stored?.Type) is { } before && Fits(before))
            {
                return before;
            }
            if (sub is not null && ByAcled.TryGetValue((acledType.ToLowerInvariant(), sub.ToLowerInvariant()), out var mapped))
            {
                return mapped;
            }
            var column = sub is null || !EventType.Acled.Any(t => t.AcledEventType.Equals(acledType, StringComparison.OrdinalIgnoreCase))
                ? (columns.Has(OpenDataField.AcledType) ? OpenDataField.AcledType : OpenDataField.Type)
                : OpenDataField.AcledSubType;
            errors.Add(new RowError(row.Line, columns.Name(column), column == OpenDataField.AcledSubType ? sub! : acledType,
                column == OpenDataField.AcledSubType
                    ? $"is not an ACLED sub-event type of '{acledType}' that Lifeline maps (see /api/v1/event-types)"
                    : "is not an ACLED event type Lifeline maps (Battles, Protests, Riots, Explosions/Remote violence, Violence against civilians, Strategic developments; see /api/v1/event-types)"));
            return null;
        }

        private EventVersion? Resolve(CsvRow row, RowDraft draft, EventRow? stored, List<RowError> errors)
        {
            var type = TypeOf(draft, stored, row, errors);
            if (type is null)
            {
                return null;
            }
            var place = lookup!.Place(draft, this);
            var actor1 = draft.Actor1 is null ? null : lookup.Actor(draft.Actor1, draft.Inter1, this);
            var actor2 = draft.Actor2 is null ? null : lookup.Actor(draft.Actor2, draft.Inter2, this);
            var sources = draft.Publishers.Select(p => lookup.Source(p, this)).Distinct(StringComparer.Ordinal).ToList();
            if (place is null || sources.Any(s => s is null))
            {
                errors.Add(new RowError(0, "--origin", "", "is needed: the file names places or publishers this situation does not hold, and Lifeline records where each was read (the address the file was downloaded from)"));
                return null;
            }
            var tags = draft.Tags;
            var sameType = stored is not null && stored.Type == type.Key;
            // What the format does not carry is kept from the stored version; what it carries comes from the row.
            var ufn = tags.ContainsKey(LifelineTags.UntilFurtherNotice);
            var hasEnd = tags.ContainsKey(LifelineTags.EndDate) || tags.ContainsKey(LifelineTags.DurationHours) || ufn;
            var eventDraft = new EventDraft
            {
                Id = draft.Id,
                Date = draft.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Time = stored?.Time?.ToString("HH:mm", CultureInfo.InvariantCulture),
                TimePrecision = draft.TimePrecision ?? stored?.TimePrecision,
                Place = place,
                GeoPrecision = draft.GeoPrecision ?? stored?.GeoPrecision,
                Type = type.Key,
                Utility = tags.GetValueOrDefault(LifelineTags.Utility) ?? (sameType ? stored!.Utility : null),
                Route = tags.GetValueOrDefault(LifelineTags.Route) ?? (sameType ? stored!.RouteId : null),
                EndDate = hasEnd ? tags.GetValueOrDefault(LifelineTags.EndDate) : sameType ? stored!.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                EndTime = hasEnd ? tags.GetValueOrDefault(LifelineTags.EndTime) : sameType ? stored!.EndTime?.ToString("HH:mm", CultureInfo.InvariantCulture) : null,
                DurationHours = hasEnd ? Hours(tags.GetValueOrDefault(LifelineTags.DurationHours)) : sameType ? stored!.DurationHours : null,
                UntilFurtherNotice = hasEnd ? (ufn ? true : null) : sameType && stored!.UntilFurtherNotice ? true : null,
                HoursPerDay = Hours(tags.GetValueOrDefault(LifelineTags.HoursPerDay)) ?? (sameType ? stored!.HoursPerDay : null),
                Actor1 = actor1,
                Actor2 = actor2,
                Fatalities = draft.Fatalities,
                Notes = draft.Notes,
                Sources = sources!,
                PartOf = stored?.PartOf,
                GapBefore = stored?.GapBefore ?? false,
            };
            var (content, invalid) = EventValidator.Validate(eventDraft, lookup.References, today);
            foreach (var (field, messages) in invalid.ToDictionary())
            {
                var column = ColumnOf(field);
                errors.Add(new RowError(row.Line, columns.Name(column), columns.Get(row, column) ?? "", string.Join(" ", messages)));
            }
            if (content is null)
            {
                return null;
            }
            if (stored is not null && stored.ToContent() == content)
            {
                Unchanged++;
                return null;
            }
            var recording = new Recording(draft.RecordedAt ?? now, recordedBy,
                stored is null ? $"imported from {fileName}" : $"changed in {fileName}");
            var stage = stored?.StageValue ?? draft.Stage ?? EventStage.Intake;
            return new EventVersion(situationId, draft.Id, (stored?.Version ?? 0) + 1, content, recording, stage);
        }

        private static double? Hours(string? text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) ? hours : null;

        private static OpenDataField ColumnOf(string field) => field switch
        {
            "date" => OpenDataField.Date,
            "timePrecision" => OpenDataField.TimePrecision,
            "place" => OpenDataField.Location,
            "geoPrecision" => OpenDataField.GeoPrecision,
            "type" => OpenDataField.AcledType,
            "actor1" => OpenDataField.Actor1,
            "actor2" => OpenDataField.Actor2,
            "fatalities" => OpenDataField.Fatalities,
            "notes" => OpenDataField.Notes,
            "sources" => OpenDataField.Source,
            "id" => OpenDataField.Id,
            _ => OpenDataField.Tags,
        };

        private void Write(List<EventVersion> fresh, List<EventVersion> changed)
        {
            lookup!.StoreNew(db, ledger!, this);
            foreach (var version in fresh)
            {
                var salt = RecordSalt.New();
                writer!.AddVersion(version, salt);
                writer.AddCurrent(version);
                ledger!.Add(CanonicalRecords.Event(version, salt).Entry);
                Added++;
            }
            var changedIds = changed.Select(c => c.Id).Distinct(StringComparer.Ordinal).ToList();
            foreach (var version in changed)
            {
                var salt = RecordSalt.New();
                writer!.AddVersion(version, salt);
                ledger!.Add(CanonicalRecords.Event(version, salt).Entry);
                Changed++;
            }
            writer!.Flush();
            if (changed.Count > 0)
            {
                var rows = db.Events.Where(e => e.SituationId == situationId && changedIds.Contains(e.EventId)).ToDictionary(e => e.EventId, StringComparer.Ordinal);
                foreach (var version in changed)
                {
                    if (rows.TryGetValue(version.Id, out var row))
                    {
                        row.CopyFrom(version);
                    }
                }
                db.SaveChanges();
                db.ChangeTracker.Clear();
            }
            // Events new in this batch that a later row changes are in the view already (above) or still in the writer's buffer.
            ledger!.Flush();
        }

        public void Finish()
        {
            if (writer is not null && !(Failed && !skipBadRows))
            {
                writer.Complete();
            }
            ledger?.Flush();
        }

        public Uri? Origin => origin;
        public DateTimeOffset Now => now;
        public string RecordedBy => recordedBy;
        public string FileName => fileName;
        public ImportFormat Format => columns.Format;
    }

    /// <summary>A name as an id: lower case a-z and 0-9, other characters as "-", at most 60 characters.</summary>
    internal static string Slugify(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length > 60 ? slug[..60].TrimEnd('-') : slug;
    }

    /// <summary>
    /// The situation's places, actors and sources by name, and those this import creates (held until their batch is
    /// written): memory grows with the distinct names in a file, not with its rows.
    /// </summary>
    private sealed class Lookup
    {
        private readonly string situationId;
        private readonly Dictionary<string, List<Place>> placesByName = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> placeIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> actorsByName = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> actorIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> sourcesByPublisher = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> sourceIds = new(StringComparer.Ordinal);
        private readonly List<Place> newPlaces = [];
        private readonly List<Actor> newActors = [];
        private readonly List<Source> newSources = [];
        private string? datasetSource;

        public EventReferences References { get; }

        private Lookup(string situationId, EventReferences references)
        {
            this.situationId = situationId;
            References = references;
        }

        public static Lookup Load(LifelineDbContext db, string situationId)
        {
            var situation = db.Situations.AsNoTracking().Include(s => s.Routes).Single(s => s.Id == situationId);
            var places = new HashSet<string>(StringComparer.Ordinal);
            var actors = new HashSet<string>(StringComparer.Ordinal);
            var sources = new HashSet<string>(StringComparer.Ordinal);
            var lookup = new Lookup(situationId, new EventReferences(places, actors, situation.Routes.Select(r => r.Id).ToHashSet(StringComparer.Ordinal), sources, situation.Period()));
            foreach (var place in db.Places.AsNoTracking().Where(p => p.SituationId == situationId).OrderBy(p => p.Id).AsEnumerable().Select(p => p.ToDomain()))
            {
                lookup.AddPlace(place);
            }
            foreach (var actor in db.Actors.AsNoTracking().Where(a => a.SituationId == situationId).OrderBy(a => a.Id).AsEnumerable())
            {
                lookup.actorsByName.TryAdd(actor.Name, actor.Id);
                lookup.actorIds.Add(actor.Id);
                actors.Add(actor.Id);
            }
            foreach (var source in db.Sources.AsNoTracking().Where(s => s.SituationId == situationId).OrderBy(s => s.Id).Select(s => new { s.Id, s.Publisher }))
            {
                lookup.sourcesByPublisher.TryAdd(source.Publisher, source.Id);
                lookup.sourceIds.Add(source.Id);
                sources.Add(source.Id);
            }
            return lookup;
        }

        private void AddPlace(Place place)
        {
            if (!placesByName.TryGetValue(place.Names["en"], out var list))
            {
                placesByName[place.Names["en"]] = list = [];
            }
            list.Add(place);
            placeIds.Add(place.Id);
            ((HashSet<string>)References.Places).Add(place.Id);
        }

        private static bool Near(Coordinates? a, double? latitude, double? longitude) =>
            a is null || latitude is null || longitude is null
            || Math.Abs(a.Value.Latitude - latitude.Value) < 2e-5 && Math.Abs(a.Value.Longitude - longitude.Value) < 2e-5;

        /// <summary>The place a row names: by its code, else by name and coordinates; a new one otherwise (null: no origin to record it by).</summary>
        public string? Place(RowDraft draft, Session session)
        {
            var (code, location, latitude, longitude) = (draft.PlaceCode, draft.Location, draft.Latitude, draft.Longitude);
            if (code is not null && placeIds.Contains(code))
            {
                return code;
            }
            var name = location ?? code!;
            if (placesByName.TryGetValue(name, out var named) && named.FirstOrDefault(p => Near(p.Coordinates, latitude, longitude)) is { } found)
            {
                return found.Id;
            }
            var coordinatesSource = latitude is not null ? DatasetSource(session) : null;
            if (latitude is not null && coordinatesSource is null)
            {
                return null;
            }
            var id = Unique(code is not null && Slug.IsValid(code) ? code : Slugify(name), draft.Admin1, placeIds, "place");
            var place = new Place(id, draft.GeoPrecision == 3 ? PlaceKind.Region : PlaceKind.Settlement,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["en"] = name },
                latitude is { } lat && longitude is { } lon ? Coordinates.TryCreate(lat, lon) : null, coordinatesSource);
            AddPlace(place);
            newPlaces.Add(place);
            return id;
        }

        public string Actor(string name, string? inter, Session session)
        {
            if (actorsByName.TryGetValue(name, out var id))
            {
                return id;
            }
            id = Unique(Slugify(name), null, actorIds, "actor");
            var actor = new Actor(id, name, KindOf(inter), []);
            actorsByName[name] = id;
            actorIds.Add(id);
            ((HashSet<string>)References.Actors).Add(id);
            newActors.Add(actor);
            return id;
        }

        /// <summary>
        /// ACLED's actor categories (inter codes 1-8, or their names in the current column set) as Lifeline's kinds:
        /// state forces are armed forces; rebels, militias, rioters, protesters and civilians are groups; external or
        /// other forces (international organisations among them) are organisations.
        /// </summary>
        private static ActorKind KindOf(string? inter) => inter?.Trim().ToLowerInvariant() switch
        {
            "1" or "state forces" => ActorKind.ArmedForce,
            "8" or "external/other forces" => ActorKind.Organisation,
            _ => ActorKind.Group,
        };

        public string? Source(string publisher, Session session)
        {
            if (sourcesByPublisher.TryGetValue(publisher, out var id))
            {
                return id;
            }
            if (session.Origin is null)
            {
                return null;
            }
            id = Unique(Slugify(publisher), null, sourceIds, "source");
            var source = new Source(id, publisher, session.Origin, $"{publisher}, as cited in {session.FileName}", null, DateOnly.FromDateTime(session.Now.UtcDateTime),
                new AdmiraltyGrade(SourceReliability.F, InformationCredibility.CannotBeJudged), false);
            sourcesByPublisher[publisher] = id;
            sourceIds.Add(id);
            ((HashSet<string>)References.Sources).Add(id);
            newSources.Add(source);
            return id;
        }

        /// <summary>The source for the coordinates of the places a file brings: the dataset itself, at the address it came from.</summary>
        private string? DatasetSource(Session session)
        {
            if (datasetSource is not null)
            {
                return datasetSource;
            }
            if (session.Origin is null)
            {
                return null;
            }
            var publisher = session.Format == ImportFormat.Acled && session.Origin.Host.EndsWith("acleddata.com", StringComparison.OrdinalIgnoreCase) ? "ACLED" : session.Origin.Host;
            var id = SourceValidator.IdFor(session.Origin);
            datasetSource = id;
            if (sourceIds.Add(id))
            {
                var source = new Source(id, publisher, session.Origin, $"Coordinates as given in {session.FileName}", null, DateOnly.FromDateTime(session.Now.UtcDateTime),
                    new AdmiraltyGrade(SourceReliability.F, InformationCredibility.CannotBeJudged), false);
                ((HashSet<string>)References.Sources).Add(id);
                newSources.Add(source);
            }
            return id;
        }

        private static string Unique(string wanted, string? qualifier, HashSet<string> taken, string fallback)
        {
            var id = Slug.IsValid(wanted) ? wanted : fallback;
            if (!taken.Contains(id))
            {
                return id;
            }
            if (qualifier is not null && Slugify($"{id}-{qualifier}") is { } qualified && Slug.IsValid(qualified) && !taken.Contains(qualified))
            {
                return qualified;
            }
            for (var n = 2; ; n++)
            {
                var numbered = $"{id}-{n}";
                if (!taken.Contains(numbered))
                {
                    return numbered;
                }
            }
        }

        /// <summary>Stores the places, actors and sources this batch created, each with its ledger leaf, before the events that name them.</summary>
        public void StoreNew(LifelineDbContext db, LedgerAppender ledger, Session session)
        {
            if (newPlaces.Count + newActors.Count + newSources.Count == 0)
            {
                return;
            }
            var committed = new List<Func<CommittedRecord>>();
            var recording = new Recording(session.Now, session.RecordedBy, $"named in {session.FileName}");
            // Sources first: a new place's coordinates cite the dataset's source.
            foreach (var source in newSources)
            {
                var row = SourceRow.From(situationId, source);
                var version = SourceVersionRow.From(situationId, source, 1, recording);
                db.Sources.Add(row);
                db.SourceVersions.Add(version);
                committed.Add(() => CanonicalRecords.Source(row, version));
            }
            foreach (var place in newPlaces)
            {
                var row = PlaceRow.From(situationId, place);
                row.RecordedAt = session.Now.UtcDateTime;
                var version = PlaceVersionRow.First(row);
                db.Places.Add(row);
                db.PlaceVersions.Add(version);
                committed.Add(() => CanonicalRecords.Place(version));
            }
            foreach (var actor in newActors)
            {
                var row = ActorRow.From(situationId, actor);
                row.RecordedAt = session.Now.UtcDateTime;
                db.Actors.Add(row);
                committed.Add(() => CanonicalRecords.Actor(row));
            }
            db.SaveChanges();
            db.ChangeTracker.Clear();
            foreach (var commit in committed)
            {
                ledger.Add(commit().Entry);
            }
            newPlaces.Clear();
            newActors.Clear();
            newSources.Clear();
        }
    }
}
