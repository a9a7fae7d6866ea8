using System.Globalization;
using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.Evidence;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Evidence;

/// <summary>
/// What comes with an evidence file (multipart form fields of <c>POST .../events/{eventId}/evidence</c> beside
/// <c>file</c>): when, where, by whom and with what it was captured, what it shows, and why it is handed in.
/// </summary>
public sealed record EvidenceUpload
{
    [TextRule(InputLimits.Phrase)]
    public string? FileName { get; init; }
    [TextRule(InputLimits.Name)]
    public string? DeclaredType { get; init; }
    [TextRule(InputLimits.Code)]
    public string? CapturedAt { get; init; }
    [TextRule(EvidenceReceiver.MaxTextLength)]
    public string? CapturedWhere { get; init; }
    [TextRule(EvidenceReceiver.MaxTextLength)]
    public string? CapturedBy { get; init; }
    [TextRule(EvidenceReceiver.MaxTextLength)]
    public string? Device { get; init; }
    [TextRule(EvidenceReceiver.MaxTextLength, TextLines.Many)]
    public string? Description { get; init; }
    [TextRule(EvidenceReceiver.MaxTextLength, TextLines.Many)]
    public string? Reason { get; init; }
}

internal abstract record EvidenceOutcome
{
    public sealed record Stored(EvidenceView Evidence, bool Duplicate) : EvidenceOutcome;
    public sealed record Invalid(ValidationErrors Errors) : EvidenceOutcome;
    public sealed record NotFound(string What) : EvidenceOutcome;
    public sealed record Forbidden(string Why) : EvidenceOutcome;
    public sealed record TooLarge(string Why) : EvidenceOutcome;
    public sealed record Unsupported(string Why) : EvidenceOutcome;
}

/// <summary>
/// Receives an evidence file for an event: checks who sends it (before the body is read), streams the file to the
/// incoming folder while hashing it (refusing it past the size limit), tells its kind from its first bytes, then in
/// one transaction keeps its bytes in the evidence store (by hash; in PostgreSQL, chunk by chunk) and writes the
/// evidence record, the first custody step ("received") and their ledger leaves. The same bytes sent again for the
/// same event give back the evidence already kept.
/// </summary>
internal sealed class EvidenceReceiver(LifelineDbContext db, TimeProvider clock, ICurrentUser user, AuditLog audit,
    IncomingEvidence incoming, EvidenceStorage storage, EvidenceOptions options, EvidenceQueries queries, ChainOfCustodyLog custody,
    LedgerSequencer ledger)
{
    public const int MaxTextLength = 500;

    /// <summary>Whether the caller may add evidence to this event at all: checked before a large body is read.</summary>
    public async Task<EvidenceOutcome?> RefusalAsync(string situationId, string eventId, CancellationToken cancel)
    {
        var owner = await queries.VisibleEventAsync(situationId, eventId, cancel);
        if (owner is null)
        {
            return new EvidenceOutcome.NotFound($"There is no event '{eventId}' in situation '{situationId}'.");
        }
        return EvidenceAccess.CanAdd(user.Viewer, owner.StageValue, owner.AuthorId)
            ? null
            : new EvidenceOutcome.Forbidden("Adding evidence needs the reporter, verifier, publisher, analyst or admin role.");
    }

    /// <summary>Streams a file to the incoming folder; null when it passes the size limit.</summary>
    public Task<IncomingFile?> ReceiveFileAsync(Stream content, CancellationToken cancel) => incoming.ReceiveAsync(content, options.MaxFileBytes, cancel);

    public EvidenceOutcome TooLarge() =>
        new EvidenceOutcome.TooLarge($"file: is larger than the limit of {options.MaxFileBytes:N0} bytes for one evidence file");

    /// <summary>
    /// Checks the file and what came with it, then keeps it. <paramref name="file"/> is null when none was sent.
    /// Whatever the outcome, the incoming copy is dropped; when anything fails, nothing is kept: neither the record
    /// nor, in PostgreSQL, any of its bytes.
    /// </summary>
    public async Task<EvidenceOutcome> StoreAsync(string situationId, string eventId, IncomingFile? file, EvidenceUpload upload, CancellationToken cancel)
    {
        try
        {
            if (await RefusalAsync(situationId, eventId, cancel) is { } refusal)
            {
                return refusal;
            }
            var outcome = Check(file, upload, out var capturedAt);
            if (outcome is not null || file is null)
            {
                return outcome!;
            }
            var viewer = user.Viewer;
            var now = Exchange.Importer.TruncateToSeconds(clock.GetUtcNow());
            var sha256 = file.Sha256.ToHex();
            var existing = await db.Set<EvidenceRow>().AsNoTracking().FirstOrDefaultAsync(e => e.SituationId == situationId && e.EventId == eventId && e.Sha256 == sha256, cancel);
            if (existing is not null)
            {
                await audit.ReadAsync("evidence", existing.EvidenceId, situationId, "the same file was sent again for the same event; nothing new was stored", cancel);
                return new EvidenceOutcome.Stored((await queries.ViewAsync(situationId, existing.EvidenceId, cancel))!, Duplicate: true);
            }
            var row = new EvidenceRow
            {
                SituationId = situationId,
                EvidenceId = $"ev-{Guid.CreateVersion7(now):N}",
                EventId = eventId,
                Sha256 = sha256,
                Size = file.Size,
                MediaType = file.MediaType!,
                FileName = SafeFileName(upload.FileName),
                CapturedAt = capturedAt?.UtcDateTime,
                CapturedWhere = Text(upload.CapturedWhere),
                CapturedBy = Text(upload.CapturedBy),
                Device = Text(upload.Device),
                Description = Text(upload.Description),
                ReceivedAt = now.UtcDateTime,
                ReceivedBy = viewer.Name ?? viewer.UserId ?? "unknown",
                ReceivedByUser = viewer.UserId,
            };
            // The bytes, the record, its first custody step and their leaves: one write of the ledger's sequencer, so in
            // PostgreSQL the bytes commit with the record or not at all; a folder has them on disk before the record
            // commits (a file without a record is harmless, a record without its file is not).
            await ledger.WriteAsync(db, async write =>
            {
                var store = await storage.ReceivingAsync(write);
                await EvidenceStorage.KeepAsync(store, file, write);
                db.Set<EvidenceRow>().Add(row);
                audit.Add("create", "evidence", row.EvidenceId, situationId, $"{row.MediaType}, {row.Size:N0} bytes, sha256 {sha256}, for event {eventId}");
                var received = await custody.Step(row, CustodyAction.Received, Text(upload.Reason) ?? $"received as evidence for event {eventId}", to: null, write);
                await db.SaveChangesAsync(write);
                return LedgerWrite<CustodyRow>.Store(received, CanonicalRecords.Evidence(row), CanonicalRecords.Custody(received));
            });
            db.ChangeTracker.Clear();
            return new EvidenceOutcome.Stored((await queries.ViewAsync(situationId, row.EvidenceId, cancel))!, Duplicate: false);
        }
        finally
        {
            IncomingEvidence.Discard(file);
        }
    }

    private EvidenceOutcome? Check(IncomingFile? file, EvidenceUpload upload, out DateTimeOffset? capturedAt)
    {
        capturedAt = null;
        var errors = InputRules.Check(upload);
        if (!errors.IsEmpty)
        {
            return new EvidenceOutcome.Invalid(errors);
        }
        capturedAt = Instant(upload.CapturedAt, Exchange.Importer.TruncateToSeconds(clock.GetUtcNow()), errors);
        var texts = new[] { ("capturedWhere", upload.CapturedWhere), ("capturedBy", upload.CapturedBy), ("device", upload.Device), ("description", upload.Description), ("reason", upload.Reason) };
        foreach (var (field, value) in texts.Where(t => t.Item2?.Trim().Length > MaxTextLength))
        {
            errors.Add(field, $"must be at most {MaxTextLength} characters");
        }
        if (file is null)
        {
            errors.Add("file", "is required: the photo, video or document, sent as the multipart field 'file'");
        }
        else if (file.Size == 0)
        {
            errors.Add("file", "is empty");
        }
        if (!errors.IsEmpty)
        {
            return new EvidenceOutcome.Invalid(errors);
        }
        if (file!.MediaType is null)
        {
            return new EvidenceOutcome.Unsupported(
                $"file: its content is not a kind kept as evidence (judged by its first bytes); accepted: {string.Join(", ", MediaSignature.Allowed)}");
        }
        if (!MediaSignature.Agrees(upload.DeclaredType, file.MediaType))
        {
            return new EvidenceOutcome.Unsupported($"file: it was sent as {upload.DeclaredType}, but its content is {file.MediaType}");
        }
        return null;
    }

    /// <summary>
    /// An instant as <c>YYYY-MM-DDTHH:MM[:SS]</c> with <c>Z</c> or an offset; without either it is taken as UTC.
    /// Kept to the second, as every instant in the record is.
    /// </summary>
    private static DateTimeOffset? Instant(string? text, DateTimeOffset now, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"];
        if (!DateTimeOffset.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            errors.Add("capturedAt", $"'{text}' is not an instant: write it as YYYY-MM-DDTHH:MM:SSZ (or with an offset such as +04:00)");
            return null;
        }
        if (at > now.AddDays(1))
        {
            errors.Add("capturedAt", $"{text} is in the future");
            return null;
        }
        return Exchange.Importer.TruncateToSeconds(at);
    }

    /// <summary>The name the file had, without any folder and without characters that could trouble a download header.</summary>
    public static string SafeFileName(string? name)
    {
        var leaf = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var clean = new string(leaf.Where(c => !char.IsControl(c) && c is not ('"' or '/' or '\\')).ToArray()).Trim();
        if (clean.Length > 200)
        {
            clean = clean[^200..];
        }
        return clean.Length == 0 ? "evidence" : clean;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
