using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Accounts;

[AllowAnonymous]
internal sealed class DeniedModel(Web.Translations words) : PageModel
{
    public void OnGet()
    {
        ViewData["Title"] = words["denied.heading"];
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
