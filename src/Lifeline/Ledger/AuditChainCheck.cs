using Lifeline.Accounts;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Ledger;

/// <summary>
/// Recomputes the audit chain from its first entry (docs/security.md, "The audit chain"): every position from 1 to
/// the head is present once, each entry's stored hash is SHA-256 of the previous hash and its canonical form, and the
/// head row names the last entry. Each break is named by its position, so a deleted, altered or moved entry is found.
/// Entries written before the log was chained (no position) are counted, not checked, and must all come before the
/// chained ones.
/// </summary>
internal sealed class AuditChainCheck(LifelineDbContext db, Action<string> find)
{
    private const int Batch = LedgerAppender.BatchSize;

    /// <summary>Entries checked in the chain.</summary>
    public long Chained { get; private set; }

    /// <summary>Entries written before the audit log was chained.</summary>
    public long NotChained { get; private set; }

    /// <summary>The head as stored (position and hash), for the operator to keep elsewhere.</summary>
    public (long Seq, byte[] Hash) Head { get; private set; } = (0, AuditChain.Genesis);

    public void Run()
    {
        var audit = db.Audit.AsNoTracking();
        NotChained = audit.Count(a => a.Seq == null);
        var firstChainedRow = audit.Where(a => a.Seq != null).Min(a => (long?)a.RowId);
        if (firstChainedRow is { } first)
        {
            foreach (var late in audit.Where(a => a.Seq == null && a.RowId > first).OrderBy(a => a.RowId).Take(LedgerVerifier.MaxFindings).ToList())
            {
                find($"audit entry row {late.RowId} ({Describe(late)}): it is not in the audit chain, though written after the chain began: it was added outside Lifeline");
            }
        }
        var head = db.Set<AuditChainHeadRow>().AsNoTracking().FirstOrDefault(h => h.Id == AuditChainHeadRow.SingleId);
        if (head is null)
        {
            find("audit chain: its head row (audit_chain_head) is missing: it was deleted");
        }
        else
        {
            Head = (head.Seq, head.Hash);
        }

        long expected = 1;
        var previous = AuditChain.Genesis;
        long last = 0;
        var previousBroken = false;
        while (true)
        {
            var after = last;
            var page = audit.Where(a => a.Seq > after).OrderBy(a => a.Seq).Take(Batch).ToList();
            if (page.Count == 0)
            {
                break;
            }
            foreach (var entry in page)
            {
                var seq = entry.Seq!.Value;
                Chained++;
                var gap = seq != expected;
                if (gap)
                {
                    find(seq == expected + 1
                        ? $"audit entry {expected} is missing: it was deleted (entry {seq}, {Describe(entry)}, comes after entry {expected - 1})"
                        : $"audit entries {expected} to {seq - 1} are missing: they were deleted (entry {seq}, {Describe(entry)}, comes after entry {expected - 1})");
                }
                var hash = entry.Hash ?? [];
                var holds = AuditChain.Link(previous, entry, seq).AsSpan().SequenceEqual(hash);
                if (!holds && !gap)
                {
                    find(previousBroken
                        ? $"audit entry {seq} ({Describe(entry)}): it no longer follows entry {seq - 1} as written: entries before it were changed or moved"
                        : $"audit entry {seq} ({Describe(entry)}): its content or its place in the chain was changed after it was written");
                }
                previousBroken = !holds;
                // Carry on from the stored hash, so that one break does not hide the entries after it.
                previous = hash;
                expected = seq + 1;
                last = seq;
            }
        }
        if (head is not null)
        {
            if (head.Seq > last)
            {
                find(head.Seq == last + 1
                    ? $"audit entry {head.Seq} is missing: the last entry was deleted (the chain's head says {head.Seq} entries)"
                    : $"audit entries {last + 1} to {head.Seq} are missing: the last {head.Seq - last} entries were deleted (the chain's head says {head.Seq} entries)");
            }
            else if (head.Seq < last)
            {
                find($"audit chain: its head says {head.Seq} entries, but entries up to {last} are stored: the head was moved back, or entries were added outside Lifeline");
            }
            else if (!head.Hash.AsSpan().SequenceEqual(previous))
            {
                find($"audit chain: its head's hash is not the hash of entry {last}: the last entry or the head was changed");
            }
        }
    }

    private static string Describe(AuditRow entry) =>
        $"{LedgerEntry.Instant(entry.At)} {entry.UserName}: {entry.Action} {entry.RecordType} {entry.RecordId}";
}
