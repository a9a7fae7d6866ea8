using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Situations;
using Lifeline.Core.Sources;
using Lifeline.Ledger;
using Lifeline.Sources;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Events;

/// <summary>A new source given with an event, when the event cites a report not yet in the record.</summary>
public sealed record NewSourceRequest
{
    [TextRule(InputLimits.Name)]
    public string? Publisher { get; init; }
    [TextRule(InputLimits.Url)]
    public string? Url { get; init; }
    [TextRule(InputLimits.Phrase)]
    public string? Title { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Published { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Retrieved { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Reliability { get; init; }
    public int? Credibility { get; init; }
    public bool ProtectIdentity { get; init; }
}

/// <summary>
/// The body of <c>POST /api/v1/situations/{id}/events</c> and of <c>PUT .../events/{eventId}</c>: the event,
/// the existing sources it cites (<c>sources</c>) and any new ones (<c>newSources</c>). Who records it is the
/// signed-in account. An edit also says why (<c>reason</c>) and may name the version it edits (<c>expectedVersion</c>).
/// </summary>
public sealed record RecordEventRequest
{
    [TextRule(InputLimits.Id)]
    public string? Id { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Date { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Time { get; init; }
    public int? TimePrecision { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Place { get; init; }
    public int? GeoPrecision { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Type { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Utility { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Route { get; init; }

    /// <summary>For a status-changing type, one of: the last day the new status held (and optionally the time it ended)…</summary>
    [TextRule(InputLimits.Code)]
    public string? EndDate { get; init; }
    [TextRule(InputLimits.Code)]
    public string? EndTime { get; init; }

    /// <summary>… how many hours it lasted …</summary>
    public double? DurationHours { get; init; }

    /// <summary>… or true: until the next change of the same route or utility.</summary>
    public bool? UntilFurtherNotice { get; init; }

    /// <summary>For utility-partial: hours a day without the utility, when reported.</summary>
    public double? HoursPerDay { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Actor1 { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Actor2 { get; init; }
    public int? Fatalities { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Notes { get; init; }
    [TextRule(InputLimits.Id)]
    public IReadOnlyList<string>? Sources { get; init; }
    [TextRule(InputLimits.Url, MaxItems = 100)]
    public IReadOnlyList<NewSourceRequest>? NewSources { get; init; }

    /// <summary>The event standing for the whole happening this one is part of; on an edit, left out keeps the current one, "" removes it.</summary>
    [TextRule(InputLimits.Id)]
    public string? PartOf { get; init; }

    /// <summary>Whether the status just before this event is unknown; on an edit, left out keeps the current value.</summary>
    public bool? GapBefore { get; init; }

    [TextRule(InputLimits.Reason, TextLines.Many)]
    public string? Reason { get; init; }
    [NumberRule(1, int.MaxValue)]
    public int? ExpectedVersion { get; init; }
}

internal abstract record RecordOutcome
{
    /// <param name="Answer">The stored event as its writer sees it, when the write could tell without reading it again.</param>
    public sealed record Stored(EventVersion Version, EventDetail? Answer = null) : RecordOutcome;
    public sealed record Invalid(ValidationErrors Errors) : RecordOutcome;
    public sealed record NotFound(string What) : RecordOutcome;
    public sealed record Conflict(string Message) : RecordOutcome;
    public sealed record Forbidden(string Why) : RecordOutcome;
    public sealed record Graded(Core.Sources.Source Source) : RecordOutcome;
}

/// <summary>
/// Records an event, or a new version of one: checks it in the core, then writes the version, the current view
/// and any new sources in one transaction. Nothing is written unless everything is valid, and an answer is given
/// only once the write is durable.
/// </summary>
internal sealed class EventRecorder(LifelineDbContext db, TimeProvider clock, ICurrentUser user, AuditLog audit, LedgerSequencer ledger)
{
    public const int MaxReasonLength = 1_000;

    /// <param name="answered">
    /// True when the caller answers with the stored event (<see cref="EventQueries.AnswerAsync"/>): the audit line of that
    /// read is then written with the event, in the same transaction.
    /// </param>
    public Task<RecordOutcome> Record(string situationId, RecordEventRequest request, bool answered = false) => Write(situationId, null, request, answered);

    /// <inheritdoc cref="Record"/>
    public Task<RecordOutcome> Edit(string situationId, string eventId, RecordEventRequest request, bool answered = false) => Write(situationId, eventId, request, answered);

    private async Task<RecordOutcome> Write(string situationId, string? editing, RecordEventRequest request, bool answered)
    {
        // The checks before the write share one connection; it is given back before the sequencer lends this context
        // its batch's connection.
        var prepared = await db.OnOneConnectionAsync(() => Prepare(situationId, editing, request));
        return prepared.Ready is { } ready ? await Store(ready, answered) : prepared.Refused!;
    }

    /// <summary>What a write found and checked before it is stored: a refusal, or what to store.</summary>
    private sealed record Prepared(RecordOutcome? Refused, Ready? Ready)
    {
        public static Prepared Refuse(RecordOutcome outcome) => new(outcome, null);
    }

    /// <summary>A checked write: the version to store, the event as it stands (tracked; null for a new one), new sources.</summary>
    private sealed record Ready(Viewer Viewer, EventRow? Current, EventVersion Version, IReadOnlyList<Source> NewSources, Named Named);

    private async Task<Prepared> Prepare(string situationId, string? editing, RecordEventRequest request)
    {
        if (await Situations.SituationRow.PeriodOfAsync(db, situationId) is not { } period)
        {
            return Prepared.Refuse(new RecordOutcome.NotFound($"There is no situation '{situationId}'."));
        }
        var viewer = user.Viewer;
        EventRow? current = null;
        if (editing is not null)
        {
            current = await db.Events.FirstOrDefaultAsync(e => e.SituationId == situationId && e.EventId == editing);
            if (current is null || !EventAccess.CanSee(viewer, current.StageValue, current.AuthorId))
            {
                return Prepared.Refuse(new RecordOutcome.NotFound($"There is no event '{editing}' in situation '{situationId}'."));
            }
            if (!EventAccess.CanEdit(viewer, current.StageValue, current.AuthorId))
            {
                return Prepared.Refuse(new RecordOutcome.Forbidden("Only a verifier or an admin may correct this event; its author may until it is reviewed."));
            }
        }
        else if (!EventAccess.CanRecord(viewer))
        {
            return Prepared.Refuse(new RecordOutcome.Forbidden("Recording events needs the reporter, verifier, publisher, analyst or admin role."));
        }

        // The declared rules first: nothing below (an id lookup, a message quoting a value) sees text that breaks them.
        if (InputRules.Check(request) is { IsEmpty: false } declared)
        {
            return Prepared.Refuse(new RecordOutcome.Invalid(declared));
        }
        var now = Exchange.Importer.TruncateToSeconds(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var errors = new ValidationErrors();

        var newSources = new List<Source>();
        var requested = request.NewSources ?? [];
        for (var i = 0; i < requested.Count; i++)
        {
            var n = requested[i];
            var (source, sourceErrors) = SourceValidator.Validate(new SourceDraft
            {
                Id = n.ProtectIdentity ? await ProtectedSourceId(situationId, n.Url, now) : null,
                Publisher = n.Publisher,
                Url = n.Url,
                Title = n.Title,
                Published = n.Published,
                Retrieved = n.Retrieved,
                Reliability = n.Reliability,
                Credibility = n.Credibility,
                ProtectIdentity = n.ProtectIdentity,
            }, today, $"newSources[{i}]");
            errors.AddAll(sourceErrors);
            if (source is not null)
            {
                newSources.Add(source);
            }
        }

        var citedIds = (request.Sources ?? []).Concat(newSources.Select(s => s.Id)).ToList();
        var draft = new EventDraft
        {
            Id = editing ?? request.Id,
            Date = request.Date,
            Time = request.Time,
            TimePrecision = request.TimePrecision,
            Place = request.Place,
            GeoPrecision = request.GeoPrecision,
            Type = request.Type,
            Utility = request.Utility,
            Route = request.Route,
            EndDate = request.EndDate,
            EndTime = request.EndTime,
            DurationHours = request.DurationHours,
            UntilFurtherNotice = request.UntilFurtherNotice,
            HoursPerDay = request.HoursPerDay,
            Actor1 = request.Actor1,
            Actor2 = request.Actor2,
            Fatalities = request.Fatalities,
            Notes = request.Notes,
            Sources = citedIds,
            PartOf = request.PartOf ?? current?.PartOf,
            GapBefore = request.GapBefore ?? current?.GapBefore ?? false,
        };
        var named = await References(situationId, request);
        var (content, eventErrors) = EventValidator.Validate(draft, named.For(period), today, newSources.Select(s => s.Id).ToList());
        errors.AddAll(eventErrors);
        if (content?.PartOf is { } partOf && !await db.Events.AnyAsync(e => e.SituationId == situationId && e.EventId == partOf))
        {
            errors.Add("partOf", $"there is no event '{partOf}' in situation '{situationId}'");
        }

        var reason = request.Reason?.Trim();
        if (editing is not null && string.IsNullOrEmpty(reason))
        {
            errors.Add("reason", "is required for an edit: say what was wrong or what is new");
        }
        else if (reason is { Length: > MaxReasonLength })
        {
            errors.Add("reason", $"must be at most {MaxReasonLength} characters");
        }
        if (!errors.IsEmpty || content is null)
        {
            return Prepared.Refuse(new RecordOutcome.Invalid(errors));
        }

        if (current is not null && request.ExpectedVersion is { } expected && expected != current.Version)
        {
            return Prepared.Refuse(new RecordOutcome.Conflict($"Event '{editing}' is at version {current.Version}, not {expected}: someone else edited it. Reload it and edit again."));
        }
        if (current is not null && content == current.ToContent())
        {
            return Prepared.Refuse(new RecordOutcome.Invalid(Single("notes", "nothing changed: an edit must change at least one field")));
        }

        var id = editing ?? request.Id ?? $"e-{Guid.CreateVersion7(now):N}";
        // An id the caller chose may be taken; one made here is new (and the key would refuse it, answered 409, if not).
        if (editing is null && request.Id is not null && await db.Events.AnyAsync(e => e.SituationId == situationId && e.EventId == id))
        {
            return Prepared.Refuse(new RecordOutcome.Conflict($"An event with id '{id}' already exists in situation '{situationId}'."));
        }

        var version = new EventVersion(situationId, id, (current?.Version ?? 0) + 1, content,
            new Recording(now, viewer.Name ?? viewer.UserId ?? "unknown", reason ?? "first recorded", viewer.UserId),
            current?.StageValue ?? EventStage.Intake);
        return new Prepared(null, new Ready(viewer, current, version, newSources, named));
    }

    private async Task<RecordOutcome> Store(Ready ready, bool answered)
    {
        var (viewer, current, version, newSources, named) = ready;
        var (situationId, id) = (version.SituationId, version.Id);

        // The version, the view, new sources and their ledger leaves are written in the sequencer's batch
        // transaction, under the ledger's lock; the answer comes once that transaction has committed.
        return await ledger.WriteAsync<RecordOutcome>(db, async cancel =>
        {
            var ledgered = new List<Func<CommittedRecord>>();
            await NewSources.Store(db, audit, situationId, newSources, version.Recorded, "a new event", ledgered, cancel);
            var stored = current ?? EventRow.From(version);
            if (current is null)
            {
                db.Events.Add(stored);
            }
            else
            {
                current.CopyFrom(version);
            }
            var versionRow = EventVersionRow.From(version);
            db.EventVersions.Add(versionRow);
            ledgered.Add(() => CanonicalRecords.Event(versionRow));
            audit.Add(current is null ? "create" : "edit", "event", id, situationId, $"version {version.Version}");
            if (answered)
            {
                await EventQueries.AnswerReadAudit(db, audit, viewer, stored, newSources.Where(s => s.ProtectIdentity).Select(s => s.Id).ToList(), cancel);
            }
            try
            {
                await db.SaveChangesAsync(cancel);
            }
            catch (DbUpdateException)
            {
                return LedgerWrite<RecordOutcome>.Refuse(new RecordOutcome.Conflict($"Event '{id}' was changed by someone else at the same time. Reload it and try again."));
            }
            return LedgerWrite<RecordOutcome>.Store(new RecordOutcome.Stored(version, answered ? Answer(viewer, stored, versionRow, current, newSources, named) : null),
                ledgered.Select(commit => commit()));
        });
    }

    /// <summary>
    /// The answer to a new event that cites only sources already recorded, made from what the write read and stored
    /// (no review, one version), as <see cref="EventQueries.FindAsync"/> would read it back; null otherwise (an edit, or
    /// new sources), and the caller reads the event again.
    /// </summary>
    private static EventDetail? Answer(Viewer viewer, EventRow stored, EventVersionRow versionRow, EventRow? current, IReadOnlyList<Source> newSources, Named named)
    {
        if (current is not null || newSources.Count > 0)
        {
            return null;
        }
        IReadOnlyList<EventVersionRow> versions = EventAccess.SeesHistory(viewer) ? [versionRow] : [];
        return EventQueries.Detail(viewer, stored, versions, named.Places, named.Actors, named.Sources, []);
    }

    /// <summary>
    /// A source whose identity is protected gets an id that says nothing about it (an id made from its address
    /// would name the host); the same address cited again reuses the id it already has.
    /// </summary>
    private async Task<string> ProtectedSourceId(string situationId, string? url, DateTimeOffset now)
    {
        var address = url?.Trim();
        var existing = address is null ? null : await db.Sources.Where(s => s.SituationId == situationId && s.Url == address).Select(s => s.Id).FirstOrDefaultAsync();
        return existing ?? $"source-{Guid.CreateVersion7(now):N}";
    }

    /// <summary>The places, actors, routes and sources a draft names that exist, read whole (the answer shows them).</summary>
    private async Task<Named> References(string situationId, RecordEventRequest request)
    {
        var placeIds = new[] { request.Place }.OfType<string>().ToList();
        var actorIds = new[] { request.Actor1, request.Actor2 }.OfType<string>().Select(a => a.Trim()).ToList();
        var sourceIds = (request.Sources ?? []).Select(s => s.Trim()).ToList();
        var routeIds = new[] { request.Route?.Trim() }.OfType<string>().ToList();
        var places = placeIds.Count == 0 ? [] : (await db.Places.AsNoTracking().Where(p => p.SituationId == situationId && placeIds.Contains(p.Id)).ToListAsync())
            .ToDictionary(p => p.Id, p => p.ToDomain(), StringComparer.Ordinal);
        var actors = actorIds.Count == 0 ? [] : (await db.Actors.AsNoTracking().Where(a => a.SituationId == situationId && actorIds.Contains(a.Id)).ToListAsync())
            .ToDictionary(a => a.Id, a => a.ToDomain(), StringComparer.Ordinal);
        var routes = routeIds.Count == 0 ? [] : (await db.Routes.Where(r => r.SituationId == situationId && routeIds.Contains(r.Id)).Select(r => r.Id).ToListAsync())
            .ToHashSet(StringComparer.Ordinal);
        var sources = sourceIds.Count == 0 ? [] : (await db.Sources.AsNoTracking().Where(s => s.SituationId == situationId && sourceIds.Contains(s.Id)).ToListAsync())
            .ToDictionary(s => s.Id, s => s.ToDomain(), StringComparer.Ordinal);
        return new Named(places, actors, routes, sources);
    }

    /// <summary>What a draft names that exists.</summary>
    private sealed record Named(Dictionary<string, Core.Places.Place> Places, Dictionary<string, Core.Actors.Actor> Actors, HashSet<string> Routes, Dictionary<string, Source> Sources)
    {
        public EventReferences For(RecordPeriod period) =>
            new(Places.Keys.ToHashSet(StringComparer.Ordinal), Actors.Keys.ToHashSet(StringComparer.Ordinal), Routes, Sources.Keys.ToHashSet(StringComparer.Ordinal), period);
    }

    private static ValidationErrors Single(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors;
    }
}
