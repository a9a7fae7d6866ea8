using System.Reflection;

namespace Lifeline.Web;

/// <summary>
/// Server-rendered pages that work without JavaScript and load one small stylesheet from Lifeline itself,
/// so they stay usable over a 2G link. Pages live in their part's folder (Situations/, Events/).
/// </summary>
internal static class Pages
{
    private const string StylesheetResource = "Lifeline.Web.app.css";
    private const string IconResource = "Lifeline.Web.favicon.ico";

    /// <summary>
    /// What crawlers may read: the public record, not the account, admin and data-entry pages (which ask to sign in
    /// anyway) nor the API's private parts. RFC 9309.
    /// </summary>
    public const string Robots = """
        User-agent: *
        Disallow: /account/
        Disallow: /admin/
        Disallow: /alerts/
        Disallow: /airlift
        Disallow: /api/v1/tokens
        Disallow: /api/v1/audit
        Disallow: /situations/*/supplies
        Disallow: /situations/*/evidence/
        Disallow: /situations/*/events/new
        Disallow: /situations/*/events/*/edit
        Disallow: /situations/*/events/*/evidence/
        Disallow: /situations/*/risk/assess
        Allow: /

        """;

    public static IServiceCollection AddPages(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/";
            options.Conventions.AddPageRoute("/Situations/Dashboard", "/");
        });
        services.AddSingleton<ApiCatalog>();
        return services;
    }

    /// <summary>
    /// Errors without a body: the API, feeds and OpenAPI document answer a problem document; everything else is a
    /// page, which gets an HTML page saying what happened, with the site's navigation.
    /// </summary>
    public static WebApplication UseStatusPages(this WebApplication app)
    {
        app.UseWhen(context => IsApi(context.Request.Path), api => api.UseStatusCodePages());
        app.UseWhen(context => !IsApi(context.Request.Path), pages => pages.UseStatusCodePagesWithReExecute("/status/{0}"));
        return app;
    }

    /// <summary>Answers read by programs rather than people: <c>/api/…</c> (not the reference page <c>/api</c>), the OpenAPI document, feeds, the health check.</summary>
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.Ordinal) && path.Value!.TrimEnd('/').Length > "/api".Length
        || path.StartsWithSegments("/openapi", StringComparison.Ordinal)
        || path.StartsWithSegments("/feeds", StringComparison.Ordinal)
        || path.StartsWithSegments("/healthz", StringComparison.Ordinal)
        || path.StartsWithSegments("/readyz", StringComparison.Ordinal);

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        var stylesheet = ReadResource(StylesheetResource);
        app.MapGet("/app.css", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Text(System.Text.Encoding.UTF8.GetString(stylesheet), "text/css; charset=utf-8");
        }).ExcludeFromDescription().AllowAnonymous();
        // Offline reporting (docs/field.md): the script of the forms that work with no connection, and the service
        // worker that keeps those forms on the device. The worker is served from the root so it may answer for the forms.
        var offline = ReadResource("Lifeline.Web.forms.js");
        app.MapGet("/forms.js", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            return Results.Text(System.Text.Encoding.UTF8.GetString(offline), "text/javascript; charset=utf-8");
        }).ExcludeFromDescription().AllowAnonymous();
        var worker = ReadResource("Lifeline.Web.offline-worker.js");
        app.MapGet("/offline-worker.js", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            return Results.Text(System.Text.Encoding.UTF8.GetString(worker), "text/javascript; charset=utf-8");
        }).ExcludeFromDescription().AllowAnonymous();
        var icon = ReadResource(IconResource);
        app.MapGet("/favicon.ico", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=604800";
            return Results.Bytes(icon, "image/x-icon");
        }).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/robots.txt", () => Results.Text(Robots, "text/plain; charset=utf-8"))
            .ExcludeFromDescription().AllowAnonymous();
        // The pages drawn from the record alone carry ETags keyed by the data version their reader sees.
        app.MapRazorPages().Add(endpoint =>
        {
            if (endpoint.DisplayName is "/Situations/Dashboard" or "/Situations/Calendar" or "/Events/Index")
            {
                endpoint.Metadata.Add(new DataVersionTagged());
            }
        });
        // An address nothing answers to is "not found" for everyone, signed in or not: an HTML page for people,
        // a problem document under /api/.
        app.MapFallback("{**path}", (HttpContext context) => IsApi(context.Request.Path)
                ? (IResult)TypedResults.Problem($"There is nothing at {context.Request.Path}. The API is described at /api.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
                : TypedResults.NotFound())
            .ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
