using Lifeline.Storage;

namespace Lifeline.Accounts;

/// <summary>
/// The audit log: every write, and every read of a confidential record, with who, when, what and from where.
/// Rows are only ever added; the database refuses to change or delete them (triggers in the migrations).
/// </summary>
internal sealed class AuditLog(LifelineDbContext db, ICurrentUser user, TimeProvider clock)
{
    /// <summary>
    /// Adds a line to the unit of work: it is written with the change it describes, in the same transaction,
    /// by the caller's SaveChanges.
    /// </summary>
    public void Add(string action, string recordType, string recordId, string? situationId, string? detail = null)
    {
        var viewer = user.Viewer;
        db.Audit.Add(new AuditRow
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = viewer.UserId,
            UserName = viewer.Name ?? "anonymous",
            Action = action,
            RecordType = recordType,
            RecordId = recordId,
            SituationId = situationId,
            Address = user.Address,
            Detail = detail,
        });
    }

    /// <summary>Records a read of a confidential record at once, in its own transaction, without blocking a thread.</summary>
    public async Task ReadAsync(string recordType, string recordId, string? situationId, string? detail, CancellationToken cancel)
    {
        Add("read", recordType, recordId, situationId, detail);
        await db.SaveChangesAsync(cancel);
    }
}
