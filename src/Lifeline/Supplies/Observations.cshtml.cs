using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.Supplies;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Supplies;

/// <summary>Every observation of a situation, current versions, by date; filtered by kind.</summary>
internal sealed class SupplyObservationsModel(SupplyQueries queries, AuditLog audit, ICurrentUser user, Web.Translations words) : SupplyPage(queries, audit)
{
    public IReadOnlyList<ObservationVersion> Observations { get; private set; } = [];
    public string? Kind { get; private set; }
    public string? KindError { get; private set; }
    public bool CanRecord { get; private set; }

    public async Task<IActionResult> OnGetAsync(string situationId, string? kind, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, null, words["supplies.observations-heading"], "observations", cancel))
        {
            return NotFound();
        }
        ObservationKind? wanted = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            wanted = KebabCase.Parse<ObservationKind>(kind);
            Kind = kind;
            if (wanted is null)
            {
                KindError = $"'{kind}' is not a kind of observation: use {KebabCase.Choices<ObservationKind>()}";
            }
        }
        Observations = Record.Observations.Where(o => wanted is null || o.Content.Kind == wanted)
            .OrderBy(o => o.Content.Date).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
        CanRecord = ObservationAccess.CanRecord(user.Viewer);
        return Page();
    }
}
