using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Accounts;

[Authorize(Policy = Security.Policies.SignedIn)]
internal sealed class PasswordModel(UserManager<LifelineUser> users, SignInManager<LifelineUser> signIn, AuditLog audit, Storage.LifelineDbContext db) : PageModel
{
    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? New { get; set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public bool MustChange { get; private set; }

    public async Task OnGetAsync()
    {
        ViewData["Title"] = "Choose a password";
        MustChange = (await users.GetUserAsync(User))?.MustChangePassword == true;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Choose a password";
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var result = await users.ChangePasswordAsync(user, Current ?? "", New ?? "");
        if (!result.Succeeded)
        {
            Errors = result.Errors.Select(e => e.Description).ToList();
            MustChange = user.MustChangePassword;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        audit.Add("change-password", "account", user.Id, null);
        await db.SaveChangesAsync();
        await signIn.RefreshSignInAsync(user);
        return Redirect("/");
    }
}
