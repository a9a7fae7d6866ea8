using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Accounts;

/// <summary>Wrong credentials, bad tokens, oversize bodies, too many attempts: a clear 4xx with the reason, nothing changed.</summary>
public sealed class SignInAndTokenTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> SignIn(LifelineServer server, string email, string password) =>
        SignInPage.Post(SignInPage.NewClient(server.Address), email, password);

    private static async Task<string> Detail(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("detail").GetString()!;

    private static HttpClient WithToken(LifelineServer server, string token)
    {
        var client = new HttpClient { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task SignIn_WrongPassword_Is401WithAReason()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var email = await server.AddUser(Role.Reporter);
        var response = await SignIn(server, email, "not the password at all");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("email address or the password is wrong", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(server, email, LifelineServer.Password)).StatusCode);
    }

    [Fact]
    public async Task SignIn_FiveFailures_LocksTheAccountEvenForTheRightPassword()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var email = await server.AddUser(Role.Reporter);
        for (var i = 0; i < 5; i++)
        {
            await SignIn(server, email, $"wrong password number {i}");
        }
        var response = await SignIn(server, email, LifelineServer.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("locked for 15 minutes", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        // An admin's reset unlocks it, with a one-time password that must be changed.
        using var scope = server.Services.CreateScope();
        var reset = await scope.ServiceProvider.GetRequiredService<UserAdministration>().Reset(email);
        var again = await SignIn(server, email, reset.Password!);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/account/password", again.Headers.Location!.ToString());
    }

    [Fact]
    public async Task OneTimePassword_MustBeReplacedAtFirstSignIn()
    {
        await using var server = await LifelineServer.Start(seed: false);
        using var scope = server.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var added = await admin.Add("first@example.org", "First", [Role.Admin], password: null);
        using var client = SignInPage.NewClient(server.Address);
        var signedIn = await SignInPage.Post(client, "first@example.org", added.Password!);
        Assert.Equal("/account/password", signedIn.Headers.Location!.ToString());

        var page = await client.GetStringAsync("/account/password", Cancel);
        Assert.Contains("must-change", page, StringComparison.Ordinal);
        var tooShort = await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Current"] = added.Password!,
            ["New"] = "short",
            ["__RequestVerificationToken"] = SignInPage.AntiforgeryToken(page),
        }), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        var changed = await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Current"] = added.Password!,
            ["New"] = "a long phrase of my own choosing",
            ["__RequestVerificationToken"] = SignInPage.AntiforgeryToken(page),
        }), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.False((await admin.List()).Single(u => u.Email == "first@example.org").MustChangePassword);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(server, "first@example.org", added.Password!)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(server, "first@example.org", "a long phrase of my own choosing")).StatusCode);
    }

    [Fact]
    public async Task SignIn_UnknownAccount_SaysTheSameAsAWrongPassword()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var response = await SignIn(server, "nobody@example.org", LifelineServer.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("email address or the password is wrong", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage", "not a Lifeline API token")]
    [InlineData("llt_thisTokenWasNeverMade", "not known")]
    public async Task Token_NotOurs_Is401WithAReason(string token, string reason)
    {
        await using var server = await LifelineServer.Start(seed: false);
        using var client = WithToken(server, token);
        var response = await client.GetAsync("/api/v1/tokens", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(reason, await Detail(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_Revoked_Expired_OrOfADisabledAccount_IsRefused()
    {
        await using var server = await LifelineServer.Start(seed: false);
        using var owner = await server.ClientFor(Role.Reporter);

        // Made by its owner, shown once, listed without its secret, then revoked.
        var made = JsonDocument.Parse(await (await owner.PostAsJsonAsync("/api/v1/tokens", new { name = "nightly", expiresInDays = 2 }, Cancel)).Content.ReadAsStringAsync(Cancel)).RootElement;
        var secret = made.GetProperty("token").GetString()!;
        var listed = await owner.GetStringAsync("/api/v1/tokens", Cancel);
        Assert.Contains("nightly", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        using (var client = WithToken(server, secret))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/tokens", Cancel)).StatusCode);
            server.Clock.Advance(TimeSpan.FromDays(3));
            var expired = await client.GetAsync("/api/v1/tokens", Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
            Assert.Contains("expired", await Detail(expired), StringComparison.Ordinal);
        }

        var second = JsonDocument.Parse(await (await owner.PostAsJsonAsync("/api/v1/tokens", new { name = "to revoke" }, Cancel)).Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/tokens/{second.GetProperty("id").GetString()}", Cancel)).StatusCode);
        using (var client = WithToken(server, second.GetProperty("token").GetString()!))
        {
            var revoked = await client.GetAsync("/api/v1/tokens", Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
            Assert.Contains("revoked", await Detail(revoked), StringComparison.Ordinal);
        }

        // Someone else's token cannot be revoked by a non-admin: it is "not found".
        using var stranger = await server.ClientFor(Role.Reporter);
        var third = JsonDocument.Parse(await (await owner.PostAsJsonAsync("/api/v1/tokens", new { name = "mine" }, Cancel)).Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/v1/tokens/{third.GetProperty("id").GetString()}", Cancel)).StatusCode);

        var email = await server.AddUser(Role.Reporter);
        var token = await TokenOf(server, email);
        using var scope = server.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<UserAdministration>().Disable(email));
        using var disabled = WithToken(server, token);
        var refused = await disabled.GetAsync("/api/v1/tokens", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("disabled", await Detail(refused), StringComparison.Ordinal);
        Assert.Contains("disabled", await (await SignIn(server, email, LifelineServer.Password)).Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    private static async Task<string> TokenOf(LifelineServer server, string email)
    {
        using var client = SignInPage.NewClient(server.Address);
        await SignInPage.Post(client, email, LifelineServer.Password);
        // A cookie-authenticated API call: JSON bodies cannot be sent cross-site without the server's consent.
        var made = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "from the browser" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        return JsonDocument.Parse(await made.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("token").GetString()!;
    }

    [Fact]
    public async Task Body_TooLarge_Is413AndStoresNothing()
    {
        await using var server = await LifelineServer.Start(limits: new AbuseLimits(MaxRequestBytes: 64 * 1024));
        using var reporter = await server.ClientFor(Role.Reporter);
        var before = JsonDocument.Parse(await reporter.GetStringAsync("/api/v1/situations/lachin-2022/events?pageSize=1", Cancel)).RootElement.GetProperty("total").GetInt32();
        var notes = new string('x', 200 * 1024);
        var response = await reporter.PostAsync("/api/v1/situations/lachin-2022/events",
            new StringContent(JsonSerializer.Serialize(new { date = "2023-05-01", place = "goris", type = "statement", notes, sources = new[] { "news-am-775042" } }), Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var total = JsonDocument.Parse(await reporter.GetStringAsync("/api/v1/situations/lachin-2022/events?pageSize=1", Cancel)).RootElement.GetProperty("total").GetInt32();
        Assert.Equal(before, total);
    }

    [Fact]
    public async Task TooManySignIns_Are429WithRetryAfter()
    {
        await using var server = await LifelineServer.Start(seed: false, limits: new AbuseLimits(SignInsPerMinute: 4));
        var email = await server.AddUser(Role.Reporter);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(server, email, "wrong password again")).StatusCode);
        }
        var fifth = await SignIn(server, email, LifelineServer.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        Assert.True(fifth.Headers.RetryAfter is not null);
        Assert.Contains("wait a minute", await Detail(fifth), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyWrites_Are429PerAccount()
    {
        await using var server = await LifelineServer.Start(limits: new AbuseLimits(WritesPerMinute: 2));
        using var reporter = await server.ClientFor(Role.Reporter);
        using var other = await server.ClientFor(Role.Reporter);
        var body = new { date = "2023-05-01", place = "goris", type = "statement", notes = "Rate limit test.", sources = new[] { "news-am-775042" } };
        Assert.Equal(HttpStatusCode.Created, (await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", body, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", body, Cancel)).StatusCode);
        var third = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", body, Cancel);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("wait a minute", await Detail(third), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", body, Cancel)).StatusCode);
    }

    [Fact]
    public async Task Responses_CarryTheSecurityHeadersAndAHttpOnlyCookie()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var response = await server.Client.GetAsync("/account/sign-in", Cancel);
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());

        var email = await server.AddUser(Role.Reporter);
        var signedIn = await SignIn(server, email, LifelineServer.Password);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lifeline=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

}
