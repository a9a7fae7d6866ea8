using Lifeline.Core.Situations;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Situations;

/// <summary>The built-in Lachin scenario, loaded into each engine, answers the questions the first page asks.</summary>
public sealed class ScenarioTests
{
    private static readonly DateOnly Day100 = new(2023, 3, 21);

    private static SituationQueries Queries(Seeded seeded) => seeded.As().Situations;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Load_Lachin_HasTheSourcedPopulationFigures(string provider)
    {
        using var seeded = new Seeded(provider);
        var situation = (await Queries(seeded).FindAsync(Scenarios.Default, TestContext.Current.CancellationToken))!;
        Assert.Equal(new DateOnly(2022, 12, 12), situation.StartDate);
        Assert.Equal(120_000, situation.Figures[SituationFigure.Population].Value);
        Assert.Equal("over", situation.Figures[SituationFigure.Population].Qualifier);
        Assert.Equal(30_000, situation.Figures[SituationFigure.Children].Value);
        Assert.Equal(1_100, situation.Figures[SituationFigure.StrandedOutside].Value);
        Assert.Equal(270, situation.Figures[SituationFigure.StrandedChildren].Value);
        Assert.Equal(400, situation.Figures[SituationFigure.BaselineInflowTonnesPerDay].Value);
        Assert.All(situation.Figures.Values, f => Assert.NotEmpty(f.Sources));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Load_Lachin_HasAtLeastNinetySourcedEvents(string provider)
    {
        using var seeded = new Seeded(provider);
        Assert.True(seeded.Db.Events.Count() >= 90);
        Assert.All(seeded.Db.Events.ToList(), e => Assert.NotEmpty(e.Sources));
        Assert.Equal(seeded.Db.Events.Count(), seeded.Db.EventVersions.Count());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Load_Lachin_HasTheGazetteerInThreeScripts(string provider)
    {
        using var seeded = new Seeded(provider);
        var places = await seeded.As().Events.PlacesAsync(Scenarios.Default, TestContext.Current.CancellationToken);
        string[] required = ["stepanakert", "shushi", "berdzor", "aghavno", "goris", "kornidzor", "hakari-bridge", "karin-tak", "yerevan", "stepanakert-airport"];
        Assert.All(required, id => Assert.True(places.ContainsKey(id), id));
        Assert.Equal("Ստեփանակերտ", places["stepanakert"].Names["hy"]);
        Assert.Equal("Степанакерт", places["stepanakert"].Names["ru"]);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dashboard_21March2023_IsDay100WithOnlyHumanitarianTraffic(string provider)
    {
        using var seeded = new Seeded(provider);
        var dashboard = (await Queries(seeded).DashboardAsync(Scenarios.Default, Day100, TestContext.Current.CancellationToken))!;
        Assert.Equal(100, dashboard.Day.Number);
        Assert.Equal(CorridorStatus.HumanitarianOnly, dashboard.Status.Routes["lachin-corridor"]);
        Assert.NotEmpty(dashboard.LatestEvents);
        Assert.All(dashboard.LatestEvents, e => Assert.True(e.Date <= Day100));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dashboard_NoDatePicked_ShowsTheLastDayOfTheRecord(string provider)
    {
        using var seeded = new Seeded(provider);
        var queries = Queries(seeded);
        var dashboard = (await queries.DashboardAsync(Scenarios.Default, null, TestContext.Current.CancellationToken))!;
        Assert.Equal(new DateOnly(2023, 10, 1), dashboard.Date);
        Assert.Equal(294, dashboard.Day.Number);
        // The dashboard draws the day's month and the one before (1 September to 1 October); the calendar page every day.
        Assert.Equal(31, dashboard.Calendar.Count);
        Assert.Equal(new DateOnly(2023, 9, 1), dashboard.Calendar[0].Date);
        var situation = (await queries.FindAsync(Scenarios.Default, TestContext.Current.CancellationToken))!;
        Assert.Equal(294, (await queries.CalendarAsync(situation, situation.StartDate, new DateOnly(2023, 10, 1), TestContext.Current.CancellationToken)).Count);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Calendar_FollowsTheRecordedEvents(string provider)
    {
        using var seeded = new Seeded(provider);
        var queries = Queries(seeded);
        var situation = (await queries.FindAsync(Scenarios.Default, TestContext.Current.CancellationToken))!;
        var days = (await queries.CalendarAsync(situation, new DateOnly(2022, 12, 1), new DateOnly(2023, 7, 1), TestContext.Current.CancellationToken)).ToDictionary(d => d.Date);
        // Before the blockade the road was open; from 12 December only humanitarian movements passed;
        // after the shooting at the Hakari bridge in June even those stopped.
        Assert.Equal(CorridorStatus.Open, days[new DateOnly(2022, 12, 1)].Routes["lachin-corridor"]);
        Assert.Equal(CorridorStatus.Closed, days[new DateOnly(2022, 12, 3)].Routes["lachin-corridor"]);
        Assert.Equal(CorridorStatus.Open, days[new DateOnly(2022, 12, 5)].Routes["lachin-corridor"]);
        Assert.Equal(CorridorStatus.HumanitarianOnly, days[new DateOnly(2022, 12, 20)].Routes["lachin-corridor"]);
        Assert.Equal(CorridorStatus.Closed, days[new DateOnly(2023, 6, 20)].Routes["lachin-corridor"]);
        // Gas: cut on the evening of 13 December, back on the 16th.
        Assert.Equal(UtilityStatus.Available, days[new DateOnly(2022, 12, 12)].Utilities[Utility.Gas]);
        Assert.Equal(UtilityStatus.Cut, days[new DateOnly(2022, 12, 14)].Utilities[Utility.Gas]);
        Assert.Equal(UtilityStatus.Available, days[new DateOnly(2022, 12, 17)].Utilities[Utility.Gas]);
        // Electricity: the only line from Armenia was damaged on 9 January 2023.
        Assert.NotEqual(UtilityStatus.Available, days[new DateOnly(2023, 1, 20)].Utilities[Utility.Electricity]);
        // No source states the Aghdam road's state before its first event, nor anything about water: unknown.
        Assert.Equal(CorridorStatus.Unknown, days[new DateOnly(2023, 3, 21)].Routes["aghdam-road"]);
        Assert.Equal(UtilityStatus.Unknown, days[new DateOnly(2023, 3, 21)].Utilities[Utility.Water]);
        // The open road before 12 December is the baseline the situation declares, with its sources (stored on each engine).
        Assert.Contains("forrights-am-2022-12-21-400-tons", situation.Routes[0].Baseline!.Sources);
        Assert.Equal(UtilityStatus.Available, situation.UtilityBaselines[Utility.Gas].Status);
    }
}
