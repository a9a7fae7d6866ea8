using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Lifeline.Accounts;

[AllowAnonymous]
[EnableRateLimiting(Security.Limits.SignIn)]
internal sealed class SignInModel(SignInManager<LifelineUser> signIn, UserManager<LifelineUser> users, AuditLog audit) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() => ViewData["Title"] = "Sign in";

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Sign in";
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            return Refuse(StatusCodes.Status400BadRequest, "Give your email address and your password.");
        }
        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is null || user.Disabled)
        {
            audit.Add("sign-in-refused", "account", Email.Trim(), null, user is null ? "no such account" : "disabled");
            await HttpContext.RequestServices.GetRequiredService<Storage.LifelineDbContext>().SaveChangesAsync();
            return Refuse(StatusCodes.Status401Unauthorized, user is null ? "The email address or the password is wrong." : "This account is disabled. Ask an admin.");
        }
        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        audit.Add(result.Succeeded ? "sign-in" : "sign-in-refused", "account", user.Id, null, result.IsLockedOut ? "locked out" : null);
        await HttpContext.RequestServices.GetRequiredService<Storage.LifelineDbContext>().SaveChangesAsync();
        if (result.IsLockedOut)
        {
            return Refuse(StatusCodes.Status401Unauthorized, "Too many failed attempts: this account is locked for 15 minutes.");
        }
        if (!result.Succeeded)
        {
            return Refuse(StatusCodes.Status401Unauthorized, "The email address or the password is wrong.");
        }
        if (user.MustChangePassword)
        {
            var next = Url.IsLocalUrl(ReturnUrl) ? $"?returnUrl={Uri.EscapeDataString(ReturnUrl)}" : "";
            return Redirect(Security.PasswordPage + next);
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    private PageResult Refuse(int status, string error)
    {
        Error = error;
        Password = null;
        Response.StatusCode = status;
        return Page();
    }
}
