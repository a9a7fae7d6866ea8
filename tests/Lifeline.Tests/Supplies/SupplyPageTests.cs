using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Supplies;

/// <summary>The supplies pages over HTTP, as a browser without JavaScript fetches and posts them.</summary>
public sealed partial class SupplyPageTests : IAsyncLifetime
{
    private const string Pages = "/situations/lachin-2022/supplies";

    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_WithoutStock_ShowsDeliveriesAgainstTheBaselineAndSaysThereIsNoRunway()
    {
        using var client = await server.SignedInFor(Role.Viewer);

        var html = await client.GetStringAsync($"{Pages}?date=2023-05-10", Cancel);

        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"deliveries-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("before the blockade: 400 t a day", html, StringComparison.Ordinal);
        Assert.Contains("4,623 t", html, StringComparison.Ordinal);
        Assert.Contains("id=\"no-runway\"", html, StringComparison.Ordinal);
        // Without a stock count, what the record does know: the need not delivered, and runways for stated stocks only.
        Assert.Contains("id=\"need-gap\"", html, StringComparison.Ordinal);
        Assert.Matches(@"Not delivered: <strong>[\d,.]+ t</strong>, <strong>[\d,.]+ days of need</strong>", html);
        Assert.Matches(@"<li data-days=""15"">What if the stock at the start had been 15 days of need \(not observed\): it would have run out on 202\d-\d\d-\d\d", html);
        Assert.Contains("<tr data-commodity=\"cereal\">", html, StringComparison.Ordinal);
        Assert.Contains("48 t", html, StringComparison.Ordinal);
        Assert.Contains("id=\"food-security\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Dashboard_WithAStockCount_DrawsTheRunwayBands()
    {
        using var reporter = await server.ClientFor(Role.Reporter);
        var stored = await reporter.PostAsync("/api/v1/situations/lachin-2022/supplies/observations",
            new StringContent(SupplyApiTests.CerealStock, Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        using var client = await server.SignedInFor(Role.Analyst);

        var html = await client.GetStringAsync($"{Pages}?date=2023-09-24", Cancel);

        Assert.Contains("id=\"runway-chart\"", html, StringComparison.Ordinal);
        // One band per inflow assumption, the built-in lachin-2023 airlift plan among them, each with its P10–P90 in words.
        Assert.Equal(4, RunwayBand().Count(html));
        Assert.Contains("Cereal (wheat flour, rice), blocked: P10", html, StringComparison.Ordinal);
        Assert.Contains("Cereal (wheat flour, rice), airlift: P10", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"no-runway\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_BadDate_IsNamedAndTheDefaultDayShown()
    {
        using var client = await server.SignedInFor(Role.Viewer);

        var html = await client.GetStringAsync($"{Pages}?date=2023-02-30", Cancel);

        Assert.Contains("id=\"date-error\"", html, StringComparison.Ordinal);
        Assert.Contains("date: &#x27;2023-02-30&#x27; is not a date", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/prices", "id=\"prices\"", "not applicable")]
    [InlineData("/utilities", "id=\"utilities-chart\"", "data-utility=\"gas\"")]
    [InlineData("/evacuations", "id=\"evacuations-chart\"", "Latest running total")]
    [InlineData("/observations", "id=\"observations\"", "data-kind=\"delivery\"")]
    [InlineData("/observations/2022-12-12-first-150-days-icrc-and-peacekeepers", "id=\"ledger-positions\"", "artsakhpress")]
    public async Task SupplyPages_Render(string page, string marker, string text)
    {
        using var client = await server.SignedInFor(Role.Viewer);

        var response = await client.GetAsync(Pages + page, Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(marker, html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Caseworker_AndAnonymous_DoNotSeeSupplies()
    {
        using var caseworker = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.GetAsync(Pages + "/prices", Cancel)).StatusCode);
        using var signedIn = await server.ClientFor(Role.Caseworker);
        Assert.Equal(HttpStatusCode.Forbidden, (await signedIn.GetAsync(Pages + "/utilities", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Form_RecordsAnObservation_AndABadOneComesBackWithTheFieldNamedAndNothingStored()
    {
        using var client = await server.SignedInFor(Role.Reporter);
        var token = await FormToken(client, Pages + "/observations/new");
        var before = await Count();

        var bad = await PostForm(client, Pages + "/observations/new", token, new()
        {
            ["Input.Kind"] = "stock",
            ["Input.Date"] = "2023-09-20",
            ["Input.Commodity"] = "cereal",
            ["Input.Amount"] = "-3",
            ["Input.Unit"] = "t",
            ["Input.Sources"] = SupplyApiTests.KnownSource,
        });
        var html = await bad.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Nothing was stored", html, StringComparison.Ordinal);
        Assert.Matches("<span class=\"error\" id=\"amount-error\">[^<]+</span>", html);
        Assert.Contains("value=\"-3\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await Count());

        var good = await PostForm(client, Pages + "/observations/new", token, new()
        {
            ["Input.Kind"] = "delivery",
            ["Input.Date"] = "2023-09-20",
            ["Input.Commodity"] = "cereal",
            ["Input.Amount"] = "20",
            ["Input.Unit"] = "t",
            ["Input.Carriers"] = "icrc",
            ["Input.Route"] = "lachin-corridor",
            ["Input.Notes"] = "formmarker",
            ["Input.NewSourcePublisher"] = "Field monitor",
            ["Input.NewSourceUrl"] = "https://example.org/reports/supplies-form",
        });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var location = good.Headers.Location!.ToString();
        Assert.StartsWith(Pages + "/observations/o-", location, StringComparison.Ordinal);
        Assert.Equal(before + 1, await Count());
        var detail = await client.GetStringAsync(location, Cancel);
        Assert.Contains("formmarker", detail, StringComparison.Ordinal);
        Assert.Contains("id=\"ledger-positions\"", detail, StringComparison.Ordinal);
        Assert.Contains("Correct this observation", detail, StringComparison.Ordinal);

        // Its author corrects it through the edit form; the reason is required.
        var editPath = location + "/edit";
        var editToken = await FormToken(client, editPath);
        var fields = new Dictionary<string, string>
        {
            ["Input.Kind"] = "delivery",
            ["Input.Date"] = "2023-09-20",
            ["Input.Commodity"] = "cereal",
            ["Input.Amount"] = "22",
            ["Input.Unit"] = "t",
            ["Input.Carriers"] = "icrc",
            ["Input.Route"] = "lachin-corridor",
            ["Input.Notes"] = "formmarker",
            ["Input.Sources"] = "",
            ["Input.ExpectedVersion"] = "1",
        };
        var withoutReason = await PostForm(client, editPath, editToken, new(fields) { ["Input.Sources"] = SourceOf(detail) });
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Matches("<span class=\"error\" id=\"reason-error\">[^<]+</span>", await withoutReason.Content.ReadAsStringAsync(Cancel));
        var corrected = await PostForm(client, editPath, editToken, new(fields) { ["Input.Sources"] = SourceOf(detail), ["Input.Reason"] = "22 t on the manifest" });
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Contains("22 t on the manifest", await client.GetStringAsync(location, Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_MayNotOpenTheForm()
    {
        using var client = await server.ClientFor(Role.Viewer);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Pages + "/observations/new", Cancel)).StatusCode);
    }

    private async Task<int> Count()
    {
        using var admin = await server.ClientFor(Role.Admin);
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/situations/lachin-2022/supplies/observations?pageSize=1", Cancel);
        return page.GetProperty("total").GetInt32();
    }

    /// <summary>The id of the source a new observation's page cites, from its link in the ledger's record JSON.</summary>
    private string SourceOf(string detailHtml)
    {
        var id = ObservationId().Match(detailHtml).Groups[1].Value;
        using var admin = server.ClientFor(Role.Admin).GetAwaiter().GetResult();
        var json = admin.GetFromJsonAsync<JsonElement>($"/api/v1/situations/lachin-2022/supplies/observations/{id}", Cancel).GetAwaiter().GetResult();
        return json.GetProperty("observation").GetProperty("sources")[0].GetString()!;
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

    [GeneratedRegex("<rect [^>]*fill-opacity=\"0.55\"><title>Cereal")]
    private static partial Regex RunwayBand();

    [GeneratedRegex("/api/v1/situations/lachin-2022/supplies/observations/(o-[0-9a-f]+)\"")]
    private static partial Regex ObservationId();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
