using System.Text.Json;
using System.Text.Json.Serialization;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Sources;
using Lifeline.Core.Supplies;
using Lifeline.Exchange;
using Lifeline.Ledger;
using Lifeline.Sources;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Supplies;

/// <summary>
/// A <c>lifeline-supplies/1</c> file (docs/supplies.md): the supply observations of a situation already stored, and
/// any sources they cite that the situation does not have yet. It travels beside a scenario's <c>lifeline/1</c>
/// file (<c>data/scenarios/NAME/supplies.json</c>) and is loaded after it; the exchange format is left as it is.
/// </summary>
internal sealed record SupplyFile
{
    public string? Format { get; init; }
    public string? Situation { get; init; }
    public IReadOnlyList<SourceDto>? Sources { get; init; }
    public IReadOnlyList<SupplyObservationDraft>? Observations { get; init; }
}

/// <summary>What a supplies file brought, or every error found in it (and then nothing was stored).</summary>
internal sealed record SupplyImportResult(int Observations, int Sources, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

internal static class SupplyFiles
{
    public const string Format = "lifeline-supplies/1";
    public const string FileName = "supplies.json";

    /// <summary>
    /// After a built-in scenario is imported, loads its supplies file if it has one. The built-in files are checked by
    /// the tests, so one that does not load is a bug in what was shipped, and stops the load with its errors.
    /// </summary>
    public static ImportResult AfterScenario(LifelineDbContext db, TimeProvider clock, string folder, string name, ImportResult imported)
    {
        var file = Path.Combine(folder, name, FileName);
        if (!imported.Succeeded || !File.Exists(file))
        {
            return imported;
        }
        using var stream = File.OpenRead(file);
        var result = new SupplyImporter(db, clock).Import(stream, "Lifeline", $"built-in scenario {name}");
        if (!result.Succeeded)
        {
            throw new InvalidDataException($"The supplies of the built-in scenario {name} could not be loaded: {string.Join("; ", result.Errors.Take(10))}");
        }
        return imported;
    }
}

/// <summary>Reads a supplies file, checks every source and observation, and stores all of it with its ledger leaves, or nothing.</summary>
internal sealed class SupplyImporter(LifelineDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public SupplyImportResult Import(Stream stream, string recordedBy, string reason)
    {
        var errors = new List<ImportError>();
        SupplyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<SupplyFile>(stream, Json);
        }
        catch (JsonException ex)
        {
            return new SupplyImportResult(0, 0, [new ImportError(Web.JsonErrors.FieldOf("", ex.Path), Web.JsonErrors.Explain(ex))]);
        }
        if (file is null || file.Format != SupplyFiles.Format)
        {
            return new SupplyImportResult(0, 0, [new ImportError("format", $"must be \"{SupplyFiles.Format}\"")]);
        }
        var situation = file.Situation is null ? null : db.Situations.AsNoTracking().FirstOrDefault(s => s.Id == file.Situation);
        if (situation is null)
        {
            return new SupplyImportResult(0, 0, [new ImportError("situation", $"there is no situation '{file.Situation}' in the database: load or import it first")]);
        }
        var now = Importer.TruncateToSeconds(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var situationId = situation.Id;

        var stored = db.Sources.AsNoTracking().Where(s => s.SituationId == situationId).AsEnumerable().ToDictionary(s => s.Id, s => s.ToDomain(), StringComparer.Ordinal);
        var newSources = new List<Source>();
        var sources = file.Sources ?? [];
        for (var i = 0; i < sources.Count; i++)
        {
            var dto = sources[i];
            var path = $"sources[{i}]";
            if (dto.Id is null)
            {
                errors.Add(new ImportError($"{path}.id", "is required in a file"));
                continue;
            }
            var (source, sourceErrors) = SourceValidator.Validate(dto.ToDraft(), today, path);
            Add(errors, sourceErrors, "");
            if (source is null)
            {
                continue;
            }
            if (stored.TryGetValue(source.Id, out var existing))
            {
                if (existing.Url != source.Url || existing.Publisher != source.Publisher)
                {
                    errors.Add(new ImportError($"{path}.id", $"source '{source.Id}' is already stored with another publisher or address"));
                }
                continue;
            }
            if (newSources.Any(s => s.Id == source.Id))
            {
                errors.Add(new ImportError($"{path}.id", $"source '{source.Id}' is given twice"));
                continue;
            }
            newSources.Add(source);
        }

        var context = new ObservationContext(
            situation.StartDate, today,
            db.Routes.Where(r => r.SituationId == situationId).Select(r => r.Id).ToHashSet(StringComparer.Ordinal),
            stored.Keys.ToHashSet(StringComparer.Ordinal), newSources.Select(s => s.Id).ToList(), situation.EndDate, situation.Period());
        var existingIds = db.SupplyObservations.Where(o => o.SituationId == situationId).Select(o => o.ObservationId).ToHashSet(StringComparer.Ordinal);
        var versions = new List<ObservationVersion>();
        var observations = file.Observations ?? [];
        for (var i = 0; i < observations.Count; i++)
        {
            var path = $"observations[{i}]";
            var draft = observations[i];
            var (content, observationErrors) = SupplyObservationValidator.Validate(draft, context);
            Add(errors, observationErrors, path);
            if (draft.Id is null)
            {
                errors.Add(new ImportError($"{path}.id", "is required in a file: a stable id such as 2023-09-23-icrc-wheat-flour"));
            }
            else if (!existingIds.Add(draft.Id))
            {
                errors.Add(new ImportError($"{path}.id", $"observation '{draft.Id}' is already stored, or given twice"));
            }
            if (content is not null && draft.Id is not null)
            {
                versions.Add(new ObservationVersion(situationId, draft.Id, 1, content, new Recording(now, recordedBy, reason)));
            }
        }
        if (errors.Count > 0)
        {
            return new SupplyImportResult(0, 0, errors.Take(Importer.MaxErrorsReported).ToList());
        }

        using var transaction = db.Database.BeginTransaction();
        var ledger = LedgerAppender.Begin(db);
        var ledgered = new List<Func<CommittedRecord>>();
        foreach (var source in newSources)
        {
            var sourceRow = SourceRow.From(situationId, source);
            var sourceVersion = SourceVersionRow.From(situationId, source, 1, new Recording(now, recordedBy, reason));
            db.Sources.Add(sourceRow);
            db.SourceVersions.Add(sourceVersion);
            ledgered.Add(() => CanonicalRecords.Source(sourceRow, sourceVersion));
        }
        foreach (var version in versions)
        {
            db.SupplyObservations.Add(SupplyObservationRow.From(version));
            var row = SupplyObservationVersionRow.From(version);
            db.SupplyObservationVersions.Add(row);
            ledgered.Add(() => CanonicalRecords.SupplyObservation(row));
        }
        db.SaveChanges();
        ledger.Append(ledgered.Select(commit => commit()));
        transaction.Commit();
        db.ChangeTracker.Clear();
        return new SupplyImportResult(versions.Count, newSources.Count, []);
    }

    private static void Add(List<ImportError> errors, ValidationErrors found, string prefix)
    {
        foreach (var (field, messages) in found.ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add(new ImportError(prefix.Length == 0 ? field : $"{prefix}.{field}", message));
            }
        }
    }
}
