using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Accounts;

[Authorize(Policy = Security.Policies.Admin)]
internal sealed class AuditModel(Storage.LifelineDbContext db, AuditLog audit, Web.Translations words) : PageModel
{
    public const int PageSize = 100;

    public Events.Paged<AuditView> Entries { get; private set; } = new([], 0, 1, PageSize);

    public async Task OnGetAsync(CancellationToken cancel)
    {
        ViewData["Title"] = words["nav.audit-log"];
        var errors = new Core.Common.ValidationErrors();
        var page = Web.Paging.Positive(Request.Query["page"].FirstOrDefault(), "page", 1, errors);
        await audit.ReadAsync("audit-log", $"page {page}", null, null, cancel);
        Entries = await AccountEndpoints.PageAsync(db, page, PageSize, cancel);
    }
}
