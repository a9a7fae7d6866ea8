using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Accounts;

[AllowAnonymous]
internal sealed class DeniedModel : PageModel
{
    public void OnGet()
    {
        ViewData["Title"] = "Not allowed";
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
