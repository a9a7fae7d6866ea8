using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.Evidence;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Evidence;

/// <summary>The body of <c>POST .../evidence/{evidenceId}/custody</c>: a hand-over (or an inspection) and why.</summary>
public sealed record CustodyRequest(
    [property: TextRule(InputLimits.Code)] string? Action,
    [property: TextRule(ChainOfCustodyLog.MaxTextLength)] string? To,
    [property: TextRule(ChainOfCustodyLog.MaxTextLength, TextLines.Many)] string? Why);

/// <summary>
/// Adds steps to a chain of custody. Each step is written with its ledger leaf and an audit line in one
/// transaction, numbered under the ledger's lock so that two steps never share a number.
/// </summary>
internal sealed class ChainOfCustodyLog(LifelineDbContext db, TimeProvider clock, ICurrentUser user, AuditLog audit, LedgerSequencer ledger)
{
    public const int MaxTextLength = 1_000;

    /// <summary>Checks a request from a person: only hand-overs and inspections are recorded by hand.</summary>
    public static (CustodyAction? Action, ValidationErrors Errors) Validate(CustodyRequest request)
    {
        var declared = InputRules.Check(request);
        if (!declared.IsEmpty)
        {
            return (null, declared);
        }
        var errors = new ValidationErrors();
        var action = KebabCase.Parse<CustodyAction>(request.Action);
        if (action is not (CustodyAction.Transferred or CustodyAction.Viewed))
        {
            errors.Add("action", $"'{request.Action}' cannot be recorded by hand: use transferred or viewed (received and exported are recorded by Lifeline itself)");
        }
        if (string.IsNullOrWhiteSpace(request.Why))
        {
            errors.Add("why", "is required: why the evidence changed hands or was looked at");
        }
        else if (request.Why.Trim().Length > MaxTextLength)
        {
            errors.Add("why", $"must be at most {MaxTextLength:N0} characters");
        }
        if (action == CustodyAction.Transferred && string.IsNullOrWhiteSpace(request.To))
        {
            errors.Add("to", "is required for a transfer: who received the evidence");
        }
        else if (request.To?.Trim().Length > MaxTextLength)
        {
            errors.Add("to", $"must be at most {MaxTextLength:N0} characters");
        }
        return (errors.IsEmpty ? action : null, errors);
    }

    /// <summary>Records one step now, by the current user; returns it once it is durable.</summary>
    public async Task<CustodyRow> Add(EvidenceRow evidence, CustodyAction action, string why, string? to = null)
    {
        var row = await ledger.WriteAsync(db, async cancel =>
        {
            var step = await Step(evidence, action, why, to, cancel);
            await db.SaveChangesAsync(cancel);
            return LedgerWrite<CustodyRow>.Store(step, CanonicalRecords.Custody(step));
        });
        db.ChangeTracker.Clear();
        return row;
    }

    /// <summary>Adds a step to the unit of work (the caller saves and appends its leaf, under the ledger's lock).</summary>
    public async Task<CustodyRow> Step(EvidenceRow evidence, CustodyAction action, string why, string? to, CancellationToken cancel)
    {
        var viewer = user.Viewer;
        var last = await db.Set<CustodyRow>().Where(c => c.SituationId == evidence.SituationId && c.EvidenceId == evidence.EvidenceId)
            .Select(c => (int?)c.Step).MaxAsync(cancel) ?? 0;
        var row = new CustodyRow
        {
            SituationId = evidence.SituationId,
            EvidenceId = evidence.EvidenceId,
            Step = last + 1,
            Action = KebabCase.Of(action),
            At = Exchange.Importer.TruncateToSeconds(clock.GetUtcNow()).UtcDateTime,
            By = viewer.Name ?? viewer.UserId ?? "unknown",
            ByUser = viewer.UserId,
            Why = why.Trim(),
            To = string.IsNullOrWhiteSpace(to) ? null : to.Trim(),
        };
        db.Set<CustodyRow>().Add(row);
        audit.Add(KebabCase.Of(action), "evidence", evidence.EvidenceId, evidence.SituationId, $"custody step {row.Step}: {row.Why}");
        return row;
    }
}
