using Lifeline.Accounts;
using Lifeline.Core.Supplies;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Supplies;

/// <summary>Medical evacuations: every count to a day, the latest running total and waiting list, as a chart and a table.</summary>
internal sealed class SupplyEvacuationsModel(SupplyQueries queries, AuditLog audit, Web.Translations words) : SupplyPage(queries, audit)
{
    public EvacuationRecord Evacuations { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string situationId, string? date, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, date, words["observation-form.evacuations"], "evacuations", cancel))
        {
            return NotFound();
        }
        Evacuations = EvacuationRecord.Of(Record.Observations, Date);
        return Page();
    }
}
