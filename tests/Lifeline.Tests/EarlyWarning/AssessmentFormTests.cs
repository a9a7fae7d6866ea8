using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.EarlyWarning;

/// <summary>The assessment form page: analysts and admins record an assessment without script; errors beside their fields.</summary>
public sealed class AssessmentFormTests
{
    private const string Form = "/situations/lachin-2022/risk/assess";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<string> Token(HttpClient client)
    {
        var html = await client.GetStringAsync(Form, Cancel);
        return Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string token, Dictionary<string, string> fields) =>
        await client.PostAsync(Form, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }), Cancel);

    private static async Task<int> Stored(LifelineServer server)
    {
        using var reader = await server.ClientFor(Role.Viewer);
        using var json = JsonDocument.Parse(await reader.GetStringAsync("/api/v1/situations/lachin-2022/assessments", Cancel));
        return json.RootElement.GetArrayLength();
    }

    private static string Error(string html, string field) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"<span class=\"error\" id=\"{Regex.Escape(field)}-error\">([^<]*)</span>").Groups[1].Value);

    [Fact]
    public async Task Analyst_RecordsAnAssessment_AndItShowsOnTheIndicatorsEvidencePage()
    {
        await using var server = await LifelineServer.Start();
        using var analyst = await server.SignedInFor(Role.Analyst);
        var before = await Stored(server);

        Assert.Contains("href=\"/situations/lachin-2022/risk/assess\"", await analyst.GetStringAsync("/situations/lachin-2022/risk", Cancel), StringComparison.Ordinal);
        var form = await analyst.GetStringAsync(Form + "?indicator=13.8", Cancel);
        Assert.Contains("<option value=\"13.8\" selected=\"selected\">", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"14\">", form, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", form, StringComparison.Ordinal);

        var response = await Post(analyst, await Token(analyst), new()
        {
            ["Input.Indicator"] = "13.8",
            ["Input.Status"] = "present",
            ["Input.AsOf"] = "2023-06-15",
            ["Input.Confidence"] = "high",
            ["Input.Events"] = "2023-05-12-ombudsman-150-day-report",
            ["Input.StantonStages"] = "7",
            ["Input.Note"] = "Total closure, the ICRC included.",
            ["Input.Reason"] = "entered from the form",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/situations/lachin-2022/risk/indicators/13.8?date=2023-06-15", response.Headers.Location?.ToString());
        var page = await analyst.GetStringAsync(response.Headers.Location!.ToString(), Cancel);
        Assert.Contains("id=\"assessments\"", page, StringComparison.Ordinal);
        Assert.Contains("/situations/lachin-2022/events/2023-05-12-ombudsman-150-day-report", page, StringComparison.Ordinal);
        Assert.Contains("Total closure, the ICRC included.", page, StringComparison.Ordinal);
        Assert.Contains("decided by assessment", page, StringComparison.Ordinal);
        Assert.Contains("id=\"assess\"", page, StringComparison.Ordinal);
        Assert.Equal(before + 1, await Stored(server));
    }

    [Fact]
    public async Task BadInput_IsShownBesideEachField_AndNothingIsStored()
    {
        await using var server = await LifelineServer.Start();
        using var admin = await server.SignedInFor(Role.Admin);
        var token = await Token(admin);
        var before = await Stored(server);

        var response = await Post(admin, token, new()
        {
            ["Input.Indicator"] = "7.99",
            ["Input.Status"] = "maybe",
            ["Input.AsOf"] = "2099-01-01",
            ["Input.Confidence"] = "high",
            ["Input.Events"] = "2022-12-12-blockade-begins, no-such-event",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("Nothing was stored", html, StringComparison.Ordinal);
        Assert.Contains("no indicator 7.99", Error(html, "indicator"), StringComparison.Ordinal);
        Assert.Contains("'maybe' is not one of", Error(html, "status"), StringComparison.Ordinal);
        Assert.Contains("in the future", Error(html, "asOf"), StringComparison.Ordinal);
        Assert.Contains("events[1]: there is no event 'no-such-event'", Error(html, "events"), StringComparison.Ordinal);
        Assert.Equal("", Error(html, "confidence"));
        // What was typed is kept.
        Assert.Contains("2022-12-12-blockade-begins, no-such-event</textarea>", html, StringComparison.Ordinal);

        var noEvidence = await Post(admin, token, new()
        {
            ["Input.Indicator"] = "7.6",
            ["Input.Status"] = "present",
            ["Input.AsOf"] = "2023-01-12",
            ["Input.Confidence"] = "medium",
        });
        Assert.Equal(HttpStatusCode.BadRequest, noEvidence.StatusCode);
        Assert.Contains("an assessment needs evidence", Error(await noEvidence.Content.ReadAsStringAsync(Cancel), "evidence-required"), StringComparison.Ordinal);

        // An event first reported after the assessment's date cannot be cited: it was not known then.
        var tooEarly = await Post(admin, token, new()
        {
            ["Input.Indicator"] = "7.8",
            ["Input.Status"] = "present",
            ["Input.AsOf"] = "2023-08-15",
            ["Input.Confidence"] = "low",
            ["Input.Events"] = "2023-08-15-first-starvation-death",
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooEarly.StatusCode);
        Assert.Contains("could first be known on 2023-08-18", Error(await tooEarly.Content.ReadAsStringAsync(Cancel), "events"), StringComparison.Ordinal);
        Assert.Equal(before, await Stored(server));
    }

    [Fact]
    public async Task OnlyAnalystsAndAdmins_MayAssess()
    {
        await using var server = await LifelineServer.Start();
        using var viewer = await server.SignedInFor(Role.Viewer);
        using var analyst = await server.SignedInFor(Role.Analyst);
        var token = await Token(analyst);
        var before = await Stored(server);

        // Pages send a signed-in account without the role to the access-denied page, as every page does.
        var refused = await viewer.GetAsync(Form, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/denied", refused.Headers.Location?.PathAndQuery ?? refused.Headers.Location?.ToString(), StringComparison.Ordinal);
        var posted = await Post(viewer, token, new()
        {
            ["Input.Indicator"] = "7.6",
            ["Input.Status"] = "present",
            ["Input.AsOf"] = "2023-01-12",
            ["Input.Confidence"] = "medium",
            ["Input.Events"] = "2022-12-12-blockade-begins",
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.StartsWith("/account/denied", posted.Headers.Location?.PathAndQuery ?? posted.Headers.Location?.ToString(), StringComparison.Ordinal);
        var anonymous = await server.Client.GetAsync(Form, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/sign-in", anonymous.Headers.Location?.PathAndQuery ?? anonymous.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await Stored(server));

        // A viewer's pages offer no form.
        Assert.DoesNotContain("/risk/assess", await viewer.GetStringAsync("/situations/lachin-2022/risk", Cancel), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"assess\"", await viewer.GetStringAsync("/situations/lachin-2022/risk/indicators/7.6", Cancel), StringComparison.Ordinal);
    }
}
