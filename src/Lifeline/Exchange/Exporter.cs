using System.Globalization;
using System.Text.Json;
using Lifeline.Core.Common;
using Lifeline.Core.Situations;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Exchange;

/// <summary>
/// Writes one situation, everything it refers to, every version of every event, assessment and supply observation,
/// and the evidence files' metadata and chains of custody as a <c>lifeline/1</c> document. Rows are streamed from the
/// database to the file, so memory stays flat however long the record. Records are written in a fixed order (ids,
/// then the order records were first made), so importing an export into an empty database and exporting again gives
/// the same bytes. The evidence files' bytes are copied, one file per SHA-256, into a folder beside the document.
/// </summary>
internal sealed class Exporter(LifelineDbContext db)
{
    public sealed record Summary(int Events, int Versions, int Reviews, int Assessments = 0, int Observations = 0, int Evidence = 0);

    /// <summary>The folder an export's evidence files go to, and an import reads them from: the document's path and <c>.evidence</c>.</summary>
    public static string EvidenceFolderOf(string documentPath) => documentPath + ".evidence";

    public int CountVersions(string situationId) => db.EventVersions.Count(v => v.SituationId == situationId);

    /// <param name="evidence">Where the evidence files are kept, and the folder to copy them to (null: metadata only).</param>
    /// <returns>Null when there is no such situation.</returns>
    public Summary? Export(string situationId, Stream output, IProgress<int>? progress = null, (Evidence.EvidenceStorage Files, string Folder)? evidence = null)
    {
        var situation = db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery()
            .FirstOrDefault(s => s.Id == situationId);
        if (situation is null)
        {
            return null;
        }
        var domain = situation.ToDomain();
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, IndentSize = 2, Encoder = ExchangeJson.Options.Encoder });
        writer.WriteStartObject();
        writer.WriteString("format", ExchangeJson.Format);
        writer.WritePropertyName("situation");
        JsonSerializer.Serialize(writer, new SituationDto
        {
            Id = domain.Id,
            Name = domain.Name,
            Region = domain.Region,
            StartDate = Day(domain.StartDate),
            EndDate = domain.EndDate is { } end ? Day(end) : null,
            RecordFrom = domain.RecordFrom is { } recordFrom ? Day(recordFrom) : null,
            RecordUntil = domain.RecordUntil is { } recordUntil ? Day(recordUntil) : null,
            Figures = Enum.GetValues<SituationFigure>().Where(domain.Figures.ContainsKey).ToDictionary(
                f => JsonNamingPolicy.CamelCase.ConvertName(f.ToString()),
                f => new FigureDto { Value = domain.Figures[f].Value, Qualifier = domain.Figures[f].Qualifier, Sources = [.. domain.Figures[f].Sources] }),
            Routes = domain.Routes.Select(r => new RouteDto
            {
                Id = r.Id,
                Name = r.Name,
                Via = [.. r.Via],
                Sources = [.. r.Sources],
                Baseline = r.Baseline is { } b ? new BaselineDto { Status = KebabCase.Of(b.Status), Sources = [.. b.Sources] } : null,
            }).ToList(),
            UtilityBaselines = domain.UtilityBaselines.Count == 0 ? null : domain.UtilityBaselines.OrderBy(u => u.Key).ToDictionary(
                u => KebabCase.Of(u.Key), u => new BaselineDto { Status = KebabCase.Of(u.Value.Status), Sources = [.. u.Value.Sources] }),
        }, ExchangeJson.Options);

        var firstRecorded = db.SourceVersions.AsNoTracking().Where(v => v.SituationId == situationId && v.Version == 1).AsEnumerable()
            .ToDictionary(v => v.SourceId, v => new RecordedDto { At = Instant(v.RecordedAt), By = v.RecordedBy, Reason = v.Reason }, StringComparer.Ordinal);
        writer.WriteStartArray("sources");
        foreach (var row in db.Sources.AsNoTracking().Where(s => s.SituationId == situationId).OrderBy(s => s.Id).AsEnumerable())
        {
            JsonSerializer.Serialize(writer, new SourceDto
            {
                Id = row.Id,
                Publisher = row.Publisher,
                Url = row.Url,
                Title = row.Title,
                Published = row.Published is { } p ? Day(p) : null,
                Retrieved = row.Retrieved is { } r ? Day(r) : null,
                Reliability = row.Reliability,
                Credibility = row.Credibility,
                ProtectIdentity = row.ProtectIdentity,
                Recorded = firstRecorded.GetValueOrDefault(row.Id),
            }, ExchangeJson.Options);
        }
        writer.WriteEndArray();

        writer.WriteStartArray("places");
        foreach (var row in db.Places.AsNoTracking().Where(p => p.SituationId == situationId).OrderBy(p => p.Id).AsEnumerable())
        {
            var place = row.ToDomain();
            JsonSerializer.Serialize(writer, new PlaceDto
            {
                Id = place.Id,
                Kind = KebabCase.Of(place.Kind),
                Names = Core.Places.Place.Languages.Where(place.Names.ContainsKey).ToDictionary(l => l, l => place.Names[l]),
                Latitude = row.Latitude,
                Longitude = row.Longitude,
                CoordinatesSource = row.CoordinatesSource,
            }, ExchangeJson.Options);
        }
        writer.WriteEndArray();

        writer.WriteStartArray("actors");
        foreach (var row in db.Actors.AsNoTracking().Where(a => a.SituationId == situationId).OrderBy(a => a.Id).AsEnumerable())
        {
            JsonSerializer.Serialize(writer, new ActorDto { Id = row.Id, Name = row.Name, Kind = row.Kind, Affiliations = row.Affiliations }, ExchangeJson.Options);
        }
        writer.WriteEndArray();

        writer.WriteStartArray("events");
        var versions = 0;
        var events = 0;
        var versionRows =
            from v in db.EventVersions.AsNoTracking()
            join e in db.Events.AsNoTracking() on new { v.SituationId, v.EventId } equals new { e.SituationId, e.EventId }
            where v.SituationId == situationId
            orderby e.RowId, v.Version
            select v;
        // A single query, so that the rows stream on PostgreSQL too (split queries have EF Core read them all first).
        foreach (var v in versionRows.AsSingleQuery().AsEnumerable())
        {
            JsonSerializer.Serialize(writer, new EventDto
            {
                Id = v.EventId,
                Version = v.Version,
                Date = Day(v.Date),
                Time = v.Time?.ToString("HH:mm", CultureInfo.InvariantCulture),
                TimePrecision = v.TimePrecision,
                Place = v.PlaceId,
                GeoPrecision = v.GeoPrecision,
                Type = v.Type,
                Utility = v.Utility,
                Route = v.RouteId,
                EndDate = v.EndDate is { } endDate ? Day(endDate) : null,
                EndTime = v.EndTime?.ToString("HH:mm", CultureInfo.InvariantCulture),
                DurationHours = v.DurationHours,
                UntilFurtherNotice = v.UntilFurtherNotice ? true : null,
                HoursPerDay = v.HoursPerDay,
                Actor1 = v.Actor1,
                Actor2 = v.Actor2,
                Fatalities = v.Fatalities,
                Notes = v.Notes,
                Sources = v.Sources,
                Stage = v.Stage,
                PartOf = v.PartOf,
                GapBefore = v.GapBefore ? true : null,
                Recorded = new RecordedDto { At = Instant(v.RecordedAt), By = v.RecordedBy, Reason = v.Reason },
            }, ExchangeJson.Options);
            versions++;
            if (v.Version == 1)
            {
                events++;
            }
            if (versions % 1000 == 0)
            {
                writer.Flush();
                progress?.Report(versions);
            }
        }
        writer.WriteEndArray();

        writer.WriteStartArray("reviews");
        var reviews = 0;
        foreach (var r in db.Reviews.AsNoTracking().Where(r => r.SituationId == situationId).OrderBy(r => r.RowId).AsEnumerable())
        {
            JsonSerializer.Serialize(writer, new ReviewDto { Event = r.EventId, Verdict = r.Verdict, Note = r.Note, At = Instant(r.At), By = r.By }, ExchangeJson.Options);
            reviews++;
        }
        writer.WriteEndArray();

        writer.WriteStartArray("assessments");
        var assessments = 0;
        var assessmentVersions =
            from v in db.Set<EarlyWarning.AssessmentVersionRow>().AsNoTracking()
            join a in db.Set<EarlyWarning.AssessmentRow>().AsNoTracking() on new { v.SituationId, v.AssessmentId } equals new { a.SituationId, a.AssessmentId }
            where v.SituationId == situationId
            orderby a.RowId, v.Version
            select v;
        foreach (var v in assessmentVersions.AsEnumerable())
        {
            JsonSerializer.Serialize(writer, EarlyWarning.AssessmentDto.From(v), ExchangeJson.Options);
            assessments++;
        }
        writer.WriteEndArray();

        writer.WriteStartArray("supplyObservations");
        var observations = 0;
        var observationVersions =
            from v in db.SupplyObservationVersions.AsNoTracking()
            join o in db.SupplyObservations.AsNoTracking() on new { v.SituationId, v.ObservationId } equals new { o.SituationId, o.ObservationId }
            where v.SituationId == situationId
            orderby o.RowId, v.Version
            select v;
        foreach (var v in observationVersions.AsEnumerable())
        {
            JsonSerializer.Serialize(writer, Supplies.SupplyExchange.ToDto(v), ExchangeJson.Options);
            observations++;
        }
        writer.WriteEndArray();

        writer.WriteStartArray("evidence");
        var evidenceCount = 0;
        var custody = db.Set<Evidence.CustodyRow>().AsNoTracking().Where(c => c.SituationId == situationId).OrderBy(c => c.EvidenceId).ThenBy(c => c.Step).AsEnumerable()
            .GroupBy(c => c.EvidenceId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var e in db.Set<Evidence.EvidenceRow>().AsNoTracking().Where(e => e.SituationId == situationId).OrderBy(e => e.RowId).AsEnumerable())
        {
            JsonSerializer.Serialize(writer, new EvidenceDto
            {
                Id = e.EvidenceId,
                Event = e.EventId,
                Sha256 = e.Sha256,
                Size = e.Size,
                MediaType = e.MediaType,
                FileName = e.FileName,
                CapturedAt = e.CapturedAt is { } at ? Instant(at) : null,
                CapturedWhere = e.CapturedWhere,
                CapturedBy = e.CapturedBy,
                Device = e.Device,
                Description = e.Description,
                Received = new RecordedDto { At = Instant(e.ReceivedAt), By = e.ReceivedBy },
                Custody = custody.GetValueOrDefault(e.EvidenceId, []).Select(c => new CustodyDto
                {
                    Step = c.Step,
                    Action = c.Action,
                    At = Instant(c.At),
                    By = c.By,
                    Why = c.Why,
                    To = c.To,
                }).ToList(),
            }, ExchangeJson.Options);
            if (evidence is { } copy && Ledger.Sha256Digest.TryParse(e.Sha256, out var digest))
            {
                // Streamed from wherever the file is kept (the folder, or PostgreSQL's chunks); a missing file is left out.
                copy.Files.CopyTo(digest, copy.Folder);
            }
            evidenceCount++;
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        progress?.Report(versions);
        return new Summary(events, versions, reviews, assessments, observations, evidenceCount);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
