using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lifeline.Tests.Accounts;

/// <summary>
/// A node remembers a token it accepted for <see cref="TokenChecks.RecheckAfter"/> (docs/security.md): a revoked
/// token is refused at once by the node that revoked it, and by every other node within that bound.
/// </summary>
public sealed class TokenChecksTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static HttpClient WithToken(LifelineServer server, string token)
    {
        var client = new HttpClient { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Token_RevokedThroughOneNode_IsRefusedThereAtOnce_AndByAnotherWithinTheBound(string provider)
    {
        await using var a = await LifelineServer.Start(provider, seed: false);
        await using var b = await a.StartAnotherNode(Path.Combine(a.Database.Folder, "node-b"));
        var token = await a.TokenFor(Role.Reporter);
        using var throughA = WithToken(a, token);
        using var throughB = WithToken(b, token);
        // Both nodes accept it, and remember it.
        var listed = JsonDocument.Parse(await throughA.GetStringAsync("/api/v1/tokens", Cancel)).RootElement;
        Assert.Equal(HttpStatusCode.OK, (await throughB.GetAsync("/api/v1/tokens", Cancel)).StatusCode);

        var id = listed.EnumerateArray().Single().GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await throughA.DeleteAsync($"/api/v1/tokens/{id}", Cancel)).StatusCode);
        var atOnce = await throughA.GetAsync("/api/v1/tokens", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, atOnce.StatusCode);

        a.Clock.Advance(TokenChecks.RecheckAfter);
        var later = await throughB.GetAsync("/api/v1/tokens", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, later.StatusCode);
        Assert.Contains("revoked", await later.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Token_UsedAgainWithinTheBound_IsNotLookedUpAgain_AndAfterItIs(string provider)
    {
        var log = new LogSink();
        await using var server = await LifelineServer.Start(provider, seed: false, logging: l =>
        {
            log.AddTo(l);
            l.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information);
        });
        using var client = WithToken(server, await server.TokenFor(Role.Reporter));
        // The look-up by digest (SQLite quotes the names, PostgreSQL does not).
        int LookUps() => log.Entries.Select(e => e.Message.Replace("\"", "", StringComparison.Ordinal))
            .Count(m => m.Contains("FROM api_tokens", StringComparison.Ordinal) && m.Contains(".hash = ", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/tokens", Cancel)).StatusCode);
        Assert.Equal(1, LookUps());
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/tokens", Cancel)).StatusCode);
        }
        Assert.Equal(1, LookUps());

        server.Clock.Advance(TokenChecks.RecheckAfter);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/tokens", Cancel)).StatusCode);
        Assert.Equal(2, LookUps());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Token_OfAnAccountDisabledOnThisNode_IsRefusedAtOnce(string provider)
    {
        await using var server = await LifelineServer.Start(provider, seed: false);
        var email = await server.AddUser(Role.Reporter);
        using var owner = SignInPage.NewClient(server.Address);
        await SignInPage.Post(owner, email, LifelineServer.Password);
        var made = await owner.PostAsJsonAsync("/api/v1/tokens", new { name = "field phone" }, Cancel);
        using var client = WithToken(server, JsonDocument.Parse(await made.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/tokens", Cancel)).StatusCode);

        using (var scope = server.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<UserAdministration>().Disable(email));
        }
        var refused = await client.GetAsync("/api/v1/tokens", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("disabled", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }
}
