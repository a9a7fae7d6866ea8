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
internal sealed class EventQueries(LifelineDbContext db, ICurrentUser user, AuditLog audit)
{
    public Paged<EventSummary> Search(string situationId, EventFilter filter, int page, int pageSize)
    {
        pageSize = Math.Clamp(pageSize, 1, Web.Paging.MaxPageSize);
        page = Math.Max(page, 1);
        var query = Filtered(situationId, filter);
        var total = query.Count();
        var rows = query
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.RowId)
            .PageOf(page, pageSize)
            .ToList();
        return new Paged<EventSummary>(Summaries(situationId, rows), total, page, pageSize);
    }

    /// <summary>The most recent events on or before <paramref name="date"/>.</summary>
    public IReadOnlyList<EventSummary> Latest(string situationId, DateOnly date, int count)
    {
        var rows = Visible(situationId)
            .Where(e => e.Date <= date)
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.RowId)
            .Take(count)
            .ToList();
        return Summaries(situationId, rows);
    }

    /// <summary>
    /// One event as the caller may see it, or null when it does not exist or is not theirs to see. Anonymous
    /// callers get the current published version only, without who recorded or reviewed it; protected sources
    /// are shown only to those who check sources, and that read is audited, as is any read of an unpublished event.
    /// </summary>
    public async Task<EventDetail?> FindAsync(string situationId, string eventId, CancellationToken cancel = default)
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
        var versions = EventAccess.SeesHistory(viewer) ? allVersions : [];
        var current = head;
        var places = (await db.Places.AsNoTracking().Where(p => p.SituationId == situationId).ToListAsync(cancel))
            .ToDictionary(p => p.Id, p => p.ToDomain(), StringComparer.Ordinal);
        var actors = (await db.Actors.AsNoTracking().Where(a => a.SituationId == situationId).ToListAsync(cancel))
            .ToDictionary(a => a.Id, a => a.ToDomain(), StringComparer.Ordinal);
        var wanted = allVersions.SelectMany(v => v.Sources).Concat(current.Sources).Distinct(StringComparer.Ordinal).ToList();
        var sources = (await db.Sources.AsNoTracking().Where(s => s.SituationId == situationId && wanted.Contains(s.Id)).ToListAsync(cancel))
            .ToDictionary(s => s.Id, s => s.ToDomain(), StringComparer.Ordinal);
        var reviews = (await db.Reviews.AsNoTracking().Where(r => r.SituationId == situationId && r.EventId == eventId).OrderBy(r => r.RowId).ToListAsync(cancel))
            .Select(r => r.ToDomain()).ToList();
        var state = Verification.Explain(current.Sources.Where(sources.ContainsKey).Select(s => sources[s]), reviews);
        var summary = EventViews.Summarise(current.EventId, current.Version, current.StageValue, current.ToContent(), places, actors, state);
        var cited = current.Sources.Where(sources.ContainsKey).Select(s => sources[s]).ToList();
        var showProtected = EventAccess.SeesProtectedSources(viewer);
        if (showProtected && cited.Any(s => s.ProtectIdentity))
        {
            await audit.ReadAsync("event", eventId, situationId, "protected source identities shown", cancel);
        }
        else if (current.StageValue != EventStage.Published)
        {
            await audit.ReadAsync("event", eventId, situationId, $"unpublished ({current.Stage})", cancel);
        }
        var history = EventAccess.SeesHistory(viewer);
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
                    var matches = db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM events_fts WHERE events_fts MATCH {fts}");
                    query = query.Where(e => matches.Contains(e.RowId));
                    break;
                case StorageProvider.Postgres:
                    var tsQuery = EventFilter.ToTsQuery(words);
                    query = query.Where(e => EF.Property<NpgsqlTsVector>(e, PostgresLifelineDbContext.SearchVector).Matches(EF.Functions.ToTsQuery("simple", tsQuery)));
                    break;
            }
        }
        return query;
    }

    private List<EventSummary> Summaries(string situationId, IReadOnlyList<EventRow> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var places = Places(situationId);
        var actors = Actors(situationId);
        var sources = Sources(situationId, rows.SelectMany(r => r.Sources));
        var reviews = Reviews(situationId, rows.Select(r => r.EventId).ToList());
        return rows.Select(r => EventViews.Summarise(
            r.EventId, r.Version, r.StageValue, r.ToContent(), places, actors,
            Verification.Explain(r.Sources.Where(sources.ContainsKey).Select(s => sources[s]), reviews.GetValueOrDefault(r.EventId) ?? [])))
            .ToList();
    }

    public Dictionary<string, Place> Places(string situationId) =>
        db.Places.AsNoTracking().Where(p => p.SituationId == situationId).AsEnumerable()
            .ToDictionary(p => p.Id, p => p.ToDomain(), StringComparer.Ordinal);

    public Dictionary<string, Actor> Actors(string situationId) =>
        db.Actors.AsNoTracking().Where(a => a.SituationId == situationId).AsEnumerable()
            .ToDictionary(a => a.Id, a => a.ToDomain(), StringComparer.Ordinal);

    public IReadOnlyList<Source> AllSources(string situationId) =>
        db.Sources.AsNoTracking().Where(s => s.SituationId == situationId).OrderBy(s => s.Publisher).ThenBy(s => s.Id)
            .AsEnumerable().Select(s => s.ToDomain()).ToList();

    public Dictionary<string, Source> Sources(string situationId, IEnumerable<string> ids)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        return db.Sources.AsNoTracking().Where(s => s.SituationId == situationId && wanted.Contains(s.Id)).AsEnumerable()
            .ToDictionary(s => s.Id, s => s.ToDomain(), StringComparer.Ordinal);
    }

    private Dictionary<string, List<Review>> Reviews(string situationId, IReadOnlyList<string> eventIds) =>
        db.Reviews.AsNoTracking()
            .Where(r => r.SituationId == situationId && eventIds.Contains(r.EventId))
            .OrderBy(r => r.RowId)
            .AsEnumerable()
            .GroupBy(r => r.EventId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.ToDomain()).ToList(), StringComparer.Ordinal);
}
