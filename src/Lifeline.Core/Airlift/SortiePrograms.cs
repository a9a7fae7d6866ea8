using Google.OrTools.LinearSolver;

namespace Lifeline.Core.Airlift;

/// <summary>The objectives, in the order the planner minimises them (lexicographically).</summary>
internal enum Goal
{
    /// <summary>Σ_d Σ_c weight(priority_c) × shortfall[d, c], in tonnes.</summary>
    WeightedShortfall,

    /// <summary>Σ_t aircraft used of type t (only when the objective counts aircraft).</summary>
    AircraftUsed,

    /// <summary>Σ_d Σ_k sorties[d, k] × costPerSortie_k.</summary>
    Cost,
}

/// <summary>What a solve gave: the status, the best value found, the proven bound, and whether it closed.</summary>
internal sealed record MipOutcome(Solver.ResultStatus Status, double Value, double Bound)
{
    public bool HasSolution => Status is Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE;

    public bool Proven => Status == Solver.ResultStatus.OPTIMAL;
}

/// <summary>
/// A SCIP model through OR-Tools' linear solver wrapper. SCIP runs on one thread: a plan is deterministic, and a
/// web server on a small machine keeps its other core for everyone else.
/// </summary>
internal abstract class MipProgram : IDisposable
{
    protected MipProgram()
    {
        Solver = Solver.CreateSolver("SCIP") ?? throw new InvalidOperationException("The SCIP solver is missing from this OR-Tools build");
        Solver.SetNumThreads(1);
    }

    protected Solver Solver { get; }

    /// <summary>How far above an optimum a later phase may let an earlier objective drift (solver tolerance, not a choice).</summary>
    public static double Slack(double value) => 1e-7 * Math.Max(1, Math.Abs(value));

    public MipOutcome Run(TimeSpan limit, CancellationToken cancel, bool maximise = false)
    {
        Solver.SetTimeLimit(Math.Max(1, (long)limit.TotalMilliseconds));
        using var parameters = new MPSolverParameters();
        parameters.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0);
        using var registration = cancel.Register(() => Solver.InterruptSolve());
        if (maximise)
        {
            Solver.Objective().SetMaximization();
        }
        else
        {
            Solver.Objective().SetMinimization();
        }
        var status = Solver.Solve(parameters);
        cancel.ThrowIfCancellationRequested();
        var has = status is Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE;
        return new MipOutcome(status, has ? Solver.Objective().Value() : double.NaN, has ? Solver.Objective().BestBound() : double.NaN);
    }

    protected static int Whole(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);

    public void Dispose()
    {
        Solver.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The integer programme over the whole horizon: sorties[d, k] (whole), delivered[d, c], shortfall[d, c] and
/// stock[d, c] (tonnes), and, when aircraft are counted, used[t] (whole).
/// </summary>
internal sealed class HorizonProgram : MipProgram
{
    private readonly AirliftNetwork network;
    private readonly int days;
    private readonly Variable?[,] sorties;
    private readonly Variable[,] shortfall;
    private readonly Variable[]? used;

    public HorizonProgram(AirliftNetwork network, bool countAircraft, IReadOnlyList<int>? totals = null)
    {
        this.network = network;
        var scenario = network.Scenario;
        days = scenario.HorizonDays;
        var kinds = network.Kinds;
        var demand = scenario.Demand;
        sorties = new Variable?[days, kinds.Count];
        shortfall = new Variable[days, demand.Count];
        var stock = new Variable[days, demand.Count];
        var delivered = new Variable[days, demand.Count];

        if (countAircraft)
        {
            used = scenario.Aircraft.Select(a => Solver.MakeIntVar(0, a.Available, "")).ToArray();
        }

        for (var d = 0; d < days; d++)
        {
            for (var k = 0; k < kinds.Count; k++)
            {
                if (network.UpperBounds[k] > 0)
                {
                    sorties[d, k] = Solver.MakeIntVar(0, network.UpperBounds[k], "");
                }
            }
            foreach (var limit in network.Limits)
            {
                var fleet = used is not null && limit.TypeIndex is { } t;
                var row = Solver.MakeConstraint(double.NegativeInfinity, fleet ? 0 : limit.Capacity, "");
                foreach (var (k, coefficient) in limit.Coefficients)
                {
                    if (sorties[d, k] is { } v)
                    {
                        row.SetCoefficient(v, coefficient);
                    }
                }
                if (fleet)
                {
                    row.SetCoefficient(used![limit.TypeIndex!.Value], -limit.PerAircraft);
                }
            }

            // What is delivered on a day fits in the payload flown that day.
            var payload = Solver.MakeConstraint(double.NegativeInfinity, 0, "");
            for (var k = 0; k < kinds.Count; k++)
            {
                if (sorties[d, k] is { } v)
                {
                    payload.SetCoefficient(v, -(double)kinds[k].Payload.Value);
                }
            }
            for (var c = 0; c < demand.Count; c++)
            {
                var need = (double)demand[c].PerDay.Value;
                delivered[d, c] = Solver.MakeNumVar(0, double.PositiveInfinity, "");
                shortfall[d, c] = Solver.MakeNumVar(0, need, "");
                stock[d, c] = Solver.MakeNumVar(0, double.PositiveInfinity, "");
                payload.SetCoefficient(delivered[d, c], 1);
                // stock[d] = stock[d−1] + delivered[d] − (need − shortfall[d]); stock[0] is the stock at start.
                var opening = d == 0 ? (double)demand[c].StockAtStart.Value : 0;
                var balance = Solver.MakeConstraint(opening - need, opening - need, "");
                balance.SetCoefficient(stock[d, c], 1);
                if (d > 0)
                {
                    balance.SetCoefficient(stock[d - 1, c], -1);
                }
                balance.SetCoefficient(delivered[d, c], -1);
                balance.SetCoefficient(shortfall[d, c], -1);
            }
        }

        if (totals is not null)
        {
            for (var k = 0; k < kinds.Count; k++)
            {
                var row = Solver.MakeConstraint(totals[k], totals[k], "");
                for (var d = 0; d < days; d++)
                {
                    if (sorties[d, k] is { } v)
                    {
                        row.SetCoefficient(v, 1);
                    }
                }
            }
        }
    }

    public void Minimise(Goal goal)
    {
        var objective = Solver.Objective();
        objective.Clear();
        foreach (var (v, c) in Terms(goal))
        {
            objective.SetCoefficient(v, c);
        }
    }

    /// <summary>Keeps an earlier objective at its optimum while a later one is minimised.</summary>
    public void Hold(Goal goal, double value)
    {
        var row = Solver.MakeConstraint(double.NegativeInfinity, value + Slack(value), "");
        foreach (var (v, c) in Terms(goal))
        {
            row.SetCoefficient(v, c);
        }
    }

    public void Hint(int[,] plan)
    {
        var variables = new List<Variable>();
        var values = new List<double>();
        for (var d = 0; d < days; d++)
        {
            for (var k = 0; k < network.Kinds.Count; k++)
            {
                if (sorties[d, k] is { } v)
                {
                    variables.Add(v);
                    values.Add(plan[d, k]);
                }
            }
        }
        Solver.SetHint(variables.ToArray(), values.ToArray());
    }

    /// <summary>The sorties of the solution found, as whole numbers.</summary>
    public int[,] Sorties()
    {
        var plan = new int[days, network.Kinds.Count];
        for (var d = 0; d < days; d++)
        {
            for (var k = 0; k < network.Kinds.Count; k++)
            {
                plan[d, k] = sorties[d, k] is { } v ? Math.Max(0, Whole(v.SolutionValue())) : 0;
            }
        }
        return plan;
    }

    private IEnumerable<(Variable Variable, double Coefficient)> Terms(Goal goal)
    {
        var scenario = network.Scenario;
        switch (goal)
        {
            case Goal.WeightedShortfall:
                for (var d = 0; d < days; d++)
                {
                    for (var c = 0; c < scenario.Demand.Count; c++)
                    {
                        yield return (shortfall[d, c], scenario.Demand[c].Priority.Weight());
                    }
                }
                break;
            case Goal.AircraftUsed:
                foreach (var v in used ?? [])
                {
                    yield return (v, 1);
                }
                break;
            case Goal.Cost:
                for (var d = 0; d < days; d++)
                {
                    for (var k = 0; k < network.Kinds.Count; k++)
                    {
                        if (sorties[d, k] is { } v && network.Kinds[k].CostPerSortie.Value > 0)
                        {
                            yield return (v, (double)network.Kinds[k].CostPerSortie.Value);
                        }
                    }
                }
                break;
        }
    }
}

/// <summary>
/// The horizon-aggregated relaxation: every daily limit summed over the days, and total deliveries against total
/// need. Any plan gives a solution of it (totals[k] = Σ_d sorties[d, k]), so its optimum is a lower bound on the
/// full programme's; when a plan with those totals exists, that plan is optimal. It has one variable per sortie
/// kind instead of one per day and kind, so SCIP closes it in milliseconds where the full programme's identical
/// days make the proof slow.
/// </summary>
internal sealed class AggregateProgram : MipProgram
{
    private readonly AirliftNetwork network;
    private readonly Variable[] totals;
    private readonly Variable[] shortfall;
    private readonly Variable[]? used;

    /// <param name="dailyPayloadBound">A proven upper bound on the tonnes one day's sorties can carry: no plan carries
    /// more than the horizon times it, which the summed limits alone do not see (they lose the whole-sortie rounding of each day).</param>
    public AggregateProgram(AirliftNetwork network, bool countAircraft, double? dailyPayloadBound = null)
    {
        this.network = network;
        var scenario = network.Scenario;
        var days = scenario.HorizonDays;
        var kinds = network.Kinds;
        totals = kinds.Select((_, k) => Solver.MakeIntVar(0, (double)network.UpperBounds[k] * days, "")).ToArray();
        if (countAircraft)
        {
            used = scenario.Aircraft.Select(a => Solver.MakeIntVar(0, a.Available, "")).ToArray();
        }
        foreach (var limit in network.Limits)
        {
            var fleet = used is not null && limit.TypeIndex is not null;
            var row = Solver.MakeConstraint(double.NegativeInfinity, fleet ? 0 : limit.Capacity * days, "");
            foreach (var (k, coefficient) in limit.Coefficients)
            {
                row.SetCoefficient(totals[k], coefficient);
            }
            if (fleet)
            {
                row.SetCoefficient(used![limit.TypeIndex!.Value], -limit.PerAircraft * days);
            }
        }
        shortfall = new Variable[scenario.Demand.Count];
        var carried = Solver.MakeConstraint(0, double.PositiveInfinity, "");
        for (var k = 0; k < kinds.Count; k++)
        {
            carried.SetCoefficient(totals[k], (double)kinds[k].Payload.Value);
        }
        if (dailyPayloadBound is { } most)
        {
            var cut = Solver.MakeConstraint(double.NegativeInfinity, most * days, "");
            for (var k = 0; k < kinds.Count; k++)
            {
                cut.SetCoefficient(totals[k], (double)kinds[k].Payload.Value);
            }
        }
        for (var c = 0; c < scenario.Demand.Count; c++)
        {
            var line = scenario.Demand[c];
            var total = (double)line.PerDay.Value * days;
            shortfall[c] = Solver.MakeNumVar(0, total, "");
            // need_c ≥ total demand − total shortfall − stock at start, need_c ≥ 0; the payload carried covers Σ need_c.
            var need = Solver.MakeNumVar(0, double.PositiveInfinity, "");
            var cover = Solver.MakeConstraint(total - (double)line.StockAtStart.Value, double.PositiveInfinity, "");
            cover.SetCoefficient(need, 1);
            cover.SetCoefficient(shortfall[c], 1);
            carried.SetCoefficient(need, -1);
        }
    }

    public void Minimise(Goal goal)
    {
        var objective = Solver.Objective();
        objective.Clear();
        foreach (var (v, c) in Terms(goal))
        {
            objective.SetCoefficient(v, c);
        }
    }

    public void Hold(Goal goal, double value)
    {
        var row = Solver.MakeConstraint(double.NegativeInfinity, value + Slack(value), "");
        foreach (var (v, c) in Terms(goal))
        {
            row.SetCoefficient(v, c);
        }
    }

    public int[] Totals() => totals.Select(v => Math.Max(0, Whole(v.SolutionValue()))).ToArray();

    private IEnumerable<(Variable Variable, double Coefficient)> Terms(Goal goal)
    {
        var scenario = network.Scenario;
        switch (goal)
        {
            case Goal.WeightedShortfall:
                for (var c = 0; c < scenario.Demand.Count; c++)
                {
                    yield return (shortfall[c], scenario.Demand[c].Priority.Weight());
                }
                break;
            case Goal.AircraftUsed:
                foreach (var v in used ?? [])
                {
                    yield return (v, 1);
                }
                break;
            case Goal.Cost:
                for (var k = 0; k < network.Kinds.Count; k++)
                {
                    if (network.Kinds[k].CostPerSortie.Value > 0)
                    {
                        yield return (totals[k], (double)network.Kinds[k].CostPerSortie.Value);
                    }
                }
                break;
        }
    }
}

/// <summary>
/// One day on its own: the most tonnes the fleet and airfields can lift in a day, with whole sorties. Every day of
/// the horizon has the same limits, so this is the daily capacity; binding constraints are found by solving it
/// again with one limit raised by one unit.
/// </summary>
internal sealed class DayProgram : MipProgram
{
    private readonly Variable?[] sorties;

    public DayProgram(AirliftNetwork network)
    {
        var kinds = network.Kinds;
        sorties = new Variable?[kinds.Count];
        var objective = Solver.Objective();
        for (var k = 0; k < kinds.Count; k++)
        {
            if (network.UpperBounds[k] > 0)
            {
                sorties[k] = Solver.MakeIntVar(0, network.UpperBounds[k], "");
                objective.SetCoefficient(sorties[k], (double)kinds[k].Payload.Value);
            }
        }
        foreach (var limit in network.Limits)
        {
            var row = Solver.MakeConstraint(double.NegativeInfinity, limit.Capacity, "");
            foreach (var (k, coefficient) in limit.Coefficients)
            {
                if (sorties[k] is { } v)
                {
                    row.SetCoefficient(v, coefficient);
                }
            }
        }
    }

    public int[] Sorties() => sorties.Select(v => v is null ? 0 : Math.Max(0, Whole(v.SolutionValue()))).ToArray();

    /// <summary>Keeps the payload at <paramref name="payload"/> (the maximum just found) and asks for the cheapest such day.</summary>
    public void CheapestCarrying(double payload, IReadOnlyList<SortieKind> kinds)
    {
        var objective = Solver.Objective();
        var keep = Solver.MakeConstraint(payload - Slack(payload), double.PositiveInfinity, "");
        objective.Clear();
        for (var k = 0; k < sorties.Length; k++)
        {
            if (sorties[k] is { } v)
            {
                keep.SetCoefficient(v, (double)kinds[k].Payload.Value);
                objective.SetCoefficient(v, (double)kinds[k].CostPerSortie.Value);
            }
        }
    }
}
