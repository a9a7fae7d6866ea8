using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;
using Lifeline.Core.Events;
using Lifeline.Exchange;
using Lifeline.Ledger;
using Lifeline.Storage;

namespace Lifeline.EarlyWarning;

/// <summary>
/// One version of an assessment in a file: the <c>assessments</c> of a <c>lifeline/1</c> document and of a scenario's
/// <c>assessments.json</c>. A hand-written file gives one element per assessment and omits <c>version</c> and <c>recorded</c>.
/// </summary>
internal sealed record AssessmentDto
{
    [TextRule(InputLimits.Id)]
    public string? Id { get; init; }
    [NumberRule(1, 1_000_000)]
    public int? Version { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Indicator { get; init; }
    [TextRule(InputLimits.Code)]
    public string? AsOf { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Status { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Confidence { get; init; }
    [TextRule(InputLimits.Id, MaxItems = AssessmentValidator.MaxCitations)]
    public List<string>? Events { get; init; }
    [TextRule(InputLimits.Id, MaxItems = AssessmentValidator.MaxCitations)]
    public List<string>? Sources { get; init; }
    [TextRule(InputLimits.Id, MaxItems = AssessmentValidator.MaxCitations)]
    public List<string>? Evidence { get; init; }
    public List<int>? StantonStages { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Note { get; init; }
    public RecordedDto? Recorded { get; init; }

    public static AssessmentDto From(AssessmentVersionRow row) => new()
    {
        Id = row.AssessmentId,
        Version = row.Version,
        Indicator = row.Indicator,
        AsOf = row.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Status = row.Status,
        Confidence = row.Confidence,
        Events = [.. row.Events],
        Sources = [.. row.Sources],
        Evidence = [.. row.Evidence],
        StantonStages = [.. row.StantonStages],
        Note = row.Note,
        Recorded = new RecordedDto { At = LedgerEntry.Instant(row.RecordedAt), By = row.RecordedBy, Reason = row.Reason },
    };
}

/// <summary>
/// A <c>lifeline-assessments/1</c> file: analysts' assessments of a situation already stored. A built-in scenario may
/// carry one (<c>data/scenarios/NAME/assessments.json</c>), loaded after its events and supplies.
/// </summary>
internal sealed record AssessmentFile
{
    [TextRule(InputLimits.Code)]
    public string? Format { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Situation { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? About { get; init; }
    public IReadOnlyList<AssessmentDto>? Assessments { get; init; }
}

internal static class AssessmentFiles
{
    public const string Format = "lifeline-assessments/1";
    public const string FileName = "assessments.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>
    /// After a built-in scenario is imported, loads its assessments file if it has one. The built-in files are checked
    /// by the tests, so one that does not load is a bug in what was shipped, and stops the load with its errors.
    /// </summary>
    public static ImportResult AfterScenario(LifelineDbContext db, TimeProvider clock, string folder, string name, ImportResult imported)
    {
        var path = Path.Combine(folder, name, FileName);
        if (!imported.Succeeded || imported.SituationId is null || !File.Exists(path))
        {
            return imported;
        }
        using var stream = File.OpenRead(path);
        var errors = Load(db, clock, stream, "Lifeline", $"built-in scenario {name}");
        if (errors.Count > 0)
        {
            throw new InvalidDataException($"The assessments of the built-in scenario {name} could not be loaded: {string.Join("; ", errors.Take(10))}");
        }
        return imported;
    }

    /// <summary>Reads a file, checks every assessment, and stores them all with their ledger leaves in one transaction, or nothing.</summary>
    public static IReadOnlyList<ImportError> Load(LifelineDbContext db, TimeProvider clock, Stream stream, string recordedBy, string reason)
    {
        AssessmentFile? file;
        try
        {
            file = JsonSerializer.Deserialize<AssessmentFile>(stream, Json);
        }
        catch (JsonException ex)
        {
            return [new ImportError(Web.JsonErrors.FieldOf("", ex.Path), Web.JsonErrors.Explain(ex))];
        }
        if (file is null || file.Format != Format)
        {
            return [new ImportError("format", $"must be \"{Format}\"")];
        }
        if (file.Situation is null || !db.Situations.Any(s => s.Id == file.Situation))
        {
            return [new ImportError("situation", $"there is no situation '{file.Situation}' in the database: load or import it first")];
        }
        var importer = new AssessmentImporter(db, clock, file.Situation, recordedBy, reason);
        var rows = importer.Check((file.Assessments ?? []).Select((a, i) => ($"assessments[{i}]", a)).ToList());
        if (importer.Errors.Count > 0)
        {
            return importer.Errors;
        }
        using var transaction = db.Database.BeginTransaction();
        var ledger = LedgerAppender.Begin(db);
        importer.Write(rows, ledger);
        db.SaveChanges();
        ledger.Flush();
        transaction.Commit();
        db.ChangeTracker.Clear();
        return [];
    }
}

/// <summary>
/// Checks versions of assessments read from a file, by the same rules as one typed in (the core's
/// <see cref="AssessmentValidator"/>, so an assessment may cite only what could be known on its date), and writes
/// them: every version, the current one, and each version's ledger leaf.
/// </summary>
internal sealed class AssessmentImporter(LifelineDbContext db, TimeProvider clock, string situationId, string recordedBy, string reason)
{
    public List<ImportError> Errors { get; } = [];

    public IReadOnlyList<AssessmentVersionRow> Check(IReadOnlyList<(string Path, AssessmentDto Dto)> entries)
    {
        var now = Importer.TruncateToSeconds(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var stored = db.Set<AssessmentRow>().Where(a => a.SituationId == situationId).Select(a => a.AssessmentId).ToHashSet(StringComparer.Ordinal);
        var references = AssessmentEvidence.References(db, situationId,
            entries.SelectMany(e => e.Dto.Events ?? []), entries.SelectMany(e => e.Dto.Sources ?? []), entries.SelectMany(e => e.Dto.Evidence ?? []));
        var catalogue = EarlyWarningCatalogue.Instance.Catalogue;
        var rows = new List<AssessmentVersionRow>();
        string? currentId = null;
        var currentVersion = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, dto) in entries)
        {
            var draft = new AssessmentDraft
            {
                Indicator = dto.Indicator,
                AsOf = dto.AsOf,
                Status = dto.Status,
                Confidence = dto.Confidence,
                Events = dto.Events,
                Sources = dto.Sources,
                Evidence = dto.Evidence,
                StantonStages = dto.StantonStages,
                Note = dto.Note,
            };
            var (content, errors) = AssessmentValidator.Validate(draft, catalogue, references, today);
            foreach (var (field, messages) in errors.ToDictionary())
            {
                Errors.AddRange(messages.Select(m => new ImportError($"{path}.{field}", m)));
            }
            if (!Slug.IsValid(dto.Id))
            {
                Errors.Add(new ImportError($"{path}.id", "is required in a file: a stable id such as 2023-03-02-lachin-10"));
                continue;
            }
            var version = dto.Version ?? 1;
            var same = dto.Id == currentId;
            if (!same && (stored.Contains(dto.Id!) || !seen.Add(dto.Id!)))
            {
                Errors.Add(new ImportError($"{path}.id", $"assessment '{dto.Id}' is already stored in this situation, or its versions do not come together"));
                continue;
            }
            if (version != (same ? currentVersion + 1 : 1))
            {
                Errors.Add(new ImportError($"{path}.version", same
                    ? $"assessment '{dto.Id}' has version {currentVersion} just before; this one must be {currentVersion + 1}"
                    : $"must be 1 for the first version of assessment '{dto.Id}' (the versions of one assessment come together, in order)"));
            }
            currentId = dto.Id;
            currentVersion = version;
            var recording = Recording(dto.Recorded, $"{path}.recorded", now);
            if (content is null || recording is null)
            {
                continue;
            }
            var row = new AssessmentVersionRow { SituationId = "", AssessmentId = "", Indicator = "", Status = "", Confidence = "", RecordedBy = "", Reason = "" };
            row.CopyFrom(situationId, dto.Id!, version, content, recording.At.UtcDateTime, recording.By, null, recording.Reason);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Adds the versions, the current assessments (the last version of each) and their ledger leaves.</summary>
    public void Write(IReadOnlyList<AssessmentVersionRow> rows, LedgerAppender ledger)
    {
        foreach (var row in rows)
        {
            db.Add(row);
        }
        foreach (var last in rows.GroupBy(r => r.AssessmentId, StringComparer.Ordinal).Select(g => g.Last()))
        {
            var current = new AssessmentRow { SituationId = "", AssessmentId = "", Indicator = "", Status = "", Confidence = "", RecordedBy = "", Reason = "" };
            current.CopyFrom(last.SituationId, last.AssessmentId, last.Version, last.ToContent(), last.RecordedAt, last.RecordedBy, last.RecordedByUser, last.Reason);
            db.Add(current);
        }
        foreach (var row in rows)
        {
            ledger.Add(CanonicalRecords.Assessment(row).Entry);
        }
    }

    private Recording? Recording(RecordedDto? recorded, string path, DateTimeOffset now)
    {
        if (recorded?.At is null)
        {
            return new Recording(now, string.IsNullOrWhiteSpace(recorded?.By) ? recordedBy : recorded.By.Trim(),
                string.IsNullOrWhiteSpace(recorded?.Reason) ? reason : recorded.Reason.Trim());
        }
        if (!DateTimeOffset.TryParseExact(recorded.At, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            Errors.Add(new ImportError($"{path}.at", $"'{recorded.At}' is not an instant: write it as YYYY-MM-DDTHH:MM:SSZ (UTC)"));
            return null;
        }
        if (at > now.AddDays(1))
        {
            Errors.Add(new ImportError($"{path}.at", $"{recorded.At} is in the future"));
            return null;
        }
        return new Recording(at, string.IsNullOrWhiteSpace(recorded.By) ? recordedBy : recorded.By.Trim(),
            string.IsNullOrWhiteSpace(recorded.Reason) ? reason : recorded.Reason.Trim());
    }
}
