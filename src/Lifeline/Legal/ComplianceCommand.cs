using System.CommandLine;
using System.Text.Json;
using Lifeline.Cli;
using Lifeline.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Legal;

/// <summary>
/// <c>lifeline compliance --situation S [--obligation ID] [--from D --to D] [--json] [--svg FILE]</c>: each
/// obligation's compliance day by day over the whole record, with the counts, the longest breach and the dates its
/// body was told (docs/legal.md). Exit codes: 0 done, 2 bad input.
/// </summary>
internal static class ComplianceCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(TimeProvider clock)
    {
        var situation = new Option<string>("--situation") { Description = "The situation's id (e.g. lachin-2022)", Required = true };
        var obligation = new Option<string?>("--obligation") { Description = "One obligation's id (default: every obligation of the situation)" };
        var from = new Option<string?>("--from") { Description = "First day, YYYY-MM-DD (default: the day each obligation took effect)" };
        var to = new Option<string?>("--to") { Description = "Last day, YYYY-MM-DD (default: the situation's last day, or today)" };
        var json = new Option<bool>("--json") { Description = "Print JSON: obligations[] {id, body, from, daysComplied, daysBreached, daysUnknown, longestBreachDays, days[] {date, state}}" };
        var svg = new Option<FileInfo?>("--svg") { Description = "Also write the compliance calendar of the (first) obligation as SVG" };
        var command = new Command("compliance", "Whether each obligation (a court's order, a statement's clause) was complied with, day by day, from the derived record (docs/legal.md)")
        {
            situation, obligation, from, to, json, svg,
        };
        command.SetAction(async (result, cancel) =>
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var errors = new ValidationErrors();
            var first = RecordDates.Parse(result.GetValue(from), "--from", today, errors);
            var last = RecordDates.Parse(result.GetValue(to), "--to", today, errors);
            if (first is { } f && last is { } l && (l < f || l.DayNumber - f.DayNumber >= LegalComputation.MaxDays))
            {
                errors.Add("--to", l < f ? "is before --from" : $"the range may cover at most {LegalComputation.MaxDays} days");
            }
            if (!errors.IsEmpty)
            {
                await Console.Error.WriteLineAsync(errors.ToString());
                return LifelineCommandLine.BadInput;
            }
            await using var db = LifelineCommandLine.Open(result);
            var id = result.GetValue(situation)!;
            var found = (await db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery()
                .FirstOrDefaultAsync(s => s.Id == id, cancel))?.ToDomain();
            if (found is null)
            {
                await Console.Error.WriteLineAsync($"--situation: there is no situation '{id}'. The situations are: {string.Join(", ", db.Situations.Select(s => s.Id))}.");
                return LifelineCommandLine.BadInput;
            }
            var records = await LegalComputation.RecordsAsync(db, id, cancel);
            var wanted = result.GetValue(obligation);
            var obligations = records.Obligations.Where(o => wanted is null || o.Id == wanted).ToList();
            if (wanted is not null && obligations.Count == 0)
            {
                await Console.Error.WriteLineAsync($"--obligation: there is no obligation '{wanted}' in {id}. Its obligations are: {string.Join(", ", records.Obligations.Select(o => o.Id))}.");
                return LifelineCommandLine.BadInput;
            }
            var end = last ?? found.LastDay(today);
            var start = first ?? (obligations.Count == 0 ? end : obligations.Min(o => o.From));
            if (end.DayNumber - start.DayNumber >= LegalComputation.MaxDays)
            {
                await Console.Error.WriteLineAsync($"--from: the range {start:yyyy-MM-dd} to {end:yyyy-MM-dd} is longer than {LegalComputation.MaxDays} days; give --from");
                return LifelineCommandLine.BadInput;
            }
            var events = db.Events.AsNoTracking().Where(e => e.SituationId == id);
            var summaries = await LegalComputation.ComplianceAsync(events, found, records, obligations, first, last, today, cancel);
            if (result.GetValue(svg) is { } file && summaries.Count > 0)
            {
                var s = summaries[0];
                await File.WriteAllTextAsync(file.FullName, ComplianceChart.Svg(s, $"{s.Obligation.Id}: compliance {s.From:yyyy-MM-dd} to {s.To:yyyy-MM-dd}"), cancel);
            }
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(ComplianceDocument.Of(id, records, summaries), Json));
                return LifelineCommandLine.Ok;
            }
            Console.WriteLine($"Compliance with the obligations of {found.Name} (rules: docs/legal.md)");
            foreach (var s in summaries)
            {
                var body = LegalComputation.BodyOf(records, s.Obligation);
                Console.WriteLine();
                Console.WriteLine($"{s.Obligation.Id} ({body?.Name ?? "?"}), on {s.Obligation.Bearer}: {s.Obligation.Text}");
                Console.WriteLine($"  rule: {s.Obligation.Rule}");
                Console.WriteLine($"  {s.From:yyyy-MM-dd} to {s.To:yyyy-MM-dd}: {s.DaysComplied} days complied, {s.DaysBreached} not complied, {s.DaysUnknown} unknown");
                Console.WriteLine(s.LongestBreach is { } b ? $"  longest breach: {b.Days} days, {b.First:yyyy-MM-dd} to {b.Last:yyyy-MM-dd}" : "  no breach");
                foreach (var told in s.Told)
                {
                    Console.WriteLine($"  body told: {told.Date:yyyy-MM-dd} ({told.StepId})");
                }
            }
            return LifelineCommandLine.Ok;
        });
        return command;
    }
}
