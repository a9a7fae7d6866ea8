using Lifeline.Accounts;
using Lifeline.Core.Supplies;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Supplies;

/// <summary>Medical evacuations: every count to a day, the latest running total and waiting list, as a chart and a table.</summary>
internal sealed class SupplyEvacuationsModel(SupplyQueries queries, AuditLog audit) : SupplyPage(queries, audit)
{
    public EvacuationRecord Evacuations { get; private set; } = null!;

    public IActionResult OnGet(string situationId, string? date)
    {
        if (!Load(situationId, date, "Medical evacuations", "evacuations"))
        {
            return NotFound();
        }
        Evacuations = EvacuationRecord.Of(Record.Observations, Date);
        return Page();
    }
}
