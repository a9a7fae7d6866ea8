using Lifeline.Core.Airlift;
using Lifeline.Core.Situations;
using Lifeline.Situations;

namespace Lifeline.Airlift;

/// <summary>Demand lines for an airlift, with the words to say where they came from.</summary>
internal sealed record DemandProposal(IReadOnlyList<DemandDraft> Lines, string Basis);

/// <summary>
/// Where the airlift page takes its demand from. The seam exists so that the Supplies needs model (issue 5) can
/// replace <see cref="SituationFiguresDemand"/> with a registration line: it would turn each daily need into a
/// demand line (kilograms to tonnes; medicines, kits and insulin → medical, food and infant formula → food, fuel
/// → fuel, the rest → other).
/// </summary>
internal interface IAirliftDemandSource
{
    /// <returns>Null when the situation is not recorded or has no population figure.</returns>
    Task<DemandProposal?> ForAsync(string situationId, CancellationToken cancel);
}

/// <summary>
/// Demand from a situation's own sourced figures: its population × the WFP basket and the IEHK kit, and the rest of
/// its pre-blockade daily inflow (<see cref="SourcedDemand"/>).
/// </summary>
internal sealed class SituationFiguresDemand(SituationQueries situations) : IAirliftDemandSource
{
    public async Task<DemandProposal?> ForAsync(string situationId, CancellationToken cancel)
    {
        if (await situations.FindAsync(situationId, cancel) is not { } situation
            || !situation.Figures.TryGetValue(SituationFigure.Population, out var population))
        {
            return null;
        }
        situation.Figures.TryGetValue(SituationFigure.BaselineInflowTonnesPerDay, out var inflow);
        var populationSource = $"{situation.Name}: population, sources {string.Join(", ", population.Sources)}";
        var inflowSource = inflow is null ? null : $"{situation.Name}: baseline inflow, sources {string.Join(", ", inflow.Sources)}";
        var lines = SourcedDemand.For(population.Value, populationSource, inflow?.Value, inflowSource);
        return new DemandProposal(lines,
            $"From the figures of {situation.Name}: {population.Value:N0} people" + (inflow is null ? "" : $", {inflow.Value:N0} t a day before the blockade") + ".");
    }
}
