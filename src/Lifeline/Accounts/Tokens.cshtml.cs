using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Accounts;

[Authorize(Policy = Security.Policies.SignedIn)]
internal sealed class TokensModel(ApiTokens tokens, ICurrentUser user, TokenLifetimes lifetimes, Web.Translations words) : PageModel
{
    public TokenLifetimes Lifetimes => lifetimes;
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? ExpiresInDays { get; set; }
    public NewToken? Created { get; private set; }
    public IReadOnlyList<TokenView> Tokens { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public Task OnGetAsync(CancellationToken cancel) => LoadAsync(cancel);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancel)
    {
        var errors = new Core.Common.ValidationErrors();
        int? days = string.IsNullOrWhiteSpace(ExpiresInDays) ? null : Web.Paging.Positive(ExpiresInDays, "expiresInDays", 0, errors);
        if (errors.IsEmpty)
        {
            var outcome = await tokens.Create(user.Viewer, Name, days, null);
            Created = outcome.Token;
            errors = outcome.Errors;
        }
        Errors = errors.ToDictionary();
        if (!errors.IsEmpty)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(cancel);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id)
    {
        if (!await tokens.Revoke(user.Viewer, id))
        {
            return NotFound();
        }
        return Redirect("/account/tokens");
    }

    private async Task LoadAsync(CancellationToken cancel)
    {
        ViewData["Title"] = words["nav.api-tokens"];
        Tokens = await tokens.ListAsync(user.Viewer, all: false, cancel);
    }
}
