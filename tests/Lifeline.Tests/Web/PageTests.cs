using System.Net;
using System.Text.RegularExpressions;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Web;

/// <summary>The server-rendered pages, fetched over HTTP as a browser without JavaScript would.</summary>
public sealed partial class PageTests : IAsyncLifetime
{
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<string> Page(string path, HttpClient? client = null)
    {
        var response = await (client ?? server.Client).GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Cancel);
    }

    [Fact]
    public async Task Home_ShowsTheLastDayOfTheEndedBlockade()
    {
        var html = await Page("/");
        Assert.Contains("Day 294 of the blockade", html, StringComparison.Ordinal);
        Assert.Contains("Blockade of the Lachin corridor", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_PickedDate_ShowsThatDay()
    {
        var html = await Page("/?date=2023-03-21");
        Assert.Contains("Day 100 of the blockade", html, StringComparison.Ordinal);
        Assert.Contains("data-route=\"lachin-corridor\">humanitarian traffic only", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_ShowsEachFigureWithItsSource()
    {
        var html = await Page("/situations/lachin-2022");
        foreach (var figure in new[] { "120,000", "30,000", "1,100", "270" })
        {
            Assert.Contains(figure, html, StringComparison.Ordinal);
        }
        Assert.Contains("https://www.acaps.org/special-report/armenia-azerbaijan-nagorno-karabakh-blockade", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_CalendarIsTheWindowAroundTheDayWithALinkToTheWholeCalendar()
    {
        var html = await Page("/situations/lachin-2022?date=2023-03-21");
        // February and March 2023: one cell a day for each route and each utility shown (two routes; gas, electricity, internet).
        Assert.Equal((28 + 31) * 5, DayCell().Count(html));
        Assert.Contains("data-month=\"2023-02\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-month=\"2023-01\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/situations/lachin-2022/calendar?from=2023-03\"", html, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(html) < 100_000, $"{html.Length:N0} characters");
    }

    [Fact]
    public async Task CalendarPages_TogetherHaveADayCellForEveryDayAndUtilityRows_EachUnder100KB()
    {
        // Followed page by page through its "later months" link, as a reader would.
        var address = "/situations/lachin-2022/calendar";
        var cells = 0;
        var pages = new List<string>();
        var all = new System.Text.StringBuilder();
        while (address is not null && pages.Count < 20)
        {
            var html = await Page(address);
            pages.Add(address);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(html) < 100_000, $"{address}: {html.Length:N0} characters");
            cells += DayCell().Count(html);
            all.Append(html);
            var next = Regex.Match(html, "href=\"(/situations/lachin-2022/calendar\\?from=[0-9-]+)\" rel=\"next\"");
            address = next.Success ? next.Groups[1].Value : null;
        }
        Assert.True(pages.Count > 1, "the calendar fits one page: it should be split to stay light");
        // One cell a day for each route and each utility shown (two routes; gas, electricity and internet).
        Assert.Equal(294 * 5, cells);
        var text = all.ToString();
        Assert.Contains("data-date=\"2023-06-20\" data-corridor=\"closed\"", text, StringComparison.Ordinal);
        Assert.Contains("<th>Gas</th>", text, StringComparison.Ordinal);
        Assert.Contains("<th>Electricity</th>", text, StringComparison.Ordinal);
        Assert.Contains("<th>Internet</th>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_BadDate_SaysSoAndStillShowsThePage()
    {
        var html = await Page("/?date=2023-21-03");
        Assert.Contains("date-error", html, StringComparison.Ordinal);
        Assert.Contains("Day 294", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_UsesNoScriptsAndNothingFromElsewhere()
    {
        var html = await Page("/");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ExternalAsset(), html);
    }

    [Fact]
    public async Task Events_FilterByWords_ListsOnlyMatches()
    {
        var html = await Page("/situations/lachin-2022/events?q=insulin");
        var rows = EventRow().Matches(html);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("insulin", r.Value, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task EventDetail_ShowsSourcesGradesVersionsAndWhoRecordedIt()
    {
        using var viewer = await server.SignedInFor(Role.Viewer);
        var html = await Page("/situations/lachin-2022/events/2022-12-12-blockade-begins", viewer);
        Assert.Contains("<strong>F6</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<td>not yet graded</td>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"versions\"", html, StringComparison.Ordinal);
        Assert.Contains("built-in scenario lachin-2022", html, StringComparison.Ordinal);
        Assert.Contains("id=\"recorded-by\">Lifeline", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventDetail_Anonymous_ShowsTheEventButNotItsHistoryOrRecorder()
    {
        var html = await Page("/situations/lachin-2022/events/2022-12-12-blockade-begins");
        Assert.Contains("<strong>F6</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"versions\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"recorded-by\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("built-in scenario", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventDetail_Unknown_Is404()
    {
        var response = await server.Client.GetAsync("/situations/lachin-2022/events/no-such-event", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RecordForm_BadInput_ShowsErrorsNextToFieldsAndStoresNothing()
    {
        using var reporter = await server.SignedInFor(Role.Reporter);
        var before = await CountEvents();
        var token = await FormToken(reporter, "/situations/lachin-2022/events/new");
        var response = await PostForm(reporter, "/situations/lachin-2022/events/new", token, new()
        {
            ["Input.Date"] = "31/12/2023",
            ["Input.Type"] = "utility-cut",
            ["Input.Place"] = "stepanakert",
            ["Input.Notes"] = "Gas cut again.",
            ["Input.Fatalities"] = "several",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Matches("id=\"date-error\">[^<]*YYYY-MM-DD", html);
        Assert.Matches("id=\"utility-error\">[^<]*required", html);
        Assert.Matches("id=\"endDate-error\">[^<]*required for utility-cut unless durationHours or untilFurtherNotice", html);
        Assert.Matches("id=\"sources-error\">[^<]*at least one source", html);
        Assert.Matches("id=\"fatalities-error\">[^<]*whole number", html);
        Assert.Contains("Gas cut again.</textarea>", html, StringComparison.Ordinal);
        Assert.Equal(before, await CountEvents());
    }

    [Fact]
    public async Task RecordForm_Valid_StoresAndRedirectsToTheEvent()
    {
        using var reporter = await server.SignedInFor(Role.Reporter);
        var token = await FormToken(reporter, "/situations/lachin-2022/events/new");
        var response = await PostForm(reporter, "/situations/lachin-2022/events/new", token, new()
        {
            ["Input.Date"] = "2023-01-12",
            ["Input.Type"] = "utility-cut",
            ["Input.Utility"] = "internet",
            ["Input.UntilFurtherNotice"] = "true",
            ["Input.Place"] = "stepanakert",
            ["Input.Notes"] = "Form test (formmarker): the fibre cable is cut.",
            ["Input.Sources"] = "news-am-739240",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var detail = await Page(response.Headers.Location!.ToString(), reporter);
        Assert.Contains("formmarker", detail, StringComparison.Ordinal);
        Assert.Contains("Test Reporter", detail, StringComparison.Ordinal);
        // Not published yet: the public cannot see it.
        var anonymous = await server.Client.GetAsync(response.Headers.Location!.ToString(), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }

    [Fact]
    public async Task RecordForm_WithoutAntiforgeryToken_IsRefused()
    {
        using var reporter = await server.SignedInFor(Role.Reporter);
        var response = await reporter.PostAsync("/situations/lachin-2022/events/new",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Date"] = "2023-01-12" }), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<int> CountEvents()
    {
        var page = await server.Get<System.Text.Json.JsonElement>("/api/v1/situations/lachin-2022/events?pageSize=1");
        return page.GetProperty("total").GetInt32();
    }

    private static async Task<string> FormToken(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path, Cancel);
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        Assert.NotEmpty(token);
        return token;
    }

    private static async Task<HttpResponseMessage> PostForm(HttpClient client, string path, string token, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields), Cancel);
    }

    [GeneratedRegex("<td class=\"s-[a-z-]+( picked)?\" data-date=")]
    private static partial Regex DayCell();

    [GeneratedRegex("<(link|script|img|iframe)[^>]+(href|src)=\"(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalAsset();

    [GeneratedRegex("<tr data-event=\"[^\"]+\">.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex EventRow();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
