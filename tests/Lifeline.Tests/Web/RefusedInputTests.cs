using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Web;

/// <summary>
/// Input that used to be accepted and must be refused with a problem naming the field (text with NUL and other
/// control characters, lone surrogates, text past its length, dates out of range, numbers past their range), and
/// text that is accepted, which must read back exactly as sent with the ledger still verifying.
/// </summary>
public sealed class RefusedInputTests : IAsyncLifetime
{
    private const string Situation = "/api/v1/situations/lachin-2022";
    private const string EventId = LedgerTestKit.EventId;
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task AssertRefused(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Nuls(int count) => string.Concat(Enumerable.Repeat("\\u0000", count));

    private static string EventJson(string notes, string date = "2023-08-10", string extra = "") =>
        $$"""{"date":"{{date}}","place":"kornidzor","type":"convoy-turned-back","notes":"{{notes}}","sources":["news-am-775042"]{{extra}}}""";

    private const string Delivery = """
        "kind":"delivery","date":"2023-07-26","commodity":"mixed-cargo","unit":"t","carriers":["government"],"outcome":"stopped","sources":["news-am-775042"]
        """;

    public static TheoryData<string, string, string, string> ForbiddenText => new()
    {
        { "POST", $"{Situation}/events", EventJson($"before {Nuls(1000)} after"), "notes" },
        { "POST", $"{Situation}/events", EventJson(Nuls(2)), "notes" },
        { "POST", $"{Situation}/events", EventJson("red \\u001b[31m text"), "notes" },
        { "POST", $"{Situation}/events", EventJson("lone \\ud800 surrogate"), "notes" },
        { "POST", $"{Situation}/events", EventJson("noncharacter \\uffff"), "notes" },
        { "POST", $"{Situation}/events/{EventId}/reviews", $$"""{"verdict":"verified","note":"{{Nuls(1000)}}"}""", "note" },
        { "PUT", $"{Situation}/sources/news-am-775042/grade", $$"""{"reliability":"B","credibility":2,"reason":"{{Nuls(1000)}}"}""", "reason" },
        { "PUT", $"{Situation}/sources/news-am-775042/grade", $$"""{"reliability":"B","credibility":2,"reason":"{{new string('r', 1_000_001)}}"}""", "reason" },
        { "POST", $"{Situation}/supplies/observations", $$"""{{{Delivery}},"notes":"{{Nuls(1000)}}"}""", "notes" },
        { "POST", $"{Situation}/assessments", $$"""{"indicator":"7.6","asOf":"2023-08-01","status":"present","sources":["news-am-775042"],"note":"{{Nuls(1000)}}"}""", "note" },
        { "POST", "/api/v1/tokens", """{"name":"\u001b[31mred"}""", "name" },
    };

    [Theory, MemberData(nameof(ForbiddenText))]
    public async Task ForbiddenText_Is400NamingTheField_AndStoresNothing(string method, string path, string json, string field)
    {
        using var admin = await server.ClientFor(Role.Admin);
        var leavesBefore = await LeafCount();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(json) };
        await AssertRefused(await admin.SendAsync(request, Cancel), field);
        Assert.Equal(leavesBefore, await LeafCount());
    }

    public static TheoryData<string, string, string> OutOfRange => new()
    {
        { $"{Situation}/events", EventJson("Year 1.", "0001-01-01"), "date" },
        { $"{Situation}/events", EventJson("Gregorian reform.", "1582-10-15"), "date" },
        { $"{Situation}/events", EventJson("Before 1900.", "1899-12-31"), "date" },
        { $"{Situation}/supplies/observations", $$"""{{{Delivery.Replace("2023-07-26", "1899-12-31", StringComparison.Ordinal)}}}""", "date" },
        { $"{Situation}/supplies/observations", $$"""{{{Delivery}},"amount":1e308}""", "amount" },
        { $"{Situation}/supplies/observations", $$"""{{{Delivery}},"amount":1.8e308}""", "amount" },
        { $"{Situation}/supplies/observations", $$"""{{{Delivery}},"amount":18446744073709551616}""", "amount" },
        { $"{Situation}/supplies/observations", $$"""{{{Delivery}},"amount":5e-324}""", "amount" },
        { $"{Situation}/supplies/observations", """{"kind":"evacuation","date":"2023-07-26","moved":2147483647,"sources":["news-am-775042"]}""", "moved" },
        { $"{Situation}/assessments", """{"indicator":"7.6","asOf":"1582-10-15","status":"present","sources":["news-am-775042"]}""", "asOf" },
        { "/api/v1/alert-subscriptions", """{"url":"https://example.org/hook","from":"0001-01-01"}""", "from" },
    };

    [Theory, MemberData(nameof(OutOfRange))]
    public async Task OutOfRange_Is400NamingTheField(string path, string json, string field)
    {
        using var admin = await server.ClientFor(Role.Admin);
        await AssertRefused(await admin.PostAsync(path, Json(json), Cancel), field);
    }

    [Fact]
    public async Task ExpectedVersionBelowOne_Is400NamingIt()
    {
        using var admin = await server.ClientFor(Role.Admin);
        var response = await admin.PutAsync($"{Situation}/events/{EventId}", Json(EventJson("Corrected.", extra: ""","reason":"fix","expectedVersion":-1""")), Cancel);
        await AssertRefused(response, "expectedVersion");
    }

    [Fact]
    public async Task Form_WithInvalidUtf8_Is400NamingTheField()
    {
        using var reporter = await server.SignedInFor(Role.Reporter);
        var page = await reporter.GetStringAsync("/situations/lachin-2022/events/new", Cancel);
        var body = $"__RequestVerificationToken={Uri.EscapeDataString(SignInPage.AntiforgeryToken(page))}&Input.Notes=bad%FF%FEtext&Input.Date=2023-08-10";
        var response = await reporter.PostAsync("/situations/lachin-2022/events/new",
            new StringContent(body, new MediaTypeHeaderValue("application/x-www-form-urlencoded")), Cancel);
        await AssertRefused(response, "Input.Notes");
    }

    [Fact]
    public async Task Form_WithAControlCharacter_ShowsTheErrorBesideTheField_AndStoresNothing()
    {
        using var reporter = await server.SignedInFor(Role.Reporter);
        var page = await reporter.GetStringAsync("/situations/lachin-2022/events/new", Cancel);
        var leavesBefore = await LeafCount();
        var response = await reporter.PostAsync("/situations/lachin-2022/events/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignInPage.AntiforgeryToken(page),
            ["Input.Date"] = "2023-08-10",
            ["Input.Place"] = "kornidzor",
            ["Input.Type"] = "convoy-turned-back",
            ["Input.Notes"] = "red \u001b[31m text",
            ["Input.Sources"] = "news-am-775042",
        }), Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 500)]}");
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(html, "id=\"notes-error\">[^<]*control character"), html[..Math.Min(html.Length, 1500)]);
        Assert.Equal(leavesBefore, await LeafCount());
    }

    [Fact]
    public async Task EvidenceField_WithInvalidUtf8_Is400NamingThePart()
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        var raw = new List<byte>();
        raw.AddRange(Encoding.ASCII.GetBytes("--XYZ\r\nContent-Disposition: form-data; name=\"device\"\r\n\r\nPixel "));
        raw.AddRange([0xFF, 0xFE]);
        raw.AddRange(Encoding.ASCII.GetBytes("\r\n--XYZ--\r\n"));
        var content = new ByteArrayContent(raw.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=XYZ");
        await AssertRefused(await reporter.PostAsync($"{Situation}/events/{EventId}/evidence", content, Cancel), "parts[0]");
    }

    [Fact]
    public async Task AcceptedText_ReadsBackExactly_AndTheLedgerVerifies()
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        var notes = "Tabs\tand\r\nline breaks, Հայերեն, русский, emoji 🚚, a quote \" and a backslash \\ — kept as sent.";
        var response = await reporter.PostAsJsonAsync($"{Situation}/events", new
        {
            date = "2023-08-10",
            place = "kornidzor",
            type = "convoy-turned-back",
            notes,
            sources = new[] { "news-am-775042" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        var id = created.GetProperty("event").GetProperty("id").GetString()!;
        var read = JsonDocument.Parse(await reporter.GetStringAsync($"{Situation}/events/{id}", Cancel)).RootElement;
        Assert.Equal(notes, read.GetProperty("event").GetProperty("notes").GetString());
        using var db = server.Database.Open(prepare: false);
        Assert.True(LedgerTestKit.Verify(db, server.Database.Options).Holds);
    }

    private Task<int> LeafCount()
    {
        using var db = server.Database.Open(prepare: false);
        return Task.FromResult(db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM ledger_leaves").AsEnumerable().First());
    }
}
