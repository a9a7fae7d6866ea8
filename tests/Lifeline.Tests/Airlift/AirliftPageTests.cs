using System.Net;
using System.Text.RegularExpressions;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Airlift;

/// <summary>The planner's page, fetched and posted as a browser without JavaScript would.</summary>
public sealed partial class AirliftPageTests : IAsyncLifetime
{
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>What the browser would send for the form as shown: every input's value and each select's chosen option.</summary>
    private static Dictionary<string, string> FormOf(string html)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in Input().Matches(html))
        {
            fields[Decode(input.Groups["name"].Value)] = Decode(input.Groups["value"].Value);
        }
        foreach (Match select in Select().Matches(html))
        {
            var chosen = Selected().Match(select.Groups["options"].Value);
            fields[select.Groups["name"].Value] = chosen.Success ? Decode(chosen.Groups["value"].Value) : "";
        }
        return fields;
    }

    private static string Decode(string text) => WebUtility.HtmlDecode(text);

    [Fact]
    public async Task Anonymous_IsSentToSignIn()
    {
        var response = await server.Client.GetAsync("/airlift", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_IsPrefilledWithLachinAndItsDemandFromTheSituation()
    {
        using var client = await server.SignedInFor(Role.Viewer);
        var html = await client.GetStringAsync("/airlift", Cancel);

        Assert.Contains("value=\"UDYZ\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"UBBS\"", html, StringComparison.Ordinal);
        Assert.Contains("From the figures of", html, StringComparison.Ordinal);
        Assert.Contains("120,000 people", html, StringComparison.Ordinal);
        Assert.Contains("value=\"66.6\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Plan_ShowsTablesChartsAndWhatBinds_ThenComparesTwoPlans()
    {
        using var client = await server.SignedInFor(Role.Viewer);
        var form = FormOf(await client.GetStringAsync("/airlift?scenario=berlin-1948", Cancel));

        var first = await client.PostAsync("/airlift/plan", new FormUrlEncodedContent(form), Cancel);
        var html = await first.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("proven optimal", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<svg class=\"chart\""));
        Assert.Contains("id=\"binding\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"estimate\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"comparison\"", html, StringComparison.Ordinal);

        // Double the demand and compare with the plan just shown.
        var again = FormOf(html);
        again["Input.Demand[1].TonnesPerDay"] = "9000";
        again["Compare"] = "1";
        var second = await client.PostAsync("/airlift/plan", new FormUrlEncodedContent(again), Cancel);
        var compared = await second.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("id=\"comparison\"", compared, StringComparison.Ordinal);
        Assert.Contains("landing interval at Tempelhof", compared, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LachinPlan_NamesItsAirports_AndItsCrossCheckAgreesWithIt()
    {
        using var client = await server.SignedInFor(Role.Viewer);
        var form = FormOf(await client.GetStringAsync("/airlift", Cancel));
        Assert.Equal("Yerevan Zvartnots", form["Input.Airports[0].Name"]);

        var response = await client.PostAsync("/airlift/plan", new FormUrlEncodedContent(form), Cancel);
        var html = Decode(await response.Content.ReadAsStringAsync(Cancel));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("<p id=\"plan-summary\">Demand is (met every day|not met on [^<]+)[.] [^<]*The fleet and airfields could lift up to", html);
        Assert.Contains("<td>Yerevan Zvartnots (UDYZ)</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Stepanakert (UBBS)</td>", html, StringComparison.Ordinal);
        var il76 = Regex.Match(html, "<tr data-aircraft=\"Il-76\">(?<row>.*?)</tr>", RegexOptions.Singleline).Groups["row"].Value;
        Assert.Contains("<td>Yerevan Zvartnots (UDYZ) → Stepanakert (UBBS)</td>", il76, StringComparison.Ordinal);
        Assert.DoesNotContain("too few", il76, StringComparison.Ordinal);
        Assert.Contains("<td class=\"needed\">2</td>", il76, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_BadCell_IsNamedByTableAndRowAndNothingIsPlanned()
    {
        using var client = await server.SignedInFor(Role.Viewer);
        var form = FormOf(await client.GetStringAsync("/airlift", Cancel));
        form["Input.Aircraft[1].PayloadTonnes"] = "lots";
        form["Input.HorizonDays"] = "0";

        var response = await client.PostAsync("/airlift/plan", new FormUrlEncodedContent(form), Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("aircraft, row 2, payloadTonnes: must be a number", html, StringComparison.Ordinal);
        Assert.Contains("horizonDays:", html, StringComparison.Ordinal);
        Assert.Contains("value=\"lots\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg class=\"chart\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<input[^>]*?name=\"(?<name>[^\"]+)\"[^>]*?value=\"(?<value>[^\"]*)\"")]
    private static partial Regex Input();

    [GeneratedRegex("<select[^>]*?name=\"(?<name>[^\"]+)\"[^>]*>(?<options>.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex Select();

    [GeneratedRegex("<option value=\"(?<value>[^\"]*)\" selected=\"selected\"")]
    private static partial Regex Selected();
}
