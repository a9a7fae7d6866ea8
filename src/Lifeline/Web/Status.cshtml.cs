using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Web;

/// <summary>
/// The page shown for an error that has no page of its own (an unknown address, a record that is not there or may
/// not be seen): what happened in words, with the site's navigation, and the status kept.
/// </summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
[IgnoreAntiforgeryToken]
internal sealed class StatusModel : PageModel
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
        (Heading, Explanation) = Code switch
        {
            StatusCodes.Status404NotFound => ("Not found", "There is nothing here, or nothing you may see. Check the address, or start again from one of the links above."),
            StatusCodes.Status400BadRequest => ("The request could not be read", "The form or address was not what this page expects. Go back, reload the page and try again."),
            StatusCodes.Status405MethodNotAllowed => ("Not something this page does", "This address does not take that kind of request."),
            StatusCodes.Status413PayloadTooLarge => ("Too large", "What was sent is larger than Lifeline accepts."),
            StatusCodes.Status429TooManyRequests => ("Too many requests", "Wait a minute and try again."),
            >= 500 => ("Something went wrong", "Lifeline could not answer. Nothing was changed. Try again in a moment."),
            _ => ("That did not work", "Go back and try again."),
        };
        ViewData["Title"] = Heading;
        Response.StatusCode = Code;
        return Page();
    }
}
