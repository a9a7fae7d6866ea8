using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Accounts;

/// <summary>
/// Choose a password. Right after signing in with a one-time password it is not asked for again: that sign-in is
/// the proof. Afterwards the person goes on to where they were going.
/// </summary>
[Authorize(Policy = Security.Policies.SignedIn)]
internal sealed class PasswordModel(UserManager<LifelineUser> users, SignInManager<LifelineUser> signIn, AuditLog audit, Storage.LifelineDbContext db, Web.Translations words) : PageModel
{
    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? New { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>This session began with the one-time password, so only the new one is asked for.</summary>
    public bool MustChange => User.HasClaim(c => c.Type == Security.OneTimePasswordClaim);

    public void OnGet() => ViewData["Title"] = words["password.heading"];

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = words["password.heading"];
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        IdentityResult result;
        if (MustChange && user.MustChangePassword)
        {
            // The person proved the one-time password by signing in with it in this session.
            result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), New ?? "");
        }
        else
        {
            result = string.IsNullOrEmpty(Current)
                ? IdentityResult.Failed(new IdentityError { Code = "current", Description = "Give your current password." })
                : await users.ChangePasswordAsync(user, Current, New ?? "");
        }
        if (!result.Succeeded)
        {
            Errors = result.Errors.Select(e => e.Description).ToList();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        audit.Add("change-password", "account", user.Id, null);
        await db.SaveChangesAsync();
        await signIn.RefreshSignInAsync(user);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && !ReturnUrl!.StartsWith(Security.PasswordPage, StringComparison.OrdinalIgnoreCase) ? ReturnUrl : "/");
    }
}
