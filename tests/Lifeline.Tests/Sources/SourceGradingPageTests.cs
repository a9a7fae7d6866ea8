using System.Net;
using System.Text.RegularExpressions;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Sources;

/// <summary>
/// Verifiers grade sources from a page, without script, through the real server; the event's verification follows the
/// grades: a built-in event whose sources are all F6 is unverified and says why, and two good grades corroborate it.
/// </summary>
public sealed class SourceGradingPageTests
{
    internal const string Event = "/situations/lachin-2022/events/2022-12-12-blockade-begins";
    internal const string FirstSource = "news-am-734702";
    internal const string SecondSource = "azatutyun-32174346";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    internal static string GradePage(string source) => $"/situations/lachin-2022/sources/{source}";

    private static async Task<HttpResponseMessage> Post(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync(path, Cancel);
        fields["__RequestVerificationToken"] = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields), Cancel);
    }

    private static Dictionary<string, string> Grade(string reliability, string credibility, string reason) => new()
    {
        ["Input.Reliability"] = reliability,
        ["Input.Credibility"] = credibility,
        ["Input.ProtectIdentity"] = "false",
        ["Input.Reason"] = reason,
    };

    private static string Verification(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "id=\"verification\">([^<]*)</span> <span id=\"verification-why\">([^<]*)</span>") is { Success: true } m
            ? $"{m.Groups[1].Value}: {m.Groups[2].Value}"
            : "(no verification shown)");

    private static string Error(string html, string field) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"<span class=\"error\" id=\"{field}-error\">([^<]*)</span>").Groups[1].Value);

    [Fact]
    public async Task BuiltInEvent_WithUngradedSources_IsUnverifiedAndSaysWhy()
    {
        await using var server = await LifelineServer.Start();
        var html = await server.Client.GetStringAsync(Event, Cancel);
        Assert.Equal("unverified: sources not yet graded", Verification(html));
        var dashboard = await server.Client.GetStringAsync("/?date=2022-12-20", Cancel);
        Assert.DoesNotContain(">corroborated<", dashboard, StringComparison.Ordinal);
        Assert.Contains("sources not yet graded", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verifier_GradesTwoSourcesFromThePage_AndTheEventBecomesCorroborated()
    {
        await using var server = await LifelineServer.Start();
        using var verifier = await server.SignedInFor(Role.Verifier);

        var eventPage = await verifier.GetStringAsync(Event, Cancel);
        Assert.Contains($"href=\"{GradePage(FirstSource)}?event=2022-12-12-blockade-begins\"", eventPage, StringComparison.Ordinal);
        Assert.Contains("id=\"nav-sources\"", eventPage, StringComparison.Ordinal);
        var list = await verifier.GetStringAsync("/situations/lachin-2022/sources?ungraded=true", Cancel);
        Assert.Contains($"href=\"{GradePage(SecondSource)}\"", list, StringComparison.Ordinal);
        var form = await verifier.GetStringAsync(GradePage(FirstSource), Cancel);
        Assert.DoesNotContain("<script", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"F\" selected=\"selected\">", form, StringComparison.Ordinal);

        var first = await Post(verifier, $"{GradePage(FirstSource)}?event=2022-12-12-blockade-begins", Grade("B", "2", "Established outlet; report matches the ICRC statement."));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(Event, first.Headers.Location?.ToString());
        Assert.Equal("unverified: only one independent source graded A–C / 1–3; 3 of 4 not yet graded", Verification(await verifier.GetStringAsync(Event, Cancel)));

        var second = await Post(verifier, GradePage(SecondSource), Grade("B", "2", "RFE/RL, on the spot."));
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal($"/situations/lachin-2022/sources#source-{SecondSource}", second.Headers.Location?.ToString());

        Assert.Equal("corroborated: 2 independent sources graded A–C / 1–3", Verification(await server.Client.GetStringAsync(Event, Cancel)));
        var history = await verifier.GetStringAsync(GradePage(SecondSource), Cancel);
        Assert.Contains("RFE/RL, on the spot.", history, StringComparison.Ordinal);
        Assert.Contains("<td>B2</td>", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadGrade_IsShownBesideEachField_AndNothingIsStored()
    {
        await using var server = await LifelineServer.Start();
        using var verifier = await server.SignedInFor(Role.Verifier);
        var response = await Post(verifier, GradePage(FirstSource), Grade("Q", "9", " "));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("'Q' is not an Admiralty reliability grade", Error(html, "reliability"), StringComparison.Ordinal);
        Assert.Contains("9 is not an Admiralty credibility grade", Error(html, "credibility"), StringComparison.Ordinal);
        Assert.Contains("is required", Error(html, "reason"), StringComparison.Ordinal);
        Assert.Contains("Why this grade: is required", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("<strong>F6</strong>", await verifier.GetStringAsync(GradePage(FirstSource), Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyVerifiersAndAdmins_MayGrade()
    {
        await using var server = await LifelineServer.Start();
        using var viewer = await server.SignedInFor(Role.Viewer, Role.Publisher, Role.Analyst);
        var page = await viewer.GetAsync(GradePage(FirstSource), Cancel);
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        var list = await viewer.GetStringAsync("/situations/lachin-2022/sources", Cancel);
        Assert.DoesNotContain("class=\"grade-link\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"grade-link\"", await viewer.GetStringAsync(Event, Cancel), StringComparison.Ordinal);
        var anonymous = await server.Client.GetAsync("/situations/lachin-2022/sources", Cancel);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }
}
