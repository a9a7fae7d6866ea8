using System.Security.Claims;
using System.Threading.RateLimiting;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Lifeline.Accounts;

/// <summary>
/// How many sign-in attempts, writes and reads one caller (an account, or an address when anonymous) may make per
/// minute; how large a request may be. A write is a POST, PUT, PATCH or DELETE, from a form or the API; every
/// other request is a read, so an account that spent its writes can still open pages.
/// </summary>
internal sealed record AbuseLimits(int SignInsPerMinute = 10, int WritesPerMinute = 120, long MaxRequestBytes = 1024 * 1024, int ReadsPerMinute = 600)
{
    public static AbuseLimits Default { get; } = new();
}

/// <summary>
/// Accounts, sign-in and what each role may do. Access is denied by default: an endpoint or page is reachable
/// without signing in only where it says so (AllowAnonymous), and then shows the public, redacted view.
/// </summary>
internal static class Security
{
    public const string Scheme = "lifeline";
    public const string TokenScheme = "token";

    public static class Policies
    {
        public const string Record = "record";
        public const string Review = "review";
        public const string Publish = "publish";
        public const string Admin = "admin";
        public const string Assess = "assess";
        public const string Dossier = "dossier";
        public const string Legal = "legal";
        public const string Families = "families";
        public const string SignedIn = "signed-in";
    }

    public static class Limits
    {
        public const string SignIn = "sign-in";
    }

    /// <summary>Set on sign-in with a one-time password: until it is replaced, nothing but replacing it works.</summary>
    public const string OneTimePasswordClaim = "one_time_password";

    public const string PasswordPage = "/account/password";

    public static string RoleName(Role role) => KebabCase.Of(role);

    /// <summary>
    /// One policy for every cookie Lifeline sets (the session and the antiforgery token): not readable by scripts,
    /// not sent on cross-site requests other than top-level links, and Secure whenever the request came over HTTPS
    /// (directly, or through a trusted proxy that says so).
    /// </summary>
    public static void ApplyCookiePolicy(CookieBuilder cookie)
    {
        cookie.HttpOnly = true;
        cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.SameSite = SameSiteMode.Lax;
    }

    public static IServiceCollection AddSecurity(this IServiceCollection services, AbuseLimits limits, TokenLifetimes tokens)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<AuditLog>();
        services.AddScoped<ApiTokens>();
        services.AddSingleton<TokenChecks>();
        services.AddSingleton<TokenUses>();
        services.AddScoped<UserAdministration>();
        services.AddSingleton(limits);
        services.AddSingleton(tokens);

        services.AddAccountStore()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<LifelineClaimsFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or API token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenScheme
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenScheme, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "lifeline";
            ApplyCookiePolicy(o.Cookie);
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // The API answers 401/403; only pages redirect to the sign-in page.
            o.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "lifeline-antiforgery";
            ApplyCookiePolicy(o.Cookie);
        });
        // A disabled account or a changed password takes effect within a minute on every signed-in browser.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Record, p => p.RequireRole(RoleName(Role.Admin), RoleName(Role.Analyst), RoleName(Role.Reporter), RoleName(Role.Verifier), RoleName(Role.Publisher)))
            .AddPolicy(Policies.Review, p => p.RequireRole(RoleName(Role.Admin), RoleName(Role.Verifier)))
            .AddPolicy(Policies.Publish, p => p.RequireRole(RoleName(Role.Admin), RoleName(Role.Publisher)))
            .AddPolicy(Policies.Admin, p => p.RequireRole(RoleName(Role.Admin)))
            // Early warning (Core.Access.EarlyWarningAccess): analysts and admins assess and manage alert subscriptions.
            .AddPolicy(Policies.Assess, p => p.RequireRole(RoleName(Role.Admin), RoleName(Role.Analyst)))
            // Dossiers for a court (Legal/DossierEndpoints.cs): they hold unpublished events, protected sources and
            // evidence files, and making one is a custody step of each file; the roles that analyse the record make them.
            .AddPolicy(Policies.Dossier, p => p.RequireRole(RoleName(Role.Admin), RoleName(Role.Analyst)))
            // The legal record (Legal/LegalWorkflow.cs) is public once written, the acts of public bodies with no review
            // stage: the roles that analyse the record write it.
            .AddPolicy(Policies.Legal, p => p.RequireRole(RoleName(Role.Admin), RoleName(Role.Analyst)))
            .AddPolicy(Policies.Families, p => p.RequireRole(RoleName(Role.Admin), RoleName(Role.Caseworker)));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Every request counts, per account (per address when anonymous): writes against the writes limit,
            // everything else against the higher reads limit. The health check is for load balancers.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal) || context.Request.Path.StartsWithSegments("/readyz", StringComparison.Ordinal))
                {
                    return RateLimitPartition.GetNoLimiter("health");
                }
                var caller = context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user ? $"user:{user}" : $"address:{context.Connection.RemoteIpAddress}";
                return IsWrite(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter($"writes {caller}", _ => PerMinute(limits.WritesPerMinute))
                    : RateLimitPartition.GetFixedWindowLimiter($"reads {caller}", _ => PerMinute(limits.ReadsPerMinute));
            });
            // Sign-in attempts (the POST), not views of the form, are also counted per address, with a lower limit.
            o.AddPolicy(Limits.SignIn, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter($"address:{context.Connection.RemoteIpAddress}", _ => PerMinute(limits.SignInsPerMinute))
                : RateLimitPartition.GetNoLimiter("form"));
            o.OnRejected = async (context, cancel) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsJsonAsync(new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = "Too many attempts from this account or address; wait a minute and try again.",
                }, options: null, contentType: "application/problem+json", cancel);
            };
        });
        return services;
    }

    /// <summary>POST, PUT, PATCH and DELETE: what changes something, from a form or the API.</summary>
    public static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static FixedWindowRateLimiterOptions PerMinute(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    /// <summary>Accounts and roles in Lifeline's database; used by the web server and by <c>lifeline users</c>.</summary>
    public static IdentityBuilder AddAccountStore(this IServiceCollection services) =>
        services.AddIdentityCore<LifelineUser>(o =>
            {
                // Long passphrases rather than composition rules; lock out after repeated failures.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<LifelineDbContext>();

    /// <summary>Makes sure every role exists; run whenever the schema is prepared.</summary>
    public static void EnsureRoles(LifelineDbContext db)
    {
        var existing = db.Roles.Select(r => r.Name).ToHashSet();
        foreach (var role in Enum.GetValues<Role>().Select(RoleName).Where(r => !existing.Contains(r)))
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
        }
        db.SaveChanges();
    }

    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.Use(OneTimePasswordGate);
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Someone signed in with a one-time password may only choose their own: pages lead to the password form (and
    /// back to where they were going afterwards), the API answers 403 saying so. The stylesheet, icon and robots
    /// file stay reachable so the form looks as it should.
    /// </summary>
    private static async Task OneTimePasswordGate(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(c => c.Type == OneTimePasswordClaim)
            && !path.StartsWithSegments(PasswordPage, StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/account/sign-out", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/account/sign-in", StringComparison.OrdinalIgnoreCase)
            && path.Value is not ("/app.css" or "/favicon.ico" or "/robots.txt" or "/forms.js" or "/offline-worker.js"))
        {
            if (path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Choose your own password first",
                    Detail = $"This account signed in with a one-time password. Until its owner chooses their own at {PasswordPage}, nothing else works, API tokens included.",
                }, options: null, contentType: "application/problem+json");
                return;
            }
            var back = HttpMethods.IsGet(context.Request.Method) ? path + context.Request.QueryString : "/";
            context.Response.Redirect($"{PasswordPage}?returnUrl={Uri.EscapeDataString(back)}");
            return;
        }
        await next(context);
    }

    private static async Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.Redirect(context.RedirectUri);
            return;
        }
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new ProblemDetails
        {
            Status = status,
            Title = status == StatusCodes.Status401Unauthorized ? "Not signed in" : "Not allowed",
            Detail = status == StatusCodes.Status401Unauthorized
                ? "Sign in, or send an API token as 'Authorization: Bearer llt_...'."
                : "Your account does not have the role this needs.",
        }, options: null, contentType: "application/problem+json");
    }
}

/// <summary>Puts the person's display name beside their id and roles in the sign-in cookie and token principal.</summary>
internal sealed class LifelineClaimsFactory(UserManager<LifelineUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<LifelineUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(LifelineUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(HttpCurrentUser.DisplayNameClaim, user.DisplayName));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(Security.OneTimePasswordClaim, "true"));
        }
        return identity;
    }
}
