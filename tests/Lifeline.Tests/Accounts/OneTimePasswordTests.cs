using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Accounts;

/// <summary>
/// A one-time password opens one door only, the one to choose a password; tokens expire, and an admin makes a token
/// for someone else only once that person has taken up their account.
/// </summary>
public sealed class OneTimePasswordTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<(string Email, string Password)> NewAccount(LifelineServer server, params Role[] roles)
    {
        using var scope = server.Services.CreateScope();
        var email = $"new-{Guid.NewGuid():N}@example.org";
        var added = await scope.ServiceProvider.GetRequiredService<UserAdministration>().Add(email, "New Person", roles, null);
        return (email, added.Password!);
    }

    private static async Task<string> Problem(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("detail").GetString()!;

    [Fact]
    public async Task SignedInWithAOneTimePassword_NothingButChangingItWorks_ThenThePersonGoesOnWhereTheyWereGoing()
    {
        await using var server = await LifelineServer.Start();
        var (email, oneTime) = await NewAccount(server, Role.Reporter);
        using var client = SignInPage.NewClient(server.Address);
        var form = await client.GetStringAsync("/account/sign-in?ReturnUrl=%2Fsituations%2Flachin-2022%2Fevents%2Fnew", Cancel);
        var signedIn = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = oneTime,
            ["ReturnUrl"] = "/situations/lachin-2022/events/new",
            ["__RequestVerificationToken"] = SignInPage.AntiforgeryToken(form),
        }), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/account/password?returnUrl=%2Fsituations%2Flachin-2022%2Fevents%2Fnew", signedIn.Headers.Location!.ToString());

        // Pages lead to the password form, and say where they were going.
        var page = await client.GetAsync("/situations/lachin-2022/events?q=road", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/password?returnUrl=%2Fsituations%2Flachin-2022%2Fevents%3Fq%3Droad", page.Headers.Location!.ToString());
        // The API says why it refuses, and makes no token.
        var api = await client.GetAsync("/api/v1/situations", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("one-time password", await Problem(api), StringComparison.Ordinal);
        var token = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "before choosing a password" }, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);

        // The one-time password is not asked for a second time.
        var passwordForm = await client.GetStringAsync("/account/password?returnUrl=%2Fsituations%2Flachin-2022%2Fevents%2Fnew", Cancel);
        Assert.DoesNotContain("id=\"Current\"", passwordForm, StringComparison.Ordinal);
        Assert.Contains("value=\"/situations/lachin-2022/events/new\"", passwordForm, StringComparison.Ordinal);
        var chosen = await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["New"] = "a phrase of my own choosing",
            ["ReturnUrl"] = "/situations/lachin-2022/events/new",
            ["__RequestVerificationToken"] = SignInPage.AntiforgeryToken(passwordForm),
        }), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("/situations/lachin-2022/events/new", chosen.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/situations/lachin-2022/events/new", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/situations", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInPage.Post(SignInPage.NewClient(server.Address), email, "a phrase of my own choosing")).StatusCode);
        // Afterwards the current password is asked for again.
        Assert.Contains("id=\"Current\"", await client.GetStringAsync("/account/password", Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResetAccount_ItsTokensAnswer403UntilANewPasswordIsChosen()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var email = await server.AddUser(Role.Reporter);
        using var client = await LifelineProcess.SignIn(server.Address, email, LifelineServer.Password);
        var made = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "nightly import" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var secret = JsonDocument.Parse(await made.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("token").GetString()!;
        using (var scope = server.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().Reset(email);
        }
        using var script = new HttpClient { BaseAddress = server.Address };
        script.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        var refused = await script.GetAsync("/api/v1/tokens", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("one-time password", await Problem(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenForSomeoneElse_OnlyOnceTheyHaveChosenTheirPassword()
    {
        await using var server = await LifelineServer.Start(seed: false);
        using var admin = await server.ClientFor(Role.Admin);
        var (newcomer, _) = await NewAccount(server, Role.Reporter);
        var refused = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "for the newcomer", forEmail = newcomer }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("errors");
        Assert.Contains("one-time password", errors.GetProperty("forEmail")[0].GetString(), StringComparison.Ordinal);

        var settled = await server.AddUser(Role.Reporter);
        var made = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "for a settled account", forEmail = settled }, Cancel);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
    }

    [Fact]
    public async Task Tokens_ExpireByDefault_AndNoLaterThanTheMaximum()
    {
        await using var server = await LifelineServer.Start(seed: false, settings: Lifeline.Web.ServerSettings.Default with { Tokens = new TokenLifetimes(DefaultDays: 10, MaxDays: 30) });
        using var client = await server.SignedInFor(Role.Reporter);
        var made = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "default lifetime" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var expires = JsonDocument.Parse(await made.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.Equal(LifelineServer.Now.AddDays(10), expires);

        var tooLong = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "too long", expiresInDays = 31 }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("1 to 30", await tooLong.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        var page = await client.GetStringAsync("/account/tokens", Cancel);
        Assert.Contains("after 10 days", page, StringComparison.Ordinal);
        Assert.Contains("at most 30", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenMadeBeforeTokensExpired_LastsNoLongerThanTheMaximum()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var token = await server.TokenFor(Role.Reporter);
        using (var scope = server.Services.CreateScope())
        {
            // As a token from before expiry was required: no expiry, made long ago.
            var db = scope.ServiceProvider.GetRequiredService<Lifeline.Storage.LifelineDbContext>();
            var row = db.ApiTokens.Single();
            row.ExpiresAt = null;
            row.CreatedAt = LifelineServer.Now.AddDays(-400).UtcDateTime;
            await db.SaveChangesAsync(Cancel);
        }
        using var script = new HttpClient { BaseAddress = server.Address };
        script.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var refused = await script.GetAsync("/api/v1/tokens", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("expired", await Problem(refused), StringComparison.Ordinal);
    }
}
