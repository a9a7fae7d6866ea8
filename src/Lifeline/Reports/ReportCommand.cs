using System.CommandLine;
using Lifeline.Accounts;
using Lifeline.Cli;
using Lifeline.EarlyWarning;
using Lifeline.Events;
using Lifeline.Supplies;

namespace Lifeline.Reports;

/// <summary>
/// <c>lifeline report --situation S --date D [--period week] --out FILE.pdf|.html [--public] [--origin URL]</c>: the
/// situation report written to a file, internal unless <c>--public</c> (the command line sees the whole record).
/// Links name <c>--origin</c>, else the <c>PublicOrigin</c> setting, else the default local address. Exit codes: 0
/// written, 2 bad input.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TimeProvider clock)
    {
        var situation = new Option<string>("--situation") { Description = "The situation's id (e.g. lachin-2022)", Required = true };
        var date = new Option<string?>("--date") { Description = "The day reported on, YYYY-MM-DD (the last day of a week; default: the situation's last day, or today)" };
        var period = new Option<string?>("--period") { Description = "day (default) or week: the seven days ending on --date" };
        var output = new Option<FileInfo>("--out") { Description = "The file to write: FILE.pdf or FILE.html", Required = true };
        var publicView = new Option<bool>("--public") { Description = "The public version: published records only, without the supply record" };
        var originOption = new Option<string?>("--origin") { Description = "The address links in the report name (default: the PublicOrigin setting)" };
        var command = new Command("report", "A situation report for a day or a week, every figure with its sources, as PDF or HTML (docs/reports.md)")
        {
            situation, date, period, output, publicView, originOption,
        };
        command.SetAction(async (result, cancel) =>
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var errors = new Core.Common.ValidationErrors();
            var (day, span) = ReportEndpoints.Parse(result.GetValue(date), result.GetValue(period), today, errors, "--date", "--period");
            var file = result.GetValue(output)!;
            var pdf = file.Extension.Equals(".pdf", StringComparison.OrdinalIgnoreCase);
            if (!pdf && !file.Extension.Equals(".html", StringComparison.OrdinalIgnoreCase) && !file.Extension.Equals(".htm", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("--out", $"'{file.Name}' must end in .pdf or .html");
            }
            var configuration = LifelineCommandLine.Configuration();
            var problems = new List<string>();
            var origin = Web.ServerSettings.Origin(result.GetValue(originOption) ?? configuration["PublicOrigin"], problems)
                ?? new Uri(Web.LifelineWeb.DefaultUrls + "/");
            foreach (var problem in problems)
            {
                errors.Add(result.GetValue(originOption) is null ? "PublicOrigin" : "--origin", problem);
            }
            var fonts = ReportFonts.Folder(configuration["Reports:FontFolder"]);
            if (pdf && ReportFonts.Problem(fonts) is { } missing)
            {
                errors.Add("--out", missing);
            }
            if (!errors.IsEmpty)
            {
                Console.Error.WriteLine(errors.ToString());
                return LifelineCommandLine.BadInput;
            }
            using var db = LifelineCommandLine.Open(result);
            ICurrentUser user = result.GetValue(publicView) ? new AnonymousUser() : new CommandLineUser("command-line");
            using var versions = new Web.DataVersions();
            var events = new EventQueries(db, user, new AuditLog(db, user, clock), new Web.ReaderVersion(db, versions, user), new Web.ReadCache());
            var builder = new ReportBuilder(db, events, new SupplyQueries(db, clock, new BuiltInAirliftPlans(clock), events),
                SignalConfiguration.Read(configuration), user.Viewer, clock, origin);
            var id = result.GetValue(situation)!;
            var report = await builder.BuildAsync(id, day, span, cancel);
            if (report is null)
            {
                Console.Error.WriteLine($"There is no situation '{id}'. The situations are: {string.Join(", ", db.Situations.Select(s => s.Id))}.");
                return LifelineCommandLine.BadInput;
            }
            var temporary = file.FullName + ".partial";
            using (var stream = File.Create(temporary))
            {
                if (pdf)
                {
                    ReportFonts.Install(fonts);
                    ReportPdf.Write(report, stream);
                }
                else
                {
                    using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
                    writer.Write(ReportHtml.Render(report));
                }
            }
            File.Move(temporary, file.FullName, overwrite: true);
            Console.WriteLine($"Wrote {report.Title} ({report.Audience.ToString().ToLowerInvariant()} version, {report.Notes.Count} sources) to {file.FullName}");
            return LifelineCommandLine.Ok;
        });
        return command;
    }

    /// <summary>The public at the command line: sees what anonymous pages show.</summary>
    private sealed class AnonymousUser : ICurrentUser
    {
        public Core.Access.Viewer Viewer => Core.Access.Viewer.Anonymous;

        public string? Address => null;
    }
}
