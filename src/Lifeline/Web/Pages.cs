using System.Reflection;

namespace Lifeline.Web;

/// <summary>
/// Server-rendered pages that work without JavaScript and load one small stylesheet from Lifeline itself,
/// so they stay usable over a 2G link. Pages live in their part's folder (Situations/, Events/).
/// </summary>
internal static class Pages
{
    private const string StylesheetResource = "Lifeline.Web.app.css";

    public static IServiceCollection AddPages(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/";
            options.Conventions.AddPageRoute("/Situations/Dashboard", "/");
        });
        return services;
    }

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        var stylesheet = ReadStylesheet();
        app.MapGet("/app.css", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Text(stylesheet, "text/css; charset=utf-8");
        }).ExcludeFromDescription().AllowAnonymous();
        app.MapRazorPages();
        return app;
    }

    private static string ReadStylesheet()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(StylesheetResource)
            ?? throw new InvalidOperationException($"The stylesheet {StylesheetResource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
