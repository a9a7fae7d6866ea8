using Lifeline.Accounts;
using Lifeline.Core.Events;
using Lifeline.Core.Sources;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Sources;

/// <summary>
/// Stores, in the open transaction of the record that cites them, the sources it brings that the situation does not
/// hold yet: each a row, its first version, a ledger leaf to append with the record's, and an audit line.
/// </summary>
internal static class NewSources
{
    /// <param name="citedBy">What cites them, for the version's reason: "a new event".</param>
    public static async Task Store(
        LifelineDbContext db, AuditLog audit, string situationId, IReadOnlyList<Source> sources, Recording recorded, string citedBy,
        List<Func<CommittedRecord>> ledgered, CancellationToken cancel)
    {
        if (sources.Count == 0)
        {
            return;
        }
        var ids = sources.Select(s => s.Id).ToList();
        var known = (await db.Sources.Where(s => s.SituationId == situationId && ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancel)).ToHashSet(StringComparer.Ordinal);
        foreach (var source in sources.Where(s => known.Add(s.Id)))
        {
            var sourceRow = SourceRow.From(situationId, source);
            var sourceVersion = SourceVersionRow.From(situationId, source, 1, recorded with { Reason = $"cited by {citedBy}" });
            db.Sources.Add(sourceRow);
            db.SourceVersions.Add(sourceVersion);
            ledgered.Add(() => CanonicalRecords.Source(sourceRow, sourceVersion));
            audit.Add("create", "source", source.Id, situationId);
        }
    }
}
