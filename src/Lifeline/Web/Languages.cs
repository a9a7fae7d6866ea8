using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Lifeline.Web;

/// <summary>
/// The language of the pages (docs/field.md): the reader's choice kept in a cookie, else the first of English,
/// Armenian and Russian their browser asks for (<c>Accept-Language</c>), else English. The API, feeds and exports are
/// not translated: programs read them, and their numbers and dates stay culture-invariant.
/// </summary>
internal static class Languages
{
    /// <summary>The address of the switcher: <c>/language?to=hy&amp;return=/situations/lachin-2022</c>.</summary>
    public const string SwitchPath = "/language";

    /// <summary>How long the choice is kept: a year, renewed by each switch.</summary>
    private static readonly TimeSpan Kept = TimeSpan.FromDays(365);

    public static IServiceCollection AddLanguages(this IServiceCollection services) =>
        services.AddSingleton(Translations.Load())
            // Armenian and Cyrillic letters written as themselves, not as &#x...; (eight bytes a letter on a 2G link);
            // what HTML needs escaped (< > & " ') still is.
            .Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
                o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

    /// <summary>The request's culture for pages: the cookie's language, else Accept-Language, else English.</summary>
    public static WebApplication UseLanguages(this WebApplication app)
    {
        var cultures = Translations.Languages.Select(l => CultureInfo.GetCultureInfo(l.Code)).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Translations.Default),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
            RequestCultureProviders =
            [
                new CustomRequestCultureProvider(context => Task.FromResult(
                    context.Request.Cookies[Translations.Cookie] is { } code && Translations.IsLanguage(code)
                        ? new ProviderCultureResult(code)
                        : null)),
                new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 },
            ],
        };
        app.UseWhen(context => !Pages.IsApi(context.Request.Path), pages => pages.UseRequestLocalization(options));
        return app;
    }

    /// <summary>
    /// The switcher's links lead here: the choice is kept in a cookie and the reader is sent back to the page they were
    /// on. It works without script; an unknown language is refused with the page saying so.
    /// </summary>
    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet(SwitchPath, (HttpContext context, string? to, string? @return) =>
        {
            if (!Translations.IsLanguage(to))
            {
                return Results.BadRequest();
            }
            context.Response.Cookies.Append(Translations.Cookie, to!, new CookieOptions
            {
                Path = "/",
                MaxAge = Kept,
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
            });
            context.Response.Headers.CacheControl = "no-store";
            return Results.Redirect(IsLocal(@return) ? @return! : "/");
        }).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    /// <summary>The address of a switcher link: to <paramref name="language"/>, then back to the page being shown.</summary>
    public static string SwitchLink(string language, HttpRequest request) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(SwitchPath, new Dictionary<string, string?>
        {
            ["to"] = language,
            ["return"] = $"{request.PathBase}{request.Path}{request.QueryString}",
        });

    /// <summary>Only an address on this site: a path, not <c>//elsewhere</c> nor <c>/\elsewhere</c>.</summary>
    private static bool IsLocal(string? address) =>
        !string.IsNullOrEmpty(address) && address[0] == '/'
        && (address.Length == 1 || address[1] is not ('/' or '\\'))
        && !address.Any(char.IsControl);
}
