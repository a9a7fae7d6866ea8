using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Accounts;

/// <summary>
/// A token's last use, now written apart from the request that used it (TokenUses), still reaches the token list within
/// a few seconds, on both engines, stamped with the time of the use.
/// </summary>
public sealed class TokenUseTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FirstUse_IsStampedOnTheToken_WithinSeconds(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var client = await server.ClientFor(Role.Reporter);

        string? lastUsed = null;
        for (var attempt = 0; attempt < 40 && lastUsed is null; attempt++)
        {
            using var response = await client.GetAsync("/api/v1/tokens", Cancel);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
            var token = Assert.Single(JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.EnumerateArray());
            lastUsed = token.GetProperty("lastUsedAt").ValueKind == JsonValueKind.Null ? null : token.GetProperty("lastUsedAt").GetString();
            if (lastUsed is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), Cancel);
            }
        }
        Assert.NotNull(lastUsed);
        Assert.Equal(LifelineServer.Now, DateTimeOffset.Parse(lastUsed, System.Globalization.CultureInfo.InvariantCulture));
    }
}
