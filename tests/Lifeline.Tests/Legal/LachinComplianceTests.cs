using Lifeline.Core.Legal;
using Lifeline.Legal;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Legal;

/// <summary>The ICJ's order of 22 Feb 2023 over the built-in Lachin record, against what the timeline sheet says of the road.</summary>
public sealed class LachinComplianceTests
{
    private static readonly DateOnly OrderDay = new(2023, 2, 22);
    private static readonly DateOnly Offensive = new(2023, 9, 19);

    private static async Task<(ComplianceSummary Icj, ComplianceSummary Ecthr)> Compute()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var cancel = TestContext.Current.CancellationToken;
        var situation = seeded.Db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery()
            .Single(s => s.Id == Scenarios.Default).ToDomain();
        var records = await LegalComputation.RecordsAsync(seeded.Db, Scenarios.Default, cancel);
        var obligations = records.Obligations.Where(o => o.Id is "icj-unimpeded-movement" or "ecthr-safe-passage").OrderBy(o => o.Id).ToList();
        var events = seeded.Db.Events.AsNoTracking().Where(e => e.SituationId == Scenarios.Default);
        var summaries = await LegalComputation.ComplianceAsync(events, situation, records, obligations, OrderDay, Offensive, DateOnly.FromDateTime(LifelineServer.Now.UtcDateTime), cancel);
        return (summaries[1], summaries[0]);
    }

    private static IEnumerable<DateOnly> Days(DateOnly first, DateOnly last)
    {
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            yield return d;
        }
    }

    [Fact]
    public async Task IcjOrder_NotCompliedOnTheDaysTheSheetSaysTheRoadWasClosed()
    {
        var (icj, _) = await Compute();
        var byDate = icj.Days.ToDictionary(d => d.Date);
        // lachin-2022-timeline.md: "14–15 Jun 2023 Total closure, ICRC included" until ICRC transfers resume on 25 Jun
        // (26 Jun per Azerbaijan's border service); "11 Jul 2023 Azerbaijan's SBS suspends crossings" until ICRC
        // evacuations pass again on 25 Jul.
        var closed = Days(new DateOnly(2023, 6, 15), new DateOnly(2023, 6, 24)).Concat(Days(new DateOnly(2023, 7, 11), new DateOnly(2023, 7, 24)));
        Assert.All(closed, day =>
        {
            Assert.Equal(ComplianceState.NotComplied, byDate[day].State);
            Assert.Contains("closed", byDate[day].Reason, StringComparison.Ordinal);
            Assert.NotEmpty(byDate[day].DecidingEvents);
        });
    }

    [Fact]
    public async Task IcjOrder_NeverCompliedFromTheOrderToTheOffensive_ToldTwice()
    {
        var (icj, _) = await Compute();
        Assert.Equal((OrderDay, Offensive), (icj.From, icj.To));
        Assert.Equal(0, icj.DaysComplied);
        Assert.Equal(0, icj.DaysUnknown);
        Assert.Equal(Offensive.DayNumber - OrderDay.DayNumber + 1, icj.DaysBreached);
        Assert.Equal(icj.Days.Count, icj.LongestBreach!.Days);
        Assert.Equal(["icj-2023-05-15-request", "icj-2023-07-06-order"], icj.Told.Select(t => t.StepId));
    }

    [Fact]
    public async Task EcthrMeasure_UnknownOnClosedDaysWithoutAnEvacuation_CompliedWhenHumanitarianTrafficPassed()
    {
        var (_, ecthr) = await Compute();
        var byDate = ecthr.Days.ToDictionary(d => d.Date);
        // Closed to the ICRC too, and no evacuation recorded: whether anybody was waiting is not in the record.
        Assert.Equal(ComplianceState.Unknown, byDate[new DateOnly(2023, 6, 20)].State);
        Assert.Equal(ComplianceState.Complied, byDate[new DateOnly(2023, 8, 8)].State);
        Assert.Equal(ComplianceState.Complied, byDate[new DateOnly(2023, 3, 1)].State);
        Assert.Equal(["ecthr-2023-07-12-reminder"], ecthr.Told.Where(t => t.Date >= OrderDay).Select(t => t.StepId));
    }
}
