using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lifeline.Cli;
using Lifeline.Core.Common;
using Lifeline.Core.Supplies;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Supplies;

/// <summary>
/// <c>lifeline needs</c> and <c>lifeline forecast</c>: what a situation needs a day, and how long what it has will
/// last. With <c>--json</c> they print the contract shapes (<see cref="NeedView"/>, <see cref="ForecastLine"/>);
/// the same seed gives the same output, byte for byte.
/// </summary>
internal static class SupplyCommandLine
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Adds the supplies verbs to the root command.</summary>
    public static void AddTo(RootCommand root, TimeProvider clock)
    {
        root.Subcommands.Add(Needs(clock));
        root.Subcommands.Add(Forecast(clock));
    }

    private static Option<string?> Situation() => new("--situation") { Description = "Which situation (needed when there is more than one)" };

    private static Option<string?> Date() => new("--date") { Description = "The day, YYYY-MM-DD (default: the last day of an ended situation, else today)" };

    private static Option<bool> AsJson() => new("--json") { Description = "Print JSON instead of a table" };

    private static Option<string?> MeanTemperature() => new("--mean-temperature") { Description = "Mean temperature in °C; below 20 °C food needs rise by 100 kcal per 5 °C (default 20)" };

    private static Option<bool> ModerateActivity() => new("--moderate-activity") { Description = "The whole population is moderately active: +140 kcal a day" };

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static Command Needs(TimeProvider clock)
    {
        var (situation, date, json, temperature, active) = (Situation(), Date(), AsJson(), MeanTemperature(), ModerateActivity());
        var command = new Command("needs", "Daily needs per commodity: standard rates (WFP basket, Sphere water, WHO IEHK) × the population, with the overrides in force")
        {
            situation, date, json, temperature, active,
        };
        command.SetAction(async (result, cancel) =>
        {
            var errors = new ValidationErrors();
            var request = ForecastRequest.Parse(result.GetValue(date), null, null, null, null, result.GetValue(temperature), result.GetValue(active) ? "true" : null, Today(clock), errors);
            using var db = LifelineCommandLine.Open(result);
            var record = await LoadAsync(db, clock, result.GetValue(situation), request, errors, cancel);
            if (record is null)
            {
                return Refuse(errors);
            }
            var queries = new SupplyQueries(db, clock, new BuiltInAirliftPlans(clock));
            var needs = SupplyEndpoints.NeedsOf(record, request.Date ?? record.DefaultDate(queries.Today));
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(needs, Json));
                return LifelineCommandLine.Ok;
            }
            var people = record.Setting.Population.CountOf(PopulationGroup.Everyone);
            Console.WriteLine($"Needs of {needs.Situation} on {SupplyViews.Day(needs.Date)}: {people.ToString("N0", CultureInfo.InvariantCulture)} people, {needs.Kilocalories.ToString("N0", CultureInfo.InvariantCulture)} kcal a person a day");
            foreach (var need in needs.Needs)
            {
                Console.WriteLine($"  {need.Commodity,-16} {Figure(need.QuantityPerDay, need.Unit),14} a day   {need.Basis}");
            }
            return LifelineCommandLine.Ok;
        });
        return command;
    }

    private static Command Forecast(TimeProvider clock)
    {
        var (situation, date, json, temperature, active) = (Situation(), Date(), AsJson(), MeanTemperature(), ModerateActivity());
        var runs = new Option<string?>("--runs") { Description = $"Monte Carlo runs (default {ForecastRequest.DefaultRuns:N0}, at most {ForecastRequest.MaxRuns:N0})" };
        var seed = new Option<string?>("--seed") { Description = $"The random seed: the same seed gives the same forecast (default {ForecastRequest.DefaultSeed})" };
        var inflow = new Option<string?>("--inflow") { Description = $"What comes in: {KebabCase.Choices<InflowAssumption>()} (default icrc-only)" };
        var alertDays = new Option<string?>("--alert-days") { Description = "Alert when P10 depletion falls within this many days (default 14; 30 for insulin and medicines)" };
        var command = new Command("forecast", "Days of supply per commodity as P10/P50/P90 from a Monte Carlo over stocks, use and inflow; 'no stock observed' where none was counted")
        {
            situation, date, runs, seed, inflow, alertDays, json, temperature, active,
        };
        command.SetAction(async (result, cancel) =>
        {
            var errors = new ValidationErrors();
            var request = ForecastRequest.Parse(result.GetValue(date), result.GetValue(inflow), result.GetValue(runs), result.GetValue(seed), result.GetValue(alertDays),
                result.GetValue(temperature), result.GetValue(active) ? "true" : null, Today(clock), errors);
            using var db = LifelineCommandLine.Open(result);
            var record = await LoadAsync(db, clock, result.GetValue(situation), request, errors, cancel);
            if (record is null)
            {
                return Refuse(errors);
            }
            var queries = new SupplyQueries(db, clock, new BuiltInAirliftPlans(clock));
            var report = queries.Forecast(record, request, errors);
            if (report is null)
            {
                return Refuse(errors);
            }
            if (result.GetValue(json))
            {
                var file = new ForecastFile(record.Situation.Id, report.Date, KebabCase.Of(report.Assumption), report.Runs, report.Seed, report.Notes,
                    report.Lines.Select(SupplyViews.Line).ToList(), SupplyViews.Gap(SupplyQueries.Gap(record, report.Date)));
                Console.WriteLine(JsonSerializer.Serialize(file, Json));
                return LifelineCommandLine.Ok;
            }
            Console.WriteLine($"Forecast for {record.Situation.Id} from {SupplyViews.Day(report.Date)}: {report.AssumptionText} ({report.Runs.ToString("N0", CultureInfo.InvariantCulture)} runs, seed {report.Seed}; days of supply P10 / P50 / P90)");
            foreach (var line in report.Lines)
            {
                var unit = AmountUnits.Symbol(line.Commodity.Unit);
                var stock = line.Stock.Stock is { } s ? Figure(s.Likely, unit) : "-";
                var need = line.Need is { } n ? Figure(n.PerDay.Value, unit) + "/day" : "-";
                var days = line.Runway is { } r
                    ? $"{Days(r.P10Days)} / {Days(r.P50Days)} / {Days(r.P90Days)}{(r.Alert ? $"  ALERT: may run out within {r.AlertWithinDays} days" : "")}"
                    : line.NoRunway;
                Console.WriteLine($"  {line.Commodity.Id,-16} stock {stock,12}  need {need,16}  inflow {Figure(line.Inflow.FirstRate.Likely, unit) + "/day",16}  {days}");
            }
            foreach (var note in report.Notes)
            {
                Console.WriteLine(note);
            }
            var gap = SupplyQueries.Gap(record, report.Date);
            Console.WriteLine($"Food and medicine {SupplyViews.Day(gap.From)} to {SupplyViews.Day(gap.To)}: needed {Figure(gap.NeededKilograms, "kg")}, delivered {Figure(gap.DeliveredKilograms, "kg")} (recorded with a weight), not delivered {Figure(gap.ShortfallKilograms, "kg")}{(gap.DaysOfNeedNotDelivered is { } d ? $" = {Days(d)} days of need" : "")}");
            foreach (var whatIf in gap.WhatIfs)
            {
                Console.WriteLine($"  {SupplyViews.WhatIf(whatIf, gap.To)}");
            }
            return LifelineCommandLine.Ok;
        });
        return command;
    }

    private static async Task<SupplyRecord?> LoadAsync(LifelineDbContext db, TimeProvider clock, string? situationId, ForecastRequest request, ValidationErrors errors, CancellationToken cancel)
    {
        var situations = await db.Situations.Select(s => s.Id).OrderBy(s => s).ToListAsync(cancel);
        var id = situationId ?? (situations.Count == 1 ? situations[0] : null);
        if (id is null || !situations.Contains(id))
        {
            errors.Add("situation", situations.Count == 0
                ? "there is no situation in the database: load one with 'lifeline scenario load lachin-2022'"
                : id is null ? $"say which with --situation: {string.Join(", ", situations)}" : $"there is no situation '{id}': the situations are {string.Join(", ", situations)}");
        }
        if (!errors.IsEmpty)
        {
            return null;
        }
        return await new SupplyQueries(db, clock, new BuiltInAirliftPlans(clock)).LoadAsync(id!, request.Conditions, cancel);
    }

    private static int Refuse(ValidationErrors errors)
    {
        foreach (var (field, messages) in errors.ToDictionary())
        {
            Console.Error.WriteLine($"--{KebabCase.Of(char.ToUpperInvariant(field[0]) + field[1..])}: {string.Join(" ", messages)}");
        }
        return LifelineCommandLine.BadInput;
    }

    private static string Figure(double value, string unit) => unit == "kg" && value >= 1000
        ? $"{(value / 1000).ToString("#,0.##", CultureInfo.InvariantCulture)} t"
        : $"{value.ToString("#,0.##", CultureInfo.InvariantCulture)} {unit}";

    private static string Days(double? days) => days is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) : "beyond the horizon";
}
