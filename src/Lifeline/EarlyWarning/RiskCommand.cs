using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lifeline.Cli;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.EarlyWarning;

/// <summary>
/// <c>lifeline risk --situation S [--from D --to D] [--json] [--svg FILE] [--svg-narrow FILE] [--public] [--no-assessments]</c>:
/// the risk series of a situation from the whole record, day by day (each day sees only what is dated on or before it),
/// with the headline of its last day. Exit codes: 0 done, 2 bad input.
/// </summary>
internal static class RiskCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(TimeProvider clock)
    {
        var situation = new Option<string>("--situation") { Description = "The situation's id (e.g. lachin-2022)", Required = true };
        var from = new Option<string?>("--from") { Description = "First day, YYYY-MM-DD (default: the situation's first day)" };
        var to = new Option<string?>("--to") { Description = "Last day, YYYY-MM-DD (default: the situation's last day, or today)" };
        var json = new Option<bool>("--json") { Description = "Print JSON: series[] {date, level (1-5), score, factors[]} and alerts[]" };
        var svg = new Option<FileInfo?>("--svg") { Description = "Also write the risk trend chart (SVG) with the alerts and the dated public warnings" };
        var narrow = new Option<FileInfo?>("--svg-narrow") { Description = "Also write the chart as drawn for a phone (SVG)" };
        var publicView = new Option<bool>("--public") { Description = "As the public sees it: published events only, without the supply record" };
        var signalsOnly = new Option<bool>("--no-assessments") { Description = "The signals alone, without analysts' assessments" };
        var command = new Command("risk", "The atrocity risk series of a situation (docs/early-warning.md): level, score and each factor's part, day by day")
        {
            situation, from, to, json, svg, narrow, publicView, signalsOnly,
        };
        command.SetAction(async (result, cancel) =>
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var errors = new Core.Common.ValidationErrors();
            var first = EarlyWarningEndpoints.ParseDate(result.GetValue(from), "--from", today, errors);
            var last = EarlyWarningEndpoints.ParseDate(result.GetValue(to), "--to", today, errors);
            if (!errors.IsEmpty)
            {
                Console.Error.WriteLine(errors.ToString());
                return LifelineCommandLine.BadInput;
            }
            using var db = LifelineCommandLine.Open(result);
            var id = result.GetValue(situation)!;
            var found = db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery().FirstOrDefault(s => s.Id == id)?.ToDomain();
            if (found is null)
            {
                Console.Error.WriteLine($"There is no situation '{id}'. The situations are: {string.Join(", ", db.Situations.Select(s => s.Id))}.");
                return LifelineCommandLine.BadInput;
            }
            var start = first ?? found.StartDate;
            var end = last ?? found.LastDay(today);
            if (end < start || end.DayNumber - start.DayNumber >= EarlyWarningQueries.MaxDays)
            {
                Console.Error.WriteLine($"--to: the range {start:yyyy-MM-dd} to {end:yyyy-MM-dd} is empty or longer than {EarlyWarningQueries.MaxDays} days");
                return LifelineCommandLine.BadInput;
            }
            var catalogue = EarlyWarningCatalogue.Instance.Catalogue;
            var signals = SignalConfiguration.Read(LifelineCommandLine.Configuration());
            var asPublic = result.GetValue(publicView);
            var published = Core.Common.KebabCase.Of(Core.Access.EventStage.Published);
            var events = db.Events.AsNoTracking().Where(e => e.SituationId == id && (!asPublic || e.Stage == published));
            var risk = await RiskComputation.ComputeAsync(db, events, found, catalogue, signals, start, end, withSupplies: !asPublic, withAssessments: !result.GetValue(signalsOnly), cancel);
            var chartTitle = $"Risk of atrocity crimes, {found.Name}, {start:yyyy-MM-dd} to {end:yyyy-MM-dd}";
            if (result.GetValue(svg) is { } file)
            {
                File.WriteAllText(file.FullName, RiskChart.Svg(risk.Series, risk.Alerts, PublicWarnings.For(id), chartTitle));
            }
            if (result.GetValue(narrow) is { } narrowFile)
            {
                File.WriteAllText(narrowFile.FullName, RiskChart.Svg(risk.Series, risk.Alerts, PublicWarnings.For(id), chartTitle, ChartLayout.Narrow));
            }
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(RiskSeriesDocument.Of(risk, catalogue, signals, start, end), Json));
                return LifelineCommandLine.Ok;
            }
            Console.WriteLine($"Risk of atrocity crimes, {found.Name}, {start:yyyy-MM-dd} to {end:yyyy-MM-dd} (model: docs/early-warning.md)");
            Console.WriteLine(risk.Headline.Sentence());
            Console.WriteLine("date        level  score  factors present (points)");
            foreach (var day in risk.Series)
            {
                var present = day.Factors.Where(f => f.Points > 0).Select(f => $"{f.Factor}{(f.Present ? "" : "?")}({f.Points.ToString("0.##", CultureInfo.InvariantCulture)})");
                Console.WriteLine($"{day.Date:yyyy-MM-dd}  {day.Level}      {day.Score,5:0.0}  {string.Join(" ", present)}");
            }
            Console.WriteLine($"Alerts ({risk.Alerts.Count(a => a.Date >= start && a.Date <= end)}):");
            foreach (var alert in risk.Alerts.Where(a => a.Date >= start && a.Date <= end))
            {
                Console.WriteLine($"  {alert.Date:yyyy-MM-dd}  {alert.Headline}");
            }
            return LifelineCommandLine.Ok;
        });
        return command;
    }
}
