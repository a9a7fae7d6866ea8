using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Web;

/// <summary>
/// The page shown for an error that has no page of its own (an unknown address, a record that is not there or may
/// not be seen): what happened in words, with the site's navigation, and the status kept.
/// </summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
[IgnoreAntiforgeryToken]
internal sealed class StatusModel(Translations words) : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public IActionResult OnGet(int code) => Show(code);

    /// <summary>A form sent to an address that is not there comes back here with its method.</summary>
    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        Code = code is >= 400 and <= 599 ? code : StatusCodes.Status404NotFound;
        var key = Code switch
        {
            StatusCodes.Status404NotFound => "404",
            StatusCodes.Status400BadRequest => "400",
            StatusCodes.Status405MethodNotAllowed => "405",
            StatusCodes.Status413PayloadTooLarge => "413",
            StatusCodes.Status429TooManyRequests => "429",
            >= 500 => "500",
            _ => "other",
        };
        (Heading, Explanation) = (words[$"status.{key}.heading"], words[$"status.{key}.explanation"]);
        ViewData["Title"] = Heading;
        Response.StatusCode = Code;
        return Page();
    }
}
