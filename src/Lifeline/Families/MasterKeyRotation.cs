using Lifeline.Accounts;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Families;

/// <summary>
/// Master-key rotation: every data key the current master wrapped is unwrapped and wrapped again under a new master,
/// in one transaction. Only <c>family_keys.wrapped_key</c> changes: the records, their ciphertext, their salts and the
/// ledger's leaves stay as they were, since the data keys themselves do not change. A data key already wrapped by the
/// new master is left as it is, so an interrupted rotation is simply run again; an erased key has nothing to wrap.
/// </summary>
internal static class MasterKeyRotation
{
    /// <summary>Where the new master key is given when the current one comes from <see cref="FamilyMasterKey.EnvironmentVariable"/>.</summary>
    public const string NewKeyVariable = "LIFELINE_FAMILIES_NEW_KEY";

    /// <summary>The new key waits here (0600) until every data key is wrapped by it; then it replaces the old file.</summary>
    public static string PendingPathIn(string dataDirectory) => FamilyMasterKey.PathIn(dataDirectory) + ".next";

    /// <param name="Rewrapped">Data keys now wrapped by the new master.</param>
    /// <param name="AlreadyNew">Data keys the new master had wrapped already (a rotation run again).</param>
    /// <param name="Erased">Keys destroyed by erasure: nothing to wrap.</param>
    /// <param name="Unopened">Data keys neither master opens (wrapped by a third key, or altered); when any, nothing was changed.</param>
    public sealed record Outcome(int Rewrapped, int AlreadyNew, int Erased, int Unopened);

    public static async Task<Outcome> RewrapAsync(LifelineDbContext db, AuditLog audit, FamilyMasterKey old, FamilyMasterKey next, CancellationToken cancel)
    {
        var rows = await db.Set<FamilyKeyRow>().OrderBy(k => k.RowId).ToListAsync(cancel);
        var (rewrapped, alreadyNew, erased, unopened) = (0, 0, 0, 0);
        foreach (var row in rows)
        {
            if (row.WrappedKey is not { } wrapped)
            {
                erased++;
                continue;
            }
            var bound = FamilyVault.Bound(row.SituationId, row.KeyId);
            if (next.Wrapped(wrapped) && next.Unwrap(wrapped, bound) is not null)
            {
                alreadyNew++;
                continue;
            }
            if (old.Unwrap(wrapped, bound) is not { } key)
            {
                unopened++;
                continue;
            }
            row.WrappedKey = next.Wrap(key, bound);
            rewrapped++;
        }
        if (unopened > 0)
        {
            // A key neither master opens would be lost for good once the old master is gone: change nothing.
            db.ChangeTracker.Clear();
            return new Outcome(0, alreadyNew, erased, unopened);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancel);
        audit.Add("rotate-key", "family-key", "*", null, $"{rewrapped} data keys re-wrapped under a new master key, {alreadyNew} already were, {erased} erased");
        await db.SaveChangesAsync(cancel);
        await transaction.CommitAsync(cancel);
        return new Outcome(rewrapped, alreadyNew, erased, 0);
    }
}
