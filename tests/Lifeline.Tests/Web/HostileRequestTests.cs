using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Evidence;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;

namespace Lifeline.Tests.Web;

/// <summary>
/// Requests an outsider may send to break the server, each answered by a 4xx problem document that names what is
/// wrong (the field, the parameter, the charset, the multipart part), never by a 500.
/// </summary>
public sealed class HostileRequestTests : IAsyncLifetime
{
    private const string Situation = "/api/v1/situations/lachin-2022";
    private const string ObservationId = "2023-07-26-armenian-government-convoy";
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start(evidence: new EvidenceOptions(100_000));

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()), text);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), text);
        return body;
    }

    private static StringContent Json(string json, string contentType = "application/json") =>
        new(json, new MediaTypeHeaderValue(MediaTypeHeaderValue.Parse(contentType).MediaType!) { CharSet = MediaTypeHeaderValue.Parse(contentType).CharSet });

    private static readonly string ValidEvent = """
        {"date":"2023-08-10","place":"kornidzor","type":"convoy-turned-back","notes":"Turned back.","sources":["news-am-775042"]}
        """;

    public static TheoryData<string, string> JsonWrites => new()
    {
        { "POST", $"{Situation}/events" },
        { "PUT", $"{Situation}/events/{LedgerTestKit.EventId}" },
        { "POST", $"{Situation}/events/{LedgerTestKit.EventId}/reviews" },
        { "POST", $"{Situation}/events/{LedgerTestKit.EventId}/publication" },
        { "PUT", $"{Situation}/sources/news-am-775042/grade" },
        { "POST", $"{Situation}/supplies/observations" },
        { "PUT", $"{Situation}/supplies/observations/{ObservationId}" },
        { "POST", $"{Situation}/assessments" },
        { "POST", "/api/v1/tokens" },
        { "POST", "/api/v1/alert-subscriptions" },
        { "POST", "/api/v1/airlift/plans" },
    };

    [Theory, MemberData(nameof(JsonWrites))]
    public async Task JsonWrite_UnknownCharset_Is415NamingTheCharset(string method, string path)
    {
        using var admin = await server.ClientFor(Role.Admin);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(ValidEvent, "application/json; charset=bogus") };
        var body = await AssertProblem(await admin.SendAsync(request, Cancel), HttpStatusCode.UnsupportedMediaType, "charset");
        Assert.Contains("bogus", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", $"{Situation}/events", """{"sources":[null]}""", "sources[0]")]
    [InlineData("PUT", $"{Situation}/events/{LedgerTestKit.EventId}", """{"sources":[null],"reason":"x"}""", "sources[0]")]
    [InlineData("POST", $"{Situation}/events", """{"newSources":[null]}""", "newSources[0]")]
    [InlineData("POST", $"{Situation}/supplies/observations", """{"kind":"delivery","sources":[null]}""", "sources[0]")]
    [InlineData("PUT", $"{Situation}/supplies/observations/{ObservationId}", """{"kind":"delivery","sources":[null],"reason":"x"}""", "sources[0]")]
    public async Task Write_NullInAList_Is400NamingTheItem(string method, string path, string json, string field)
    {
        using var admin = await server.ClientFor(Role.Admin);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(json) };
        await AssertProblem(await admin.SendAsync(request, Cancel), HttpStatusCode.BadRequest, field);
    }

    public static TheoryData<string> PagedApiLists => new()
    {
        $"{Situation}/events", $"{Situation}/places", $"{Situation}/actors", $"{Situation}/sources",
        $"{Situation}/supplies/observations", "/api/v1/audit",
    };

    [Theory, MemberData(nameof(PagedApiLists))]
    public async Task PagedList_PageFarPastTheEnd_IsAnEmptyPage(string path)
    {
        using var admin = await server.ClientFor(Role.Admin);
        var response = await admin.GetAsync($"{path}?page=2147483647&pageSize=200", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.Equal(0, body.GetProperty("items").GetArrayLength());
        Assert.Equal(2147483647, body.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task PagedList_PageBeyondAWholeNumber_Is400NamingPage()
    {
        await AssertProblem(await server.Client.GetAsync($"{Situation}/events?page=2147483648", Cancel), HttpStatusCode.BadRequest, "page");
    }

    [Theory]
    [InlineData("/situations/lachin-2022/events?page=2147483647", false)]
    [InlineData("/situations/lachin-2022/supplies/observations?page=2147483647", true)]
    [InlineData("/admin/audit?page=2147483647", true)]
    public async Task PagedPage_PageFarPastTheEnd_Answers200(string path, bool signedIn)
    {
        using var client = signedIn ? await server.SignedInFor(Role.Admin) : null;
        var response = await (client ?? server.Client).GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData($"{Situation}?date=9999-12-31", "date")]
    [InlineData($"{Situation}?date=0001-01-01", "date")]
    [InlineData($"{Situation}/calendar?from=9999-12-01&to=9999-12-31", "from")]
    [InlineData($"{Situation}/risk/matrix?date=0001-01-01", "date")]
    [InlineData($"{Situation}/risk?from=0001-01-01&to=0001-01-31", "from")]
    [InlineData($"{Situation}/events?from=0001-01-01", "from")]
    [InlineData($"{Situation}/events?to=9999-12-31", "to")]
    [InlineData($"{Situation}/supplies/deliveries?date=9999-12-31", "date")]
    [InlineData($"{Situation}/supplies/forecast?date=0001-01-01", "date")]
    [InlineData($"{Situation}/supplies/needs?date=9999-12-31", "date")]
    public async Task Query_DateAtTheEndOfTheCalendar_Is400NamingTheParameter(string path, string parameter)
    {
        using var admin = await server.ClientFor(Role.Admin);
        await AssertProblem(await admin.GetAsync(path, Cancel), HttpStatusCode.BadRequest, parameter);
    }

    [Theory]
    [InlineData("/situations/lachin-2022?date=9999-12-31")]
    [InlineData("/situations/lachin-2022/risk?date=0001-01-01")]
    [InlineData("/situations/lachin-2022/supplies?date=9999-12-31")]
    public async Task Page_DateAtTheEndOfTheCalendar_IsNot500(string path)
    {
        using var admin = await server.SignedInFor(Role.Admin);
        var response = await admin.GetAsync(path, Cancel);
        Assert.True((int)response.StatusCode is 200 or 400, $"{(int)response.StatusCode}");
    }

    private static ByteArrayContent Multipart(string raw)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(raw));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=XYZ");
        return content;
    }

    public static TheoryData<string, string> MalformedMultipart => new()
    {
        // Line ends of LF alone, with a line longer than the reader's 100 bytes.
        { "--XYZ\nContent-Disposition: form-data; name=\"description\"" + new string('x', 150) + "\n\nhello\n--XYZ--\n", "parts[0]" },
        // A part header over 8 KB: a file name of 9,000 characters.
        { $"--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{new string('a', 9_000)}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nxx\r\n--XYZ--\r\n", "parts[0]" },
        // Cut short inside a part header.
        { "--XYZ\r\nContent-Disposition: form-da", "parts[0]" },
        // A header line that is not a header.
        { "--XYZ\r\nContent-Disposition: form-data; name=\"device\"\r\n\r\nPixel\r\n--XYZ\r\nthis is not a header\r\n\r\nvalue\r\n--XYZ--\r\n", "parts[1]" },
    };

    [Theory, MemberData(nameof(MalformedMultipart))]
    public async Task EvidenceUpload_MalformedMultipart_Is400NamingThePart(string raw, string part)
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        var response = await reporter.PostAsync($"{Situation}/events/{LedgerTestKit.EventId}/evidence", Multipart(raw), Cancel);
        await AssertProblem(response, HttpStatusCode.BadRequest, part);
    }

    [Fact]
    public async Task EvidenceUpload_BodyPastTheLimit_Is413NamingTheFile()
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        var response = await reporter.PostAsync($"{Situation}/events/{LedgerTestKit.EventId}/evidence",
            Multipart("--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.jpg\"\r\n\r\n" + new string('x', 400_000) + "\r\n--XYZ--\r\n"), Cancel);
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "file");
    }

    [Fact]
    public async Task JsonBodyPastTheLimit_Is413NamingTheBody()
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        var response = await reporter.PostAsync($"{Situation}/events", Json($$"""{"notes":"{{new string('x', 1_100_000)}}"}"""), Cancel);
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Fact]
    public async Task LongAddress_Is414ProblemNamingTheQuery()
    {
        var response = await server.Client.GetAsync($"{Situation}/events?q={new string('a', 10_000)}", Cancel);
        await AssertProblem(response, HttpStatusCode.RequestUriTooLong, "url");
    }

    [Fact]
    public async Task Tokens_AllNotABoolean_Is400NamingAll()
    {
        using var admin = await server.ClientFor(Role.Admin);
        await AssertProblem(await admin.GetAsync("/api/v1/tokens?all=maybe", Cancel), HttpStatusCode.BadRequest, "all");
    }
}
