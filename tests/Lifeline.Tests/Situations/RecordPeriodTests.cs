using System.Net;
using System.Text;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Exchange;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Situations;

/// <summary>
/// A situation's record period: the days its events, observations and assessments may carry. The built-in Lachin
/// record declares 1 Dec 2022 – 17 Nov 2023 (wider than the blockade, 12 Dec 2022 – 1 Oct 2023); a date outside it is
/// refused through the API, the form and an import, naming the period; an import that declares a wider period widens it.
/// </summary>
public sealed class RecordPeriodTests
{
    private const string Situation = "/api/v1/situations/lachin-2022";
    private const string Named = "is outside the record period of lachin-2022, 1 Dec 2022 – 17 Nov 2023: widen the period first";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string EventJson(string date, int precision = 1) =>
        $$"""{"date":"{{date}}","timePrecision":{{precision}},"place":"kornidzor","type":"convoy-turned-back","notes":"A convoy was turned back.","sources":["news-am-775042"]}""";

    private static async Task<string> Refused(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), text);
        return string.Join("\n", messages.EnumerateArray().Select(m => m.GetString()));
    }

    private static int LeafCount(LifelineServer server)
    {
        using var db = server.Database.Open(prepare: false);
        return db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM ledger_leaves").AsEnumerable().First();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_EventsOutsideTheRecordPeriod_Are400NamingThePeriod_TheDaysAtItsEndsAreTaken(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var admin = await server.ClientFor(Role.Admin);
        var leaves = LeafCount(server);

        Assert.Contains($"2022-11-30 {Named}", await Refused(await admin.PostAsync($"{Situation}/events", Json(EventJson("2022-11-30")), Cancel), "date"));
        Assert.Contains($"2023-11-18 {Named}", await Refused(await admin.PostAsync($"{Situation}/events", Json(EventJson("2023-11-18")), Cancel), "date"));
        // Only the week is known: the Monday of that week, 28 Nov, must fit.
        Assert.Contains("2022-12-02 (as early as 2022-11-28", await Refused(await admin.PostAsync($"{Situation}/events", Json(EventJson("2022-12-02", precision: 2)), Cancel), "date"));
        // An edit is held to the period too.
        var edit = EventJson("2022-11-30")[..^1] + ""","reason":"moved"}""";
        Assert.Contains(Named, await Refused(await admin.PutAsync($"{Situation}/events/2022-12-03-first-road-closure", Json(edit), Cancel), "date"));
        Assert.Equal(leaves, LeafCount(server));

        foreach (var (date, precision) in new[] { ("2022-12-01", 1), ("2023-11-17", 1), ("2022-12-31", 3) })
        {
            var stored = await admin.PostAsync($"{Situation}/events", Json(EventJson(date, precision)), Cancel);
            Assert.True(stored.StatusCode == HttpStatusCode.Created, $"{date}: {(int)stored.StatusCode} {await stored.Content.ReadAsStringAsync(Cancel)}");
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_ObservationsAndAssessmentsOutsideTheRecordPeriod_Are400NamingThePeriod(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var admin = await server.ClientFor(Role.Admin);
        var leaves = LeafCount(server);

        var stock = """{"kind":"stock","date":"2022-11-30","commodity":"cereal","amount":50,"unit":"t","sources":["news-am-775042"]}""";
        Assert.Contains($"2022-11-30 {Named}", await Refused(await admin.PostAsync($"{Situation}/supplies/observations", Json(stock), Cancel), "date"));
        var assessment = """{"indicator":"7.6","asOf":"2023-11-18","status":"present","sources":["news-am-775042"]}""";
        Assert.Contains($"2023-11-18 {Named}", await Refused(await admin.PostAsync($"{Situation}/assessments", Json(assessment), Cancel), "asOf"));
        Assert.Equal(leaves, LeafCount(server));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Form_EventsOutsideTheRecordPeriod_ShowThePeriodBesideTheDate_AndStoreNothing(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        using var reporter = await server.SignedInFor(Role.Reporter);
        var leaves = LeafCount(server);
        foreach (var date in new[] { "2022-11-30", "2023-11-18" })
        {
            var page = await reporter.GetStringAsync("/situations/lachin-2022/events/new", Cancel);
            var response = await reporter.PostAsync("/situations/lachin-2022/events/new", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = SignInPage.AntiforgeryToken(page),
                ["Input.Date"] = date,
                ["Input.Place"] = "kornidzor",
                ["Input.Type"] = "convoy-turned-back",
                ["Input.Notes"] = "A convoy was turned back.",
                ["Input.Sources"] = "news-am-775042",
            }), Cancel);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Cancel));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{date}: {(int)response.StatusCode}");
            Assert.Matches($"id=\"date-error\">{date} is outside the record period of lachin-2022, 1 Dec 2022 – 17 Nov 2023: widen the period first", html);
        }
        Assert.Equal(leaves, LeafCount(server));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BuiltInRecord_LoadsWithItsWiderPeriod_ShownInTheApiAndOnTheDashboard(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        var body = await server.Get<JsonElement>(Situation);
        Assert.Equal("2022-12-12", body.GetProperty("startDate").GetString());
        Assert.Equal("2022-12-01", body.GetProperty("recordPeriod").GetProperty("from").GetString());
        Assert.Equal("2023-11-17", body.GetProperty("recordPeriod").GetProperty("until").GetString());
        using (var db = server.Database.Open(prepare: false))
        {
            // Its precursors and aftermath are in: the first closure of 3 Dec 2022, the ICJ order of 17 Nov 2023.
            Assert.True(db.Events.Any(e => e.SituationId == Scenarios.Default && e.EventId == "2022-12-03-first-road-closure"));
            Assert.True(db.Events.Any(e => e.SituationId == Scenarios.Default && e.EventId == "2023-11-17-icj-provisional-measures-return"));
        }
        var html = WebUtility.HtmlDecode(await server.Client.GetStringAsync("/situations/lachin-2022", Cancel));
        Assert.Contains("id=\"record-period\">Its record holds what happened from 1 December 2022 to 17 November 2023.", html, StringComparison.Ordinal);
    }

    /// <summary>The export of the built-in record up to its events, as another situation, with the record period it is given.</summary>
    private static string Head(Seeded seeded, string? recordFrom, string? recordUntil)
    {
        using var stream = new MemoryStream();
        new Exporter(seeded.Db).Export(Scenarios.Default, stream);
        var document = Encoding.UTF8.GetString(stream.ToArray());
        var head = document[..document.IndexOf("\"events\": [", StringComparison.Ordinal)].Replace("lachin-2022", "lachin-copy", StringComparison.Ordinal);
        Assert.Contains("\"recordFrom\": \"2022-12-01\",\n    \"recordUntil\": \"2023-11-17\",\n", head, StringComparison.Ordinal);
        var period = (recordFrom is null ? "" : $"\"recordFrom\": \"{recordFrom}\",\n    ") + (recordUntil is null ? "" : $"\"recordUntil\": \"{recordUntil}\",\n    ");
        return head.Replace("\"recordFrom\": \"2022-12-01\",\n    \"recordUntil\": \"2023-11-17\",\n    ", period, StringComparison.Ordinal);
    }

    private static string Events(params string[] dates) =>
        "\"events\": [" + string.Join(",", dates.Select(d =>
            $$"""{ "id": "convoy-{{d}}", "date": "{{d}}", "place": "kornidzor", "type": "convoy-turned-back", "notes": "x", "sources": ["news-am-775042"] }""")) + "] }";

    private static ImportResult Import(Seeded seeded, string json) =>
        new Importer(seeded.Db, seeded.Clock).Import(new MemoryStream(Encoding.UTF8.GetBytes(json)), "tester", "test");

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Import_EventsTheDayBeforeTheStartOrAfterTheEnd_AreRefusedNamingThePeriod(string provider)
    {
        using var seeded = new Seeded(provider);
        // No period declared: the situation's own, 12 Dec 2022 – 1 Oct 2023.
        var result = Import(seeded, Head(seeded, null, null) + Events("2022-12-11", "2022-12-12", "2023-10-01", "2023-10-02"));

        Assert.Equal(["events[0].date", "events[3].date"], result.Errors.Select(e => e.Field));
        Assert.Equal("2022-12-11 is outside the record period of lachin-copy, 12 Dec 2022 – 1 Oct 2023: widen the period first", result.Errors[0].Message);
        Assert.StartsWith("2023-10-02 is outside the record period of lachin-copy", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.False(seeded.Db.Situations.Any(s => s.Id == "lachin-copy"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_AWiderPeriod_WidensTheStoredSituation_ThenItsEventsAreTaken_AndTheLedgerHolds(string provider)
    {
        using var seeded = new Seeded(provider);
        Assert.True(Import(seeded, Head(seeded, null, null) + Events("2022-12-12")).Succeeded);
        Assert.Equal(["events[0].date"], Import(seeded, Head(seeded, null, null) + Events("2022-12-11")).Errors.Select(e => e.Field));

        var widened = Import(seeded, Head(seeded, "2022-12-11", "2023-10-02") + Events("2022-12-11", "2023-10-02"));

        Assert.True(widened.Succeeded, string.Join("\n", widened.Errors));
        Assert.Equal(2, widened.Events);
        seeded.Db.ChangeTracker.Clear();
        var row = seeded.Db.Situations.AsNoTracking().Single(s => s.Id == "lachin-copy");
        Assert.Equal((new DateOnly(2022, 12, 11), new DateOnly(2023, 10, 2)), (row.Period().From, row.Period().Until!.Value));
        var version = Assert.Single(row.Versions);
        Assert.Equal(2, version.Version);
        Assert.StartsWith("record period widened by an import", version.Reason, StringComparison.Ordinal);
        Assert.True(seeded.Db.Set<Lifeline.Ledger.LedgerLeafRow>().Any(l => l.RecordType == "situation" && l.RecordId == "lachin-copy" && l.Version == 2));

        // A file with the narrower period adds events within the stored one and leaves the period as it is.
        var narrower = Import(seeded, Head(seeded, null, null) + Events("2023-01-05"));
        Assert.True(narrower.Succeeded, string.Join("\n", narrower.Errors));
        seeded.Db.ChangeTracker.Clear();
        Assert.Single(seeded.Db.Situations.AsNoTracking().Single(s => s.Id == "lachin-copy").Versions);

        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
        Assert.Equal((ulong)report.Records, report.Leaves);

        // The widened situation reads back, and exports, with its period.
        using var stream = new MemoryStream();
        new Exporter(seeded.Db).Export("lachin-copy", stream);
        Assert.Contains("\"recordFrom\": \"2022-12-11\",\n    \"recordUntil\": \"2023-10-02\"", Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
        var recorder = seeded.As().Recorder;
        var outcome = await recorder.Record("lachin-copy", Lifeline.Tests.Events.EventRecorderTests.Valid() with { Date = "2023-10-03" });
        var invalid = Assert.IsType<Lifeline.Events.RecordOutcome.Invalid>(outcome);
        Assert.Contains("record period of lachin-copy, 11 Dec 2022 – 2 Oct 2023", string.Join("\n", invalid.Errors.ToDictionary()["date"]), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Import_APeriodThatDoesNotHoldTheSituation_IsRefusedNamingTheField(string provider)
    {
        using var seeded = new Seeded(provider);
        var result = Import(seeded, Head(seeded, "2022-12-13", "2023-09-30") + Events("2023-01-05"));
        Assert.Equal(["situation.recordFrom", "situation.recordUntil"], result.Errors.Select(e => e.Field));
    }
}
