using Lifeline.Core.EarlyWarning;
using Lifeline.EarlyWarning;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.EarlyWarning;

/// <summary>
/// The built-in Lachin record replayed day by day, each day seeing only what was known on it: the levels the issue of
/// this model asked for (high well before the offensive, very high on it, and kept there while the people left),
/// reached by the documented model and not by tuning (docs/early-warning.md, "Backtest").
/// </summary>
public sealed class LachinBacktestTests
{
    private static readonly DateOnly Start = new(2022, 12, 12);
    private static readonly DateOnly Offensive = new(2023, 9, 19);
    private static readonly DateOnly End = new(2023, 10, 1);

    private static IReadOnlyList<RiskDay> Replay(bool asPublic, bool withAssessments = true, SignalSettings? settings = null)
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var situation = seeded.Db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).AsSplitQuery()
            .Single(s => s.Id == Scenarios.Default).ToDomain();
        var events = seeded.Db.Events.AsNoTracking().Where(e => e.SituationId == Scenarios.Default && (!asPublic || e.Stage == "published"));
        return RiskComputation.ComputeAsync(seeded.Db, events, situation, EarlyWarningCatalogue.Instance.Catalogue, settings ?? SignalSettings.Default,
            Start, End, withSupplies: !asPublic, withAssessments).GetAwaiter().GetResult().Series;
    }

    private static int Level(IReadOnlyList<RiskDay> series, DateOnly day) => series.Single(d => d.Date == day).Level;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lachin_AsKnownEachDay_IsHighByJune_VeryHighOnTheOffensive_AndStaysThereThroughTheExodus(bool asPublic)
    {
        var series = Replay(asPublic);

        Assert.True(Level(series, new DateOnly(2023, 6, 1)) >= 4, $"level {Level(series, new DateOnly(2023, 6, 1))} on 1 Jun 2023");
        Assert.All(series.Where(d => d.Date >= new DateOnly(2023, 6, 1) && d.Date < Offensive), d => Assert.True(d.Level >= 4, $"level {d.Level} on {d.Date}"));
        Assert.All(series.Where(d => d.Date >= Offensive), d => Assert.Equal(5, d.Level));
    }

    [Fact]
    public void Lachin_OnTheOffensive_Factor1IsPresent_ThoughTheAttacksFiguresAreDisputed()
    {
        var series = Replay(asPublic: true);

        var day = series.Single(d => d.Date == Offensive);
        Assert.True(day.Factors[0].Present);
        Assert.Contains(day.Factors[0].Subjects.SelectMany(s => s.Signals), s => s.Kind == SignalKind.ArmedAttack);
    }

    [Fact]
    public void Lachin_SignalsAlone_WithoutAnyAssessment_AlsoReachLevelFiveOnTheOffensive()
    {
        var series = Replay(asPublic: true, withAssessments: false);

        Assert.Equal(5, Level(series, Offensive));
        Assert.Equal(5, Level(series, End));
    }
}
