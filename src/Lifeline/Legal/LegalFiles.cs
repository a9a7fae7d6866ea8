using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lifeline.Core.Common;
using Lifeline.Core.Legal;
using Lifeline.Exchange;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Legal;

/// <summary>
/// A <c>lifeline-legal/1</c> file: the bodies, proceedings, steps and obligations of a situation already stored, each
/// citing the situation's sources by id. A built-in scenario may carry one (<c>data/scenarios/NAME/legal.json</c>),
/// loaded after its events, supplies and assessments. A record whose id is stored already becomes its next version
/// (unchanged, it is left as it is).
/// </summary>
internal sealed record LegalFile
{
    [TextRule(InputLimits.Code)]
    public string? Format { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Situation { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? About { get; init; }
    public IReadOnlyList<BodyDraft>? Bodies { get; init; }
    public IReadOnlyList<ProceedingDraft>? Proceedings { get; init; }
    public IReadOnlyList<StepDraft>? Steps { get; init; }
    public IReadOnlyList<ObligationDraft>? Obligations { get; init; }
}

internal static class LegalFiles
{
    public const string Format = "lifeline-legal/1";
    public const string FileName = "legal.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>
    /// After a built-in scenario is imported, loads its legal file if it has one. The built-in files are checked by the
    /// tests, so one that does not load is a bug in what was shipped, and stops the load with its errors.
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
            throw new InvalidDataException($"The legal record of the built-in scenario {name} could not be loaded: {string.Join("; ", errors.Take(10))}");
        }
        return imported;
    }

    /// <summary>Reads a file, checks every record, and stores them all with their ledger leaves in one transaction, or nothing.</summary>
    public static IReadOnlyList<ImportError> Load(LifelineDbContext db, TimeProvider clock, Stream stream, string recordedBy, string reason, string? userId = null)
    {
        LegalFile? file;
        try
        {
            file = JsonSerializer.Deserialize<LegalFile>(stream, Json);
        }
        catch (JsonException ex)
        {
            return [new ImportError(Web.JsonErrors.FieldOf("", ex.Path), Web.JsonErrors.Explain(ex))];
        }
        if (file is null || file.Format != Format)
        {
            return [new ImportError("format", $"must be \"{Format}\"")];
        }
        var situation = file.Situation is null ? null : db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines)
            .AsSplitQuery().FirstOrDefault(s => s.Id == file.Situation)?.ToDomain();
        if (situation is null)
        {
            return [new ImportError("situation", $"there is no situation '{file.Situation}' in the database: load or import it first")];
        }
        var now = Importer.TruncateToSeconds(clock.GetUtcNow());
        var stored = db.Set<LegalRecordRow>().AsNoTracking().Where(r => r.SituationId == situation.Id).ToList();
        var sources = db.Sources.Where(s => s.SituationId == situation.Id).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var (records, validation) = LegalValidator.Validate(situation, LegalContent.ToSet(stored), sources,
            file.Bodies ?? [], file.Proceedings ?? [], file.Steps ?? [], file.Obligations ?? [], DateOnly.FromDateTime(now.UtcDateTime));
        var errors = validation.ToDictionary().SelectMany(e => e.Value.Select(m => new ImportError(e.Key, m))).ToList();
        var kinds = stored.ToDictionary(r => r.RecordId, r => r.Kind, StringComparer.Ordinal);
        var reasons = (file.Bodies ?? []).Select(d => (d.Id, d.Reason)).Concat((file.Proceedings ?? []).Select(d => (d.Id, d.Reason)))
            .Concat((file.Steps ?? []).Select(d => (d.Id, d.Reason))).Concat((file.Obligations ?? []).Select(d => (d.Id, d.Reason)))
            .Where(r => r.Id is not null && !string.IsNullOrWhiteSpace(r.Reason)).DistinctBy(r => r.Id).ToDictionary(r => r.Id!, r => r.Reason!.Trim(), StringComparer.Ordinal);
        var rows = records is null ? [] : Rows(situation.Id, records, now.UtcDateTime, recordedBy, userId, reason, reasons);
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if ((kinds.TryGetValue(row.RecordId, out var kind) || given.TryGetValue(row.RecordId, out kind)) && kind != row.Kind)
            {
                errors.Add(new ImportError(LegalKinds.List(row.Kind), $"the id '{row.RecordId}' is already used by a legal record of kind {kind} in this situation: each legal record has its own id"));
            }
            given[row.RecordId] = row.Kind;
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        Write(db, stored, rows);
        return [];
    }

    /// <summary>A version row for each record, not yet numbered; <paramref name="reasons"/> gives a record's own reason by id.</summary>
    public static List<LegalRecordVersionRow> Rows(
        string situationId, LegalRecordSet records, DateTime at, string by, string? userId, string reason, IReadOnlyDictionary<string, string>? reasons = null) =>
        records.Bodies.Select(LegalContent.Of)
            .Concat(records.Proceedings.Select(LegalContent.Of))
            .Concat(records.Steps.Select(LegalContent.Of))
            .Concat(records.Obligations.Select(LegalContent.Of))
            .Select(r => new LegalRecordVersionRow
            {
                SituationId = situationId,
                RecordId = r.Id,
                Kind = r.Kind,
                Parent = r.Parent,
                Date = r.Date,
                Content = Encoding.UTF8.GetString(CanonicalJson.Serialize(r.Content)),
                RecordedAt = at,
                RecordedBy = by,
                RecordedByUser = userId,
                Reason = reasons?.GetValueOrDefault(r.Id) ?? reason,
            })
            .ToList();

    /// <summary>Adds each changed record's next version, moves its current row, and appends the versions' leaves, in one transaction.</summary>
    private static void Write(LifelineDbContext db, IReadOnlyList<LegalRecordRow> stored, IReadOnlyList<LegalRecordVersionRow> rows)
    {
        using var transaction = db.Database.BeginTransaction();
        var ledger = LedgerAppender.Begin(db);
        var current = stored.ToDictionary(r => r.RecordId, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (current.TryGetValue(row.RecordId, out var before))
            {
                if (before.Parent == row.Parent && before.Date == row.Date && before.Content == row.Content)
                {
                    continue;
                }
                row.Version = before.Version + 1;
                db.Add(row);
                var moved = db.Set<LegalRecordRow>().Single(r => r.RowId == before.RowId);
                moved.CopyFrom(row);
            }
            else
            {
                row.Version = 1;
                db.Add(row);
                var created = new LegalRecordRow { SituationId = "", RecordId = "", Kind = "", Content = "", RecordedBy = "", Reason = "" };
                created.CopyFrom(row);
                db.Add(created);
            }
            ledger.Add(CanonicalRecords.Legal(row).Entry);
        }
        db.SaveChanges();
        ledger.Flush();
        transaction.Commit();
        db.ChangeTracker.Clear();
    }
}
