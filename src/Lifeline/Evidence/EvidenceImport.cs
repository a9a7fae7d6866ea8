using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Core.Evidence;
using Lifeline.Exchange;
using Lifeline.Ledger;
using Lifeline.Storage;

namespace Lifeline.Evidence;

/// <summary>
/// Checks evidence metadata read from a <c>lifeline/1</c> document and gives the rows to store: each file's record and
/// its chain of custody, as they were. A file is accepted only when its bytes are in the evidence store already, or
/// beside the document (<c>DOCUMENT.evidence/SHA256</c>) with exactly that SHA-256, which is then kept: an imported
/// instance holds every file its records name, so <c>lifeline ledger verify</c> finds them intact.
/// </summary>
internal sealed class EvidenceImport(LifelineDbContext db, string situationId, DateTimeOffset now, EvidenceFiles? files, string? folder)
{
    private const int MaxText = 1_000;

    public (IReadOnlyList<EvidenceRow> Evidence, IReadOnlyList<CustodyRow> Custody) Check(IReadOnlyList<(string Path, EvidenceDto Dto)> entries, Action<string, string> error)
    {
        var ids = entries.Select(e => e.Dto.Event).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var events = db.Events.Where(e => e.SituationId == situationId && ids.Contains(e.EventId)).Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        var stored = db.Set<EvidenceRow>().Where(e => e.SituationId == situationId).Select(e => e.EvidenceId).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var evidence = new List<EvidenceRow>();
        var custody = new List<CustodyRow>();
        foreach (var (path, dto) in entries)
        {
            var ok = true;
            void Fail(string field, string message)
            {
                ok = false;
                error($"{path}.{field}", message);
            }
            if (!Slug.IsValid(dto.Id))
            {
                Fail("id", "is required: the evidence file's id");
            }
            else if (stored.Contains(dto.Id!) || !seen.Add(dto.Id!))
            {
                Fail("id", $"evidence '{dto.Id}' is already stored in this situation, or listed twice");
            }
            if (dto.Event is null || !events.Contains(dto.Event))
            {
                Fail("event", $"there is no event '{dto.Event}' in this situation");
            }
            if (!Sha256Digest.TryParse(dto.Sha256, out var digest))
            {
                Fail("sha256", "must be the file's SHA-256 in 64 lower-case hexadecimal digits");
            }
            else if (files is null || !Available(digest))
            {
                Fail("sha256", $"the file {dto.Sha256} is neither in the evidence store nor beside the document ({folder ?? "no folder given"}), or its bytes do not have that SHA-256");
            }
            if (dto.Size is not >= 0)
            {
                Fail("size", "is required: the file's length in bytes");
            }
            if (string.IsNullOrWhiteSpace(dto.MediaType) || dto.MediaType.Length > 200)
            {
                Fail("mediaType", "is required (image/jpeg, application/pdf, ...)");
            }
            if (string.IsNullOrWhiteSpace(dto.FileName) || dto.FileName.Length > MaxText)
            {
                Fail("fileName", "is required");
            }
            var captured = Instant(dto.CapturedAt, "capturedAt", Fail, required: false);
            var received = Instant(dto.Received?.At, "received.at", Fail, required: true);
            if (string.IsNullOrWhiteSpace(dto.Received?.By))
            {
                Fail("received.by", "is required: who received the file");
            }
            var steps = dto.Custody ?? [];
            if (steps.Count == 0)
            {
                Fail("custody", "needs at least its first step, received");
            }
            var rows = new List<CustodyRow>();
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                var at = $"custody[{i}]";
                if (step.Step != i + 1)
                {
                    Fail($"{at}.step", $"must be {i + 1}: steps are numbered from 1, in order");
                }
                if (KebabCase.Parse<CustodyAction>(step.Action) is null)
                {
                    Fail($"{at}.action", $"'{step.Action}' is not one of {KebabCase.Choices<CustodyAction>()}");
                }
                var when = Instant(step.At, $"{at}.at", Fail, required: true);
                if (string.IsNullOrWhiteSpace(step.By) || string.IsNullOrWhiteSpace(step.Why))
                {
                    Fail($"{at}.by", "who and why are required");
                }
                if (when is { } w && ok)
                {
                    rows.Add(new CustodyRow
                    {
                        SituationId = situationId,
                        EvidenceId = dto.Id!,
                        Step = i + 1,
                        Action = step.Action!,
                        At = w.UtcDateTime,
                        By = step.By!.Trim(),
                        Why = step.Why!.Trim(),
                        To = string.IsNullOrWhiteSpace(step.To) ? null : step.To.Trim(),
                    });
                }
            }
            if (!ok || received is null)
            {
                continue;
            }
            evidence.Add(new EvidenceRow
            {
                SituationId = situationId,
                EvidenceId = dto.Id!,
                EventId = dto.Event!,
                Sha256 = dto.Sha256!,
                Size = dto.Size!.Value,
                MediaType = dto.MediaType!.Trim(),
                FileName = dto.FileName!.Trim(),
                CapturedAt = captured?.UtcDateTime,
                CapturedWhere = dto.CapturedWhere,
                CapturedBy = dto.CapturedBy,
                Device = dto.Device,
                Description = dto.Description,
                ReceivedAt = received.Value.UtcDateTime,
                ReceivedBy = dto.Received!.By!.Trim(),
            });
            custody.AddRange(rows);
        }
        return (evidence, custody);
    }

    private bool Available(Sha256Digest digest)
    {
        if (files!.Exists(digest))
        {
            return true;
        }
        var beside = folder is null ? null : Path.Combine(folder, digest.ToHex());
        return beside is not null && File.Exists(beside) && files.KeepCopyOf(beside, digest);
    }

    private DateTimeOffset? Instant(string? text, string field, Action<string, string> fail, bool required)
    {
        if (text is null)
        {
            if (required)
            {
                fail(field, "is required: an instant, YYYY-MM-DDTHH:MM:SSZ (UTC)");
            }
            return null;
        }
        if (!DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            fail(field, $"'{text}' is not an instant: write it as YYYY-MM-DDTHH:MM:SSZ (UTC)");
            return null;
        }
        if (at > now.AddDays(1))
        {
            fail(field, $"{text} is in the future");
            return null;
        }
        return at;
    }
}
