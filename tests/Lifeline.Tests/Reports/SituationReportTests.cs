using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Lifeline.Web;

namespace Lifeline.Tests.Reports;

/// <summary>The situation report over HTTP and from the command line: what it says, for whom, and where its links point.</summary>
public sealed partial class SituationReportTests
{
    private const string Origin = "https://lifeline.example.org";
    private const string Path = "/situations/lachin-2022/report";

    private static Task<LifelineServer> Start(string provider) =>
        LifelineServer.Start(provider, settings: ServerSettings.Default with { PublicOrigin = new Uri(Origin + "/") });

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Report_Html_SaysTheDayAndFootnotesEveryStatusToItsSources(string provider)
    {
        await using var server = await Start(provider);
        var html = await server.Client.GetStringAsync($"{Path}?date=2023-03-21", TestContext.Current.CancellationToken);

        Assert.Contains("Day 100 of the blockade", html, StringComparison.Ordinal);
        Assert.Contains("Public version", html, StringComparison.Ordinal);
        // The road's status on the day, with the notes of the event that set it, and the note lists its source's address and grade.
        Assert.Matches(@"Stepanakert–Goris road via the Lachin corridor: [a-z ]+ on 21 March 2023\.</a><sup><a href=""#note-(\d+)"">\[\1\]", html);
        Assert.Matches(@"<li id=""note-1"">[^<]+, grade [A-F][1-6]\. <a href=""https?://", html);
        foreach (var id in new[] { "headline", "access", "supplies", "utilities", "families", "legal", "risk", "events", "notes" })
        {
            Assert.Contains($"<section id=\"{id}\">", html, StringComparison.Ordinal);
        }
        Assert.Contains("Not recorded in this deployment.", html, StringComparison.Ordinal);
        Assert.Contains("<table id=\"calendar\">", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Report_Links_NameThePublicOriginNotTheRequestHost(string provider)
    {
        await using var server = await Start(provider);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Path}?date=2023-03-21&period=week");
        request.Headers.Host = "attacker.example.net";
        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain("attacker.example.net", html, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Address.Authority, html, StringComparison.Ordinal);
        var own = LinkPattern().Matches(html).Select(m => m.Groups[1].Value).Where(h => !h.StartsWith('#')).ToList();
        Assert.Contains($"{Origin}/situations/lachin-2022/report.pdf?date=2023-03-21&amp;period=week", own);
        Assert.Contains($"{Origin}/situations/lachin-2022/risk", own);
        Assert.All(own.Where(h => h.Contains("/situations/", StringComparison.Ordinal)), h => Assert.StartsWith(Origin + "/", h, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Report_Internal_ShowsSuppliesAndUnpublishedEvents_PublicDoesNot(string provider)
    {
        await using var server = await Start(provider);
        using var reporter = await server.ClientFor(Role.Reporter);
        var recorded = await reporter.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-03-20",
            place = "stepanakert",
            type = "statement",
            notes = "Unpublished statement kept for the internal report only.",
            sources = new[] { "news-am-739240" },
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        var publicHtml = await server.Client.GetStringAsync($"{Path}?date=2023-03-21&period=week", TestContext.Current.CancellationToken);
        using var analyst = await server.SignedInFor(Role.Analyst);
        var internalHtml = await analyst.GetStringAsync($"{Path}?date=2023-03-21&period=week", TestContext.Current.CancellationToken);

        Assert.DoesNotContain("Unpublished statement", publicHtml, StringComparison.Ordinal);
        Assert.Contains("Unpublished statement kept for the internal report only.", internalHtml, StringComparison.Ordinal);
        Assert.Contains("not part of the public version", publicHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Food and medicine needed", publicHtml, StringComparison.Ordinal);
        Assert.Contains("Food and medicine needed", internalHtml, StringComparison.Ordinal);
        Assert.Contains("Internal version", internalHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_BadPeriodOrDate_IsAProblemNamingTheField_UnknownSituationNotFound()
    {
        await using var server = await Start(TestDatabase.Sqlite);
        using var badPeriod = await server.Client.GetAsync($"{Path}?date=2023-03-21&period=month", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
        Assert.Contains("\"period\"", await badPeriod.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var badDate = await server.Client.GetAsync($"{Path}.pdf?date=21-03-2023", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("\"date\"", await badDate.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var missing = await server.Client.GetAsync("/situations/nowhere/report", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ReportPdf_ReadBack_HasTheDayNumberAFootnoteUrlAndItsMetadata(string provider)
    {
        RequirePoppler();
        await using var server = await Start(provider);
        using var response = await server.Client.GetAsync($"{Path}.pdf?date=2023-03-21", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lifeline-report-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        try
        {
            var text = Poppler("pdftotext", file, "-");
            Assert.Contains("Day 100 of the blockade", text, StringComparison.Ordinal);
            Assert.Matches(@"\[1\] [^\n]+, grade [A-F][1-6]\.\s+https?://\S+", text);
            Assert.Contains($"{Origin}/situations/lachin-2022/report.pdf?date=2023-03-21", text, StringComparison.Ordinal);

            var info = Poppler("pdfinfo", file);
            Assert.Contains("Blockade of the Lachin corridor: situation report, 21 March 2023", info, StringComparison.Ordinal);
            Assert.Matches(@"Page size:\s+595\.2\d x 841\.8\d pts \(A4\)", info);
            Assert.Contains("Situation lachin-2022, 2023-03-21 to 2023-03-21, public version", info, StringComparison.Ordinal);
            Assert.Matches(@"Keywords:\s+(ledger checkpoint of [\d,]+ leaves, root [0-9a-f]{64}|no ledger checkpoint)", info);
            Assert.Contains("Metadata Stream: yes", info, StringComparison.Ordinal);

            var fonts = Poppler("pdffonts", file);
            Assert.Matches(@"DejaVu Sans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes", fonts);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ReportVerb_WritesPdfAndHtml_RefusesOtherFiles()
    {
        RequirePoppler();
        var folder = Directory.CreateTempSubdirectory("lifeline-report-").FullName;
        try
        {
            var load = await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--data", folder);
            Assert.Equal(0, load.ExitCode);
            var pdf = System.IO.Path.Combine(folder, "week.pdf");
            var written = await LifelineProcess.Run(folder, "report", "--situation", "lachin-2022", "--date", "2023-03-21", "--period", "week",
                "--out", pdf, "--origin", Origin, "--data", folder);
            Assert.True(written.ExitCode == 0, written.Error);
            var text = Poppler("pdftotext", pdf, "-");
            Assert.Contains("Day 100 of the blockade", text, StringComparison.Ordinal);
            Assert.Contains("15 March 2023 to 21 March 2023", text, StringComparison.Ordinal);
            Assert.Contains("Internal version", text, StringComparison.Ordinal);

            var html = System.IO.Path.Combine(folder, "day.html");
            var publicHtml = await LifelineProcess.Run(folder, "report", "--situation", "lachin-2022", "--date", "2023-03-21", "--out", html, "--public", "--data", folder);
            Assert.True(publicHtml.ExitCode == 0, publicHtml.Error);
            Assert.Contains("Public version", await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken), StringComparison.Ordinal);

            var refused = await LifelineProcess.Run(folder, "report", "--situation", "lachin-2022", "--out", System.IO.Path.Combine(folder, "r.txt"), "--data", folder);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("--out", refused.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static void RequirePoppler() =>
        TestEnvironment.Require(File.Exists("/usr/bin/pdftotext"), "pdftotext (poppler-utils)", "Install it with: apt-get install poppler-utils.");

    internal static string Poppler(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex LinkPattern();
}
