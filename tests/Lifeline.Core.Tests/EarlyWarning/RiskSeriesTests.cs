using Lifeline.Core.EarlyWarning;
using Lifeline.Core.Situations;
using static Lifeline.Core.Tests.EarlyWarning.EarlyWarningBuilders;

namespace Lifeline.Core.Tests.EarlyWarning;

public sealed class RiskSeriesTests
{
    private static readonly DateOnly Start = new(2022, 12, 12);

    [Fact]
    public void Compute_NothingRecorded_IsLevelOneEveryDay()
    {
        var series = RiskSeries.Compute(Digest(), [], SignalSettings.Default, Start, Start.AddDays(20));

        Assert.Equal(21, series.Count);
        Assert.All(series, d => Assert.Equal(1, d.Level));
        Assert.All(series, d => Assert.Equal(0, d.Score));
        Assert.All(series, d => Assert.Equal(14, d.Factors.Count));
    }

    [Fact]
    public void Compute_CorridorClosed_SignalStartsAfterThresholdAndGrowsWithDuration()
    {
        var digest = Digest(changes: [Corridor(Start, CorridorStatus.HumanitarianOnly)]);

        var series = RiskSeries.Compute(digest, [], SignalSettings.Default, Start, Start.AddDays(40));

        double CorridorValue(int day) => series[day].Factors[12].Subjects.SingleOrDefault(s => s.Subject == new IndicatorId(13, 8))?.Value ?? 0;
        Assert.Equal(0, CorridorValue(5));
        Assert.Equal(7.0 / 30, CorridorValue(6), 3);
        Assert.Equal(1, CorridorValue(35));
        Assert.True(series[40].Score > series[6].Score);
        Assert.Equal(0.5, series[0].Factors[6].Subjects.Single(s => s.Subject == new IndicatorId(7, 7)).Value);
    }

    [Fact]
    public void Compute_Contributions_AddUpToTheScore()
    {
        var digest = Digest(
            changes: [Corridor(Start, CorridorStatus.Closed), Utility(Start.AddDays(1), Core.Situations.Utility.Gas, UtilityStatus.Cut)]) with
        {
            Steps = [new ResponseStep(Start.AddDays(2), ResponseKind.CourtStep, "order")],
        };

        var day = RiskSeries.Compute(digest, [], SignalSettings.Default, Start, Start.AddDays(60))[^1];

        Assert.Equal(day.Score, Math.Round(100 * day.Factors.Sum(f => f.Points) / RiskModel.MaxPoints, 2), 2);
        Assert.Equal(RiskModel.LevelOf(day.Score), day.Level);
        Assert.True(day.Factors[5].Present, "the court step followed by 30+ days of closure informs factor 6");
        Assert.All(day.Factors.SelectMany(f => f.Subjects).Where(s => s.Value > 0), s => Assert.NotEmpty(s.Signals));
    }

    [Fact]
    public void Compute_AssessmentPresent_CountsFromItsDateWithItsConfidence()
    {
        var assessment = Assess("10", Start.AddDays(5), IndicatorStatus.Present, Confidence.High);

        var series = RiskSeries.Compute(Digest(), [assessment], SignalSettings.Default, Start, Start.AddDays(10));

        Assert.False(series[4].Factors[9].Present);
        Assert.True(series[5].Factors[9].Present);
        Assert.Equal(2, series[5].Factors[9].Points);
        Assert.Equal("assessment", series[5].Factors[9].Subjects.Single().DecidedBy);
        Assert.Equal(10, series[5].Score);
    }

    [Fact]
    public void Compute_AssessmentAbsent_OverridesTheSignal()
    {
        var digest = Digest(changes: [Corridor(Start, CorridorStatus.HumanitarianOnly)]);
        var absent = Assess("7.7", Start.AddDays(3), IndicatorStatus.Absent, Confidence.High);

        var series = RiskSeries.Compute(digest, [absent], SignalSettings.Default, Start, Start.AddDays(5));

        var before = series[2].Factors[6].Subjects.Single(s => s.Subject == new IndicatorId(7, 7));
        var after = series[3].Factors[6].Subjects.Single(s => s.Subject == new IndicatorId(7, 7));
        Assert.Equal(0.5, before.Value);
        Assert.Equal(0, after.Value);
        Assert.Equal("assessment", after.DecidedBy);
        Assert.NotEmpty(after.Signals);
    }

    [Fact]
    public void Compute_LaterAssessmentOfTheSameSubject_ReplacesTheEarlier()
    {
        var first = Assess("10", Start, IndicatorStatus.Present, Confidence.High, "a1");
        var second = Assess("10", Start.AddDays(2), IndicatorStatus.Absent, Confidence.High, "a2");

        var series = RiskSeries.Compute(Digest(), [second, first], SignalSettings.Default, Start, Start.AddDays(3));

        Assert.True(series[1].Factors[9].Present);
        Assert.False(series[2].Factors[9].Present);
    }

    /// <summary>
    /// No look-ahead: for random records and every day, the day computed over the whole record equals the day
    /// computed from only what was dated on or before it.
    /// </summary>
    [Fact]
    public void Compute_AnyRecord_EachDayDependsOnlyOnWhatWasKnownThatDay()
    {
        var random = new Random(20221212);
        var types = new[] { "convoy-turned-back", "legal-step", "attack", "statement", "report", "armed-clash", "displacement", "siege-death", "headquarters-or-base-established" };
        for (var trial = 0; trial < 25; trial++)
        {
            var changes = new List<StatusChange>();
            var counts = new List<DailyCount>();
            var supplies = new List<SupplyOutlook>();
            var assessments = new List<Assessment>();
            var steps = new List<ResponseStep>();
            var warnings = new List<ThirdPartyWarning>();
            for (var i = 0; i < 40; i++)
            {
                var date = Start.AddDays(random.Next(-20, 120));
                switch (random.Next(7))
                {
                    case 5:
                        steps.Add(new ResponseStep(date, (ResponseKind)random.Next(2), $"s{i}"));
                        break;
                    case 6:
                        warnings.Add(new ThirdPartyWarning(date, $"body {i}", (WarningBody)random.Next(4), "warning",
                            [Catalogue.SiegeRelevant[random.Next(Catalogue.SiegeRelevant.Count)].Subject, IndicatorId.WholeFactor(random.Next(9, 13))],
                            Core.Sources.AdmiraltyGrade.Ungraded, null));
                        break;
                    case 0:
                        changes.Add(Corridor(date, (CorridorStatus)random.Next(4), i));
                        break;
                    case 1:
                        changes.Add(Utility(date, (Core.Situations.Utility)random.Next(4), (UtilityStatus)random.Next(3), i));
                        break;
                    case 2:
                        counts.Add(new DailyCount(date, types[random.Next(types.Length)], random.Next(1, 4), random.Next(0, 3)));
                        break;
                    case 3:
                        supplies.Add(new SupplyOutlook(date, random.Next(2) == 0 ? "flour" : "insulin", random.NextDouble() * 30));
                        break;
                    default:
                        var subject = Catalogue.SiegeRelevant[random.Next(Catalogue.SiegeRelevant.Count)].Subject;
                        assessments.Add(Assess(subject.ToString(), date, (IndicatorStatus)random.Next(3), (Confidence)random.Next(3), $"a{i}"));
                        break;
                }
            }
            var supply = Enumerable.Range(-20, 141).Select(d => new DailySupply(Start.AddDays(d), 1000, random.NextDouble() * 600, d > 0)).ToList();
            var digest = Digest(changes, counts, supplies) with { Steps = steps, Warnings = warnings, Supply = supply };
            var from = Start;
            var to = Start.AddDays(100);
            var whole = RiskSeries.Compute(digest, assessments, SignalSettings.Default, from, to);
            for (var day = from; day <= to; day = day.AddDays(7))
            {
                var known = RiskSeries.Compute(digest.AsKnownOn(day), RiskSeries.AsKnownOn(assessments, day), SignalSettings.Default, day, day).Single();
                var full = whole[day.DayNumber - from.DayNumber];
                Assert.Equal(Describe(full), Describe(known));
            }
        }
    }

    [Fact]
    public void Alerts_LevelRiseAndFirstPresence_AreReportedOnceWithStableIds()
    {
        var digest = Digest(changes: [Corridor(Start, CorridorStatus.HumanitarianOnly), Utility(Start.AddDays(1), Core.Situations.Utility.Gas, UtilityStatus.Cut)]);
        var series = RiskSeries.Compute(digest, [], SignalSettings.Default, Start, Start.AddDays(60));

        var alerts = RiskAlerts.Detect(series, RiskAlerts.KeySubjects(Catalogue), Catalogue);
        var again = RiskAlerts.Detect(series, RiskAlerts.KeySubjects(Catalogue), Catalogue);

        Assert.Equal(alerts.Select(a => a.Id), again.Select(a => a.Id));
        Assert.Contains(alerts, a => a.Kind == AlertKind.LevelRose && a.Date == Start && a.Level == 2);
        Assert.Single(alerts, a => a.Subject == new IndicatorId(7, 11));
        Assert.Equal(alerts.Count, alerts.Select(a => a.Id).Distinct().Count());
        Assert.All(alerts.Where(a => a.Kind == AlertKind.LevelRose), a => Assert.True(a.Level > a.PreviousLevel));
    }

    private static string Describe(RiskDay day) =>
        $"{day.Date} {day.Level} {day.Score} " + string.Join("|", day.Factors.Select(f =>
            $"{f.Factor}:{f.Value}:" + string.Join(",", f.Subjects.Select(s => $"{s.Subject}={s.Value}/{s.DecidedBy}/{string.Join(";", s.Signals.Select(g => g.Data))}"))));
}
