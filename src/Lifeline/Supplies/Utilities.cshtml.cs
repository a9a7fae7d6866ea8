using Lifeline.Accounts;
using Lifeline.Core.Supplies;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Supplies;

/// <summary>Utilities over the situation: outage periods, hours a day, cumulative hours and the services hit, as a timeline.</summary>
internal sealed class SupplyUtilitiesModel(SupplyQueries queries, AuditLog audit) : SupplyPage(queries, audit)
{
    public IReadOnlyList<UtilityOutages> Utilities { get; private set; } = [];

    public IActionResult OnGet(string situationId, string? date)
    {
        if (!Load(situationId, date, "Utilities", "utilities"))
        {
            return NotFound();
        }
        Utilities = UtilityOutages.Summarise(Record.Setting, Record.Observations, Date);
        return Page();
    }
}
