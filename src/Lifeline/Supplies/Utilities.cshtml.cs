using Lifeline.Accounts;
using Lifeline.Core.Supplies;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Supplies;

/// <summary>
/// Utilities over the situation, derived from the utility events as the calendar derives them: outage periods, hours
/// cut and rationed, the services hit, and the changes that do not fit the one before (for the record's keepers).
/// </summary>
internal sealed class SupplyUtilitiesModel(SupplyQueries queries, AuditLog audit) : SupplyPage(queries, audit)
{
    public UtilitiesPicture Picture { get; private set; } = null!;

    public IReadOnlyList<UtilityOutages> Utilities => Picture.Utilities;

    public IActionResult OnGet(string situationId, string? date)
    {
        if (!Load(situationId, date, "Utilities", "utilities"))
        {
            return NotFound();
        }
        Picture = Queries.Utilities(Record, Date);
        return Page();
    }
}
