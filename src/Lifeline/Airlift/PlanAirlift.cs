using Lifeline.Core.Airlift;
using Lifeline.Core.Common;

namespace Lifeline.Airlift;

/// <summary>What asking for a plan gave.</summary>
internal abstract record PlanOutcome
{
    public sealed record Planned(AirliftPlan Plan) : PlanOutcome;

    public sealed record Invalid(ValidationErrors Errors) : PlanOutcome;

    /// <summary>Every solver slot stayed taken for <see cref="AirliftPlanning.QueueTimeout"/>.</summary>
    public sealed record Busy : PlanOutcome;
}

/// <summary>
/// The use case behind the API, the page and the command line: check a scenario, then plan it. Planning is
/// CPU-bound, so on the web server at most one plan per spare core is computed at a time; the others wait a while
/// and are then told to come back. Nothing is stored: a plan is computed from its scenario each time.
/// </summary>
internal sealed class AirliftPlanning(TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan QueueTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim slots = new(Math.Max(1, Environment.ProcessorCount - 1));

    public async Task<PlanOutcome> Plan(ScenarioDraft? draft, CancellationToken cancel)
    {
        var (scenario, errors) = ScenarioValidator.Validate(draft);
        if (scenario is null)
        {
            return new PlanOutcome.Invalid(errors);
        }
        if (!await slots.WaitAsync(QueueTimeout, cancel))
        {
            return new PlanOutcome.Busy();
        }
        try
        {
            return new PlanOutcome.Planned(await Task.Run(() => new AirliftPlanner(clock).Plan(scenario, cancel), cancel));
        }
        finally
        {
            slots.Release();
        }
    }

    public void Dispose() => slots.Dispose();
}
