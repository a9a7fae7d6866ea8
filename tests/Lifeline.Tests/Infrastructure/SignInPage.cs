using System.Net;
using System.Text.RegularExpressions;

namespace Lifeline.Tests.Infrastructure;

/// <summary>Signs in through the sign-in page, as a browser does: fetch the form for its antiforgery token, then post.</summary>
internal static partial class SignInPage
{
    /// <summary>A client that keeps cookies and does not follow redirects, so tests see where they lead.</summary>
    public static HttpClient NewClient(Uri address) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address };

    public static async Task<HttpResponseMessage> Post(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/account/sign-in");
        return await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
        }));
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string AntiforgeryToken(string html) => Antiforgery().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
