using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Lifeline.Core.Access;
using Lifeline.EarlyWarning;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.EarlyWarning;

/// <summary>Assessments, the risk series, the matrix and the alert feed over HTTP, on both engines.</summary>
public sealed class EarlyWarningApiTests
{
    private const string Assessments = "/api/v1/situations/lachin-2022/assessments";
    private const string Risk = "/api/v1/situations/lachin-2022/risk";
    /// <summary>An event first reported on its day (its source is dated 2022-12-21), so an assessment may cite it from then.</summary>
    private const string TenDaysReport = "2022-12-21-info-centre-10-days-report";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;

    private static object Valid(string indicator = "10", string asOf = "2023-01-01") => new
    {
        indicator,
        asOf,
        status = "present",
        confidence = "high",
        events = new[] { TenDaysReport },
        stantonStages = new[] { 7 },
        note = "test judgement",
    };

    private static (int Assessments, int Versions, long Leaves) Counts(LifelineServer server)
    {
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
        return (db.Set<AssessmentRow>().Count(), db.Set<AssessmentVersionRow>().Count(), db.Set<Lifeline.Ledger.LedgerLeafRow>().LongCount());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Assess_ThenEdit_KeepsEveryVersionInTheLedger_AndTheRiskSeesIt(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var analyst = await server.ClientFor(Role.Analyst);
        var before = Counts(server);

        var created = await analyst.PostAsJsonAsync(Assessments, Valid(), Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json(created)).GetProperty("current").GetProperty("id").GetString()!;
        var edited = await analyst.PutAsJsonAsync($"{Assessments}/{id}", new
        {
            indicator = "10",
            asOf = "2023-01-01",
            status = "present",
            confidence = "medium",
            events = new[] { TenDaysReport },
            reason = "less sure",
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, edited.StatusCode);

        var detail = await Json(await analyst.GetAsync($"{Assessments}/{id}", Cancel));
        Assert.Equal(2, detail.GetProperty("versions").GetArrayLength());
        Assert.Equal("medium", detail.GetProperty("current").GetProperty("confidence").GetString());
        var after = Counts(server);
        Assert.Equal((before.Assessments + 1, before.Versions + 2, before.Leaves + 2), after);
        using (var scope = server.Services.CreateScope())
        {
            var report = LedgerTestKit.Verify(scope.ServiceProvider.GetRequiredService<LifelineDbContext>(), server.Database.Options);
            Assert.True(report.Holds, string.Join("\n", report.Findings));
        }

        var risk = await Json(await server.Client.GetAsync($"{Risk}?from=2022-12-31&to=2023-01-01", Cancel));
        var series = risk.GetProperty("series");
        var factor10Before = series[0].GetProperty("factors")[9];
        var factor10 = series[1].GetProperty("factors")[9];
        Assert.False(factor10Before.GetProperty("present").GetBoolean());
        Assert.True(factor10.GetProperty("present").GetBoolean());
        Assert.Equal("assessment", factor10.GetProperty("subjects")[0].GetProperty("decidedBy").GetString());
    }

    public static TheoryData<string, string, string> BadAssessments => new()
    {
        { TestDatabase.Sqlite, """{"indicator":"10","asOf":"2023-01-01","status":"present"}""", "evidence" },
        { TestDatabase.Sqlite, """{"indicator":"7.99","asOf":"2023-01-01","status":"present","events":["2022-12-12-blockade-begins"]}""", "indicator" },
        { TestDatabase.Sqlite, """{"indicator":"10","asOf":"2026-12-08","status":"present","events":["2022-12-12-blockade-begins"]}""", "asOf" },
        { TestDatabase.Sqlite, """{"indicator":"10","asOf":"2023-01-01","status":"present","events":["no-such-event"]}""", "events[0]" },
        { TestDatabase.Sqlite, """{"indicator":"7.8","asOf":"2023-08-17","status":"present","events":["2023-08-15-first-starvation-death"]}""", "events[0]" },
        { TestDatabase.Postgres, """{"indicator":"10","asOf":"2023-01-01","status":"present","sources":["armenianclub-2023-08-20-lemkin-active-genocide-alert"]}""", "sources[0]" },
        { TestDatabase.Postgres, """{"indicator":"10","asOf":"2023-01-01","status":"present"}""", "evidence" },
        { TestDatabase.Postgres, """{"indicator":"16","asOf":"2023-01-01","status":"present","events":["2022-12-12-blockade-begins"]}""", "indicator" },
    };

    [Theory, MemberData(nameof(BadAssessments))]
    public async Task Assess_BadInput_ProblemNamesTheField_AndNothingIsStored(string provider, string body, string field)
    {
        await using var server = await LifelineServer.Start(provider);
        using var analyst = await server.ClientFor(Role.Analyst);
        var before = Counts(server);

        var response = await analyst.PostAsync(Assessments, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, Counts(server));
    }

    [Fact]
    public async Task Assess_AsAReporter_IsForbidden_AndNothingIsStored()
    {
        await using var server = await LifelineServer.Start();
        using var reporter = await server.ClientFor(Role.Reporter);
        var before = Counts(server);

        var response = await reporter.PostAsJsonAsync(Assessments, Valid(), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, Counts(server));
    }

    [Fact]
    public async Task Risk_Lachin_GivesOneDayEachWithLevelScoreAndFourteenFactors()
    {
        await using var server = await LifelineServer.Start();

        var risk = await Json(await server.Client.GetAsync($"{Risk}?from=2022-12-12&to=2023-09-19", Cancel));

        var series = risk.GetProperty("series");
        Assert.Equal(282, series.GetArrayLength());
        Assert.Equal("2022-12-12", series[0].GetProperty("date").GetString());
        foreach (var day in series.EnumerateArray())
        {
            Assert.InRange(day.GetProperty("level").GetInt32(), 1, 5);
            Assert.InRange(day.GetProperty("score").GetDouble(), 0, 100);
            Assert.Equal(14, day.GetProperty("factors").GetArrayLength());
        }
        Assert.True(series[281].GetProperty("level").GetInt32() > 1);
        Assert.NotEqual(0, risk.GetProperty("alerts").GetArrayLength());
    }

    [Theory]
    [InlineData("from=2022-13-01", "from")]
    [InlineData("to=2026-12-08", "to")]
    [InlineData("from=2023-02-01&to=2023-01-01", "to")]
    public async Task Risk_BadDates_ProblemNamesTheField(string query, string field)
    {
        await using var server = await LifelineServer.Start();

        var response = await server.Client.GetAsync($"{Risk}?{query}", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Matrix_HasFourteenRowsWithStatusEvidenceAndLastChange()
    {
        await using var server = await LifelineServer.Start();
        using var analyst = await server.ClientFor(Role.Analyst);
        Assert.Equal(HttpStatusCode.Created, (await analyst.PostAsJsonAsync(Assessments, Valid("9.1", "2023-01-01"), Cancel)).StatusCode);

        // Before the first warning and the first assessment of the built-in record (14 Feb, 2 Mar 2023).
        var matrix = await Json(await server.Client.GetAsync($"{Risk}/matrix?date=2023-02-01", Cancel));

        var rows = matrix.GetProperty("rows");
        Assert.Equal(14, rows.GetArrayLength());
        Assert.Equal("present", rows[8].GetProperty("status").GetString());
        Assert.Equal(1, rows[8].GetProperty("evidenceCount").GetInt32());
        Assert.NotNull(rows[8].GetProperty("lastChange").GetString());
        Assert.Equal("present", rows[12].GetProperty("status").GetString());
        Assert.Equal("not-assessed", rows[9].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Feed_EntriesLinkToCapDocumentsValidAgainstTheSchema()
    {
        await using var server = await LifelineServer.Start();

        var response = await server.Client.GetAsync("/feeds/alerts.atom", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var links = feed.Root!.Elements(atom + "entry")
            .Select(e => e.Elements(atom + "link").Single(l => (string?)l.Attribute("type") == "application/cap+xml").Attribute("href")!.Value)
            .ToList();
        Assert.NotEmpty(links);
        var schemas = new XmlSchemaSet();
        using (var reader = XmlReader.Create(Path.Combine(AppContext.BaseDirectory, "EarlyWarning", "Data", "CAP-v1.2.xsd")))
        {
            schemas.Add("urn:oasis:names:tc:emergency:cap:1.2", reader);
        }
        foreach (var link in links)
        {
            var cap = await server.Client.GetAsync(new Uri(link).PathAndQuery, Cancel);
            Assert.Equal(HttpStatusCode.OK, cap.StatusCode);
            Assert.Equal("application/cap+xml", cap.Content.Headers.ContentType?.MediaType);
            var problems = new List<string>();
            XDocument.Parse(await cap.Content.ReadAsStringAsync(Cancel)).Validate(schemas, (_, e) => problems.Add(e.Message));
            Assert.True(problems.Count == 0, $"{link}: {string.Join("; ", problems)}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/feeds/alerts/lachin-2022/1999-01-01-level-5.cap.xml", Cancel)).StatusCode);
    }

    [Fact]
    public async Task RiskCommand_Json_GivesTheSeriesWithLevelsScoresAndFactors()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lifeline-risk-cli", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            Assert.Equal(0, (await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--data", folder)).ExitCode);

            var result = await LifelineProcess.Run(folder, "risk", "--situation", "lachin-2022", "--from", "2022-12-12", "--to", "2023-09-19", "--json", "--data", folder);

            Assert.Equal(0, result.ExitCode);
            using var json = JsonDocument.Parse(result.Output);
            var series = json.RootElement.GetProperty("series");
            Assert.Equal(282, series.GetArrayLength());
            Assert.All(series.EnumerateArray(), d =>
            {
                Assert.True(d.TryGetProperty("date", out _));
                Assert.InRange(d.GetProperty("level").GetInt32(), 1, 5);
                Assert.True(d.TryGetProperty("score", out _));
                Assert.Equal(14, d.GetProperty("factors").GetArrayLength());
            });

            var bad = await LifelineProcess.Run(folder, "risk", "--situation", "lachin-2022", "--to", "2099-01-01", "--data", folder);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("--to", bad.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
