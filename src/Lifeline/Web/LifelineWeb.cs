using Lifeline.Accounts;
using Lifeline.Actors;
using Lifeline.Airlift;
using Lifeline.EarlyWarning;
using Lifeline.Events;
using Lifeline.Evidence;
using Lifeline.Ledger;
using Lifeline.Places;
using Lifeline.Situations;
using Lifeline.Sources;
using Lifeline.Storage;
using Lifeline.Supplies;
using Scalar.AspNetCore;

namespace Lifeline.Web;

/// <summary>What the web server needs to start: where to listen, where the record is, the clock and the abuse limits.</summary>
internal sealed record WebOptions(string Urls, StorageOptions Storage, TimeProvider Clock, bool SeedOnFirstRun = true, AbuseLimits? Limits = null, EvidenceOptions? Evidence = null, WebhookOptions? Webhooks = null, Core.EarlyWarning.SignalSettings? Signals = null);

/// <summary>The web server, part by part: this is the table of contents of what Lifeline serves.</summary>
internal static class LifelineWeb
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static WebApplication Build(WebOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(LifelineWeb).Assembly.GetName().Name,
        });
        var limits = options.Limits ?? AbuseLimits.Default;
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = limits.MaxRequestBytes;
            k.Limits.MaxRequestLineSize = RequestGuards.MaxRequestLineBytes;
        });
        // Every SQL statement at Information level would drown what matters in the log.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Services
            .AddSingleton(options.Clock)
            .AddLifelineStorage(options.Storage)
            .AddApiProblems()
            .AddSecurity(limits)
            .AddForwardedHeaders()
            .AddSituations()
            .AddEvents()
            .AddSources()
            .AddLedger(options.Storage)
            .AddEvidence(options.Storage, options.Evidence ?? EvidenceOptions.Default)
            .AddAirlift()
            .AddEarlyWarning(options.Webhooks ?? WebhookOptions.FromEnvironment(), options.Signals ?? SignalConfiguration.Read(builder.Configuration))
            .AddSupplies()
            .AddPages()
            .AddOpenApi()
            .AddResponseCompression(o => o.EnableForHttps = true);

        var app = builder.Build();
        Seed(app.Services, options);

        app.UseForwardedHeaders();
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseSecurity();
        app.UseRequestGuards();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api", o => o.WithTitle("Lifeline API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapHealth();
        // Every API request body is checked against the rules its fields declare before its handler runs.
        var api = app.MapGroup("").AddEndpointFilterFactory(RequestGuards.CheckDeclaredRules);
        api.MapAccountEndpoints();
        api.MapSituationEndpoints();
        api.MapEventEndpoints();
        api.MapPlaceEndpoints();
        api.MapActorEndpoints();
        api.MapSourceEndpoints();
        api.MapLedgerEndpoints();
        api.MapEvidenceEndpoints();
        api.MapAirliftEndpoints();
        api.MapEarlyWarningEndpoints();
        api.MapSupplyEndpoints();
        app.MapPages();
        return app;
    }

    /// <summary>
    /// Creates or upgrades the schema; a database without any situation (a first run, even if accounts were
    /// already added) gets the built-in scenario, unless seeding is turned off.
    /// </summary>
    private static void Seed(IServiceProvider services, WebOptions options)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
        StorageSetup.Prepare(db);
        if (options.SeedOnFirstRun && !db.Situations.Any())
        {
            var result = Scenarios.Load(db, options.Clock, Scenarios.Default);
            var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LifelineWeb));
            if (result is null || !result.Succeeded)
            {
                log.LogError("The built-in scenario {Scenario} could not be loaded: {Errors}", Scenarios.Default,
                    result is null ? "it is missing" : string.Join("; ", result.Errors));
            }
            else
            {
                log.LogInformation("First run: loaded the built-in scenario {Scenario} ({Events} events)", Scenarios.Default, result.Events);
            }
        }
    }

    private static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", (LifelineDbContext db, StorageOptions storage) => db.Database.CanConnect()
                ? Results.Ok(new { status = "ok", storage = storage.Describe() })
                : Results.Json(new { status = "unavailable", storage = storage.Describe() }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithTags("Health").WithSummary("Whether the server can reach its database").AllowAnonymous();

    /// <summary>
    /// Behind a reverse proxy (docs/deployment.md), the client's address and scheme come from X-Forwarded-For and
    /// X-Forwarded-Proto, trusted only from loopback and the proxies listed in LIFELINE_KNOWN_PROXIES.
    /// </summary>
    private static IServiceCollection AddForwardedHeaders(this IServiceCollection services) =>
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            foreach (var proxy in (Environment.GetEnvironmentVariable("LIFELINE_KNOWN_PROXIES") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (System.Net.IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
            }
        });

    /// <summary>Headers that keep pages from being framed, sniffed or made to run scripts from elsewhere.</summary>
    private static void UseSecurityHeaders(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) || context.Request.Path.StartsWithSegments("/api/v1", StringComparison.Ordinal))
            {
                headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            }
            await next(context);
        });
}
