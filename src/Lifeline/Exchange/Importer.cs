using System.Data.Common;
using System.Globalization;
using Lifeline.Actors;
using Lifeline.Core.Access;
using Lifeline.Core.Actors;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Places;
using Lifeline.Core.Situations;
using Lifeline.Core.Sources;
using Lifeline.Events;
using Lifeline.Ledger;
using Lifeline.Places;
using Lifeline.Situations;
using Lifeline.Sources;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Exchange;

/// <summary>The outcome of an import: what was stored, or every error found (and then nothing was stored).</summary>
internal sealed record ImportResult(string? SituationId, int Events, int Versions, int Reviews, IReadOnlyList<ImportError> Errors, int MoreErrors)
{
    /// <summary>Assessment versions, supply observation versions and evidence files stored.</summary>
    public (int Assessments, int Observations, int Evidence) Others { get; init; }

    public bool Succeeded => Errors.Count == 0;
}

internal sealed record ImportError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>
/// Reads a <c>lifeline/1</c> document, checks every record, and stores it all in one transaction, or nothing;
/// every record version is appended to the ledger in that transaction, in batches.
/// A situation already in the database may receive new events; its own description, and any place, actor or
/// source already there, must then be the same as in the file. Assessments, supply observations and evidence
/// metadata are checked by the same rules as when they are recorded; an evidence file's bytes must be in the
/// evidence store already or in <paramref name="evidenceFolder"/> (beside the document), with the SHA-256 it names.
/// </summary>
internal sealed class Importer(LifelineDbContext db, TimeProvider clock, Evidence.EvidenceStorage? evidenceFiles = null, string? evidenceFolder = null)
{
    public const int MaxErrorsReported = 100;

    /// <summary>
    /// Reads a status-changing event without an end as lasting until further notice, as Lifeline read every such event
    /// before events had ends, instead of refusing it: for loading a record as an earlier release held it.
    /// </summary>
    public bool EndsAsBefore { get; init; }

    /// <summary>
    /// Takes events dated outside their situation's record period, as Lifeline did before situations had one, instead
    /// of refusing them: for loading a record as an earlier release held it.
    /// </summary>
    public bool PeriodsAsBefore { get; init; }

    /// <summary>32 MiB: about 50,000 events.</summary>
    public const long DefaultLargeImportBytes = 32L << 20;

    /// <summary>
    /// From how many bytes of document an import is large: its rows are then written while the next are read, and
    /// the indexes of the tables it fills (and the full-text index) are built once after its rows rather than kept up
    /// row by row, unless the situation tables already hold more than a row per KB of the document (rebuilding them
    /// would then cost more than it saves). Read only when the stream knows its length, as a file does.
    /// </summary>
    public long LargeImportBytes { get; init; } = DefaultLargeImportBytes;

    /// <param name="recordedBy">Who is importing; recorded on every version that does not say who recorded it.</param>
    /// <param name="reason">Why; recorded on every version that does not say.</param>
    public ImportResult Import(Stream stream, string recordedBy, string reason, IProgress<long>? progress = null)
    {
        long? large = stream.CanSeek && stream.Length - stream.Position >= LargeImportBytes ? stream.Length - stream.Position : null;
        using var transaction = db.Database.BeginTransaction();
        using var behind = new WriteBehind();
        var session = new Session(db, clock, recordedBy, reason, evidenceFiles, evidenceFolder, behind) { EndsAsBefore = EndsAsBefore, PeriodsAsBefore = PeriodsAsBefore, LargeBytes = large };
        new DocumentReader(stream, progress).Read(session);
        session.Finish();
        behind.Dispose();
        if (session.Errors.Count > 0)
        {
            transaction.Rollback();
            return new ImportResult(session.SituationId, 0, 0, 0, session.Errors, session.MoreErrors);
        }
        transaction.Commit();
        return new ImportResult(session.SituationId, session.EventCount, session.VersionCount, session.ReviewCount, [], 0)
        {
            Others = (session.AssessmentCount, session.ObservationCount, session.EvidenceCount),
        };
    }

    private sealed class Session(LifelineDbContext db, TimeProvider clock, string recordedBy, string reason, Evidence.EvidenceStorage? evidenceFiles, string? evidenceFolder, WriteBehind behind) : IDocumentVisitor
    {
        /// <summary>The document's size in bytes when the import is large (see <see cref="LargeImportBytes"/>).</summary>
        public long? LargeBytes { get; init; }

        private readonly DateOnly today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        private readonly DateTimeOffset now = TruncateToSeconds(clock.GetUtcNow());
        private string? format;
        private SituationDto? situationDto;
        private readonly List<(int Index, SourceDto Dto)> sourceDtos = [];
        private readonly List<(int Index, PlaceDto Dto)> placeDtos = [];
        private readonly List<(int Index, ActorDto Dto)> actorDtos = [];
        private bool headerDone;
        private bool writing = true;
        private EventReferences? references;

        /// <summary>The ids of the events the situation already holds, so that an event imported again is named.</summary>
        private HashSet<string> storedEvents = new(StringComparer.Ordinal);
        private BulkWriter? writer;
        private LedgerAppender? ledger;
        private readonly Dictionary<string, int> reviewNumbers = new(StringComparer.Ordinal);
        private string? currentId;
        private int currentVersion;
        private EventVersion? currentLast;
        private string? currentPath;
        private bool currentLacksEnd;
        public bool EndsAsBefore { get; init; }
        public bool PeriodsAsBefore { get; init; }
        private readonly List<(int Index, ReviewDto Dto)> reviewDtos = [];
        private readonly List<(int Index, EarlyWarning.AssessmentDto Dto)> assessmentDtos = [];
        private readonly List<(int Index, SupplyObservationDto Dto)> observationDtos = [];
        private readonly List<(int Index, EvidenceDto Dto)> evidenceDtos = [];
        private readonly List<(string Path, string EventId)> partOfs = [];

        public List<ImportError> Errors { get; } = [];
        public int MoreErrors { get; private set; }
        public string? SituationId { get; private set; }
        public int EventCount { get; private set; }
        public int VersionCount { get; private set; }
        public int ReviewCount { get; private set; }
        public int AssessmentCount { get; private set; }
        public int ObservationCount { get; private set; }
        public int EvidenceCount { get; private set; }

        public void Format(string? value) => format = value;

        public void Situation(SituationDto situation) => situationDto = situation;

        public void Source(int index, SourceDto source) => HeaderPart(() => sourceDtos.Add((index, source)), "sources");

        public void Place(int index, PlaceDto place) => HeaderPart(() => placeDtos.Add((index, place)), "places");

        public void Actor(int index, ActorDto actor) => HeaderPart(() => actorDtos.Add((index, actor)), "actors");

        public void Review(int index, ReviewDto review) => reviewDtos.Add((index, review));

        public void Assessment(int index, EarlyWarning.AssessmentDto assessment) => assessmentDtos.Add((index, assessment));

        public void SupplyObservation(int index, SupplyObservationDto observation) => observationDtos.Add((index, observation));

        public void Evidence(int index, EvidenceDto evidence) => evidenceDtos.Add((index, evidence));

        public void Error(string field, string message)
        {
            writing = false;
            if (Errors.Count < MaxErrorsReported)
            {
                Errors.Add(new ImportError(field, message));
            }
            else
            {
                MoreErrors++;
            }
        }

        private void HeaderPart(Action add, string section)
        {
            if (headerDone)
            {
                Error(section, "must come before events and reviews in the file");
                return;
            }
            add();
        }

        public void Event(int index, EventDto dto)
        {
            EnsureHeader();
            if (references is null || SituationId is null)
            {
                return;
            }
            var path = $"events[{index}]";
            var draft = new EventDraft
            {
                Id = dto.Id,
                Date = dto.Date,
                Time = dto.Time,
                TimePrecision = dto.TimePrecision,
                Place = dto.Place,
                GeoPrecision = dto.GeoPrecision,
                Type = dto.Type,
                Utility = dto.Utility,
                Route = dto.Route,
                EndDate = dto.EndDate,
                EndTime = dto.EndTime,
                DurationHours = dto.DurationHours,
                UntilFurtherNotice = dto.UntilFurtherNotice,
                HoursPerDay = dto.HoursPerDay,
                Actor1 = dto.Actor1,
                Actor2 = dto.Actor2,
                Fatalities = dto.Fatalities,
                Notes = dto.Notes,
                Sources = dto.Sources,
                PartOf = dto.PartOf,
                GapBefore = dto.GapBefore ?? false,
            };
            // History is read as it was recorded: an earlier version may lack an end; the current one may not (below).
            var (content, errors) = EventValidator.Validate(draft, references, today, requireEnd: false);
            if (content?.PartOf is { } partOf)
            {
                partOfs.Add(($"{path}.partOf", partOf));
            }
            foreach (var field in errors.Fields)
            {
                foreach (var message in errors.ToDictionary()[field])
                {
                    Error($"{path}.{field}", message);
                }
            }
            if (dto.Id is null)
            {
                Error($"{path}.id", "is required in a file: a stable id such as 2022-12-12-blockade-begins");
            }
            else if (dto.Id != currentId && storedEvents.Contains(dto.Id))
            {
                Error($"{path}.id", $"event '{dto.Id}' is already in situation '{SituationId}': an import adds events that are not stored yet");
            }
            var version = dto.Version ?? 1;
            var sameEvent = dto.Id is not null && dto.Id == currentId;
            if (!sameEvent)
            {
                CompleteCurrent();
                currentId = dto.Id;
                currentVersion = 0;
            }
            currentPath = path;
            currentLacksEnd = content is { Ends: null } && EventValidator.ChangesStatus(content.Type);
            if (version != currentVersion + 1)
            {
                Error($"{path}.version", sameEvent
                    ? $"event '{dto.Id}' has version {currentVersion} just before; this one must be {currentVersion + 1}"
                    : $"must be 1 for the first version of event '{dto.Id}' (the versions of one event come together, in order)");
            }
            currentVersion = version;
            var recording = Recording(dto.Recorded, $"{path}.recorded");
            var stage = dto.Stage is null ? EventStage.Intake : KebabCase.Parse<EventStage>(dto.Stage);
            if (stage is null)
            {
                Error($"{path}.stage", $"'{dto.Stage}' is not a stage: use intake, reviewed or published (left out: intake)");
            }
            if (content is null || dto.Id is null || recording is null || stage is null || !writing)
            {
                return;
            }
            var eventVersion = new EventVersion(SituationId, dto.Id, version, content, recording, stage.Value);
            var salt = RecordSalt.New();
            Write(w =>
            {
                w.AddVersion(eventVersion, salt);
                ledger!.Add(CanonicalRecords.Event(eventVersion, salt).Entry);
            }, path);
            VersionCount++;
            currentLast = eventVersion;
        }

        /// <summary>
        /// The last version read of an event becomes its current version once the next event begins. A current version
        /// that changes a status must say how long it lasts.
        /// </summary>
        private void CompleteCurrent()
        {
            if (currentLacksEnd && currentPath is not null && !EndsAsBefore)
            {
                Error($"{currentPath}.endDate", "is required on the current version of a status-changing event unless durationHours or untilFurtherNotice is given: say the last day the new status held (YYYY-MM-DD), how many hours it lasted, or that it holds until further notice (until the next change of the same route or utility)");
            }
            currentLacksEnd = false;
            if (currentLast is not null && writing)
            {
                var last = currentLast;
                Write(w => w.AddCurrent(last), $"events (event '{last.Id}')");
                EventCount++;
            }
            currentLast = null;
        }

        private Recording? Recording(RecordedDto? recorded, string path)
        {
            if (recorded is null)
            {
                return new Recording(now, recordedBy, reason);
            }
            var at = now;
            if (recorded.At is not null)
            {
                if (!DateTimeOffset.TryParseExact(recorded.At, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
                {
                    Error($"{path}.at", $"'{recorded.At}' is not an instant: write it as YYYY-MM-DDTHH:MM:SSZ (UTC)");
                    return null;
                }
                if (at > now.AddDays(1))
                {
                    Error($"{path}.at", $"{recorded.At} is in the future");
                    return null;
                }
            }
            return new Recording(at, string.IsNullOrWhiteSpace(recorded.By) ? recordedBy : recorded.By.Trim(),
                string.IsNullOrWhiteSpace(recorded.Reason) ? reason : recorded.Reason.Trim());
        }

        private void Write(Action<BulkWriter> action, string path)
        {
            if (!writing || writer is null)
            {
                return;
            }
            try
            {
                action(writer);
            }
            catch (DbException ex)
            {
                Error(path, DescribeWriteFailure(ex));
            }
        }

        private static string DescribeWriteFailure(DbException ex) => ex switch
        {
            Npgsql.PostgresException { SqlState: "23505" } pg => $"an id is used twice: {pg.Detail}",
            Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } => "an event id is used twice, or is already in this situation (the versions of one event must come together)",
            _ => $"could not be stored: {ex.Message}",
        };

        public void Finish()
        {
            EnsureHeader();
            CompleteCurrent();
            Write(w => w.Complete(), "events");
            // Whatever happened, nothing is written behind from here on: the connection is this thread's again.
            behind.Dispose();
            if (ledger is not null)
            {
                ledger.Behind = null;
            }
            if (SituationId is null)
            {
                return;
            }
            foreach (var (path, target) in partOfs)
            {
                if (writing && !db.Events.Any(e => e.SituationId == SituationId && e.EventId == target))
                {
                    Error(path, $"there is no event '{target}' in this situation");
                }
            }
            foreach (var (index, dto) in reviewDtos)
            {
                var path = $"reviews[{index}]";
                var verdict = KebabCase.Parse<ReviewVerdict>(dto.Verdict);
                if (verdict is null)
                {
                    Error($"{path}.verdict", $"'{dto.Verdict}' is not a verdict: use verified or disputed");
                }
                if (string.IsNullOrWhiteSpace(dto.Note))
                {
                    Error($"{path}.note", "is required: what the reviewer found");
                }
                var recording = Recording(new RecordedDto { At = dto.At, By = dto.By, Reason = "review" }, path);
                if (string.IsNullOrWhiteSpace(dto.Event))
                {
                    Error($"{path}.event", "is required: the id of the event reviewed");
                }
                else if (writing && !db.Events.Any(e => e.SituationId == SituationId && e.EventId == dto.Event))
                {
                    Error($"{path}.event", $"there is no event '{dto.Event}'");
                }
                if (verdict is not null && recording is not null && writing)
                {
                    var review = new Review(SituationId, dto.Event!, verdict.Value, dto.Note!.Trim(), recording.At, recording.By);
                    var row = new ReviewRow
                    {
                        SituationId = review.SituationId,
                        EventId = review.EventId,
                        Verdict = KebabCase.Of(review.Verdict),
                        Note = review.Note,
                        At = review.At.UtcDateTime,
                        By = review.By,
                    };
                    var number = reviewNumbers.TryGetValue(review.EventId, out var before)
                        ? before + 1
                        : db.Reviews.Count(r => r.SituationId == SituationId && r.EventId == review.EventId) + 1;
                    reviewNumbers[review.EventId] = number;
                    Write(w =>
                    {
                        w.AddReview(review, row.Salt);
                        ledger!.Add(CanonicalRecords.Review(row, number).Entry);
                    }, path);
                    ReviewCount++;
                }
            }
            Write(w => w.Flush(), "reviews");
            if (writing && Errors.Count == 0)
            {
                Others();
            }
            Write(_ => ledger?.Flush(), "ledger");
        }

        /// <summary>Assessments, supply observations and evidence, once the events they cite are stored.</summary>
        private void Others()
        {
            var situationId = SituationId!;
            if (assessmentDtos.Count > 0)
            {
                var importer = new EarlyWarning.AssessmentImporter(db, clock, situationId, recordedBy, reason);
                var rows = importer.Check(assessmentDtos.Select(a => ($"assessments[{a.Index}]", a.Dto)).ToList());
                foreach (var error in importer.Errors)
                {
                    Error(error.Field, error.Message);
                }
                if (writing)
                {
                    importer.Write(rows, ledger!);
                    AssessmentCount = rows.Count;
                }
            }
            if (observationDtos.Count > 0)
            {
                var rows = new Supplies.SupplyObservationImport(db, situationId, today, now, recordedBy, reason)
                    .Check(observationDtos.Select(o => ($"supplyObservations[{o.Index}]", o.Dto)).ToList(), Error);
                if (writing)
                {
                    foreach (var (versions, current) in rows)
                    {
                        db.AddRange(versions);
                        db.Add(current);
                        foreach (var version in versions)
                        {
                            ledger!.Add(CanonicalRecords.SupplyObservation(version).Entry);
                        }
                        ObservationCount += versions.Count;
                    }
                }
            }
            if (evidenceDtos.Count > 0)
            {
                var (evidence, custody) = new Evidence.EvidenceImport(db, situationId, now, evidenceFiles, evidenceFolder)
                    .Check(evidenceDtos.Select(e => ($"evidence[{e.Index}]", e.Dto)).ToList(), Error);
                if (writing)
                {
                    db.AddRange(evidence);
                    db.AddRange(custody);
                    foreach (var row in evidence)
                    {
                        ledger!.Add(CanonicalRecords.Evidence(row).Entry);
                    }
                    foreach (var step in custody)
                    {
                        ledger!.Add(CanonicalRecords.Custody(step).Entry);
                    }
                    EvidenceCount = evidence.Count;
                }
            }
            if (writing)
            {
                try
                {
                    db.SaveChanges();
                }
                catch (DbUpdateException ex) when (ex.InnerException is DbException inner)
                {
                    Error("$", DescribeWriteFailure(inner));
                }
                db.ChangeTracker.Clear();
            }
        }

        /// <summary>
        /// Once the first event arrives (or the file ends), everything it may refer to has been read:
        /// check it all and store it.
        /// </summary>
        private void EnsureHeader()
        {
            if (headerDone)
            {
                return;
            }
            headerDone = true;
            if (format != ExchangeJson.Format)
            {
                Error("format", format is null
                    ? $"is missing: a Lifeline document starts with \"format\": \"{ExchangeJson.Format}\""
                    : $"'{format}' is not a format this version reads; it reads {ExchangeJson.Format}");
            }
            if (situationDto is null)
            {
                Error("situation", "is missing: the document must describe its situation before its events");
                return;
            }
            SituationId = situationDto.Id;
            var existing = Slug.IsValid(situationDto.Id) ? LoadExisting(situationDto.Id!) : null;
            if (existing is not null)
            {
                storedEvents = db.Events.Where(e => e.SituationId == situationDto.Id).Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
            }

            var sources = new Dictionary<string, Source>((IEnumerable<KeyValuePair<string, Source>>?)existing?.Sources ?? [], StringComparer.Ordinal);
            foreach (var (index, dto) in sourceDtos)
            {
                var path = $"sources[{index}]";
                if (dto.Id is null)
                {
                    Error($"{path}.id", "is required in a file");
                    continue;
                }
                var (source, errors) = SourceValidator.Validate(dto.ToDraft(), today, path);
                Report(errors);
                if (source is not null)
                {
                    AddUnique(sources, source.Id, source, path, existing?.Sources, (a, b) => a == b);
                }
            }
            var sourceIds = sources.Keys.ToHashSet(StringComparer.Ordinal);

            var places = new Dictionary<string, Place>((IEnumerable<KeyValuePair<string, Place>>?)existing?.Places ?? [], StringComparer.Ordinal);
            foreach (var (index, dto) in placeDtos)
            {
                var path = $"places[{index}]";
                var (place, errors) = PlaceValidator.Validate(
                    new PlaceDraft(dto.Id, dto.Kind, dto.Names, dto.Latitude, dto.Longitude, dto.CoordinatesSource), sourceIds, path);
                Report(errors);
                if (place is not null)
                {
                    AddUnique(places, place.Id, place, path, existing?.Places, SamePlace);
                }
            }

            var actorIds = actorDtos.Select(a => a.Dto.Id).OfType<string>().Concat(existing?.Actors.Keys ?? []).ToHashSet(StringComparer.Ordinal);
            var actors = new Dictionary<string, Actor>((IEnumerable<KeyValuePair<string, Actor>>?)existing?.Actors ?? [], StringComparer.Ordinal);
            foreach (var (index, dto) in actorDtos)
            {
                var path = $"actors[{index}]";
                var (actor, errors) = ActorValidator.Validate(new ActorDraft(dto.Id, dto.Name, dto.Kind, dto.Affiliations), actorIds, path);
                Report(errors);
                if (actor is not null)
                {
                    AddUnique(actors, actor.Id, actor, path, existing?.Actors, (a, b) => a.Name == b.Name && a.Kind == b.Kind && a.Affiliations.SequenceEqual(b.Affiliations));
                }
            }

            var (situation, situationErrors) = SituationValidator.Validate(
                new SituationDraft(
                    situationDto.Id, situationDto.Name, situationDto.Region, situationDto.StartDate, situationDto.EndDate,
                    situationDto.Figures?.ToDictionary(f => f.Key, f => new FigureDraft(f.Value.Value, f.Value.Qualifier, f.Value.Sources)),
                    situationDto.Routes?.Select(r => new RouteDraft(r.Id, r.Name, r.Via, r.Sources)
                    {
                        Baseline = r.Baseline is { } b ? new BaselineDraft(b.Status, b.Sources) : null,
                    }).ToList())
                {
                    UtilityBaselines = situationDto.UtilityBaselines?.ToDictionary(u => u.Key, u => new BaselineDraft(u.Value.Status, u.Value.Sources)),
                    RecordFrom = situationDto.RecordFrom,
                    RecordUntil = situationDto.RecordUntil,
                },
                places.Keys.ToHashSet(StringComparer.Ordinal), sourceIds, today);
            Report(situationErrors);
            if (situation is not null && existing?.Situation is { } stored && !SameSituation(stored, situation))
            {
                Error("situation", $"situation '{situation.Id}' is already stored with a different description; events can be added to it only by a file that describes it the same way");
            }
            // A stored situation's record period is widened to take in the file's, never narrowed.
            var period = situation?.RecordPeriod;
            RecordPeriod? widened = null;
            if (situation is not null && existing?.Situation.RecordPeriod is { } storedPeriod)
            {
                period = Union(storedPeriod, situation.RecordPeriod);
                widened = period == storedPeriod ? null : period;
            }
            if (Errors.Count == 0 && situation is not null && writing)
            {
                Store(situation, existing, sources.Values, places.Values, actors.Values, widened);
                writer = BulkWriter.Begin(db, behind, deferIndexes: LargeBytes is { } bytes && bytes / 1024 >= StoredVersions());
                ledger!.Behind = behind;
            }
            references = new EventReferences(
                places.Keys.ToHashSet(StringComparer.Ordinal),
                actors.Keys.ToHashSet(StringComparer.Ordinal),
                (situation?.Routes.Select(r => r.Id) ?? []).ToHashSet(StringComparer.Ordinal),
                sourceIds,
                PeriodsAsBefore || period is null ? new RecordPeriod(situationDto.Id ?? "", RecordDates.Earliest, null) : period.Value);
        }

        /// <summary>How many event versions the database holds, in all situations (as many as the last row id, or fewer).</summary>
        private long StoredVersions() => db.EventVersions.Max(v => (long?)v.RowId) ?? 0;

        /// <summary>The smallest period holding both: the earlier first day, the later last day (an open end stays open).</summary>
        private static RecordPeriod Union(RecordPeriod stored, RecordPeriod file) => stored with
        {
            From = file.From < stored.From ? file.From : stored.From,
            Until = stored.Until is null || file.Until is null ? null : (file.Until > stored.Until ? file.Until : stored.Until),
        };

        private void Report(ValidationErrors errors)
        {
            foreach (var (field, messages) in errors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    Error(field, message);
                }
            }
        }

        private void AddUnique<T>(Dictionary<string, T> all, string id, T value, string path, IReadOnlyDictionary<string, T>? stored, Func<T, T, bool> same)
        {
            if (stored is not null && stored.TryGetValue(id, out var old))
            {
                if (!same(old, value))
                {
                    Error($"{path}.id", $"'{id}' is already stored in this situation with different content");
                }
                return;
            }
            if (!all.TryAdd(id, value))
            {
                Error($"{path}.id", $"'{id}' is listed twice");
            }
        }

        private static bool SamePlace(Place a, Place b) =>
            a.Kind == b.Kind && a.Coordinates == b.Coordinates && a.CoordinatesSource == b.CoordinatesSource
            && a.Names.Count == b.Names.Count && a.Names.All(n => b.Names.TryGetValue(n.Key, out var v) && v == n.Value);

        private static bool SameSituation(Situation a, Situation b) =>
            a.Name == b.Name && a.Region == b.Region && a.StartDate == b.StartDate && a.EndDate == b.EndDate
            && a.Routes.Select(r => (r.Id, r.Baseline)).SequenceEqual(b.Routes.Select(r => (r.Id, r.Baseline)))
            && a.UtilityBaselines.Count == b.UtilityBaselines.Count
            && a.UtilityBaselines.All(u => b.UtilityBaselines.TryGetValue(u.Key, out var v) && v == u.Value)
            && a.Figures.Count == b.Figures.Count
            && a.Figures.All(f => b.Figures.TryGetValue(f.Key, out var g) && g.Value == f.Value.Value && g.Qualifier == f.Value.Qualifier);

        private sealed record Existing(
            Situation Situation,
            IReadOnlyDictionary<string, Source> Sources,
            IReadOnlyDictionary<string, Place> Places,
            IReadOnlyDictionary<string, Actor> Actors);

        private Existing? LoadExisting(string situationId)
        {
            var row = db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).FirstOrDefault(s => s.Id == situationId);
            if (row is null)
            {
                return null;
            }
            return new Existing(
                row.ToDomain(),
                db.Sources.AsNoTracking().Where(s => s.SituationId == situationId).AsEnumerable().ToDictionary(s => s.Id, s => s.ToDomain(), StringComparer.Ordinal),
                db.Places.AsNoTracking().Where(p => p.SituationId == situationId).AsEnumerable().ToDictionary(p => p.Id, p => p.ToDomain(), StringComparer.Ordinal),
                db.Actors.AsNoTracking().Where(a => a.SituationId == situationId).AsEnumerable().ToDictionary(a => a.Id, a => a.ToDomain(), StringComparer.Ordinal));
        }

        private void Store(Situation situation, Existing? existing, IEnumerable<Source> sources, IEnumerable<Place> places, IEnumerable<Actor> actors, RecordPeriod? widened)
        {
            ledger = LedgerAppender.Begin(db);
            var committed = new List<Func<CommittedRecord>>();
            if (existing is null)
            {
                var situationRow = SituationRows.From(situation, now);
                db.Situations.Add(situationRow);
                committed.Add(() => CanonicalRecords.Situation(situationRow));
            }
            else if (widened is { } period)
            {
                var (situationRow, version) = SituationRows.Widen(db, situation.Id, period, now, recordedBy, $"record period widened by an import ({reason})");
                committed.Add(() => CanonicalRecords.Situation(situationRow, version));
            }
            var firstRecorded = sourceDtos.Where(s => s.Dto.Id is not null && s.Dto.Recorded is not null)
                .GroupBy(s => s.Dto.Id!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Recording(g.First().Dto.Recorded, $"sources[{g.First().Index}].recorded"), StringComparer.Ordinal);
            foreach (var source in sources.Where(s => existing?.Sources.ContainsKey(s.Id) != true))
            {
                var row = SourceRow.From(situation.Id, source);
                var version = SourceVersionRow.From(situation.Id, source, 1, firstRecorded.GetValueOrDefault(source.Id) ?? new Recording(now, recordedBy, reason));
                db.Sources.Add(row);
                db.SourceVersions.Add(version);
                committed.Add(() => CanonicalRecords.Source(row, version));
            }
            foreach (var place in places.Where(p => existing?.Places.ContainsKey(p.Id) != true))
            {
                var row = PlaceRow.From(situation.Id, place);
                row.RecordedAt = now.UtcDateTime;
                var version = PlaceVersionRow.First(row);
                db.Places.Add(row);
                db.PlaceVersions.Add(version);
                committed.Add(() => CanonicalRecords.Place(version));
            }
            foreach (var actor in actors.Where(a => existing?.Actors.ContainsKey(a.Id) != true))
            {
                var row = ActorRow.From(situation.Id, actor);
                row.RecordedAt = now.UtcDateTime;
                db.Actors.Add(row);
                committed.Add(() => CanonicalRecords.Actor(row));
            }
            db.SaveChanges();
            db.ChangeTracker.Clear();
            ledger.Append(committed.Select(commit => commit()));
        }
    }

    public static DateTimeOffset TruncateToSeconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
