using System.CommandLine;
using System.Globalization;
using Lifeline.Cli;
using Lifeline.Core.Airlift;
using Lifeline.Core.Common;
using Spectre.Console;

namespace Lifeline.Airlift;

/// <summary>
/// <c>lifeline airlift plan SCENARIO [--out PLAN.json]</c> and <c>lifeline airlift scenarios</c>.
/// Exit codes: 0 a plan was made (read provenOptimal and shortfallTonnes), 2 the scenario is missing or wrong.
/// </summary>
internal static class AirliftCommand
{
    public static Command Create(TimeProvider clock)
    {
        var scenario = new Argument<string>("SCENARIO") { Description = $"A scenario file (JSON, docs/airlift.md), or a built-in scenario: {string.Join(", ", AirliftScenarios.Names())}" };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the plan as JSON to this file" };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Seconds the solver may take (1 to 120; default: the scenario's timeLimitSeconds, else 10)" };
        var plan = new Command("plan", "Plan an airlift: the optimal sorties per day, aircraft type and route, what they deliver, what is short, and what binds") { scenario, output, timeLimit };
        plan.SetAction(result => Plan(result.GetValue(scenario)!, result.GetValue(output), result.GetValue(timeLimit), clock));

        var list = new Command("scenarios", "List the built-in airlift scenarios and where their files are");
        list.SetAction(_ =>
        {
            foreach (var name in AirliftScenarios.Names())
            {
                Console.WriteLine($"{name}\t{AirliftScenarios.FileOf(name)}");
            }
            return LifelineCommandLine.Ok;
        });
        return new Command("airlift", "Plan an airlift (OR-Tools): fleet, sorties and what binds") { plan, list };
    }

    private static int Plan(string source, FileInfo? output, double? timeLimit, TimeProvider clock)
    {
        ScenarioDraft? draft;
        ValidationErrors errors;
        if (File.Exists(source))
        {
            using var stream = File.OpenRead(source);
            (draft, errors) = AirliftJson.ReadScenario(stream);
        }
        else if (AirliftScenarios.Load(source) is { } builtIn)
        {
            (draft, errors) = (builtIn, new ValidationErrors());
        }
        else
        {
            Console.Error.WriteLine($"There is no file {Path.GetFullPath(source)}, and no built-in airlift scenario '{source}' ({string.Join(", ", AirliftScenarios.Names())}).");
            return LifelineCommandLine.BadInput;
        }
        if (errors.IsEmpty && timeLimit is not null)
        {
            draft = draft! with { TimeLimitSeconds = timeLimit };
        }
        var (scenario, invalid) = errors.IsEmpty ? ScenarioValidator.Validate(draft) : (null, errors);
        if (scenario is null)
        {
            Console.Error.WriteLine($"The scenario {source} cannot be planned:");
            foreach (var (field, messages) in invalid.ToDictionary())
            {
                Console.Error.WriteLine($"  {field}: {string.Join(" ", messages)}");
            }
            return LifelineCommandLine.BadInput;
        }

        var planner = new AirliftPlanner(clock);
        var result = AnsiConsole.Profile.Capabilities.Interactive
            ? AnsiConsole.Status().Start($"Planning {scenario.Name} (up to {scenario.TimeLimitSeconds:0} s)…", _ => planner.Plan(scenario))
            : planner.Plan(scenario);
        Console.Write(Summary(result));
        if (output is not null)
        {
            var temporary = output.FullName + ".partial";
            File.WriteAllText(temporary, AirliftJson.Write(PlanDocument.From(result)));
            File.Move(temporary, output.FullName, overwrite: true);
            Console.WriteLine($"Plan written to {output.FullName}");
        }
        return LifelineCommandLine.Ok;
    }

    /// <summary>The plan in a few lines a planner reads first; the JSON has everything.</summary>
    internal static string Summary(AirliftPlan plan)
    {
        var s = plan.Scenario;
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"Airlift plan: {s.Name}, {s.HorizonDays} days, objective: shortfall, then {KebabCase.Of(s.Objective)}");
        var o = plan.Optimality;
        w.WriteLine(o.Proven
            ? $"Proven optimal ({o.Engine}, {o.Elapsed.TotalSeconds:0.00} s)"
            : $"NOT proven optimal: the {o.Unproven} may be up to {o.Gap:P2} above the best possible ({o.Engine}, stopped at {o.Elapsed.TotalSeconds:0.0} s)");
        w.WriteLine($"Need {plan.Need} · delivered {plan.Delivered} · short {plan.Shortfall} · daily capacity {plan.DailyCapacity} · {plan.SortieTotal:N0} sorties · cost {plan.Cost}");
        w.WriteLine(plan.Summary);
        w.WriteLine();
        w.WriteLine($"{"commodity",-24} {"priority",-8} {"need t",12} {"delivered t",12} {"short t",12}");
        foreach (var c in plan.Commodities)
        {
            w.WriteLine($"{Cut(c.Commodity, 24),-24} {KebabCase.Of(c.Priority),-8} {c.Need.Value,12:N1} {c.Delivered.Value,12:N1} {c.Shortfall.Value,12:N1}");
        }
        w.WriteLine();
        w.WriteLine($"{"aircraft",-16} {"used",5} {"of",5} {"sorties",8} {"per day",8} {"flying",8}");
        foreach (var a in plan.Aircraft)
        {
            w.WriteLine($"{Cut(a.Aircraft, 16),-16} {a.Used,5} {a.Available,5} {a.Sorties,8:N0} {(double)a.Sorties / s.HorizonDays,8:0.#} {a.FlyingShare,8:P0}");
        }
        w.WriteLine();
        w.WriteLine("What binds:");
        if (plan.Binding.Count == 0)
        {
            w.WriteLine("  nothing: more of any one resource would not change the plan.");
        }
        foreach (var b in plan.Binding)
        {
            w.WriteLine($"  - {b.Text}");
        }
        w.WriteLine();
        w.WriteLine("Quick estimate (one type alone on its shortest route, each day's demand flown that day; the plan's fleet limits, airfield limits ignored):");
        foreach (var e in plan.Estimate)
        {
            var type = s.Aircraft.First(a => a.Type == e.Aircraft);
            w.WriteLine(e.Route is null
                ? $"  {e.Aircraft}: can use no route"
                : $"  {e.Aircraft} {e.Route}: ⌈{s.DemandPerDay.Value:0.#} / {type.Payload.Value:0.##}⌉ = {e.SortiesPerDay} sorties a day; "
                  + $"⌈max({e.SortiesPerDay} × {e.FlightHours:0.##} h / {type.MaxHoursPerDay.Value:0.##} h, {e.SortiesPerDay} × {e.CycleHours:0.##} h / 24 h)⌉ = {e.AircraftNeeded} aircraft ({e.Available} available{(e.Enough ? "" : ", too few")})");
        }
        if (plan.Notes.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Notes:");
            foreach (var n in plan.Notes)
            {
                w.WriteLine($"  - {n}");
            }
        }
        return w.ToString();
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
