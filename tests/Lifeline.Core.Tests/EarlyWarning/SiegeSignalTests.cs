using Lifeline.Core.EarlyWarning;
using Lifeline.Core.Situations;
using Lifeline.Core.Sources;
using Lifeline.Core.Supplies;
using static Lifeline.Core.Tests.EarlyWarning.EarlyWarningBuilders;

namespace Lifeline.Core.Tests.EarlyWarning;

/// <summary>
/// The signals that follow a siege as it deepens and after it breaks: total blockade, the needs gap, deaths, attacks,
/// displacement, third-party warnings and a failing international response.
/// </summary>
public sealed class SiegeSignalTests
{
    private static readonly DateOnly Start = new(2022, 12, 12);

    private static IReadOnlyList<RiskDay> Series(RecordDigest digest, int days, IReadOnlyList<Assessment>? assessments = null) =>
        RiskSeries.Compute(digest, assessments ?? [], SignalSettings.Default, Start, Start.AddDays(days));

    private static double Value(RiskDay day, string subject)
    {
        var id = IndicatorId.Parse(subject);
        var factor = day.Factors[id.Factor - 1];
        return id.IsWholeFactor ? factor.Value : factor.Subjects.SingleOrDefault(s => s.Subject == id)?.Value ?? 0;
    }

    private static bool Has(RiskDay day, SignalKind kind) => day.Factors.SelectMany(f => f.Subjects).SelectMany(s => s.Signals).Any(s => s.Kind == kind);

    [Fact]
    public void TotalBlockade_StartsAfterAWeekClosedToEveryone_NotWhenHumanitarianTrafficPasses()
    {
        var closed = Series(Digest(changes: [Corridor(Start, CorridorStatus.Closed)]), 40);
        var humanitarian = Series(Digest(changes: [Corridor(Start, CorridorStatus.HumanitarianOnly)]), 40);

        Assert.False(Has(closed[5], SignalKind.TotalBlockade));
        Assert.True(Has(closed[6], SignalKind.TotalBlockade));
        Assert.Equal(1, Value(closed[40], "14"));
        Assert.DoesNotContain(humanitarian, d => Has(d, SignalKind.TotalBlockade));
    }

    [Fact]
    public void NeedsGap_CountsTheDaysTheRouteIsClosed_AndInformsFactor11()
    {
        // 100 t needed a day, 20 t delivered: 80 % not delivered over the closed days.
        var supply = Enumerable.Range(0, 61).Select(d => new DailySupply(Start.AddDays(d), 100_000, 20_000, true)).ToList();
        var closed = Series(Digest(changes: [Corridor(Start, CorridorStatus.HumanitarianOnly)]) with { Supply = supply }, 60);
        var open = Series(Digest() with { Supply = supply }, 60);

        Assert.Equal(0.8, Value(closed[60], "11"), 3);
        Assert.Equal(0.8, Value(closed[60], "7.10"), 3);
        Assert.DoesNotContain(open, d => Has(d, SignalKind.NeedsGap));
    }

    [Fact]
    public void NeedsGap_WithNoDeliveryRecorded_SaysNothing()
    {
        var supply = Enumerable.Range(0, 31).Select(d => new DailySupply(Start.AddDays(d), 100_000, 0, false)).ToList();

        var series = Series(Digest(changes: [Corridor(Start, CorridorStatus.HumanitarianOnly)]) with { Supply = supply }, 30);

        Assert.DoesNotContain(series, d => Has(d, SignalKind.NeedsGap));
    }

    [Fact]
    public void NeedsGap_FromTheSupplyRecord_IsNeedAgainstDeliveriesOverTheirDays()
    {
        var setting = new SupplySetting("test", Start, null,
            new PopulationProfile(new Dictionary<PopulationGroup, long> { [PopulationGroup.Everyone] = 10_000 }), ["src"], null, [], new EnergyConditions());
        var delivery = new ObservationVersion("test", "d1", 1, new SupplyObservation(
            ObservationKind.Delivery, Start, DatePrecision.Day, Start.AddDays(9), SupplyStandards.MixedCargo, ObservedAmount.Exactly(10_000, AmountUnit.Kilogram),
            null, null, "main", [Carrier.Icrc], DeliveryOutcome.Delivered, null, null, null, null, null, null, null, false, null, null, [], null, null, null, null, null, null, null, ["src"], null),
            new Core.Events.Recording(DateTimeOffset.UnixEpoch, "tester", "test"));

        var days = SupplyGap.Daily(setting, [delivery], Start, Start.AddDays(11));

        Assert.Equal(12, days.Count);
        Assert.All(days.Take(10), d => Assert.Equal(1_000, d.DeliveredKg, 6));
        Assert.Equal(0, days[11].DeliveredKg);
        // The WFP basket (555 g of food) and the health kit, for 10,000 people.
        Assert.Equal(10_000 * (0.555 + 1250.0 / 10_000 / 91.25), days[0].NeedKg, 3);
        Assert.All(days, d => Assert.True(d.DeliveriesRecorded));
    }

    [Fact]
    public void ArmedAttack_InformsFactor1And8_1_AndDoesNotFadeWithTime()
    {
        var series = Series(Digest(counts: [new DailyCount(Start.AddDays(10), "armed-clash", 1, 27)]), 200);

        Assert.Equal(0, Value(series[9], "1"));
        Assert.Equal(1, Value(series[10], "1"));
        Assert.Equal(1, Value(series[10], "8.1"));
        Assert.Equal(1, Value(series[200], "1"));
    }

    [Fact]
    public void ArmedAttack_FactorFallsOnlyWhenAnAnalystSaysTheThreatEnded()
    {
        var attack = Digest(counts: [new DailyCount(Start.AddDays(10), "armed-clash", 1, 0)]);
        var ended = Assess("1", Start.AddDays(50), IndicatorStatus.Absent, Confidence.High);

        var series = Series(attack, 60, [ended]);

        Assert.Equal(1, Value(series[49], "1"));
        Assert.Equal(0, Value(series[50], "1"));
    }

    [Fact]
    public void MilitaryBuildUp_InformsFactor1And7_3()
    {
        var series = Series(Digest(counts: [new DailyCount(Start.AddDays(5), "headquarters-or-base-established", 1, 0)]), 30);

        Assert.Equal(0, Value(series[4], "1"));
        Assert.Equal(1, Value(series[5], "1"));
        Assert.Equal(1, Value(series[30], "7.3"));
    }

    [Fact]
    public void SiegeDeaths_InformFactor2And7_8()
    {
        var series = Series(Digest(counts: [new DailyCount(Start.AddDays(20), "siege-death", 1, 1)]), 40);

        Assert.Equal(0, Value(series[19], "2"));
        Assert.Equal(1, Value(series[20], "2"));
        Assert.Equal(1, Value(series[40], "7.8"));
    }

    [Fact]
    public void RouteOpenedForPeopleLeaving_KeepsTheClosureAndTheLevel()
    {
        // Closed to civilians from day 0; people displaced on day 100; the route opens (restricted) on day 101.
        var leaving = Digest(
            changes: [Corridor(Start, CorridorStatus.HumanitarianOnly), Corridor(Start.AddDays(101), CorridorStatus.Restricted, 1)],
            counts: [new DailyCount(Start.AddDays(100), "displacement", 1, 0)]);
        // The same closure lifted with nobody displaced.
        var lifted = Digest(changes: [Corridor(Start, CorridorStatus.HumanitarianOnly), Corridor(Start.AddDays(101), CorridorStatus.Open, 1)]);

        var exodus = Series(leaving, 160);
        var reopened = Series(lifted, 160);

        Assert.Equal(1, Value(exodus[160], "13.8"));
        Assert.Equal(1, Value(exodus[160], "11"));
        Assert.True(exodus[160].Level >= exodus[100].Level, $"level {exodus[160].Level} after the exodus, {exodus[100].Level} on the day of the displacement");
        Assert.Contains("held", string.Join(" ", exodus[130].Factors[12].Subjects.SelectMany(s => s.Signals).Select(s => s.Data)), StringComparison.Ordinal);
        Assert.Equal(0, Value(reopened[120], "13.8"));
    }

    [Fact]
    public void RouteOpenedLongAfterADisplacement_EndsTheClosure()
    {
        var digest = Digest(
            changes: [Corridor(Start, CorridorStatus.HumanitarianOnly), Corridor(Start.AddDays(60), CorridorStatus.Open, 1)],
            counts: [new DailyCount(Start.AddDays(20), "displacement", 1, 0)]);

        var series = Series(digest, 80);

        Assert.Equal(0, Value(series[70], "13.8"));
    }

    [Fact]
    public void ResponseFailing_CountsCourtStepsAndCouncilMeetings_ThirtyDaysOnWithTheRouteClosed()
    {
        var digest = Digest(changes: [Corridor(Start, CorridorStatus.HumanitarianOnly)]) with
        {
            Steps = [new ResponseStep(Start.AddDays(9), ResponseKind.CourtStep, "order")],
        };

        var series = Series(digest, 60);

        Assert.Equal(0, Value(series[38], "6"));
        Assert.Equal(1, Value(series[39], "6"));
    }

    [Fact]
    public void ResponseFailing_StepsWhileTheRouteIsOpen_CountNothing()
    {
        var digest = Digest() with { Steps = [new ResponseStep(Start.AddDays(1), ResponseKind.CouncilMeeting, "meeting")] };

        Assert.All(Series(digest, 60), d => Assert.Equal(0, Value(d, "6")));
    }

    [Theory]
    [InlineData(SourceReliability.B, InformationCredibility.ProbablyTrue, 1.0)]
    [InlineData(SourceReliability.C, InformationCredibility.ProbablyTrue, 2.0 / 3)]
    [InlineData(SourceReliability.F, InformationCredibility.CannotBeJudged, 1.0 / 3)]
    [InlineData(SourceReliability.E, InformationCredibility.ProbablyTrue, 0)]
    [InlineData(SourceReliability.A, InformationCredibility.Doubtful, 0)]
    public void Warning_InformsWhatItNames_FromTheDayItWasKnown_WeightedByItsGrade(SourceReliability reliability, InformationCredibility credibility, double expected)
    {
        var warning = new ThirdPartyWarning(Start.AddDays(30), "Prevention body", WarningBody.GenocidePreventionBody, "Genocide Emergency",
            [IndicatorId.WholeFactor(10)], new AdmiraltyGrade(reliability, credibility), null);

        var series = Series(Digest() with { Warnings = [warning] }, 40);

        Assert.Equal(0, Value(series[29], "10"));
        Assert.Equal(expected, Value(series[30], "10"), 3);
        Assert.Equal(expected, Value(series[40], "10"), 3);
    }

    [Fact]
    public void Warning_ByABodyNotCounted_InformsNothing()
    {
        var expert = new ThirdPartyWarning(Start, "An expert", WarningBody.IndependentExpert, "It is genocide", [IndicatorId.WholeFactor(10)], AdmiraltyGrade.Ungraded, null);

        var series = Series(Digest() with { Warnings = [expert] }, 10);
        var counted = RiskSeries.Compute(Digest() with { Warnings = [expert] }, [], SignalSettings.Default with { WarningBodies = ["independent-expert"] }, Start, Start.AddDays(10));

        Assert.Equal(0, Value(series[10], "10"));
        Assert.Equal(1.0 / 3, Value(counted[10], "10"), 3);
    }

    /// <summary>
    /// A calm siege (the route open, food and medicine arriving as needed, no attacks, no deaths, no warnings) stays at
    /// level 2 or below whatever else the record holds: statements, reports, convoys, evacuations, court steps and
    /// council meetings, short restrictions of the route.
    /// </summary>
    [Fact]
    public void CalmSiege_AnyRecord_StaysAtLevelTwoOrBelow()
    {
        var random = new Random(2024);
        string[] calm = ["statement", "report", "convoy-passed", "medical-evacuation", "peaceful-protest", "agreement", "rationing-measure", "legal-step"];
        for (var trial = 0; trial < 50; trial++)
        {
            var changes = new List<StatusChange>();
            var counts = new List<DailyCount>();
            var steps = new List<ResponseStep>();
            for (var i = 0; i < 60; i++)
            {
                var date = Start.AddDays(random.Next(0, 365));
                switch (random.Next(4))
                {
                    case 0:
                        changes.Add(Corridor(date, random.Next(2) == 0 ? CorridorStatus.Restricted : CorridorStatus.Open, i));
                        break;
                    case 1:
                        steps.Add(new ResponseStep(date, (ResponseKind)random.Next(2), $"s{i}"));
                        break;
                    default:
                        counts.Add(new DailyCount(date, calm[random.Next(calm.Length)], random.Next(1, 5), 0));
                        break;
                }
            }
            var supply = Enumerable.Range(0, 366).Select(d => new DailySupply(Start.AddDays(d), 60_000, 60_000 * (0.9 + random.NextDouble() * 0.3), true)).ToList();
            var digest = Digest(changes, counts) with { Steps = steps, Supply = supply };

            var series = RiskSeries.Compute(digest, [], SignalSettings.Default, Start, Start.AddDays(365));

            var worst = series.MaxBy(d => d.Level)!;
            Assert.True(worst.Level <= 2, $"trial {trial}: level {worst.Level} on {worst.Date}, score {worst.Score}");
        }
    }

    [Fact]
    public void Headline_SaysTheLevelTheTrendAndTheThreeDrivers()
    {
        var digest = Digest(
            changes: [Corridor(Start, CorridorStatus.HumanitarianOnly), Corridor(Start.AddDays(40), CorridorStatus.Closed, 1)],
            counts: [new DailyCount(Start.AddDays(45), "armed-clash", 1, 0)]);
        var series = Series(digest, 60);

        var rising = RiskHeadline.Of(series, Catalogue);
        var steady = RiskHeadline.Of(Series(Digest(changes: [Corridor(Start, CorridorStatus.HumanitarianOnly)]), 200), Catalogue);
        var falling = RiskHeadline.Of(Series(Digest(changes: [Corridor(Start, CorridorStatus.Closed), Corridor(Start.AddDays(50), CorridorStatus.Open, 1)]), 80), Catalogue);

        Assert.Equal(RiskTrend.Rising, rising.Trend);
        Assert.Equal(Start.AddDays(30), rising.BeforeDate);
        Assert.Equal(3, rising.Drivers.Count);
        Assert.Equal(rising.Drivers.OrderByDescending(d => d.Points).Select(d => d.Factor), rising.Drivers.Select(d => d.Factor));
        Assert.Contains("level", rising.Sentence(), StringComparison.Ordinal);
        Assert.Contains(rising.Drivers[0].Title, rising.Sentence(), StringComparison.Ordinal);
        Assert.Equal(RiskTrend.Steady, steady.Trend);
        Assert.Equal(RiskTrend.Falling, falling.Trend);
    }
}
