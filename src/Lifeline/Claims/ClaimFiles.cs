using System.Text.Json;
using System.Text.Json.Serialization;
using Lifeline.Core.Access;
using Lifeline.Core.Claims;
using Lifeline.Core.Common;
using Lifeline.Exchange;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Claims;

/// <summary>A claim in a <c>lifeline-claims/1</c> file: the claim, and optionally its review and whether it is published.</summary>
internal sealed record ClaimFileEntry : ClaimDraft
{
    public ClaimReviewDraft? Review { get; init; }

    /// <summary>True to make a reviewed claim public; a claim without a review cannot be.</summary>
    public bool? Published { get; init; }
}

/// <summary>A <c>lifeline-claims/1</c> file: the claims of a situation already stored, each citing its sources by id.</summary>
internal sealed record ClaimFile
{
    [TextRule(InputLimits.Code)]
    public string? Format { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Situation { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? About { get; init; }
    public IReadOnlyList<ClaimFileEntry>? Claims { get; init; }
}

/// <summary>
/// Loads claims from a file: a built-in scenario may carry one (<c>data/scenarios/NAME/claims.json</c>), loaded after
/// its legal record. A claim whose id is stored already becomes its next version when it changed. The whole file is
/// checked first; one error and nothing is stored.
/// </summary>
internal static class ClaimFiles
{
    public const string Format = "lifeline-claims/1";
    public const string FileName = "claims.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>After a built-in scenario is imported, loads its claims file if it has one; a built-in file that does not load is a bug and stops the load.</summary>
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
            throw new InvalidDataException($"The claims of the built-in scenario {name} could not be loaded: {string.Join("; ", errors.Take(10))}");
        }
        return imported;
    }

    /// <summary>Reads a file, checks every claim and review, and stores them all with their ledger leaves in one transaction, or nothing.</summary>
    public static IReadOnlyList<ImportError> Load(LifelineDbContext db, TimeProvider clock, Stream stream, string recordedBy, string reason, string? userId = null)
    {
        ClaimFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ClaimFile>(stream, Json);
        }
        catch (JsonException ex)
        {
            return [new ImportError(Web.JsonErrors.FieldOf("", ex.Path), Web.JsonErrors.Explain(ex))];
        }
        if (file is null || file.Format != Format)
        {
            return [new ImportError("format", $"must be \"{Format}\"")];
        }
        if (InputRules.Check(file) is { IsEmpty: false } declared)
        {
            return Errors(declared);
        }
        var situation = file.Situation is null ? null : db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines)
            .AsSplitQuery().FirstOrDefault(s => s.Id == file.Situation)?.ToDomain();
        if (situation is null)
        {
            return [new ImportError("situation", $"there is no situation '{file.Situation}' in the database: load or import it first")];
        }
        var now = Importer.TruncateToSeconds(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var sources = db.Sources.Where(s => s.SituationId == situation.Id).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var events = db.Events.Where(e => e.SituationId == situation.Id).Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        var errors = new ValidationErrors();
        var claims = new List<Claim>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = file.Claims ?? [];
        for (var i = 0; i < entries.Count; i++)
        {
            var (entry, at) = (entries[i], $"claims[{i}].");
            if (entry.Id is not null && !seen.Add(entry.Id))
            {
                errors.Add($"{at}id", $"'{RecordDates.Shorten(entry.Id)}' is given twice");
            }
            var (claim, claimErrors) = ClaimValidator.Validate(situation, sources, entry, entry.Id, today, at);
            errors.AddAll(claimErrors);
            ClaimVerdict? verdict = null;
            if (entry.Review is { } review)
            {
                var (v, reviewErrors) = ClaimValidator.ValidateReview(sources, events, review, recordedBy, today, $"{at}review.");
                errors.AddAll(reviewErrors);
                verdict = v;
            }
            if (entry.Published == true && entry.Review is null)
            {
                errors.Add($"{at}published", "a claim is made public only once reviewed: give its review");
            }
            if (claim is not null)
            {
                var stage = verdict is null ? EventStage.Intake : entry.Published == true ? EventStage.Published : EventStage.Reviewed;
                claims.Add(claim with { Verdict = verdict, Stage = stage });
            }
        }
        if (!errors.IsEmpty)
        {
            return Errors(errors);
        }
        Write(db, situation.Id, claims, now.UtcDateTime, recordedBy, userId, reason);
        return [];
    }

    private static List<ImportError> Errors(ValidationErrors errors) =>
        errors.ToDictionary().SelectMany(e => e.Value.Select(m => new ImportError(e.Key, m))).ToList();

    private static void Write(LifelineDbContext db, string situationId, IReadOnlyList<Claim> claims, DateTime at, string by, string? userId, string reason)
    {
        var stored = db.Set<ClaimRow>().Where(r => r.SituationId == situationId).ToDictionary(r => r.ClaimId, StringComparer.Ordinal);
        using var transaction = db.Database.BeginTransaction();
        var ledger = LedgerAppender.Begin(db);
        foreach (var claim in claims)
        {
            stored.TryGetValue(claim.Id, out var before);
            var row = ClaimContent.Version(situationId, claim, (before?.Version ?? 0) + 1, before?.AuthorId, at, by, userId, reason);
            if (before is not null)
            {
                // A review's day is the day of the load; unchanged otherwise, a claim is left as it is.
                var unchanged = ClaimContent.Version(situationId, claim with { Verdict = claim.Verdict is { } v ? v with { On = ClaimContent.ToDomain(before).Verdict?.On ?? v.On } : null },
                    before.Version, before.AuthorId, at, by, userId, reason);
                if (before.Made == unchanged.Made && before.Type == unchanged.Type && before.Standing == unchanged.Standing && before.Stage == unchanged.Stage
                    && before.Content == unchanged.Content)
                {
                    continue;
                }
                before.CopyFrom(row);
            }
            else
            {
                var created = new ClaimRow { SituationId = "", ClaimId = "", Type = "", Stage = "", Content = "", RecordedBy = "", Reason = "" };
                created.CopyFrom(row);
                db.Add(created);
            }
            db.Add(row);
            ledger.Add(CanonicalRecords.Claim(row).Entry);
        }
        db.SaveChanges();
        ledger.Flush();
        transaction.Commit();
        db.ChangeTracker.Clear();
    }
}
