using System.Net;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Lifeline.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Lifeline.Tests.Web;

/// <summary>
/// What a deployment behind a TLS proxy gets: Strict-Transport-Security on every HTTPS answer, cookies marked
/// Secure, and the same security headers on every answer — pages, the API, the API reference, refusals and errors.
/// </summary>
public sealed class HeaderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>An endpoint that fails, as a bug would: the 500 must still carry the headers.</summary>
    private static void Failing(WebApplication app)
    {
        app.MapGet("/api/v1/test-failure", (HttpContext _) => ThrowingResult()).AllowAnonymous();
        app.MapGet("/test-failure", (HttpContext _) => ThrowingResult()).AllowAnonymous();
    }

    private static IResult ThrowingResult() => throw new InvalidOperationException("a bug, on purpose");

    private static HttpRequestMessage Get(string path, bool forwardedHttps)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedHttps)
        {
            // The server's own loopback proxy is trusted by default: as nginx on the same machine would say it.
            request.Headers.Add("X-Forwarded-Proto", "https");
        }
        return request;
    }

    [Fact]
    public async Task Https_ThroughATrustedProxy_GetsHstsForAYear()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var response = await server.Client.SendAsync(Get("/account/sign-in", forwardedHttps: true), Cancel);
        var hsts = response.Headers.GetValues("Strict-Transport-Security").Single();
        var seconds = long.Parse(hsts.Split(';')[0].Replace("max-age=", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(seconds >= 365L * 86_400, hsts);
    }

    [Fact]
    public async Task PlainHttp_GetsNoHsts()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var response = await server.Client.SendAsync(Get("/account/sign-in", forwardedHttps: false), Cancel);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Hsts_TurnedOff_IsNotSent()
    {
        await using var server = await LifelineServer.Start(seed: false, settings: ServerSettings.Default with { Hsts = new HstsSettings(Enabled: false) });
        var response = await server.Client.SendAsync(Get("/account/sign-in", forwardedHttps: true), Cancel);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Cookies_OverHttps_AreSecureHttpOnlyAndLax_TheAntiforgeryOneToo()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var email = await server.AddUser(Role.Reporter);
        using var client = SignInPage.NewClient(server.Address);
        var form = await client.SendAsync(Get("/account/sign-in", forwardedHttps: true), Cancel);
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lifeline-antiforgery=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", antiforgery, StringComparison.OrdinalIgnoreCase);

        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = LifelineServer.Password,
                ["__RequestVerificationToken"] = SignInPage.AntiforgeryToken(await form.Content.ReadAsStringAsync(Cancel)),
            }),
        };
        post.Headers.Add("X-Forwarded-Proto", "https");
        // The cookie container would not send a Secure cookie over http://, so the antiforgery cookie goes by hand.
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var signedIn = await SignInPage.NewClient(server.Address).SendAsync(post, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lifeline=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cookies_OverPlainHttp_AreHttpOnlyAndLaxButNotSecure()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var form = await server.Client.SendAsync(Get("/account/sign-in", forwardedHttps: false), Cancel);
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lifeline-antiforgery=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/account/sign-in", 200)]
    [InlineData("/api/v1/situations", 200)]
    [InlineData("/api", 200)]
    [InlineData("/openapi/v1.json", 200)]
    [InlineData("/api/v1/no-such-thing", 404)]
    [InlineData("/no-such-page", 404)]
    [InlineData("/api/v1/tokens", 401)]
    [InlineData("/api/v1/test-failure", 500)]
    [InlineData("/test-failure", 500)]
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string path, int status)
    {
        await using var server = await LifelineServer.Start(seed: false, configure: Failing);
        var response = await server.Client.SendAsync(Get(path, forwardedHttps: true), Cancel);
        Assert.Equal(status, (int)response.StatusCode);
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.Contains("Strict-Transport-Security"), $"{path}: no Strict-Transport-Security");
        Assert.DoesNotContain("a bug, on purpose", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_AreReadAndABadOneStopsTheServerNamingIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Https:HstsMaxAgeDays"] = "730",
            ["Https:HstsIncludeSubDomains"] = "true",
            ["Https:HstsPreload"] = "true",
            ["Limits:ReadsPerMinute"] = "900",
            ["Limits:WritesPerMinute"] = "30",
            ["Tokens:DefaultDays"] = "7",
            ["Tokens:MaxDays"] = "30",
            ["PublicOrigin"] = "https://lifeline.example.org",
            ["Logging:Requests"] = "true",
        }).Build();
        var settings = ServerSettings.Read(configuration);
        Assert.Equal("max-age=63072000; includeSubDomains; preload", settings.Hsts.HeaderValue);
        Assert.Equal(900, settings.Limits.ReadsPerMinute);
        Assert.Equal(30, settings.Limits.WritesPerMinute);
        Assert.Equal(new Lifeline.Accounts.TokenLifetimes(7, 30), settings.Tokens);
        Assert.Equal(new Uri("https://lifeline.example.org/"), settings.PublicOrigin);
        Assert.True(settings.LogRequests);

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Limits:WritesPerMinute"] = "lots",
            ["PublicOrigin"] = "lifeline.example.org/path",
            ["Https:HstsPreload"] = "true",
        }).Build();
        var refused = Assert.Throws<Lifeline.EarlyWarning.InvalidSettingsException>(() => (object)ServerSettings.Read(bad));
        Assert.Contains("Limits:WritesPerMinute = 'lots'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("PublicOrigin", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Https:HstsPreload", refused.Message, StringComparison.Ordinal);
    }
}
