using System.Text.Json;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Claims;

/// <summary>The built-in Lachin claims against the derived record, and against what the timeline sheet says of the road.</summary>
public sealed class LachinClaimsTests
{
    private const string Claims = "/api/v1/situations/lachin-2022/claims";

    [Fact]
    public async Task NoBlockadeClaim_ContradictedByTheRecord_OnEveryDayTheSheetSaysTheRoadWasBlockaded()
    {
        await using var server = await LifelineServer.Start(TestDatabase.Sqlite);
        var cancel = TestContext.Current.CancellationToken;
        using var doc = JsonDocument.Parse(await server.Client.GetStringAsync($"{Claims}/2023-02-18-aliyev-no-blockade", cancel));
        var claim = doc.RootElement;
        var check = claim.GetProperty("check");
        // lachin-2022-timeline.md: from 12 Dec 2022 the road is blocked ("120,000 people cut off"); during the blockade
        // "only ICRC and Russian peacekeeper vehicles were allowed". The claim was made at Munich on 18 Feb 2023.
        var days = check.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal("2022-12-12", days[0].GetProperty("date").GetString());
        Assert.Equal("2023-02-18", days[^1].GetProperty("date").GetString());
        Assert.Equal(69, days.Count);
        Assert.All(days, d =>
        {
            Assert.Equal("contradicts", d.GetProperty("state").GetString());
            Assert.DoesNotMatch(" open$", d.GetProperty("reason").GetString()!);
            Assert.NotEmpty(d.GetProperty("events").EnumerateArray());
        });
        Assert.Equal("contradicted", check.GetProperty("suggested").GetString());
        Assert.Equal("contradicted", claim.GetProperty("standing").GetString());
    }

    [Fact]
    public async Task EveryLachinClaim_IsPublic_Sourced_Reviewed_AndWhereItAssertsDays_TheVerifierAgreesWithTheRecord()
    {
        await using var server = await LifelineServer.Start(TestDatabase.Sqlite);
        var cancel = TestContext.Current.CancellationToken;
        using var list = JsonDocument.Parse(await server.Client.GetStringAsync(Claims, cancel));
        var claims = list.RootElement.GetProperty("claims").EnumerateArray().ToList();
        Assert.NotEmpty(claims);
        foreach (var item in claims)
        {
            using var one = JsonDocument.Parse(await server.Client.GetStringAsync($"{Claims}/{item.GetProperty("id").GetString()}", cancel));
            var claim = one.RootElement;
            Assert.NotEmpty(claim.GetProperty("sources").EnumerateArray());
            Assert.Equal("published", claim.GetProperty("stage").GetString());
            if (claim.GetProperty("check").ValueKind == JsonValueKind.Object)
            {
                Assert.Equal(claim.GetProperty("check").GetProperty("suggested").GetString(), claim.GetProperty("standing").GetString());
            }
        }
        Assert.Contains(claims, c => c.GetProperty("standing").GetString() == "supported");
    }
}
