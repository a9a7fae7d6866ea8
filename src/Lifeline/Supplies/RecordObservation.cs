using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Sources;
using Lifeline.Core.Supplies;
using Lifeline.Events;
using Lifeline.Ledger;
using Lifeline.Sources;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Supplies;

/// <summary>
/// The body of <c>POST /api/v1/situations/{id}/supplies/observations</c> and of <c>PUT .../observations/{observationId}</c>:
/// the observation (its fields are those of <see cref="SupplyObservationDraft"/>), any new sources it cites, and for an
/// edit the version it edits. An edit says why in <c>reason</c>.
/// </summary>
public sealed record RecordObservationRequest : SupplyObservationDraft
{
    [TextRule(InputLimits.Url, MaxItems = 100)]
    public IReadOnlyList<NewSourceRequest>? NewSources { get; init; }
    [NumberRule(1, int.MaxValue)]
    public int? ExpectedVersion { get; init; }
}

internal abstract record ObservationOutcome
{
    public sealed record Stored(ObservationVersion Version) : ObservationOutcome;
    public sealed record Invalid(ValidationErrors Errors) : ObservationOutcome;
    public sealed record NotFound(string What) : ObservationOutcome;
    public sealed record Conflict(string Message) : ObservationOutcome;
    public sealed record Forbidden(string Why) : ObservationOutcome;
}

/// <summary>
/// Who may record and correct supply observations, as for events: those who record events record observations;
/// a verifier or an admin may correct any observation, its author may correct their own.
/// </summary>
internal static class ObservationAccess
{
    public static bool CanRecord(Core.Access.Viewer viewer) => Core.Access.EventAccess.CanRecord(viewer);

    public static bool CanEdit(Core.Access.Viewer viewer, string? authorId) =>
        viewer.HasAny(Core.Access.Role.Admin, Core.Access.Role.Verifier)
        || (CanRecord(viewer) && authorId is not null && viewer.UserId == authorId);
}

/// <summary>
/// Records a supply observation, or a new version of one, as events are recorded: checked in the core, then the
/// version, the current view, any new sources, their ledger leaves and the audit line in one transaction. Nothing
/// is written unless everything is valid; the answer is given once the write is durable.
/// </summary>
internal sealed class ObservationRecorder(LifelineDbContext db, TimeProvider clock, ICurrentUser user, AuditLog audit, Ledger.LedgerSequencer ledger)
{
    public Task<ObservationOutcome> Record(string situationId, RecordObservationRequest request) => Write(situationId, null, request);

    public Task<ObservationOutcome> Edit(string situationId, string observationId, RecordObservationRequest request) => Write(situationId, observationId, request);

    private async Task<ObservationOutcome> Write(string situationId, string? editing, RecordObservationRequest request)
    {
        var situation = await db.Situations.AsNoTracking().FirstOrDefaultAsync(s => s.Id == situationId);
        if (situation is null)
        {
            return new ObservationOutcome.NotFound($"There is no situation '{situationId}'.");
        }
        SupplyObservationRow? current = null;
        if (editing is not null)
        {
            current = await db.SupplyObservations.FirstOrDefaultAsync(o => o.SituationId == situationId && o.ObservationId == editing);
            if (current is null)
            {
                return new ObservationOutcome.NotFound($"There is no supply observation '{editing}' in situation '{situationId}'.");
            }
            var author = await db.SupplyObservationVersions.AsNoTracking()
                .Where(o => o.SituationId == situationId && o.ObservationId == editing && o.Version == 1).Select(o => o.RecordedByUser).FirstOrDefaultAsync();
            if (!ObservationAccess.CanEdit(user.Viewer, author))
            {
                return new ObservationOutcome.Forbidden("Only a verifier or an admin may correct this observation; its author may correct their own.");
            }
        }
        else if (!ObservationAccess.CanRecord(user.Viewer))
        {
            return new ObservationOutcome.Forbidden("Recording observations needs the reporter, verifier, publisher, analyst or admin role.");
        }

        // The declared rules first: nothing below (an id lookup, a message quoting a value) sees text that breaks them.
        if (InputRules.Check(request) is { IsEmpty: false } declared)
        {
            return new ObservationOutcome.Invalid(declared);
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
                Id = n.ProtectIdentity ? $"source-{Guid.CreateVersion7(now):N}" : null,
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

        var newIds = newSources.Select(s => s.Id).ToList();
        var draft = request with { Id = editing ?? request.Id, Sources = (request.Sources ?? []).Concat(newIds).ToList() };
        var cited = (draft.Sources ?? []).Select(s => s.Trim()).ToList();
        var context = new ObservationContext(
            situation.StartDate, today,
            (await db.Routes.Where(r => r.SituationId == situationId).Select(r => r.Id).ToListAsync()).ToHashSet(StringComparer.Ordinal),
            (await db.Sources.Where(s => s.SituationId == situationId && cited.Contains(s.Id)).Select(s => s.Id).ToListAsync()).ToHashSet(StringComparer.Ordinal),
            newIds,
            situation.EndDate,
            situation.Period());
        var (content, observationErrors) = SupplyObservationValidator.Validate(draft, context);
        errors.AddAll(observationErrors);
        if (current is not null && Kind(request.Kind) is { } kind && kind != current.Kind)
        {
            errors.Add("kind", $"an observation keeps its kind: this one is a {current.Kind}; record a new observation instead");
        }
        var reason = request.Reason?.Trim();
        if (editing is not null && string.IsNullOrEmpty(reason))
        {
            errors.Add("reason", "is required for an edit: say what was wrong or what is new");
        }
        else if (reason is { Length: > Events.EventRecorder.MaxReasonLength })
        {
            errors.Add("reason", $"must be at most {Events.EventRecorder.MaxReasonLength} characters");
        }
        if (!errors.IsEmpty || content is null)
        {
            return new ObservationOutcome.Invalid(errors);
        }
        if (current is not null && request.ExpectedVersion is { } expected && expected != current.Version)
        {
            return new ObservationOutcome.Conflict($"Observation '{editing}' is at version {current.Version}, not {expected}: someone else edited it. Reload it and edit again.");
        }

        var id = editing ?? request.Id ?? $"o-{Guid.CreateVersion7(now):N}";
        if (editing is null && await db.SupplyObservations.AnyAsync(o => o.SituationId == situationId && o.ObservationId == id))
        {
            return new ObservationOutcome.Conflict($"An observation with id '{id}' already exists in situation '{situationId}'.");
        }
        var viewer = user.Viewer;
        var version = new ObservationVersion(situationId, id, (current?.Version ?? 0) + 1, content,
            new Recording(now, viewer.Name ?? viewer.UserId ?? "unknown", reason ?? "first recorded", viewer.UserId));
        var versionRow = SupplyObservationVersionRow.From(version);
        if (current is not null && SupplyCanonical.Content(versionRow).AsSpan().SequenceEqual(SupplyCanonical.Content(current)))
        {
            var unchanged = new ValidationErrors();
            unchanged.Add("notes", "nothing changed: an edit must change at least one field");
            return new ObservationOutcome.Invalid(unchanged);
        }

        return await ledger.WriteAsync<ObservationOutcome>(db, async cancel =>
        {
            var ledgered = new List<Func<CommittedRecord>>();
            await NewSources.Store(db, audit, situationId, newSources, version.Recorded, "a new supply observation", ledgered, cancel);
            if (current is null)
            {
                db.SupplyObservations.Add(SupplyObservationRow.From(version));
            }
            else
            {
                current.CopyFrom(version);
            }
            db.SupplyObservationVersions.Add(versionRow);
            ledgered.Add(() => CanonicalRecords.SupplyObservation(versionRow));
            audit.Add(current is null ? "create" : "edit", "supply-observation", id, situationId, $"{versionRow.Kind}, version {version.Version}");
            try
            {
                await db.SaveChangesAsync(cancel);
            }
            catch (DbUpdateException)
            {
                return Ledger.LedgerWrite<ObservationOutcome>.Refuse(new ObservationOutcome.Conflict($"Observation '{id}' was changed by someone else at the same time. Reload it and try again."));
            }
            return Ledger.LedgerWrite<ObservationOutcome>.Store(new ObservationOutcome.Stored(version), ledgered.Select(commit => commit()));
        });
    }

    private static string? Kind(string? text) => KebabCase.Parse<ObservationKind>(text) is { } kind ? KebabCase.Of(kind) : null;
}
