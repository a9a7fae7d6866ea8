using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.Legal;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Legal;

/// <summary>What a write of a legal record came to.</summary>
internal abstract record LegalOutcome
{
    /// <param name="Changed">False when the record given is the version stored already: nothing was written.</param>
    public sealed record Stored(string Kind, string Id, int Version, bool Changed) : LegalOutcome;
    public sealed record Invalid(ValidationErrors Errors) : LegalOutcome;
    public sealed record NotFound(string What) : LegalOutcome;
    public sealed record Conflict(string Message) : LegalOutcome;
}

/// <summary>
/// Bodies, proceedings, steps and obligations written one at a time through the API and the pages, by the roles that
/// analyse the record (admins and analysts: a legal record is public once written, as the acts of public bodies are).
/// A record is checked by <see cref="LegalValidator"/> against what the situation holds, as a file is; a new record
/// is version 1, a changed one its next version, each with who, when and why, its ledger leaf and an audit line, in one
/// transaction. A refused write stores nothing.
/// </summary>
internal sealed class LegalWorkflow(LifelineDbContext db, TimeProvider clock, ICurrentUser user, AuditLog audit, LedgerSequencer ledger, LegalQueries queries)
{
    public Task<LegalOutcome> Body(string situationId, string? existing, BodyDraft draft, CancellationToken cancel) =>
        Write(situationId, LegalKinds.Body, existing, draft, draft.Id, Stem(draft.Name), draft.Reason, id => new([draft with { Id = id }], [], [], []), cancel);

    public Task<LegalOutcome> Proceeding(string situationId, string? existing, ProceedingDraft draft, CancellationToken cancel) =>
        Write(situationId, LegalKinds.Proceeding, existing, draft, draft.Id, Stem(draft.Name), draft.Reason, id => new([], [draft with { Id = id }], [], []), cancel);

    public Task<LegalOutcome> Step(string situationId, string? existing, StepDraft draft, CancellationToken cancel) =>
        Write(situationId, LegalKinds.Step, existing, draft, draft.Id, Stem($"{draft.Proceeding} {draft.Date} {draft.Kind}"), draft.Reason, id => new([], [], [draft with { Id = id }], []), cancel);

    public Task<LegalOutcome> Obligation(string situationId, string? existing, ObligationDraft draft, CancellationToken cancel) =>
        Write(situationId, LegalKinds.Obligation, existing, draft, draft.Id, Stem($"{draft.Step} {draft.Bearer}"), draft.Reason, id => new([], [], [], [draft with { Id = id }]), cancel);

    /// <summary>
    /// An id from words (<c>icj-cerd-armenia-v-azerbaijan-2023-02-22-order</c>): lower-case letters and digits joined
    /// by hyphens, at most 60 characters; null when the words give none (the id is then required).
    /// </summary>
    private static string? Stem(string? words)
    {
        var letters = new string((words ?? "").ToLowerInvariant().Select(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' ? ch : '-').ToArray());
        var stem = string.Join('-', letters.Split('-', StringSplitOptions.RemoveEmptyEntries));
        stem = stem[..Math.Min(stem.Length, 60)].TrimEnd('-');
        return stem.Length == 0 ? null : stem;
    }

    private static string Free(string stem, IReadOnlyList<LegalRecordRow> stored)
    {
        var taken = stored.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal);
        var id = stem;
        for (var n = 2; taken.Contains(id); n++)
        {
            id = $"{stem}-{n}";
        }
        return id;
    }

    private sealed record Drafts(IReadOnlyList<BodyDraft> Bodies, IReadOnlyList<ProceedingDraft> Proceedings, IReadOnlyList<StepDraft> Steps, IReadOnlyList<ObligationDraft> Obligations);

    /// <param name="existing">The id of the record to give a new version; null to record a new one.</param>
    /// <param name="draftId">The id the request gives, if any.</param>
    /// <param name="stem">An id made from the record's fields, for a new record given none: numbered when taken.</param>
    private async Task<LegalOutcome> Write(
        string situationId, string kind, string? existing, object draft, string? draftId, string? stem, string? reason, Func<string?, Drafts> drafts,
        CancellationToken cancel)
    {
        var situation = await queries.SituationAsync(situationId, cancel);
        if (situation is null)
        {
            return new LegalOutcome.NotFound($"There is no situation '{situationId}'.");
        }
        var stored = await db.Set<LegalRecordRow>().AsNoTracking().Where(r => r.SituationId == situationId).ToListAsync(cancel);
        var before = existing is null ? null : stored.FirstOrDefault(r => r.RecordId == existing && r.Kind == kind);
        if (existing is not null && before is null)
        {
            return new LegalOutcome.NotFound($"There is no {kind} '{existing}' in {situationId}.");
        }
        var errors = InputRules.Check(draft);
        if (!errors.IsEmpty)
        {
            return new LegalOutcome.Invalid(errors);
        }
        var given = string.IsNullOrWhiteSpace(draftId) ? null : draftId.Trim();
        var id = existing ?? given ?? (stem is null ? null : Free(stem, stored));
        if (existing is not null && given is not null && given != existing)
        {
            errors.Add("id", $"'{draftId}' is not the id in the address ('{existing}'): a record keeps its id; leave it out or give the same");
        }
        if (existing is null && given is not null && stored.FirstOrDefault(r => r.RecordId == given) is { } taken)
        {
            errors.Add("id", $"'{id}' is already a legal record ({taken.Kind}) in this situation: choose another id, or send a new version of it with PUT");
        }
        if (existing is not null && string.IsNullOrWhiteSpace(reason))
        {
            errors.Add("reason", "is required: why the record changes (kept with the new version)");
        }
        var now = Exchange.Importer.TruncateToSeconds(clock.GetUtcNow());
        var sources = (await db.Sources.Where(s => s.SituationId == situationId).Select(s => s.Id).ToListAsync(cancel)).ToHashSet(StringComparer.Ordinal);
        var one = drafts(id);
        var (records, validation) = LegalValidator.Validate(situation, LegalContent.ToSet(stored), sources,
            one.Bodies, one.Proceedings, one.Steps, one.Obligations, DateOnly.FromDateTime(now.UtcDateTime));
        // One record a request: its fields are named as they are in the request, not as the n-th of a file's list.
        var prefix = $"{LegalKinds.List(kind)}[0].";
        foreach (var (field, messages) in validation.ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add(field.StartsWith(prefix, StringComparison.Ordinal) ? field[prefix.Length..] : field, message);
            }
        }
        if (records is null || !errors.IsEmpty)
        {
            return new LegalOutcome.Invalid(errors);
        }
        var viewer = user.Viewer;
        var by = viewer.Name ?? viewer.UserId ?? "unknown";
        var row = LegalFiles.Rows(situationId, records, now.UtcDateTime, by, viewer.UserId,
            string.IsNullOrWhiteSpace(reason) ? "recorded" : reason.Trim()).Single();
        return await ledger.WriteAsync<LegalOutcome>(db, async c =>
        {
            var current = await db.Set<LegalRecordRow>().FirstOrDefaultAsync(r => r.SituationId == situationId && r.RecordId == row.RecordId, c);
            if (existing is null && current is not null)
            {
                return LedgerWrite<LegalOutcome>.Refuse(new LegalOutcome.Conflict($"'{row.RecordId}' was recorded by someone else at the same time. Choose another id."));
            }
            if (existing is not null && (current is null || current.Version != before!.Version))
            {
                return LedgerWrite<LegalOutcome>.Refuse(new LegalOutcome.Conflict($"The {kind} '{row.RecordId}' was changed by someone else at the same time. Reload it and try again."));
            }
            if (current is not null && current.Parent == row.Parent && current.Date == row.Date && current.Content == row.Content)
            {
                return LedgerWrite<LegalOutcome>.Refuse(new LegalOutcome.Stored(kind, row.RecordId, current.Version, Changed: false));
            }
            row.Version = (current?.Version ?? 0) + 1;
            db.Add(row);
            if (current is null)
            {
                current = new LegalRecordRow { SituationId = "", RecordId = "", Kind = "", Content = "", RecordedBy = "", Reason = "" };
                db.Add(current);
            }
            current.CopyFrom(row);
            audit.Add(row.Version == 1 ? "record" : "edit", $"legal-{kind}", row.RecordId, situationId, $"version {row.Version}");
            try
            {
                await db.SaveChangesAsync(c);
            }
            catch (DbUpdateException)
            {
                return LedgerWrite<LegalOutcome>.Refuse(new LegalOutcome.Conflict($"The {kind} '{row.RecordId}' was written by someone else at the same time. Reload it and try again."));
            }
            return LedgerWrite<LegalOutcome>.Store(new LegalOutcome.Stored(kind, row.RecordId, row.Version, Changed: true), [CanonicalRecords.Legal(row)]);
        });
    }
}
