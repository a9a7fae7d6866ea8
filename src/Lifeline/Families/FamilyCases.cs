using System.Globalization;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.Families;
using Lifeline.Evidence;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Families;

internal abstract record FamilyOutcome
{
    public sealed record Stored(string Id, int Version) : FamilyOutcome;
    public sealed record Disclosed(string Id, DisclosureDecision Decision, string Told) : FamilyOutcome;
    public sealed record Refused(DisclosureDecision Decision) : FamilyOutcome;
    public sealed record Invalid(ValidationErrors Errors) : FamilyOutcome;
    public sealed record NotFound(string What) : FamilyOutcome;
    public sealed record Forbidden(string Why) : FamilyOutcome;
    public sealed record Conflict(string Message) : FamilyOutcome;
}

/// <summary>A person record as read: its content, or null once erased.</summary>
internal sealed record PersonEntry(FamilyRecordRow Row, PersonContent? Content);

/// <summary>A tracing request as read.</summary>
internal sealed record RequestEntry(FamilyRecordRow Row, RequestContent Content);

/// <summary>A case as the list shows it: the request, its enquirer and each person sought with their record (null when missing).</summary>
internal sealed record CaseEntry(RequestEntry Request, PersonEntry? Enquirer, IReadOnlyList<(SoughtPerson Sought, PersonEntry? Person)> Sought);

/// <summary>
/// The use cases of separated families: record a person (and register them as safe), open a tracing request, move
/// its case status (confirm a match), disclose a whereabouts under the consent in force, erase a person; and the
/// reads, each one audited. Only caseworkers and admins get past the first line of each.
/// </summary>
internal sealed class FamilyCases(LifelineDbContext db, TimeProvider clock, ICurrentUser user, AuditLog audit, FamilyVault vault, LedgerSequencer? sequencer = null)
{
    private Viewer Viewer => user.Viewer;

    private DateTime Now => Exchange.Importer.TruncateToSeconds(clock.GetUtcNow()).UtcDateTime;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private string By => Viewer.Name ?? Viewer.UserId ?? "unknown";

    private FamilyOutcome? Refuse() => FamilyAccess.CanUse(Viewer) ? null : new FamilyOutcome.Forbidden("Family records are for caseworkers and admins only.");

    public Task<bool> SituationExistsAsync(string situationId, CancellationToken cancel) => db.Situations.AnyAsync(s => s.Id == situationId, cancel);

    // ---- writes ----

    public async Task<FamilyOutcome> RecordPersonAsync(string situationId, RecordPersonRequest request, CancellationToken cancel)
    {
        if (Refuse() is { } refused)
        {
            return refused;
        }
        if (InputRules.Check(request) is { IsEmpty: false } declared)
        {
            return new FamilyOutcome.Invalid(declared);
        }
        var (content, errors) = ValidatePerson(request.Person, request.Safe, $"p-{Guid.CreateVersion7(clock.GetUtcNow()):N}", "person.");
        if (content is null)
        {
            return new FamilyOutcome.Invalid(errors);
        }
        if (await db.Set<FamilyRecordRow>().AnyAsync(r => r.SituationId == situationId && r.RecordId == content.Person.Id, cancel))
        {
            return new FamilyOutcome.Conflict($"There is already a family record '{content.Person.Id}' in {situationId}.");
        }
        return await WriteAsync(async c =>
        {
            var committed = NewPerson(situationId, content, "recorded");
            audit.Add("create", RecordTypes.Family(FamilyKinds.Person), content.Person.Id, situationId, content.Registration is null ? "version 1" : "version 1, registered safe");
            await db.SaveChangesAsync(c);
            return LedgerWrite<FamilyOutcome>.Store(new FamilyOutcome.Stored(content.Person.Id, 1), committed);
        }, cancel);
    }

    /// <summary>Stores imported people in one transaction: all of them, or (on any problem, named) none.</summary>
    public async Task<(int Stored, string? Problem)> ImportPeopleAsync(string situationId, IReadOnlyList<(string Where, PersonDraft Draft)> people, string source, CancellationToken cancel)
    {
        if (Refuse() is FamilyOutcome.Forbidden forbidden)
        {
            return (0, forbidden.Why);
        }
        var contents = new List<PersonContent>(people.Count);
        foreach (var (where, draft) in people)
        {
            var (content, errors) = ValidatePerson(draft, null, draft.Id ?? "", "");
            if (content is null)
            {
                return (0, $"{where}: {errors}");
            }
            contents.Add(content);
        }
        var ids = contents.Select(c => c.Person.Id).ToList();
        foreach (var chunk in ids.Chunk(500))
        {
            if (await db.Set<FamilyRecordRow>().Where(r => r.SituationId == situationId && chunk.Contains(r.RecordId)).Select(r => r.RecordId).FirstOrDefaultAsync(cancel) is { } existing)
            {
                return (0, $"person_record_id {existing}: {situationId} has a record with this id already. Nothing was imported.");
            }
        }
        var outcome = await WriteAsync(async c =>
        {
            var committed = contents.Select(p => NewPerson(situationId, p, "imported from " + source)).ToList();
            audit.Add("import", RecordTypes.Family(FamilyKinds.Person), "*", situationId, $"{contents.Count} person records from {source}");
            await db.SaveChangesAsync(c);
            return LedgerWrite<FamilyOutcome>.Store(new FamilyOutcome.Stored("*", 1), committed);
        }, cancel);
        return outcome is FamilyOutcome.Stored ? (contents.Count, null) : (0, "The import could not be stored.");
    }

    private (PersonContent? Content, ValidationErrors Errors) ValidatePerson(PersonDraft? draft, SafeDraft? safe, string fallbackId, string prefix)
    {
        var errors = new ValidationErrors();
        if (draft is null)
        {
            errors.Add(prefix.TrimEnd('.'), "Give the person: at least a family or a given name.");
            return (null, errors);
        }
        var (person, personErrors) = FamilyValidator.Person(draft, fallbackId, Today, prefix);
        errors.AddAll(personErrors);
        SafeRegistration? registration = null;
        if (safe is not null)
        {
            var (consent, consentErrors) = FamilyValidator.Consent(safe.Consent, Today, "safe.consent.");
            errors.AddAll(consentErrors);
            if (string.IsNullOrWhiteSpace(safe.Whereabouts))
            {
                errors.Add("safe.whereabouts", "Say where the person is (a place, a shelter, a town).");
            }
            if (consent is not null && person is not null && !string.IsNullOrWhiteSpace(safe.Whereabouts))
            {
                registration = new SafeRegistration(person.Id, safe.Whereabouts.Trim(), safe.BySelf ?? false, consent);
            }
        }
        return errors.IsEmpty && person is not null ? (new PersonContent(person, registration), errors) : (null, errors);
    }

    private CommittedRecord NewPerson(string situationId, PersonContent content, string reason)
    {
        var (key, keyRow) = vault.NewKey(situationId, FamilyVault.PersonKeyId(content.Person.Id), Now);
        db.Add(keyRow);
        return AddVersion(situationId, FamilyKinds.Person, content.Person.Id, 1, content.Status, keyRow.KeyId, key, content, reason, null);
    }

    /// <summary>Seals a new version, adds it and the current row to the unit of work, and returns its commitment.</summary>
    private CommittedRecord AddVersion<T>(string situationId, string kind, string recordId, int version, string status, string keyId, byte[] key, T content, string reason, FamilyRecordRow? current,
        string? fileSha256 = null)
    {
        var row = new FamilyRecordVersionRow
        {
            SituationId = situationId, RecordId = recordId, Kind = kind, Version = version, Status = status, KeyId = keyId, Ciphertext = [],
            RecordedAt = Now, RecordedBy = By, RecordedByUser = Viewer.UserId, Reason = reason, FileSha256 = fileSha256,
        };
        row.Ciphertext = FamilyVault.Seal(key, row, content);
        db.Add(row);
        if (current is null)
        {
            current = new FamilyRecordRow { SituationId = "", RecordId = "", Kind = "", Status = "", KeyId = "", Ciphertext = [], RecordedBy = "", Reason = "" };
            db.Add(current);
        }
        current.CopyFrom(row);
        return CanonicalRecords.Family(row);
    }

    public async Task<FamilyOutcome> OpenRequestAsync(string situationId, OpenTracingRequest request, CancellationToken cancel)
    {
        if (Refuse() is { } refused)
        {
            return refused;
        }
        if (InputRules.Check(request) is { IsEmpty: false } declared)
        {
            return new FamilyOutcome.Invalid(declared);
        }
        var errors = new ValidationErrors();
        var newPeople = new List<PersonContent>();
        var people = new Dictionary<string, PersonRecord>(StringComparer.Ordinal);
        async Task<PersonRecord?> Resolve(string? id, PersonDraft? draft, string field)
        {
            if (!string.IsNullOrWhiteSpace(id))
            {
                var found = await PersonAsync(situationId, id.Trim(), cancel);
                if (found?.Content is null)
                {
                    errors.Add(field + "Id", $"There is no person '{id}' in {situationId}.");
                    return null;
                }
                return found.Content.Person;
            }
            var (content, personErrors) = ValidatePerson(draft, null, $"p-{Guid.CreateVersion7(clock.GetUtcNow()):N}", field + ".");
            errors.AddAll(personErrors);
            if (content is not null)
            {
                newPeople.Add(content);
            }
            return content?.Person;
        }
        var enquirer = await Resolve(request.EnquirerId, request.Enquirer, "enquirer");
        var sought = new List<(string PersonId, string? Relation)>();
        foreach (var (s, i) in (request.Sought ?? []).Select((s, i) => (s, i)))
        {
            if (await Resolve(s.PersonId, s.Person, $"sought[{i}].person") is { } person)
            {
                sought.Add((person.Id, s.Relation?.Trim()));
                people[person.Id] = person;
            }
        }
        if (enquirer is not null)
        {
            errors.AddAll(FamilyValidator.Request(enquirer, sought, Today));
        }
        DateOnly? separatedOn = null;
        if (request.SeparatedOn is { Length: > 0 } on)
        {
            separatedOn = RecordDates.Parse(on, "separatedOn", Today, errors);
        }
        var linked = (request.LinkedEvents ?? []).Select(e => e.Trim()).Distinct().ToList();
        foreach (var (eventId, i) in linked.Select((e, i) => (e, i)))
        {
            if (!await db.Events.AnyAsync(e => e.SituationId == situationId && e.EventId == eventId, cancel))
            {
                errors.Add($"linkedEvents[{i}]", $"There is no event '{eventId}' in {situationId}.");
            }
        }
        var id = string.IsNullOrWhiteSpace(request.Id) ? $"r-{Guid.CreateVersion7(clock.GetUtcNow()):N}" : request.Id.Trim();
        if (!FamilyIds.IsValid(id))
        {
            errors.Add("id", FamilyIds.Rule);
        }
        var ids = newPeople.Select(p => p.Person.Id).Append(id).ToList();
        if (ids.Count != ids.Distinct(StringComparer.Ordinal).Count())
        {
            errors.Add("id", "Two of the new records have the same id.");
        }
        if (!errors.IsEmpty || enquirer is null)
        {
            return new FamilyOutcome.Invalid(errors);
        }
        if (await db.Set<FamilyRecordRow>().AnyAsync(r => r.SituationId == situationId && ids.Contains(r.RecordId), cancel))
        {
            return new FamilyOutcome.Conflict($"A record with one of the ids {string.Join(", ", ids)} already exists in {situationId}.");
        }
        var tracing = new TracingRequest(id, enquirer.Id, sought.Select(s => new SoughtPerson(s.PersonId, s.Relation!)).ToList(), separatedOn,
            request.SeparatedAt?.Trim(), request.Circumstances?.Trim(), linked, CaseStatus.Open, null);
        return await WriteAsync(async c =>
        {
            var committed = newPeople.Select(p => NewPerson(situationId, p, "recorded with a tracing request")).ToList();
            var (key, keyRow) = vault.NewKey(situationId, FamilyVault.RequestKeyId(id), Now);
            db.Add(keyRow);
            committed.Add(AddVersion(situationId, FamilyKinds.Request, id, 1, FamilyStatuses.Of(CaseStatus.Open), keyRow.KeyId, key, new RequestContent(tracing, []), "opened", null));
            audit.Add("create", RecordTypes.Family(FamilyKinds.Request), id, situationId, $"version 1, {sought.Count} sought");
            await db.SaveChangesAsync(c);
            return LedgerWrite<FamilyOutcome>.Store(new FamilyOutcome.Stored(id, 1), committed);
        }, cancel);
    }

    /// <summary>What every act on a case checks first: the caller may act, the input is well-formed, the request exists.</summary>
    private async Task<(RequestEntry? Entry, FamilyOutcome? Refusal)> CaseToActOnAsync(string situationId, string requestId, object request, CancellationToken cancel)
    {
        if (Refuse() is { } refused)
        {
            return (null, refused);
        }
        if (InputRules.Check(request) is { IsEmpty: false } declared)
        {
            return (null, new FamilyOutcome.Invalid(declared));
        }
        return await RequestAsync(situationId, requestId, cancel) is { } entry
            ? (entry, null)
            : (null, new FamilyOutcome.NotFound($"There is no tracing request '{requestId}' in {situationId}."));
    }

    public async Task<FamilyOutcome> ChangeStatusAsync(string situationId, string requestId, ChangeCaseStatusRequest request, CancellationToken cancel)
    {
        var (entry, refusal) = await CaseToActOnAsync(situationId, requestId, request, cancel);
        if (entry is null)
        {
            return refusal!;
        }
        var errors = new ValidationErrors();
        var current = entry.Content.Request.Status;
        var next = Parse<CaseStatus>(request.Status, "status", errors);
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            errors.Add("reason", "Say why the case moves (what was found, who confirmed it).");
        }
        CloseReason? closedBecause = null;
        var confirmed = entry.Content.Confirmed.ToList();
        if (next is { } to)
        {
            if (!CaseTransitions.IsAllowed(current, to))
            {
                errors.Add("status", $"A case that is {KebabCase.Of(current)} may move to: {string.Join(", ", CaseTransitions.Next(current).Select(s => KebabCase.Of(s)))}.");
            }
            if (to == CaseStatus.Closed)
            {
                closedBecause = Parse<CloseReason>(request.CloseReason, "closeReason", errors);
            }
            if (to == CaseStatus.MatchConfirmed)
            {
                var soughtId = request.SoughtId?.Trim() ?? (entry.Content.Request.Sought.Count == 1 ? entry.Content.Request.Sought[0].PersonId : null);
                if (soughtId is null || entry.Content.Request.Sought.All(s => s.PersonId != soughtId))
                {
                    errors.Add("soughtId", "Name the person sought (by id) whom the match is for.");
                }
                if (string.IsNullOrWhiteSpace(request.CandidateId) || (await PersonAsync(situationId, request.CandidateId.Trim(), cancel))?.Content is null)
                {
                    errors.Add("candidateId", "Name the person record (by id) the caseworker confirms as the person sought.");
                }
                if (errors.IsEmpty)
                {
                    confirmed.Add(new ConfirmedMatch(soughtId!, request.CandidateId!.Trim(), By, Now, reason!));
                }
            }
        }
        if (!errors.IsEmpty || next is null)
        {
            return new FamilyOutcome.Invalid(errors);
        }
        var updated = entry.Content with { Request = entry.Content.Request with { Status = next.Value, ClosedBecause = closedBecause }, Confirmed = confirmed };
        var version = entry.Row.Version + 1;
        var keyRow = await db.Set<FamilyKeyRow>().FirstAsync(k => k.SituationId == situationId && k.KeyId == entry.Row.KeyId, cancel);
        var key = vault.KeyOf(keyRow)!;
        return await WriteAsync(async c =>
        {
            var tracked = await db.Set<FamilyRecordRow>().FirstAsync(r => r.RowId == entry.Row.RowId, c);
            if (tracked.Version != entry.Row.Version)
            {
                return LedgerWrite<FamilyOutcome>.Refuse(new FamilyOutcome.Conflict($"Request '{requestId}' was changed at the same time. Reload it and try again."));
            }
            var committed = AddVersion(situationId, FamilyKinds.Request, requestId, version, FamilyStatuses.Of(next.Value), keyRow.KeyId, key, updated, reason!, tracked);
            audit.Add("edit", RecordTypes.Family(FamilyKinds.Request), requestId, situationId, $"version {version}, {KebabCase.Of(current)} → {KebabCase.Of(next.Value)}");
            await db.SaveChangesAsync(c);
            return LedgerWrite<FamilyOutcome>.Store(new FamilyOutcome.Stored(requestId, version), committed);
        }, cancel);
    }

    public async Task<FamilyOutcome> DiscloseAsync(string situationId, string requestId, DiscloseRequest request, CancellationToken cancel)
    {
        var (entry, refusal) = await CaseToActOnAsync(situationId, requestId, request, cancel);
        if (entry is null)
        {
            return refusal!;
        }
        var errors = new ValidationErrors();
        var foundId = request.FoundPersonId?.Trim();
        if (string.IsNullOrEmpty(foundId) || entry.Content.Confirmed.All(m => m.CandidateId != foundId))
        {
            errors.Add("foundPersonId", "Only a person a caseworker confirmed as a match for this request can be disclosed.");
        }
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors.Add("reason", "Say why and how the enquirer is told.");
        }
        if (!errors.IsEmpty)
        {
            return new FamilyOutcome.Invalid(errors);
        }
        var found = await PersonAsync(situationId, foundId!, cancel);
        if (found?.Content is null)
        {
            return new FamilyOutcome.NotFound($"Person '{foundId}' is erased or gone: nothing can be disclosed.");
        }
        if (found.Content.Registration is not { } registration)
        {
            return new FamilyOutcome.Refused(new DisclosureDecision(false, "The person has not registered as safe, so there is no consent to disclose anything."));
        }
        var decision = DisclosureRules.Decide(registration, found.Content.Person, entry.Content.Request.EnquirerId, Today, request.BestInterestDecision);
        if (!decision.Allowed)
        {
            audit.Add("refuse-disclosure", RecordTypes.Family(FamilyKinds.Request), requestId, situationId, decision.Reason);
            await db.SaveChangesAsync(cancel);
            return new FamilyOutcome.Refused(decision);
        }
        var id = $"d-{Guid.CreateVersion7(clock.GetUtcNow()):N}";
        var content = new DisclosureContent(requestId, found.Content.Person.Id, entry.Content.Request.EnquirerId, registration.Whereabouts, registration.Consent.Scope,
            request.BestInterestDecision?.Trim(), decision.Reason);
        var keyRow = await db.Set<FamilyKeyRow>().FirstAsync(k => k.SituationId == situationId && k.KeyId == found.Row.KeyId, cancel);
        var key = vault.KeyOf(keyRow)!;
        return await WriteAsync(async c =>
        {
            var committed = AddVersion(situationId, FamilyKinds.Disclosure, id, 1, FamilyStatuses.Disclosed, keyRow.KeyId, key, content, request.Reason!.Trim(), null);
            audit.Add("disclose", RecordTypes.Family(FamilyKinds.Disclosure), id, situationId, $"request {requestId}");
            await db.SaveChangesAsync(c);
            return LedgerWrite<FamilyOutcome>.Store(new FamilyOutcome.Disclosed(id, decision, registration.Whereabouts), committed);
        }, cancel);
    }

    /// <summary>
    /// Erases a person: their key is deleted and the salts of every version sealed with it are emptied, so that the
    /// ciphertext stays and can never be read again, while the ledger's leaves still verify (counted as erased).
    /// </summary>
    public async Task<FamilyOutcome> EraseAsync(string situationId, string personId, string? reason, CancellationToken cancel)
    {
        if (Refuse() is { } refused)
        {
            return refused;
        }
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > InputLimits.Reason)
        {
            errors.Add("reason", "Say why the person is erased (for example: at their own request), in at most 1,000 characters.");
            return new FamilyOutcome.Invalid(errors);
        }
        var person = await db.Set<FamilyRecordRow>().FirstOrDefaultAsync(r => r.SituationId == situationId && r.RecordId == personId && r.Kind == FamilyKinds.Person, cancel);
        if (person is null)
        {
            return new FamilyOutcome.NotFound($"There is no person '{personId}' in {situationId}.");
        }
        var keyRow = await db.Set<FamilyKeyRow>().FirstAsync(k => k.SituationId == situationId && k.KeyId == person.KeyId, cancel);
        if (keyRow.WrappedKey is null)
        {
            return new FamilyOutcome.Conflict($"Person '{personId}' was erased already, on {keyRow.ErasedAt:yyyy-MM-dd}.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancel);
        keyRow.WrappedKey = null;
        keyRow.ErasedAt = Now;
        keyRow.ErasedBy = By;
        keyRow.ErasureReason = reason.Trim();
        await db.Set<FamilyRecordVersionRow>().Where(v => v.SituationId == situationId && v.KeyId == keyRow.KeyId)
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.Salt, Array.Empty<byte>()), cancel);
        await db.Set<FamilyRecordRow>().Where(r => r.SituationId == situationId && r.KeyId == keyRow.KeyId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, FamilyStatuses.Erased), cancel);
        audit.Add("erase", RecordTypes.Family(FamilyKinds.Person), personId, situationId, "key and salts destroyed");
        await db.SaveChangesAsync(cancel);
        await transaction.CommitAsync(cancel);
        return new FamilyOutcome.Stored(personId, person.Version);
    }

    private async Task<FamilyOutcome> WriteAsync(Func<CancellationToken, Task<LedgerWrite<FamilyOutcome>>> write, CancellationToken cancel)
    {
        if (sequencer is not null)
        {
            return await sequencer.WriteAsync(db, write);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancel);
        var appender = LedgerAppender.Begin(db);
        var result = await write(cancel);
        if (!result.Stored)
        {
            await transaction.RollbackAsync(cancel);
            return result.Outcome;
        }
        appender.Append(result.Records!);
        await transaction.CommitAsync(cancel);
        return result.Outcome;
    }

    private static T? Parse<T>(string? text, string field, ValidationErrors errors) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(KebabCase.Of(value), text?.Trim(), StringComparison.Ordinal))
            {
                return value;
            }
        }
        errors.Add(field, $"Use one of: {string.Join(", ", Enum.GetValues<T>().Select(v => KebabCase.Of(v)))}.");
        return null;
    }

    // ---- reads (every one audited) ----

    private async Task<byte[]?> KeyAsync(string situationId, string keyId, Dictionary<string, byte[]?>? cache, CancellationToken cancel)
    {
        if (cache is not null && cache.TryGetValue(keyId, out var cached))
        {
            return cached;
        }
        var row = await db.Set<FamilyKeyRow>().AsNoTracking().FirstOrDefaultAsync(k => k.SituationId == situationId && k.KeyId == keyId, cancel);
        var key = row is null ? null : vault.KeyOf(row);
        cache?.Add(keyId, key);
        return key;
    }

    public async Task<PersonEntry?> PersonAsync(string situationId, string personId, CancellationToken cancel)
    {
        if (!FamilyAccess.CanUse(Viewer))
        {
            return null;
        }
        var row = await db.Set<FamilyRecordRow>().AsNoTracking().FirstOrDefaultAsync(r => r.SituationId == situationId && r.RecordId == personId && r.Kind == FamilyKinds.Person, cancel);
        if (row is null)
        {
            return null;
        }
        var key = await KeyAsync(situationId, row.KeyId, null, cancel);
        await audit.ReadAsync(RecordTypes.Family(FamilyKinds.Person), personId, situationId, null, cancel);
        return new PersonEntry(row, key is null ? null : FamilyVault.Open<PersonContent>(key, row));
    }

    public async Task<RequestEntry?> RequestAsync(string situationId, string requestId, CancellationToken cancel)
    {
        if (!FamilyAccess.CanUse(Viewer))
        {
            return null;
        }
        var row = await db.Set<FamilyRecordRow>().AsNoTracking().FirstOrDefaultAsync(r => r.SituationId == situationId && r.RecordId == requestId && r.Kind == FamilyKinds.Request, cancel);
        if (row is null || await KeyAsync(situationId, row.KeyId, null, cancel) is not { } key || FamilyVault.Open<RequestContent>(key, row) is not { } content)
        {
            return null;
        }
        await audit.ReadAsync(RecordTypes.Family(FamilyKinds.Request), requestId, situationId, null, cancel);
        return new RequestEntry(row, content);
    }

    /// <summary>Every person record of the situation, opened (null content once erased); one audit line for the whole list.</summary>
    public async Task<IReadOnlyList<PersonEntry>> PeopleAsync(string situationId, string why, CancellationToken cancel)
    {
        if (!FamilyAccess.CanUse(Viewer))
        {
            return [];
        }
        var rows = await db.Set<FamilyRecordRow>().AsNoTracking().Where(r => r.SituationId == situationId && r.Kind == FamilyKinds.Person).OrderBy(r => r.RecordId).ToListAsync(cancel);
        var keys = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        var people = new List<PersonEntry>(rows.Count);
        foreach (var row in rows)
        {
            var key = await KeyAsync(situationId, row.KeyId, keys, cancel);
            people.Add(new PersonEntry(row, key is null ? null : FamilyVault.Open<PersonContent>(key, row)));
        }
        await audit.ReadAsync(RecordTypes.Family(FamilyKinds.Person), "*", situationId, $"{why}: {people.Count} person records", cancel);
        return people;
    }

    public async Task<IReadOnlyList<RequestEntry>> RequestsAsync(string situationId, string why, CancellationToken cancel)
    {
        if (!FamilyAccess.CanUse(Viewer))
        {
            return [];
        }
        var rows = await db.Set<FamilyRecordRow>().AsNoTracking().Where(r => r.SituationId == situationId && r.Kind == FamilyKinds.Request).OrderBy(r => r.RecordId).ToListAsync(cancel);
        var keys = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        var requests = new List<RequestEntry>(rows.Count);
        foreach (var row in rows)
        {
            if (await KeyAsync(situationId, row.KeyId, keys, cancel) is { } key && FamilyVault.Open<RequestContent>(key, row) is { } content)
            {
                requests.Add(new RequestEntry(row, content));
            }
        }
        await audit.ReadAsync(RecordTypes.Family(FamilyKinds.Request), "*", situationId, $"{why}: {requests.Count} tracing requests", cancel);
        return requests;
    }

    /// <summary>
    /// The cases a caseworker's list shows: every tracing request of the situation with its enquirer and the people
    /// sought (opened; erased people are left out of the filter), kept when <paramref name="filter"/> admits it. One audit
    /// line names why, the filter and how many cases were shown.
    /// </summary>
    public async Task<IReadOnlyList<CaseEntry>> CaseListAsync(string situationId, CaseFilter filter, string why, CancellationToken cancel)
    {
        if (!FamilyAccess.CanUse(Viewer))
        {
            return [];
        }
        var rows = await db.Set<FamilyRecordRow>().AsNoTracking().Where(r => r.SituationId == situationId && (r.Kind == FamilyKinds.Request || r.Kind == FamilyKinds.Person))
            .OrderBy(r => r.RecordId).ToListAsync(cancel);
        var keys = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        var people = new Dictionary<string, PersonEntry>(StringComparer.Ordinal);
        var requests = new List<RequestEntry>();
        foreach (var row in rows)
        {
            var key = await KeyAsync(situationId, row.KeyId, keys, cancel);
            if (row.Kind == FamilyKinds.Person)
            {
                people[row.RecordId] = new PersonEntry(row, key is null ? null : FamilyVault.Open<PersonContent>(key, row));
            }
            else if (key is not null && FamilyVault.Open<RequestContent>(key, row) is { } content)
            {
                requests.Add(new RequestEntry(row, content));
            }
        }
        var cases = new List<CaseEntry>();
        foreach (var request in requests)
        {
            var r = request.Content.Request;
            var enquirer = people.GetValueOrDefault(r.EnquirerId);
            var sought = r.Sought.Select(s => (s, people.GetValueOrDefault(s.PersonId))).ToList();
            var readable = sought.Select(s => s.Item2?.Content?.Person).Prepend(enquirer?.Content?.Person).OfType<PersonRecord>();
            if (filter.Admits(r, readable, Today))
            {
                cases.Add(new CaseEntry(request, enquirer, sought));
            }
        }
        await audit.ReadAsync(RecordTypes.Family(FamilyKinds.Request), "*", situationId, $"{why} (filter: {filter}): {cases.Count} cases", cancel);
        return cases;
    }

    /// <summary>The versions of a record, oldest first: status, when, by whom and why (columns only; nothing is opened).</summary>
    public async Task<IReadOnlyList<FamilyRecordVersionRow>> HistoryAsync(string situationId, string recordId, CancellationToken cancel) =>
        FamilyAccess.CanUse(Viewer)
            ? await db.Set<FamilyRecordVersionRow>().AsNoTracking().Where(v => v.SituationId == situationId && v.RecordId == recordId).OrderBy(v => v.Version).ToListAsync(cancel)
            : [];

    /// <summary>For each person sought by a request: the candidates among the other person records, best first.</summary>
    public async Task<IReadOnlyList<(string SoughtId, IReadOnlyList<MatchCandidate> Candidates)>> CandidatesAsync(string situationId, RequestEntry request, CancellationToken cancel)
    {
        var people = (await PeopleAsync(situationId, $"matching for request {request.Row.RecordId}", cancel)).Where(p => p.Content is not null).Select(p => p.Content!.Person).ToList();
        var matcher = new Matcher(people.Where(p => p.Id != request.Content.Request.EnquirerId));
        return request.Content.Request.Sought
            .Select(s => (s.PersonId, people.FirstOrDefault(p => p.Id == s.PersonId) is { } sought ? matcher.CandidatesFor(sought) : (IReadOnlyList<MatchCandidate>)[]))
            .ToList();
    }

    // ---- photos: sealed with the person's own key (so that erasing the person makes a photo unreadable too), kept in
    // the evidence store by the SHA-256 of the sealed bytes, committed to the ledger as a family-photo record whose leaf
    // pins that hash; every view audited; for caseworkers and admins only ----

    public async Task<FamilyOutcome> AttachPhotoAsync(string situationId, string? personId, PhotoUpload upload, EvidenceStorage storage, CancellationToken cancel)
    {
        if (Refuse() is { } refused)
        {
            return refused;
        }
        var (mediaType, errors) = PhotoRules.Check(upload);
        if (string.IsNullOrWhiteSpace(personId))
        {
            errors.Add("personId", "Name the person (by id) whom the photo shows.");
        }
        if (!errors.IsEmpty || mediaType is null || personId is null)
        {
            return new FamilyOutcome.Invalid(errors);
        }
        personId = personId.Trim();
        var person = await db.Set<FamilyRecordRow>().AsNoTracking().FirstOrDefaultAsync(r => r.SituationId == situationId && r.RecordId == personId && r.Kind == FamilyKinds.Person, cancel);
        if (person is null)
        {
            return new FamilyOutcome.NotFound($"There is no person '{personId}' in {situationId}.");
        }
        var keyRow = await db.Set<FamilyKeyRow>().AsNoTracking().FirstAsync(k => k.SituationId == situationId && k.KeyId == person.KeyId, cancel);
        if (vault.KeyOf(keyRow) is not { } key)
        {
            return new FamilyOutcome.Conflict($"Person '{personId}' is erased: nothing can be attached to them.");
        }
        var id = $"ph-{Guid.CreateVersion7(clock.GetUtcNow()):N}";
        var sealedFile = FamilyMasterKey.Seal(key, upload.Bytes, PhotoRules.Associated(situationId, id));
        var fileSha256 = Sha256Digest.Of(sealedFile);
        var content = new PhotoContent(personId, mediaType, upload.Bytes.Length, fileSha256.ToHex(), string.IsNullOrWhiteSpace(upload.Description) ? null : upload.Description.Trim());
        return await WriteAsync(async c =>
        {
            // The sealed bytes go in with the record: in PostgreSQL in the same transaction, in a folder before it commits.
            var store = await storage.ReceivingAsync(c);
            if (!await store.ExistsAsync(fileSha256, c))
            {
                using var bytes = new MemoryStream(sealedFile, writable: false);
                await store.PutAsync(fileSha256, bytes, c);
            }
            var committed = AddVersion(situationId, FamilyKinds.Photo, id, 1, FamilyStatuses.Attached, keyRow.KeyId, key, content, "photo attached", null, fileSha256.ToHex());
            audit.Add("create", RecordTypes.Family(FamilyKinds.Photo), id, situationId, $"photo of person {personId}: {mediaType}, {upload.Bytes.Length:N0} bytes");
            await db.SaveChangesAsync(c);
            return LedgerWrite<FamilyOutcome>.Store(new FamilyOutcome.Stored(id, 1), committed);
        }, cancel);
    }

    /// <summary>The photos of a person, oldest first, without their bytes; one audit line. Null when there is no such person.</summary>
    public async Task<IReadOnlyList<PhotoView>?> PhotosOfAsync(string situationId, string personId, CancellationToken cancel)
    {
        if (!FamilyAccess.CanUse(Viewer))
        {
            return null;
        }
        var person = await db.Set<FamilyRecordRow>().AsNoTracking().FirstOrDefaultAsync(r => r.SituationId == situationId && r.RecordId == personId && r.Kind == FamilyKinds.Person, cancel);
        if (person is null)
        {
            return null;
        }
        // A person's photos are sealed with the person's key: that is how they are found, without opening anything else.
        var rows = await db.Set<FamilyRecordRow>().AsNoTracking().Where(r => r.SituationId == situationId && r.Kind == FamilyKinds.Photo && r.KeyId == person.KeyId)
            .OrderBy(r => r.RowId).ToListAsync(cancel);
        var photos = new List<PhotoView>(rows.Count);
        if (rows.Count > 0 && await KeyAsync(situationId, person.KeyId, null, cancel) is { } key)
        {
            foreach (var row in rows)
            {
                if (FamilyVault.Open<PhotoContent>(key, row) is { } content)
                {
                    photos.Add(new PhotoView(row.RecordId, content.PersonId, content.MediaType, content.Size, content.Description, RecordDates.Day(DateOnly.FromDateTime(row.RecordedAt)), row.RecordedBy));
                }
            }
        }
        await audit.ReadAsync(RecordTypes.Family(FamilyKinds.Photo), "*", situationId, $"photos of person {personId}: {photos.Count}", cancel);
        return photos;
    }

    /// <summary>
    /// A photo opened: its record, then its sealed file from the evidence store, opened with the person's key. Null when
    /// there is no such photo, or it cannot be read (the person erased); every view is audited.
    /// </summary>
    public async Task<OpenedPhoto?> PhotoAsync(string situationId, string photoId, EvidenceStorage storage, CancellationToken cancel)
    {
        if (!FamilyAccess.CanUse(Viewer))
        {
            return null;
        }
        var row = await db.Set<FamilyRecordRow>().AsNoTracking().FirstOrDefaultAsync(r => r.SituationId == situationId && r.RecordId == photoId && r.Kind == FamilyKinds.Photo, cancel);
        if (row is null || await KeyAsync(situationId, row.KeyId, null, cancel) is not { } key || FamilyVault.Open<PhotoContent>(key, row) is not { } content
            || !Sha256Digest.TryParse(content.FileSha256, out var sha256))
        {
            return null;
        }
        await using var stream = await storage.OpenAsync(sha256, cancel);
        if (stream is null)
        {
            return null;
        }
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancel);
        if (FamilyMasterKey.Open(key, copy.ToArray(), PhotoRules.Associated(situationId, photoId)) is not { } bytes)
        {
            return null;
        }
        await audit.ReadAsync(RecordTypes.Family(FamilyKinds.Photo), photoId, situationId, $"photo of person {content.PersonId} viewed", cancel);
        return new OpenedPhoto(content, bytes);
    }

    /// <summary>
    /// The public counts of a situation: requests by case status, people registered safe, reunited; a count under
    /// <see cref="FamilyAccess.SmallestCountShown"/> is given as "fewer than 5". Nothing here names anyone.
    /// </summary>
    public Task<FamilyCounts> CountsAsync(string situationId, CancellationToken cancel) => PublicCountsAsync(db, situationId, cancel);

    /// <summary>The same counts read from <paramref name="db"/> by any caller (the open-data export, the command line): they name nobody.</summary>
    public static async Task<FamilyCounts> PublicCountsAsync(LifelineDbContext db, string situationId, CancellationToken cancel)
    {
        var groups = await db.Set<FamilyRecordRow>().AsNoTracking().Where(r => r.SituationId == situationId)
            .GroupBy(r => new { r.Kind, r.Status }).Select(g => new { g.Key.Kind, g.Key.Status, Count = g.Count() }).ToListAsync(cancel);
        string Shown(int count) => count == 0 ? "0" : count < FamilyAccess.SmallestCountShown ? "fewer than 5" : count.ToString(CultureInfo.InvariantCulture);
        var requests = Enum.GetValues<CaseStatus>().ToDictionary(s => KebabCase.Of(s),
            s => Shown(groups.Where(g => g.Kind == FamilyKinds.Request && g.Status == KebabCase.Of(s)).Sum(g => g.Count)), StringComparer.Ordinal);
        var safe = groups.Where(g => g.Kind == FamilyKinds.Person && g.Status == FamilyStatuses.RegisteredSafe).Sum(g => g.Count);
        return new FamilyCounts(situationId, requests, Shown(safe), requests[KebabCase.Of(CaseStatus.Reunited)]);
    }
}

/// <summary>The public counts of a situation's family tracing; see <see cref="FamilyCases.CountsAsync"/>.</summary>
internal sealed record FamilyCounts(string Situation, IReadOnlyDictionary<string, string> RequestsByStatus, string RegisteredSafe, string Reunited);
