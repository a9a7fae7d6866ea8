using Lifeline.Accounts;
using Lifeline.Core.Supplies;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Supplies;

/// <summary>Prices per market and item: WFP ALPS where the series allows it, else why not and the change from the baseline.</summary>
internal sealed class SupplyPricesModel(SupplyQueries queries, AuditLog audit, Web.Translations words) : SupplyPage(queries, audit)
{
    public IReadOnlyList<PriceRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string situationId, string? date, CancellationToken cancel)
    {
        if (!await LoadAsync(situationId, date, words["supplies.prices-heading"], "prices", cancel))
        {
            return NotFound();
        }
        Rows = PriceBoard.Of(Record.Observations, Date);
        return Page();
    }
}
