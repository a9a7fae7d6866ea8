using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Events;
using Lifeline.Situations;
using Lifeline.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Sources;

/// <summary>
/// The sources of a situation with their Admiralty grades, for signed-in people; verifiers and admins get a link to
/// grade each one. <c>?ungraded=true</c> shows only the sources still graded F6 (not graded).
/// </summary>
[Authorize(Policy = Security.Policies.SignedIn)]
internal sealed class IndexModel(LifelineDbContext db, SituationQueries situations, ICurrentUser user, AuditLog audit, Web.Translations words) : PageModel
{
    public const int PageSize = 100;

    public string SituationId { get; private set; } = "";
    public IReadOnlyList<SourceView> Sources { get; private set; } = [];
    public int Total { get; private set; }
    public int Ungraded { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public bool OnlyUngraded { get; private set; }
    public bool CanGrade { get; private set; }

    public int Pages => (Total + PageSize - 1) / PageSize;

    public async Task<IActionResult> OnGetAsync(string situationId, int? page, bool? ungraded, CancellationToken cancel)
    {
        var situation = await situations.FindAsync(situationId, cancel);
        if (situation is null)
        {
            return NotFound();
        }
        SituationId = situation.Id;
        ViewData["SituationId"] = situation.Id;
        ViewData["SituationName"] = situation.Name;
        ViewData["Title"] = words.Format("sources.title", situation.Name);
        var viewer = user.Viewer;
        CanGrade = EventAccess.CanReview(viewer);
        OnlyUngraded = ungraded == true;
        var all = db.Sources.AsNoTracking().Where(s => s.SituationId == situationId);
        var notGraded = all.Where(s => s.Reliability == "F" && s.Credibility == 6);
        Ungraded = await notGraded.CountAsync(cancel);
        var query = OnlyUngraded ? notGraded : all;
        Total = await query.CountAsync(cancel);
        PageNumber = Math.Clamp(page ?? 1, 1, Math.Max(1, Pages));
        var rows = await query.OrderBy(s => s.Publisher).ThenBy(s => s.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancel);
        var showProtected = EventAccess.SeesProtectedSources(viewer);
        if (showProtected && rows.Any(r => r.ProtectIdentity))
        {
            await audit.ReadAsync("sources", situationId, situationId, $"protected source identities shown (sources page {PageNumber})", cancel);
        }
        Sources = rows.Select(s => SourceView.From(s.ToDomain(), showProtected)).ToList();
        return Page();
    }

    public string PageLink(int page) =>
        $"/situations/{Uri.EscapeDataString(SituationId)}/sources?page={page}{(OnlyUngraded ? "&ungraded=true" : "")}";
}
