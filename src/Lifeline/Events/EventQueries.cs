using Lifeline.Accounts;
using System.Globalization;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.Actors;
using Lifeline.Core.Events;
using Lifeline.Core.Places;
using Lifeline.Core.Sources;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Lifeline.Events;

/// <summary>Reads events back: filtered and paged lists, one event in full, the latest ones.</summary>
internal sealed class EventQueries(LifelineDbContext db, ICurrentUser user, AuditLog audit, ReaderVersion reader, ReadCache cache)
{
    /// <summary>A filtered list or a search counts its events up to this many, and then says "at least".</summary>
    public const int TotalCap = 10_000;

    /// <summary>A search looks through this many of the most recently recorded events that hold its words, newest first.</summary>
    public const int SearchCap = 10_000;

    public Core.Access.Viewer Viewer => user.Viewer;

    /// <summary>
    /// One page of the events the caller may see, newest first. A page reached by a cursor costs the same however deep
    /// it is (the list is read by key, never skipped through); a total is counted once per data version and audience
    /// (exactly for the whole list, up to <see cref="TotalCap"/> for a filtered one).
    /// </summary>
    public async Task<EventPage> SearchAsync(string situationId, EventFilter filter, EventPosition position, int pageSize, CancellationToken cancel = default)
    {
        pageSize = Math.Clamp(pageSize, 1, Web.Paging.MaxPageSize);
        var query = Filtered(situationId, filter);
        List<EventRow> rows;
        bool more;
        bool newer;
        if (position.Before is { } before)
        {
            var newerRows = await query
                .Where(e => e.Date >= before.Date && (e.Date > before.Date || e.RowId > before.RowId))
                .OrderBy(e => e.Date).ThenBy(e => e.RowId)
                .Take(pageSize + 1).ToListAsync(cancel);
            newer = newerRows.Count > pageSize;
            rows = newerRows.Take(pageSize).Reverse().ToList();
            more = true;
        }
        else
        {
            var page = query;
            if (position.After is { } after)
            {
                page = page.Where(e => e.Date <= after.Date && (e.Date < after.Date || e.RowId < after.RowId));
            }
            var ordered = page.OrderByDescending(e => e.Date).ThenByDescending(e => e.RowId);
            // A page number reads by offset (cheap for the first pages); a cursor reads by key at any depth.
            var window = position.After is not null ? ordered.Take(pageSize + 1)
                : Web.Paging.Offset(position.Page, pageSize) is { } skip ? ordered.Skip(skip).Take(pageSize + 1)
                : ordered.Take(0);
            rows = await window.ToListAsync(cancel);
            more = rows.Count > pageSize;
            rows = rows.Take(pageSize).ToList();
            newer = position.After is not null || position.Page > 1;
        }
        var (total, capped) = await TotalAsync(situationId, filter, query, cancel);
        return new EventPage(
            await SummariesAsync(situationId, rows, cancel), total, capped,
            position.After is null && position.Before is null ? Math.Max(position.Page, 1) : null, pageSize,
            more && rows.Count > 0,
            more && rows.Count > 0 ? new EventCursor(rows[^1].Date, rows[^1].RowId).ToString() : null,
            newer && rows.Count > 0 ? new EventCursor(rows[0].Date, rows[0].RowId).ToString() : null);
    }

    /// <summary>
    /// The whole list counted exactly; a filtered one up to <see cref="TotalCap"/>, and a search among its
    /// <see cref="SearchCap"/> newest matches; at the cap the total reads "at least".
    /// </summary>
    private async Task<(int Total, bool Capped)> TotalAsync(string situationId, EventFilter filter, IQueryable<EventRow> query, CancellationToken cancel)
    {
        if (filter == EventFilter.None)
        {
            var all = await cache.GetAsync($"count|{situationId}|{reader.Audience}", await reader.KeyAsync(cancel),
                async () => new Box<int>(await Visible(situationId).CountAsync(cancel)));
            return (all.Value, false);
        }
        var counted = await cache.GetAsync($"total|{situationId}|{reader.Audience}|{filter}", await reader.KeyAsync(cancel),
            async () => new Box<int>(await query.Take(TotalCap + 1).CountAsync(cancel)));
        return counted.Value >= TotalCap ? (TotalCap, true) : (counted.Value, false);
    }

    /// <summary>The most recent events on or before <paramref name="date"/>.</summary>
    public async Task<IReadOnlyList<EventSummary>> LatestAsync(string situationId, DateOnly date, int count, CancellationToken cancel = default)
    {
        var rows = await Visible(situationId)
            .Where(e => e.Date <= date)
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.RowId)
            .Take(count)
            .ToListAsync(cancel);
        return await SummariesAsync(situationId, rows, cancel);
    }

    /// <summary>
    /// One event as the caller may see it, or null when it does not exist or is not theirs to see. Anonymous
    /// callers get the current published version only, without who recorded or reviewed it; protected sources
    /// are shown only to those who check sources, and that read is audited, as is any read of an unpublished event.
    /// </summary>
    public Task<EventDetail?> FindAsync(string situationId, string eventId, CancellationToken cancel = default) => Find(situationId, eventId, auditRead: true, cancel);

    /// <summary>
    /// The event as the answer to a write that has just stored it: what <see cref="FindAsync"/> shows, without writing
    /// an audit line of its own, because the write put the line for this read in its own transaction
    /// (<see cref="AnswerReadAudit"/>). A second transaction per write would take the audit chain's head again,
    /// outside the ledger's batch, for every writer.
    /// </summary>
    public Task<EventDetail?> AnswerAsync(string situationId, string eventId, CancellationToken cancel = default) => Find(situationId, eventId, auditRead: false, cancel);

    /// <summary>
    /// Why reading an event is audited, or null when it is not: protected source identities shown to one who
    /// checks sources, or an event not (yet) published.
    /// </summary>
    public static string? ReadAuditDetail(Viewer viewer, EventStage stage, string stageName, bool citesProtectedSource) =>
        EventAccess.SeesProtectedSources(viewer) && citesProtectedSource ? "protected source identities shown"
        : stage != EventStage.Published ? $"unpublished ({stageName})"
        : null;

    /// <summary>
    /// Adds to a write's unit of work the audit line of the read its answer will be (<see cref="AnswerAsync"/>), so that
    /// the line is committed with the write, in the same transaction, and the answer needs no transaction of its own.
    /// </summary>
    public static async Task AnswerReadAudit(LifelineDbContext db, AuditLog audit, Viewer viewer, EventRow stored, IReadOnlyCollection<string> protectedNewSources, CancellationToken cancel)
    {
        var citesProtected = protectedNewSources.Count > 0 && stored.Sources.Any(protectedNewSources.Contains);
        if (!citesProtected && EventAccess.SeesProtectedSources(viewer) && stored.Sources.Count > 0)
        {
            var cited = stored.Sources.ToList();
            citesProtected = await db.Sources.AnyAsync(s => s.SituationId == stored.SituationId && cited.Contains(s.Id) && s.ProtectIdentity, cancel);
        }
        if (ReadAuditDetail(viewer, stored.StageValue, stored.Stage, citesProtected) is { } detail)
        {
            audit.Add("read", "event", stored.EventId, stored.SituationId, detail);
        }
    }

    private Task<EventDetail?> Find(string situationId, string eventId, bool auditRead, CancellationToken cancel) =>
        db.OnOneConnectionAsync(() => FindOpen(situationId, eventId, auditRead, cancel), cancel);

    private async Task<EventDetail?> FindOpen(string situationId, string eventId, bool auditRead, CancellationToken cancel)
    {
        var viewer = user.Viewer;
        var head = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.SituationId == situationId && e.EventId == eventId, cancel);
        if (head is null || !EventAccess.CanSee(viewer, head.StageValue, head.AuthorId))
        {
            return null;
        }
        var allVersions = head.Version > 1 || EventAccess.SeesHistory(viewer)
            ? await db.EventVersions.AsNoTracking().Where(v => v.SituationId == situationId && v.EventId == eventId).OrderBy(v => v.Version).ToListAsync(cancel)
            : [];
        var current = head;
        // Only the places and actors this event's versions name: what the summaries and the corrections show.
        var contents = allVersions.Select(v => v.ToContent()).Append(current.ToContent()).ToList();
        var placeIds = contents.Select(c => c.PlaceId).Distinct(StringComparer.Ordinal).ToList();
        var actorIds = contents.SelectMany(c => new[] { c.Actor1, c.Actor2 }).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var places = (await db.Places.AsNoTracking().Where(p => p.SituationId == situationId && placeIds.Contains(p.Id)).ToListAsync(cancel))
            .ToDictionary(p => p.Id, p => p.ToDomain(), StringComparer.Ordinal);
        var actors = actorIds.Count == 0 ? new Dictionary<string, Core.Actors.Actor>(StringComparer.Ordinal) :
            (await db.Actors.AsNoTracking().Where(a => a.SituationId == situationId && actorIds.Contains(a.Id)).ToListAsync(cancel))
            .ToDictionary(a => a.Id, a => a.ToDomain(), StringComparer.Ordinal);
        var wanted = allVersions.SelectMany(v => v.Sources).Concat(current.Sources).Distinct(StringComparer.Ordinal).ToList();
        var sources = (await db.Sources.AsNoTracking().Where(s => s.SituationId == situationId && wanted.Contains(s.Id)).ToListAsync(cancel))
            .ToDictionary(s => s.Id, s => s.ToDomain(), StringComparer.Ordinal);
        var reviews = (await db.Reviews.AsNoTracking().Where(r => r.SituationId == situationId && r.EventId == eventId).OrderBy(r => r.RowId).ToListAsync(cancel))
            .Select(r => r.ToDomain()).ToList();
        if (auditRead && ReadAuditDetail(viewer, current.StageValue, current.Stage, current.Sources.Any(s => sources.TryGetValue(s, out var cited) && cited.ProtectIdentity)) is { } detail)
        {
            await audit.ReadAsync("event", eventId, situationId, detail, cancel);
        }
        return Detail(viewer, current, allVersions, places, actors, sources, reviews);
    }

    /// <summary>
    /// The event as <paramref name="viewer"/> may see it, from what was read of it: its row, its versions (all of them
    /// when the viewer sees the history or the event has been corrected, else none), the places, actors and sources
    /// they name, and its reviews in order.
    /// </summary>
    internal static EventDetail Detail(
        Viewer viewer, EventRow current, IReadOnlyList<EventVersionRow> allVersions, IReadOnlyDictionary<string, Place> places,
        IReadOnlyDictionary<string, Core.Actors.Actor> actors, IReadOnlyDictionary<string, Source> sources, IReadOnlyList<Review> reviews)
    {
        var history = EventAccess.SeesHistory(viewer);
        var versions = history ? allVersions : [];
        var state = Verification.Explain(current.Sources.Where(sources.ContainsKey).Select(s => sources[s]), reviews);
        var summary = EventViews.Summarise(current.EventId, current.Version, current.StageValue, current.ToContent(), places, actors, state);
        var cited = current.Sources.Where(sources.ContainsKey).Select(s => sources[s]).ToList();
        var showProtected = EventAccess.SeesProtectedSources(viewer);
        return new EventDetail(
            summary,
            cited.Select(s => SourceView.From(s, showProtected)).ToList(),
            versions.Select(v => new VersionView(
                v.Version, v.ToDomain().Recorded.At, v.RecordedBy, v.Reason, v.Stage,
                EventViews.Summarise(v.EventId, v.Version, v.StageValue, v.ToContent(), places, actors, state))).ToList(),
            history ? reviews.Select(r => new ReviewView(Core.Common.KebabCase.Of(r.Verdict), r.Note, r.At, r.By)).ToList() : [],
            history ? versions[0].ToDomain().Recorded.At : null,
            history ? versions[0].RecordedBy : null,
            current.AuthorId is not null && current.AuthorId == viewer.UserId,
            Corrections(allVersions, history, places, sources));
    }

    /// <summary>
    /// What each version changed in the one before it. Those who see the history see every step; everyone else only
    /// the steps between two published versions, so nothing that was never public shows.
    /// </summary>
    private static List<CorrectionView> Corrections(
        IReadOnlyList<EventVersionRow> versions, bool history, IReadOnlyDictionary<string, Place> places, IReadOnlyDictionary<string, Source> sources)
    {
        var corrections = new List<CorrectionView>();
        for (var i = 1; i < versions.Count; i++)
        {
            var (before, after) = (versions[i - 1], versions[i]);
            if (!history && (before.StageValue != EventStage.Published || after.StageValue != EventStage.Published))
            {
                continue;
            }
            var changes = Changes(before.ToContent(), after.ToContent(), places, sources);
            if (changes.Count > 0)
            {
                corrections.Add(new CorrectionView(after.Version, after.ToDomain().Recorded.At, after.Reason, changes));
            }
        }
        return corrections;
    }

    private static List<FieldChange> Changes(EventContent a, EventContent b, IReadOnlyDictionary<string, Place> places, IReadOnlyDictionary<string, Source> sources)
    {
        string PlaceName(string id) => places.TryGetValue(id, out var p) ? p.NameIn("en") : id;
        string SourceName(string id) => sources.TryGetValue(id, out var s) && !s.ProtectIdentity ? $"{s.Publisher} ({s.Url})" : id;
        string Precision(TimePrecision p) => p switch { TimePrecision.Day => "the day is known", TimePrecision.Week => "only the week is known", _ => "only the month is known" };
        var changes = new List<FieldChange>();
        foreach (var field in Situations.ScenarioUpdate.ChangedFields(a, b))
        {
            changes.Add(field switch
            {
                "date" => new FieldChange("date", a.When.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), b.When.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                "time" => new FieldChange("time", a.When.Time?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "", b.When.Time?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? ""),
                "timePrecision" => new FieldChange("time precision", Precision(a.When.Precision), Precision(b.When.Precision)),
                "place" => new FieldChange("place", PlaceName(a.PlaceId), PlaceName(b.PlaceId)),
                "geoPrecision" => new FieldChange("place precision", ((int)a.GeoPrecision).ToString(CultureInfo.InvariantCulture), ((int)b.GeoPrecision).ToString(CultureInfo.InvariantCulture)),
                "type" => new FieldChange("type", a.Type.Key, b.Type.Key),
                "utility" => new FieldChange("utility", a.Utility is { } ua ? KebabCase.Of(ua) : "", b.Utility is { } ub ? KebabCase.Of(ub) : ""),
                "route" => new FieldChange("route", a.RouteId ?? "", b.RouteId ?? ""),
                "actor1" => new FieldChange("actor 1", a.Actor1 ?? "", b.Actor1 ?? ""),
                "actor2" => new FieldChange("actor 2", a.Actor2 ?? "", b.Actor2 ?? ""),
                "fatalities" => new FieldChange("fatalities", a.Fatalities?.ToString(CultureInfo.InvariantCulture) ?? "none reported", b.Fatalities?.ToString(CultureInfo.InvariantCulture) ?? "none reported"),
                "notes" => new FieldChange("notes", a.Notes, b.Notes),
                "sources" => new FieldChange("sources",
                    string.Join("; ", a.SourceIds.Except(b.SourceIds).Select(SourceName)),
                    string.Join("; ", b.SourceIds.Except(a.SourceIds).Select(SourceName))),
                "partOf" => new FieldChange("part of", a.PartOf ?? "", b.PartOf ?? ""),
                _ => new FieldChange("status before", a.GapBefore ? "unknown" : "recorded", b.GapBefore ? "unknown" : "recorded"),
            });
        }
        return changes;
    }

    /// <summary>The events of a situation the caller may see: published ones, the stages their roles open, and their own.</summary>
    public IQueryable<EventRow> Visible(string situationId)
    {
        var viewer = user.Viewer;
        var stages = EventAccess.StagesSeenByAnyone(viewer).Select(s => Core.Common.KebabCase.Of(s)).ToList();
        var query = db.Events.AsNoTracking().Where(e => e.SituationId == situationId);
        if (stages.Count == 3)
        {
            return query;
        }
        var me = viewer.UserId;
        return me is null
            ? query.Where(e => stages.Contains(e.Stage))
            : query.Where(e => stages.Contains(e.Stage) || e.AuthorId == me);
    }

    /// <summary>The events the caller may see that pass <paramref name="filter"/>, unordered: what exports stream.</summary>
    public IQueryable<EventRow> Filter(string situationId, EventFilter filter) => Filtered(situationId, filter);

    private IQueryable<EventRow> Filtered(string situationId, EventFilter filter)
    {
        var query = Visible(situationId);
        if (filter.Type is { } type)
        {
            query = query.Where(e => e.Type == type);
        }
        if (filter.Stage is { } stage)
        {
            query = query.Where(e => e.Stage == stage);
        }
        if (filter.Actor is { } actor)
        {
            query = query.Where(e => e.Actor1 == actor || e.Actor2 == actor);
        }
        if (filter.Place is { } place)
        {
            query = query.Where(e => e.PlaceId == place);
        }
        if (filter.From is { } from)
        {
            query = query.Where(e => e.Date >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(e => e.Date <= to);
        }
        if (filter.Text is { } text && EventFilter.Words(text) is { Count: > 0 } words)
        {
            switch (db.Provider)
            {
                case StorageProvider.Sqlite:
                    var fts = EventFilter.ToFts5(words);
                    // The index gives its matches newest-recorded first and stops at the cap, so a common word costs
                    // no more than a rare one; the list is then ordered by date among them.
                    var matches = db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM events_fts WHERE events_fts MATCH {fts} ORDER BY rowid DESC LIMIT {SearchCap}");
                    query = query.Where(e => matches.Contains(e.RowId));
                    break;
                case StorageProvider.Postgres:
                    var tsQuery = EventFilter.ToTsQuery(words);
                    var found = db.Events.Where(e => e.SituationId == situationId
                            && EF.Property<NpgsqlTsVector>(e, PostgresLifelineDbContext.SearchVector).Matches(EF.Functions.ToTsQuery("simple", tsQuery)))
                        .OrderByDescending(e => e.RowId).Take(SearchCap).Select(e => e.RowId);
                    query = query.Where(e => found.Contains(e.RowId));
                    break;
            }
        }
        return query;
    }

    private async Task<List<EventSummary>> SummariesAsync(string situationId, IReadOnlyList<EventRow> rows, CancellationToken cancel)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var places = await PlacesAsync(situationId, cancel);
        var actors = await ActorsAsync(situationId, cancel);
        var sources = await SourcesAsync(situationId, rows.SelectMany(r => r.Sources), cancel);
        var eventIds = rows.Select(r => r.EventId).ToList();
        var reviews = (await db.Reviews.AsNoTracking()
                .Where(r => r.SituationId == situationId && eventIds.Contains(r.EventId))
                .OrderBy(r => r.RowId)
                .ToListAsync(cancel))
            .GroupBy(r => r.EventId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.ToDomain()).ToList(), StringComparer.Ordinal);
        return rows.Select(r => EventViews.Summarise(
            r.EventId, r.Version, r.StageValue, r.ToContent(), places, actors,
            Verification.Explain(r.Sources.Where(sources.ContainsKey).Select(s => sources[s]), reviews.GetValueOrDefault(r.EventId) ?? [])))
            .ToList();
    }

    /// <summary>The gazetteer of a situation, kept per data version (it is public: every reader shares it).</summary>
    public async Task<IReadOnlyDictionary<string, Place>> PlacesAsync(string situationId, CancellationToken cancel = default) =>
        await cache.GetAsync($"places|{situationId}", (await reader.CurrentAsync(cancel)).Public, async () =>
            (IReadOnlyDictionary<string, Place>)(await db.Places.AsNoTracking().Where(p => p.SituationId == situationId).ToListAsync(cancel))
                .ToDictionary(p => p.Id, p => p.ToDomain(), StringComparer.Ordinal));

    /// <summary>The actors of a situation, kept per data version (public, shared by every reader).</summary>
    public async Task<IReadOnlyDictionary<string, Actor>> ActorsAsync(string situationId, CancellationToken cancel = default) =>
        await cache.GetAsync($"actors|{situationId}", (await reader.CurrentAsync(cancel)).Recorded, async () =>
            (IReadOnlyDictionary<string, Actor>)(await db.Actors.AsNoTracking().Where(a => a.SituationId == situationId).ToListAsync(cancel))
                .ToDictionary(a => a.Id, a => a.ToDomain(), StringComparer.Ordinal));

    public async Task<Dictionary<string, Source>> SourcesAsync(string situationId, IEnumerable<string> ids, CancellationToken cancel = default)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        return (await db.Sources.AsNoTracking().Where(s => s.SituationId == situationId && wanted.Contains(s.Id)).ToListAsync(cancel))
            .ToDictionary(s => s.Id, s => s.ToDomain(), StringComparer.Ordinal);
    }

    /// <summary>Every source of a situation, by publisher (the forms' list to cite from).</summary>
    public async Task<IReadOnlyList<Source>> AllSourcesAsync(string situationId, CancellationToken cancel = default) =>
        (await db.Sources.AsNoTracking().Where(s => s.SituationId == situationId).OrderBy(s => s.Publisher).ThenBy(s => s.Id).ToListAsync(cancel))
            .Select(s => s.ToDomain()).ToList();
}
