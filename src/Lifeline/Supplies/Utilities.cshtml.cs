using Lifeline.Accounts;
using Lifeline.Core.Supplies;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Supplies;

/// <summary>
/// Utilities over the situation, derived from the utility events as the calendar derives them: outage periods, hours
/// cut and rationed, the services hit, and the changes that do not fit the one before (for the record's keepers).
/// </summary>
internal sealed class SupplyUtilitiesModel(SupplyQueries queries, AuditLog audit, Web.Translations words) : SupplyPage(queries, audit)
{
    public UtilitiesPicture Picture { get; private set; } = null!;

    public IReadOnlyList<UtilityOutages> Utilities => Picture.Utilities;

    public async Task<IActionResult> OnGetAsync(string situationId, string? date, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, date, words["supplies.utilities-heading"], "utilities", cancel))
        {
            return NotFound();
        }
        Picture = await Queries.UtilitiesAsync(Record, Date, cancel);
        return Page();
    }
}
