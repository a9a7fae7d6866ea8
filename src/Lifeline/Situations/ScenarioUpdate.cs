using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Places;
using Lifeline.Core.Situations;
using Lifeline.Core.Sources;
using Lifeline.Events;
using Lifeline.Exchange;
using Lifeline.Ledger;
using Lifeline.Places;
using Lifeline.Sources;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Situations;

/// <summary>What <c>lifeline scenario update</c> did, or why it did nothing.</summary>
internal sealed record ScenarioUpdateResult(
    int EventsCorrected, int EventsAdded, int SourcesCorrected, int SourcesAdded, int PlacesCorrected, int PlacesAdded, int ReviewsAdded,
    IReadOnlyList<string> Notices, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public bool Changed => EventsCorrected + EventsAdded + SourcesCorrected + SourcesAdded + PlacesCorrected + PlacesAdded + ReviewsAdded > 0 || Widened is not null;

    /// <summary>The record period the situation was widened to, when the file's reaches further than the stored one.</summary>
    public RecordPeriod? Widened { get; init; }
}

/// <summary>
/// Brings a deployment's stored copy of a built-in scenario up to the file shipped beside the executable, the way a
/// person's correction would: every event whose content differs gets a new version with its reason (the file's
/// <c>correction</c> note, or "corrected in the built-in record: FIELDS"), every source whose dates differ and every
/// place that differs a new version, and whatever the file adds is added; each version is a ledger leaf written in the same transaction.
/// Nothing is overwritten in place and nothing is removed. An event whose current version someone recorded in this
/// deployment is left as it is, and said so. Running it again changes nothing.
/// </summary>
internal sealed class ScenarioUpdate(LifelineDbContext db, TimeProvider clock)
{
    /// <summary>Who the built-in record's versions are recorded by, on load and on update.</summary>
    public const string RecordedBy = "Lifeline";

    public ScenarioUpdateResult Update(Stream stream, string name)
    {
        var file = new Collected();
        new DocumentReader(stream, null).Read(file);
        var errors = new List<ImportError>(file.Errors);
        var situationId = file.Situation?.Id;
        if (errors.Count == 0 && (situationId is null || !db.Situations.Any(s => s.Id == situationId)))
        {
            errors.Add(new ImportError("situation", $"'{situationId}' is not stored here: load it first with `lifeline scenario load {name}`"));
        }
        if (errors.Count > 0)
        {
            return new ScenarioUpdateResult(0, 0, 0, 0, 0, 0, 0, [], errors);
        }
        var id = situationId!;
        var now = Importer.TruncateToSeconds(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var notices = new List<string>();
        int sourcesCorrected = 0, sourcesAdded = 0, placesCorrected = 0, placesAdded = 0, eventsCorrected = 0, eventsAdded = 0, reviewsAdded = 0;

        using var transaction = db.Database.BeginTransaction();
        var ledger = LedgerAppender.Begin(db);
        var committed = new List<Func<CommittedRecord>>();

        // Sources: a new one is added; a stored one whose dates differ gets a new version that keeps its grade
        // (grading is this deployment's call, not the file's).
        var stored = db.Sources.Where(s => s.SituationId == id).ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var (index, dto) in file.Sources)
        {
            var (source, sourceErrors) = SourceValidator.Validate(dto.ToDraft(), today, $"sources[{index}]");
            errors.AddRange(sourceErrors.ToDictionary().SelectMany(e => e.Value.Select(m => new ImportError(e.Key, m))));
            if (source is null)
            {
                continue;
            }
            if (!stored.TryGetValue(source.Id, out var row))
            {
                var added = SourceRow.From(id, source);
                var version = SourceVersionRow.From(id, source, 1, new Recording(now, RecordedBy, "added in the built-in record"));
                db.Sources.Add(added);
                db.SourceVersions.Add(version);
                stored[source.Id] = added;
                committed.Add(() => CanonicalRecords.Source(added, version));
                sourcesAdded++;
                continue;
            }
            if (row.Publisher != source.Publisher || row.Url != source.Url.OriginalString || row.Title != source.Title)
            {
                notices.Add($"source '{source.Id}': its publisher, address or title differs from the file; those are not versioned, so it was left as it is");
            }
            var changed = new List<string>();
            if (row.Published != source.Published) { changed.Add("published"); }
            if (row.Retrieved != source.Retrieved) { changed.Add("retrieved"); }
            if (changed.Count == 0)
            {
                continue;
            }
            row.Published = source.Published;
            row.Retrieved = source.Retrieved;
            row.Version++;
            var corrected = SourceVersionRow.From(id, row.ToDomain(), row.Version,
                new Recording(now, RecordedBy, $"corrected in the built-in record: {string.Join(", ", changed)}"));
            db.SourceVersions.Add(corrected);
            committed.Add(() => CanonicalRecords.Source(row, corrected));
            sourcesCorrected++;
        }

        // The situation is versioned only for its record period, which the file may widen (never narrow); baselines
        // the file declares and the store lacks are reported, not added.
        RecordPeriod? widened = null;
        if (file.Situation is { } described)
        {
            var storedSituation = db.Situations.Where(s => s.Id == id).Include(s => s.Baselines).Single();
            var storedPeriod = storedSituation.Period();
            var periodErrors = new ValidationErrors();
            var from = RecordDates.Parse(described.RecordFrom, "situation.recordFrom", today, periodErrors);
            var until = RecordDates.Parse(described.RecordUntil, "situation.recordUntil", today, periodErrors);
            errors.AddRange(periodErrors.ToDictionary().SelectMany(e => e.Value.Select(m => new ImportError(e.Key, m))));
            var filePeriod = new RecordPeriod(id, from ?? storedSituation.StartDate, until ?? storedSituation.EndDate);
            if (!storedPeriod.Covers(filePeriod) && periodErrors.IsEmpty)
            {
                widened = storedPeriod with
                {
                    From = filePeriod.From < storedPeriod.From ? filePeriod.From : storedPeriod.From,
                    Until = storedPeriod.Until is null || filePeriod.Until is null ? null : (filePeriod.Until > storedPeriod.Until ? filePeriod.Until : storedPeriod.Until),
                };
                var (situationRow, version) = SituationRows.Widen(db, id, widened.Value, now, RecordedBy, $"record period widened in the built-in record, from {storedPeriod} to {widened}");
                committed.Add(() => CanonicalRecords.Situation(situationRow, version));
            }
            if (!filePeriod.Covers(storedPeriod))
            {
                notices.Add($"the stored record period ({storedPeriod}) reaches beyond the file's ({filePeriod}); a period is never narrowed, so it was kept");
            }
            var declared = (described.Routes ?? []).Where(r => r.Baseline is not null).Select(r => $"{StatusBaselineRow.RouteKind}:{r.Id}")
                .Concat((described.UtilityBaselines ?? []).Keys.Select(u => $"{StatusBaselineRow.UtilityKind}:{u}"));
            var missing = declared.Except(storedSituation.Baselines.Select(b => $"{b.Kind}:{b.Subject}"), StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                notices.Add($"the file declares baselines this deployment's situation lacks ({string.Join(", ", missing)}); a situation is not versioned, so those stay unknown here until their first event");
            }
        }

        // Places: a new one is added; a stored one that differs gets a new version. Actors have a single version:
        // a new one is added by an import, a changed one is reported.
        var places = db.Places.Where(p => p.SituationId == id).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var sourceIds = stored.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var (index, dto) in file.Places)
        {
            var (place, placeErrors) = PlaceValidator.Validate(
                new PlaceDraft(dto.Id, dto.Kind, dto.Names, dto.Latitude, dto.Longitude, dto.CoordinatesSource), sourceIds, $"places[{index}]");
            errors.AddRange(placeErrors.ToDictionary().SelectMany(e => e.Value.Select(m => new ImportError(e.Key, m))));
            if (place is null)
            {
                continue;
            }
            if (!places.TryGetValue(place.Id, out var row))
            {
                var added = PlaceRow.From(id, place);
                added.RecordedAt = now.UtcDateTime;
                var first = PlaceVersionRow.First(added);
                db.Places.Add(added);
                db.PlaceVersions.Add(first);
                places[place.Id] = added;
                committed.Add(() => CanonicalRecords.Place(first));
                placesAdded++;
                continue;
            }
            var differs = PlaceChanges(row, PlaceRow.From(id, place));
            if (differs.Count == 0)
            {
                continue;
            }
            var next = PlaceVersionRow.Next(row, place, now.UtcDateTime, RecordedBy, $"corrected in the built-in record: {string.Join(", ", differs)}");
            db.PlaceVersions.Add(next);
            next.ShowIn(row);
            committed.Add(() => CanonicalRecords.Place(next));
            placesCorrected++;
        }
        if (errors.Count > 0)
        {
            return new ScenarioUpdateResult(0, 0, 0, 0, 0, 0, 0, notices, errors);
        }
        db.SaveChanges();

        var references = new EventReferences(
            places.Keys.ToHashSet(StringComparer.Ordinal),
            db.Actors.Where(a => a.SituationId == id).Select(a => a.Id).ToHashSet(StringComparer.Ordinal),
            db.Routes.Where(r => r.SituationId == id).Select(r => r.Id).ToHashSet(StringComparer.Ordinal),
            stored.Keys.ToHashSet(StringComparer.Ordinal),
            widened ?? db.Situations.AsNoTracking().Single(s => s.Id == id).Period());
        var current = db.Events.Where(e => e.SituationId == id).ToDictionary(e => e.EventId, StringComparer.Ordinal);
        var fileIds = file.Events.Select(e => e.Dto.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (index, dto) in file.Events)
        {
            var path = $"events[{index}]";
            var (content, eventErrors) = EventValidator.Validate(Draft(dto), references, today);
            errors.AddRange(eventErrors.ToDictionary().SelectMany(e => e.Value.Select(m => new ImportError($"{path}.{e.Key}", m))));
            if (content?.PartOf is { } partOf && !fileIds.Contains(partOf) && !current.ContainsKey(partOf))
            {
                errors.Add(new ImportError($"{path}.partOf", $"there is no event '{partOf}'"));
            }
            if (content is null || dto.Id is null)
            {
                continue;
            }
            if (!current.TryGetValue(dto.Id, out var row))
            {
                var stage = KebabCase.Parse<EventStage>(dto.Stage ?? "") ?? EventStage.Intake;
                var first = new EventVersion(id, dto.Id, 1, content, new Recording(now, RecordedBy, dto.Correction ?? "added in the built-in record"), stage);
                var added = EventRow.From(first);
                db.Events.Add(added);
                current[dto.Id] = added;
                Version(first);
                eventsAdded++;
                continue;
            }
            var before = row.ToContent();
            if (before == content)
            {
                continue;
            }
            if (row.RecordedBy != RecordedBy)
            {
                notices.Add($"event '{dto.Id}' was last recorded by {row.RecordedBy} in this deployment; its correction in the built-in record was not applied");
                continue;
            }
            var reason = dto.Correction ?? $"corrected in the built-in record: {string.Join(", ", ChangedFields(before, content))}";
            var next = new EventVersion(id, dto.Id, row.Version + 1, content, new Recording(now, RecordedBy, reason), row.StageValue);
            row.CopyFrom(next);
            Version(next);
            eventsCorrected++;
        }

        // Reviews are appended, never replaced: a review the store does not have yet (same event, verdict and note) is added.
        var reviews = db.Reviews.Where(r => r.SituationId == id).ToList();
        foreach (var (index, dto) in file.Reviews)
        {
            var verdict = KebabCase.Parse<ReviewVerdict>(dto.Verdict);
            if (verdict is null || string.IsNullOrWhiteSpace(dto.Note) || dto.Event is null || !current.ContainsKey(dto.Event))
            {
                errors.Add(new ImportError($"reviews[{index}]", "needs an event of this situation, a verdict (verified or disputed) and a note"));
                continue;
            }
            var note = dto.Note.Trim();
            var verdictText = KebabCase.Of(verdict.Value);
            if (reviews.Any(r => r.EventId == dto.Event && r.Verdict == verdictText && r.Note == note))
            {
                continue;
            }
            var review = new ReviewRow { SituationId = id, EventId = dto.Event, Verdict = verdictText, Note = note, At = now.UtcDateTime, By = RecordedBy };
            var number = reviews.Count(r => r.EventId == dto.Event) + 1;
            reviews.Add(review);
            db.Reviews.Add(review);
            committed.Add(() => CanonicalRecords.Review(review, number));
            reviewsAdded++;
        }

        if (errors.Count > 0)
        {
            transaction.Rollback();
            return new ScenarioUpdateResult(0, 0, 0, 0, 0, 0, 0, notices, errors);
        }
        db.SaveChanges();
        // The ledger entries are written in the same transaction as the records they commit to.
        ledger.Append(committed.Select(commit => commit()));
        transaction.Commit();
        return new ScenarioUpdateResult(eventsCorrected, eventsAdded, sourcesCorrected, sourcesAdded, placesCorrected, placesAdded, reviewsAdded, notices, [])
        {
            Widened = widened,
        };

        void Version(EventVersion version)
        {
            var versionRow = EventVersionRow.From(version);
            db.EventVersions.Add(versionRow);
            committed.Add(() => CanonicalRecords.Event(versionRow));
        }
    }

    private static EventDraft Draft(EventDto dto) => new()
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

    /// <summary>The fields of a place that differ, in the file's names.</summary>
    private static List<string> PlaceChanges(PlaceRow stored, PlaceRow file)
    {
        var changed = new List<string>();
        if (stored.Kind != file.Kind) { changed.Add("kind"); }
        if (stored.NameEn != file.NameEn || stored.NameHy != file.NameHy || stored.NameRu != file.NameRu || stored.NameAz != file.NameAz) { changed.Add("names"); }
        if (stored.Latitude != file.Latitude || stored.Longitude != file.Longitude) { changed.Add("coordinates"); }
        if (stored.CoordinatesSource != file.CoordinatesSource) { changed.Add("coordinatesSource"); }
        return changed;
    }

    /// <summary>The exchange-format names of the fields in which two versions of an event differ.</summary>
    public static IReadOnlyList<string> ChangedFields(EventContent a, EventContent b)
    {
        var changed = new List<string>();
        if (a.When.Day != b.When.Day) { changed.Add("date"); }
        if (a.When.Time != b.When.Time) { changed.Add("time"); }
        if (a.When.Precision != b.When.Precision) { changed.Add("timePrecision"); }
        if (a.PlaceId != b.PlaceId) { changed.Add("place"); }
        if (a.GeoPrecision != b.GeoPrecision) { changed.Add("geoPrecision"); }
        if (a.Type != b.Type) { changed.Add("type"); }
        if (a.Utility != b.Utility) { changed.Add("utility"); }
        if (a.RouteId != b.RouteId) { changed.Add("route"); }
        if (a.Actor1 != b.Actor1) { changed.Add("actor1"); }
        if (a.Actor2 != b.Actor2) { changed.Add("actor2"); }
        if (a.Fatalities != b.Fatalities) { changed.Add("fatalities"); }
        if (a.Notes != b.Notes) { changed.Add("notes"); }
        if (!a.SourceIds.SequenceEqual(b.SourceIds)) { changed.Add("sources"); }
        if (a.PartOf != b.PartOf) { changed.Add("partOf"); }
        if (a.GapBefore != b.GapBefore) { changed.Add("gapBefore"); }
        if (a.Ends != b.Ends) { changed.Add(b.Ends is { UntilFurtherNotice: true } ? "untilFurtherNotice" : b.Ends?.Hours is not null ? "durationHours" : "endDate"); }
        if (a.HoursPerDay != b.HoursPerDay) { changed.Add("hoursPerDay"); }
        return changed;
    }

    /// <summary>The whole document, as read; the update compares it with the store once it is all in.</summary>
    private sealed class Collected : IDocumentVisitor
    {
        public SituationDto? Situation { get; private set; }
        public List<(int Index, SourceDto Dto)> Sources { get; } = [];
        public List<(int Index, PlaceDto Dto)> Places { get; } = [];
        public List<(int Index, EventDto Dto)> Events { get; } = [];
        public List<(int Index, ReviewDto Dto)> Reviews { get; } = [];
        public List<ImportError> Errors { get; } = [];

        public void Format(string? format)
        {
            if (format != ExchangeJson.Format)
            {
                Errors.Add(new ImportError("format", $"'{format}' is not a format this version reads; it reads {ExchangeJson.Format}"));
            }
        }

        void IDocumentVisitor.Situation(SituationDto situation) => Situation = situation;
        public void Source(int index, SourceDto source) => Sources.Add((index, source));
        public void Place(int index, PlaceDto place) => Places.Add((index, place));
        public void Actor(int index, ActorDto actor) { }
        public void Event(int index, EventDto evt) => Events.Add((index, evt));
        public void Review(int index, ReviewDto review) => Reviews.Add((index, review));

        // A scenario's events file carries none of these: its assessments and supplies travel in their own files.
        public void Assessment(int index, EarlyWarning.AssessmentDto assessment) =>
            Errors.Add(new ImportError($"assessments[{index}]", "a scenario update brings events; assessments are in the scenario's assessments.json"));
        public void SupplyObservation(int index, SupplyObservationDto observation) =>
            Errors.Add(new ImportError($"supplyObservations[{index}]", "a scenario update brings events; supply observations are in the scenario's supplies.json"));
        public void Evidence(int index, EvidenceDto evidence) =>
            Errors.Add(new ImportError($"evidence[{index}]", "a scenario update brings events; evidence is not part of a scenario"));
        public void Error(string field, string message) => Errors.Add(new ImportError(field, message));
    }
}
