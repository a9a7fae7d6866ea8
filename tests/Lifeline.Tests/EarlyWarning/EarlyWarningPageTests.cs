using System.Net;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.EarlyWarning;

/// <summary>The early-warning pages, server-rendered: the trend chart, the matrix, an indicator's evidence.</summary>
public sealed class EarlyWarningPageTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RiskPage_ShowsTheChartAlertsWarningsAndFourteenFactors()
    {
        await using var server = await LifelineServer.Start();

        var html = await server.Client.GetStringAsync("/situations/lachin-2022/risk?date=2023-06-20", Cancel);

        Assert.Contains("<svg class=\"chart chart-wide\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart chart-narrow\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"drivers\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"alerts\"", html, StringComparison.Ordinal);
        Assert.Contains("2022-12-22-level-3", html, StringComparison.Ordinal);
        Assert.Contains("id=\"public-warnings\"", html, StringComparison.Ordinal);
        Assert.Contains("Genocide Watch", html, StringComparison.Ordinal);
        Assert.Contains("The 14 risk factors on 2023-06-20", html, StringComparison.Ordinal);
        var matrix = html[html.IndexOf("id=\"matrix\"", StringComparison.Ordinal)..];
        Assert.Equal(14, matrix.Split("/risk/indicators/", StringSplitOptions.None).Length - 1 - CountSubjectLinks(matrix));
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    /// <summary>Links to indicators below a factor (7.6, 13.8 ...), as opposed to the 14 factor links.</summary>
    private static int CountSubjectLinks(string html) =>
        System.Text.RegularExpressions.Regex.Count(html, @"/risk/indicators/\d+\.\d+");

    [Fact]
    public async Task IndicatorPage_ShowsTheSignalAndItsData_AndAssessmentsOnlyToAccounts()
    {
        await using var server = await LifelineServer.Start();

        var anonymous = await server.Client.GetStringAsync("/situations/lachin-2022/risk/indicators/7.6?date=2023-01-12", Cancel);
        using var viewer = await server.ClientFor(Role.Viewer);
        var signedIn = await viewer.GetStringAsync("/situations/lachin-2022/risk/indicators/7.6?date=2023-01-12", Cancel);

        Assert.Contains("communications cut", anonymous, StringComparison.Ordinal);
        Assert.Contains("internet cut on 2023-01-12", anonymous, StringComparison.Ordinal);
        Assert.Contains("Sign in", anonymous, StringComparison.Ordinal);
        Assert.Contains("No analyst has assessed this yet", signedIn, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/situations/lachin-2022/risk/indicators/7.99", Cancel)).StatusCode);
    }

    [Fact]
    public async Task WhatWasReadOfTheFramework_IsShownToAnalystsOnly()
    {
        await using var server = await LifelineServer.Start();
        using var analyst = await server.ClientFor(Role.Analyst);

        var publicPage = await server.Client.GetStringAsync("/situations/lachin-2022/risk/indicators/7.11", Cancel);
        var analystPage = await analyst.GetStringAsync("/situations/lachin-2022/risk/indicators/7.11", Cancel);
        var publicCatalogue = await server.Client.GetStringAsync("/api/v1/early-warning/framework", Cancel);
        var analystCatalogue = await analyst.GetStringAsync("/api/v1/early-warning/framework", Cancel);
        var publicRisk = await server.Client.GetStringAsync("/situations/lachin-2022/risk", Cancel);

        foreach (var text in new[] { publicPage, publicCatalogue, publicRisk })
        {
            Assert.DoesNotContain("breaks off", text, StringComparison.Ordinal);
            Assert.DoesNotContain("As read from", text, StringComparison.Ordinal);
        }
        Assert.Contains("Goods or installations that people cannot do without are destroyed or looted.", publicPage, StringComparison.Ordinal);
        Assert.Contains("breaks off", analystPage, StringComparison.Ordinal);
        Assert.Contains("breaks off", analystCatalogue, StringComparison.Ordinal);
        Assert.Contains("Destruction or plundering of essential goods or installations for", publicPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscriptionsPage_RefusesAPrivateAddress_NamingIt()
    {
        await using var server = await LifelineServer.Start();
        using var analyst = await server.SignedInFor(Role.Analyst);
        var form = await analyst.GetStringAsync("/alerts/subscriptions", Cancel);
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var response = await analyst.PostAsync("/alerts/subscriptions?handler=create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Address"] = "http://10.1.2.3/hook",
        }), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("url: resolves to 10.1.2.3, a private address", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }
}
