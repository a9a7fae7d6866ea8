using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Lifeline.EarlyWarning;
using Lifeline.Events;
using Lifeline.Sources;
using Lifeline.Storage;
using Lifeline.Supplies;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Ledger;

/// <summary>
/// The tables the server reads are views over the committed record versions: <c>events</c>,
/// <c>supply_observations</c>, <c>assessments</c> and <c>places</c> hold each record's latest version, <c>sources</c>
/// each source's latest grading and dates. The ledger commits to the versions; this check makes sure the views still say what the versions
/// say, so that a row changed behind Lifeline's back (an intake event marked published, a note rewritten, a
/// protected source laid open) cannot reach a reader unnoticed. Every mismatch is named by table, record and column.
/// </summary>
/// <remarks>
/// The other tables the server reads either are committed records themselves (situations with their figures and
/// routes, actors, reviews, evidence and its custody steps: their leaves are recomputed from the row), are
/// the ledger (checked node by node), or are not part of the record (accounts, tokens, webhook subscriptions and
/// their delivery log; the audit log is hash-chained). On SQLite the full-text index of event notes is checked
/// against the events table too.
/// </remarks>
internal sealed class CurrentTablesCheck(LifelineDbContext db, Action<string> find)
{
    private const int Batch = LedgerAppender.BatchSize;
    private const int Chunk = 500;
    private const int MaxShown = 80;

    /// <summary>How many current rows were compared with their versions.</summary>
    public long Rows { get; private set; }

    public void Run(IReadOnlyDictionary<(string Situation, string Id), SourceVersionRow> latestGrading)
    {
        Check<EventRow, EventVersionRow>(
            "events", "event_versions", db.Events, r => r.RowId, r => (r.SituationId, r.EventId),
            (situation, ids) => db.EventVersions.Where(v => v.SituationId == situation && ids.Contains(v.EventId)),
            v => (v.SituationId, v.EventId), v => v.Version, typeof(EventColumns), EventAuthor);
        MissingCurrent("events", "event_versions", db.EventVersions
            .Where(v => !db.Events.Any(e => e.SituationId == v.SituationId && e.EventId == v.EventId))
            .Select(v => new { v.SituationId, Id = v.EventId }).Distinct().Take(LedgerVerifier.MaxFindings).AsEnumerable()
            .Select(k => (k.SituationId, k.Id)));

        Check<SupplyObservationRow, SupplyObservationVersionRow>(
            "supply_observations", "supply_observation_versions", db.SupplyObservations, r => r.RowId, r => (r.SituationId, r.ObservationId),
            (situation, ids) => db.SupplyObservationVersions.Where(v => v.SituationId == situation && ids.Contains(v.ObservationId)),
            v => (v.SituationId, v.ObservationId), v => v.Version, typeof(SupplyObservationColumns), null);
        MissingCurrent("supply_observations", "supply_observation_versions", db.SupplyObservationVersions
            .Where(v => !db.SupplyObservations.Any(o => o.SituationId == v.SituationId && o.ObservationId == v.ObservationId))
            .Select(v => new { v.SituationId, Id = v.ObservationId }).Distinct().Take(LedgerVerifier.MaxFindings).AsEnumerable()
            .Select(k => (k.SituationId, k.Id)));

        var assessments = db.Set<AssessmentRow>();
        var assessmentVersions = db.Set<AssessmentVersionRow>();
        Check<AssessmentRow, AssessmentVersionRow>(
            "assessments", "assessment_versions", assessments, r => r.RowId, r => (r.SituationId, r.AssessmentId),
            (situation, ids) => assessmentVersions.Where(v => v.SituationId == situation && ids.Contains(v.AssessmentId)),
            v => (v.SituationId, v.AssessmentId), v => v.Version, typeof(AssessmentColumns), null);
        MissingCurrent("assessments", "assessment_versions", assessmentVersions
            .Where(v => !assessments.Any(a => a.SituationId == v.SituationId && a.AssessmentId == v.AssessmentId))
            .Select(v => new { v.SituationId, Id = v.AssessmentId }).Distinct().Take(LedgerVerifier.MaxFindings).AsEnumerable()
            .Select(k => (k.SituationId, k.Id)));

        var legal = db.Set<Legal.LegalRecordRow>();
        var legalVersions = db.Set<Legal.LegalRecordVersionRow>();
        Check<Legal.LegalRecordRow, Legal.LegalRecordVersionRow>(
            "legal_records", "legal_record_versions", legal, r => r.RowId, r => (r.SituationId, r.RecordId),
            (situation, ids) => legalVersions.Where(v => v.SituationId == situation && ids.Contains(v.RecordId)),
            v => (v.SituationId, v.RecordId), v => v.Version, typeof(Legal.LegalColumns), null);
        MissingCurrent("legal_records", "legal_record_versions", legalVersions
            .Where(v => !legal.Any(a => a.SituationId == v.SituationId && a.RecordId == v.RecordId))
            .Select(v => new { v.SituationId, Id = v.RecordId }).Distinct().Take(LedgerVerifier.MaxFindings).AsEnumerable()
            .Select(k => (k.SituationId, k.Id)));

        var claims = db.Set<Claims.ClaimRow>();
        var claimVersions = db.Set<Claims.ClaimVersionRow>();
        Check<Claims.ClaimRow, Claims.ClaimVersionRow>(
            "claims", "claim_versions", claims, r => r.RowId, r => (r.SituationId, r.ClaimId),
            (situation, ids) => claimVersions.Where(v => v.SituationId == situation && ids.Contains(v.ClaimId)),
            v => (v.SituationId, v.ClaimId), v => v.Version, typeof(Claims.ClaimColumns), null);
        MissingCurrent("claims", "claim_versions", claimVersions
            .Where(v => !claims.Any(a => a.SituationId == v.SituationId && a.ClaimId == v.ClaimId))
            .Select(v => new { v.SituationId, Id = v.ClaimId }).Distinct().Take(LedgerVerifier.MaxFindings).AsEnumerable()
            .Select(k => (k.SituationId, k.Id)));

        CheckSources(latestGrading);
        CheckPlaces();
        CheckFullTextIndex();
    }

    /// <summary>
    /// Compares every row of a current table with the latest version of its record, column by column (every column
    /// of <paramref name="columns"/>, the class both tables share, but the row number).
    /// </summary>
    private void Check<TCurrent, TVersion>(
        string table, string versionTable, IQueryable<TCurrent> current, System.Linq.Expressions.Expression<Func<TCurrent, long>> rowId,
        Func<TCurrent, (string Situation, string Id)> keyOf, Func<string, string[], IQueryable<TVersion>> versionsOf,
        Func<TVersion, (string Situation, string Id)> versionKey, Func<TVersion, int> versionNumber, Type columns,
        Action<string, TCurrent, IReadOnlyList<TVersion>>? extra)
        where TCurrent : class
        where TVersion : class
    {
        var properties = columns.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != nameof(EventColumns.RowId) && p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
            .ToArray();
        var entity = db.Model.FindEntityType(typeof(TCurrent))!;
        var columnNames = properties.ToDictionary(p => p.Name, p => entity.FindProperty(p.Name)?.GetColumnName() ?? p.Name);
        var page = new List<TCurrent>(Batch);
        void CheckPage()
        {
            var versions = new Dictionary<(string, string), List<TVersion>>();
            foreach (var situation in page.GroupBy(r => keyOf(r).Situation))
            {
                foreach (var ids in situation.Select(r => keyOf(r).Id).Distinct(StringComparer.Ordinal).Chunk(Chunk))
                {
                    foreach (var version in versionsOf(situation.Key, ids).AsNoTracking())
                    {
                        var key = versionKey(version);
                        if (!versions.TryGetValue(key, out var list))
                        {
                            versions[key] = list = [];
                        }
                        list.Add(version);
                    }
                }
            }
            foreach (var row in page)
            {
                Rows++;
                var (situation, id) = keyOf(row);
                var name = $"{table} {CanonicalRecords.Id(situation, id)}";
                if (!versions.TryGetValue((situation, id), out var history) || history.Count == 0)
                {
                    find($"{name}: no committed version exists in {versionTable} for this row: it was added outside Lifeline");
                    continue;
                }
                history.Sort((a, b) => versionNumber(a).CompareTo(versionNumber(b)));
                var latest = history[^1];
                foreach (var property in properties)
                {
                    var shown = property.GetValue(row);
                    var committed = property.GetValue(latest);
                    if (SameValue(shown, committed))
                    {
                        continue;
                    }
                    find(property.Name == nameof(EventColumns.Version)
                        ? $"{name}: it shows version {Show(shown)}, but the latest committed version is {Show(committed)}"
                        : $"{name}: {columnNames[property.Name]} is {Show(shown)}, but its latest committed version ({versionNumber(latest)}) says {Show(committed)}");
                }
                extra?.Invoke(name, row, history);
            }
            page.Clear();
        }
        foreach (var row in LedgerVerifier.Paged(current, rowId))
        {
            page.Add(row);
            if (page.Count >= Batch)
            {
                CheckPage();
            }
        }
        CheckPage();
    }

    /// <summary>The author of an event (who may see and correct it while unpublished) is whoever recorded its first version.</summary>
    private void EventAuthor(string name, EventRow row, IReadOnlyList<EventVersionRow> history)
    {
        var first = history[0];
        if (first.Version == 1 && !string.Equals(row.AuthorId, first.RecordedByUser, StringComparison.Ordinal))
        {
            find($"{name}: author_id is {Show(row.AuthorId)}, but its first version was recorded by account {Show(first.RecordedByUser)}");
        }
    }

    private void MissingCurrent(string table, string versionTable, IEnumerable<(string Situation, string Id)> missing)
    {
        foreach (var (situation, id) in missing)
        {
            find($"{versionTable} {CanonicalRecords.Id(situation, id)}: its latest version has no row in {table}: the record was removed from what the server reads");
        }
    }

    /// <summary>A source's current grading (and whether its identity is protected) and its dates are its latest committed version's.</summary>
    private void CheckSources(IReadOnlyDictionary<(string Situation, string Id), SourceVersionRow> latestGrading)
    {
        foreach (var source in db.Sources.AsNoTracking().AsEnumerable())
        {
            Rows++;
            var name = $"sources {CanonicalRecords.Id(source.SituationId, source.Id)}";
            if (!latestGrading.TryGetValue((source.SituationId, source.Id), out var latest))
            {
                find($"{name}: no committed grading exists in source_versions for this source: it was added outside Lifeline");
                continue;
            }
            if (source.Version != latest.Version)
            {
                find($"{name}: it shows version {source.Version}, but the latest committed grading is version {latest.Version}");
            }
            if (!string.Equals(source.Reliability, latest.Reliability, StringComparison.Ordinal))
            {
                find($"{name}: reliability is {Show(source.Reliability)}, but its latest committed grading (version {latest.Version}) says {Show(latest.Reliability)}");
            }
            if (source.Credibility != latest.Credibility)
            {
                find($"{name}: credibility is {Show(source.Credibility)}, but its latest committed grading (version {latest.Version}) says {Show(latest.Credibility)}");
            }
            if (source.ProtectIdentity != latest.ProtectIdentity)
            {
                find($"{name}: protect_identity is {Show(source.ProtectIdentity)}, but its latest committed grading (version {latest.Version}) says {Show(latest.ProtectIdentity)}");
            }
            if (source.Published != latest.Published)
            {
                find($"{name}: published is {Show(source.Published)}, but its latest committed version ({latest.Version}) says {Show(latest.Published)}");
            }
            if (source.Retrieved != latest.Retrieved)
            {
                find($"{name}: retrieved is {Show(source.Retrieved)}, but its latest committed version ({latest.Version}) says {Show(latest.Retrieved)}");
            }
        }
    }

    /// <summary>A place's row shows its latest committed version, column for column.</summary>
    private void CheckPlaces()
    {
        var latest = new Dictionary<(string, string), Places.PlaceVersionRow>();
        foreach (var version in LedgerVerifier.Paged(db.PlaceVersions, v => v.RowId))
        {
            var key = (version.SituationId, version.PlaceId);
            if (!latest.TryGetValue(key, out var known) || known.Version < version.Version)
            {
                latest[key] = version;
            }
        }
        var seen = new HashSet<(string, string)>();
        foreach (var place in db.Places.AsNoTracking().AsEnumerable())
        {
            Rows++;
            var key = (place.SituationId, place.Id);
            seen.Add(key);
            var name = $"places {CanonicalRecords.Id(place.SituationId, place.Id)}";
            if (!latest.TryGetValue(key, out var version))
            {
                find($"{name}: no committed version exists in place_versions for this row: it was added outside Lifeline");
                continue;
            }
            (string Column, object? Shown, object? Committed)[] columns =
            [
                ("version", place.Version, version.Version), ("kind", place.Kind, version.Kind), ("name_en", place.NameEn, version.NameEn),
                ("name_hy", place.NameHy, version.NameHy), ("name_ru", place.NameRu, version.NameRu), ("name_az", place.NameAz, version.NameAz),
                ("latitude", place.Latitude, version.Latitude), ("longitude", place.Longitude, version.Longitude),
                ("coordinates_source", place.CoordinatesSource, version.CoordinatesSource),
            ];
            foreach (var (column, shown, committed) in columns.Where(c => !Equals(c.Shown, c.Committed)))
            {
                find($"{name}: {column} is {Show(shown)}, but its latest committed version ({version.Version}) says {Show(committed)}");
            }
        }
        foreach (var (situation, id) in latest.Keys.Where(k => !seen.Contains(k)).Take(LedgerVerifier.MaxFindings))
        {
            find($"place_versions {CanonicalRecords.Id(situation, id)}: its latest version has no row in places: the record was removed from what the server reads");
        }
    }

    /// <summary>On SQLite, event search reads an FTS5 index kept beside the events table; it must index exactly what the table holds.</summary>
    private void CheckFullTextIndex()
    {
        if (db.Provider != StorageProvider.Sqlite)
        {
            // PostgreSQL's search column is generated from the notes by the database itself and cannot be written.
            return;
        }
        try
        {
            db.Database.ExecuteSqlRaw("INSERT INTO events_fts(events_fts, rank) VALUES ('integrity-check', 1)");
        }
        catch (SqliteException ex)
        {
            find($"events_fts (the search index of event notes): it no longer matches the events table: it was changed outside Lifeline ({ex.Message})");
        }
    }

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static bool SameValue(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        if (a is IEnumerable first and not string && b is IEnumerable second and not string)
        {
            return first.Cast<object?>().SequenceEqual(second.Cast<object?>());
        }
        return a.Equals(b);
    }

    /// <summary>A value as a finding shows it: strings quoted and cut short, lists as JSON, dates and times in ISO form.</summary>
    internal static string Show(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s.Length > MaxShown ? s[..MaxShown] + "…" : s, Readable),
        bool b => b ? "true" : "false",
        DateTime t => LedgerEntry.Instant(t),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        IEnumerable list => JsonSerializer.Serialize(list.Cast<object?>().ToList(), Readable),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
