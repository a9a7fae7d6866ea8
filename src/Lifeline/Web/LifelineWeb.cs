using Lifeline.Accounts;
using Lifeline.Actors;
using Lifeline.Airlift;
using Lifeline.EarlyWarning;
using Lifeline.Claims;
using Lifeline.Legal;
using Lifeline.Events;
using Lifeline.Families;
using Lifeline.Evidence;
using Lifeline.Ledger;
using Lifeline.Places;
using Lifeline.Reports;
using Lifeline.Situations;
using Lifeline.Sms;
using Lifeline.Sources;
using Lifeline.Storage;
using Lifeline.Supplies;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Web;

/// <summary>What the web server needs to start: where to listen, where the record is, the clock and the settings.</summary>
/// <param name="Announce">Where to tell the person who started it what is happening (the command line's output); null says nothing.</param>
/// <param name="Logging">More logging set-up, after Lifeline's own (tests read the log this way).</param>
internal sealed record WebOptions(string Urls, StorageOptions Storage, TimeProvider Clock, bool SeedOnFirstRun = true, ServerSettings? Settings = null,
    EvidenceOptions? Evidence = null, WebhookOptions? Webhooks = null, Core.EarlyWarning.SignalSettings? Signals = null,
    TextWriter? Announce = null, Action<ILoggingBuilder>? Logging = null, SmsOptions? Sms = null);

/// <summary>The web server, part by part: this is the table of contents of what Lifeline serves.</summary>
internal static class LifelineWeb
{
    /// <summary>The output-cache policy of the OpenAPI document.</summary>
    private const string OpenApiDocumentPolicy = "openapi-document";

    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static WebApplication Build(WebOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(LifelineWeb).Assembly.GetName().Name,
        });
        // The working folder's appsettings.json, as the command line reads it (Logging:LogLevel and the like); the
        // environment still wins.
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true).AddEnvironmentVariables();
        var settings = options.Settings ?? ServerSettings.Default;
        var limits = settings.Limits;
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = limits.MaxRequestBytes;
            k.Limits.MaxRequestLineSize = RequestGuards.MaxRequestLineBytes;
        });
        ConfigureLogging(builder.Logging, settings);
        options.Logging?.Invoke(builder.Logging);
        builder.Services
            .AddSingleton(options.Clock)
            .AddSingleton(settings)
            .AddSingleton<PublicOrigin>()
            .AddLifelineStorage(options.Storage)
            .AddApiProblems()
            .AddSecurity(limits, settings.Tokens)
            .AddSignInKeys(options.Storage, SignInKeyOptions.FromEnvironment())
            .AddForwardedHeaders()
            .AddSituations()
            .AddEvents()
            .AddSources()
            .AddLedger(options.Storage)
            .AddEvidence(options.Storage, options.Evidence ?? EvidenceOptions.Default)
            .AddAirlift()
            .AddEarlyWarning(options.Webhooks ?? WebhookOptions.FromEnvironment(), options.Signals ?? SignalConfiguration.Read(builder.Configuration))
            .AddSupplies()
            .AddLegal()
            .AddSms(options.Sms ?? SmsOptions.Read(builder.Configuration))
            .AddDossiers()
            .AddClaims()
            .AddFamilies(options.Storage)
            .AddPages()
            .AddLanguages()
            .AddOpenApi(o => o.DescribeSecurity())
            // The OpenAPI document describes the code, which does not change while the process runs; building it takes
            // a large part of a second, so it is kept once made for anonymous readers (per address the readers use, since
            // it names the server).
            .AddOutputCache(o => o.AddPolicy(OpenApiDocumentPolicy, p => p.Expire(TimeSpan.FromDays(1)).SetVaryByHost(true)))
            .AddResponseCompression(o => o.EnableForHttps = true);
        if (settings.LogRequests)
        {
            builder.Services.AddHttpLogging(o =>
            {
                // One line a request: what was asked, the answer and how long it took; never query strings or bodies.
                o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
                o.CombineLogs = true;
            });
        }

        var app = builder.Build();
        Seed(app.Services, options);

        if (options.Storage.RefuseBlockingQueriesInRequests)
        {
            // First of all, so that whatever answers (a page, the API, an error page) is held to the rule.
            app.Use(async (context, next) =>
            {
                BlockingQueryGuard.Answering();
                await next(context);
            });
        }
        app.UseNodeName();
        app.UseForwardedHeaders();
        // Before everything that can answer (errors, refusals, rate limits), so that every answer carries them.
        app.UseSecurityHeaders(settings.Hsts);
        // Before the error pages and the answer cache, which both answer in the reader's language.
        app.UseLanguages();
        if (settings.LogRequests)
        {
            app.UseHttpLogging();
        }
        app.UseConflictLog();
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusPages();
        // After the status pages, so that a page re-executed for an error is routed again.
        app.UseRouting();
        app.UseSecurity();
        app.UseRequestGuards();
        app.UseIdempotencyKeys();
        app.UseDataVersionTags();
        app.UseOutputCache();
        app.MapOpenApi().AllowAnonymous().CacheOutput(OpenApiDocumentPolicy);
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
        api.MapLegalEndpoints();
        api.MapDossierEndpoints();
        api.MapClaimEndpoints();
        api.MapFamilyEndpoints();
        api.MapReportEndpoints();
        api.MapSmsEndpoints();
        api.MapEventFeed();
        app.MapLanguageSwitch();
        app.MapPages();
        AnnounceWhenReady(app, options);
        return app;
    }

    /// <summary>
    /// One line for each thing worth knowing; the framework's own chatter (a line or two for every request) only
    /// from Warning up, unless request logging is asked for (<c>Logging:Requests</c>).
    /// </summary>
    private static void ConfigureLogging(ILoggingBuilder logging, ServerSettings settings)
    {
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            o.UseUtcTimestamp = true;
        });
        // Every SQL statement at Information level would drown what matters in the log.
        logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        if (settings.LogRequests)
        {
            logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.Information);
        }
    }

    /// <summary>Where to browse, once the server listens; and a warning when what others keep would name a local address.</summary>
    private static void AnnounceWhenReady(WebApplication app, WebOptions options) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var origin = app.Services.GetRequiredService<PublicOrigin>();
            var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
            options.Announce?.WriteLine($"Lifeline: ready, browse {addresses.FirstOrDefault() ?? options.Urls} (Ctrl+C stops it)");
            if (origin.IsLocalOnly)
            {
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LifelineWeb)).LogWarning(
                    "Feed ids, alert senders and webhook links name {Origin}, which only this machine can reach: set PublicOrigin to the address people use (docs/security.md)",
                    origin.Value);
            }
        });

    /// <summary>
    /// Creates or upgrades the schema; a database without any situation (a first run, even if accounts were
    /// already added) gets the built-in scenario, unless seeding is turned off. On PostgreSQL this runs under the
    /// start-up lock (StorageSetup.Prepare), so of several nodes started together exactly one migrates and seeds.
    /// </summary>
    private static void Seed(IServiceProvider services, WebOptions options)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LifelineWeb));
        StorageSetup.Prepare(db, prepared =>
        {
            SignInKeys.EnsureKey(services);
            if (!options.SeedOnFirstRun || prepared.Situations.Any())
            {
                return;
            }
            options.Announce?.WriteLine($"Lifeline: first run: loading the built-in scenario {Scenarios.Default} into the new database (about a minute); the address answers once it is loaded");
            var result = Scenarios.Load(prepared, options.Clock, Scenarios.Default);
            if (result is null || !result.Succeeded)
            {
                log.LogError("The built-in scenario {Scenario} could not be loaded: {Errors}", Scenarios.Default,
                    result is null ? "it is missing" : string.Join("; ", result.Errors));
            }
            else
            {
                log.LogInformation("First run: loaded the built-in scenario {Scenario} ({Events} events)", Scenarios.Default, result.Events);
            }
        });
    }

    /// <summary>
    /// Liveness (<c>/healthz</c>): the process answers HTTP, without touching the database, so that a load balancer
    /// or supervisor checking it often adds no load and a slow database does not get a live node restarted.
    /// Readiness (<c>/readyz</c>): the node reaches its database and may be sent users.
    /// </summary>
    private static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }))
            .WithTags("Health").WithSummary("Whether the server process answers (liveness; the database is not asked)").AllowAnonymous();
        app.MapGet("/readyz", async (LifelineDbContext db, StorageOptions storage, CancellationToken cancel) =>
                await ReachesDatabase(db, cancel)
                    ? Results.Ok(new { status = "ok", storage = storage.Describe() })
                    : Results.Json(new { status = "unavailable", storage = storage.Describe() }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithTags("Health").WithSummary("Whether the server can reach its database (readiness)").AllowAnonymous();
    }

    private static async Task<bool> ReachesDatabase(LifelineDbContext db, CancellationToken cancel)
    {
        try
        {
            // A statement rather than CanConnectAsync, which on SQLite checks the file synchronously.
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancel);
            return true;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Behind a reverse proxy (docs/deploy.md), the client's address and scheme come from X-Forwarded-For and
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

    /// <summary>What every answer says about itself: pages may run no script from elsewhere, load no plugin, change no base address, never be framed or sniffed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>
    /// Headers that keep pages from being framed, sniffed or made to run scripts from elsewhere, and that keep a
    /// browser on HTTPS once it has come over HTTPS. Set when the answer starts, so that they are on every answer:
    /// pages, the API, refusals and errors alike. An answer that sets its own policy (a downloaded file) keeps it.
    /// </summary>
    private static void UseSecurityHeaders(this WebApplication app, HstsSettings hsts) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }
                if (hsts.Enabled && context.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = hsts.HeaderValue;
                }
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>
    /// A 409 is an answer, not a failure: two people changed the same record at once and the second was told so.
    /// It is logged at Information, once, with what was asked.
    /// </summary>
    private static void UseConflictLog(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lifeline.Web.Conflicts");
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.StatusCode == StatusCodes.Status409Conflict)
            {
                log.LogInformation("Answered 409 Conflict to {Method} {Path}", context.Request.Method, context.Request.Path);
            }
        });
    }
}
