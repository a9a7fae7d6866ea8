using Lifeline.Core.Events;
using Lifeline.Core.Supplies;

namespace Lifeline.Core.Tests.Supplies;

public sealed class SupplyPictureTests
{
    private static readonly DateOnly Start = new(2022, 12, 12);

    private static readonly SupplySetting Setting = new(
        "test", Start, new DateOnly(2023, 10, 1),
        new PopulationProfile(new Dictionary<PopulationGroup, long> { [PopulationGroup.Everyone] = 120_000, [PopulationGroup.Children] = 30_000 }),
        ["src"], 400, ["src"], new EnergyConditions());

    private static readonly ObservationContext Context = new(Start, new DateOnly(2026, 1, 1), new HashSet<string> { "lachin-corridor" }, new HashSet<string> { "src" }, []);

    private static int counter;

    private static ObservationVersion Observe(SupplyObservationDraft draft)
    {
        var (observation, errors) = SupplyObservationValidator.Validate(draft with { Sources = draft.Sources ?? ["src"] }, Context);
        Assert.True(errors.IsEmpty, errors.ToString());
        var n = Interlocked.Increment(ref counter);
        return new ObservationVersion("test", $"o-{n}", 1, observation!, new Recording(DateTimeOffset.UnixEpoch.AddSeconds(n), "tester", "test"));
    }

    private static ObservationVersion Stock(string commodity, double amount, string unit, string date, string? location = null) =>
        Observe(new SupplyObservationDraft { Kind = "stock", Date = date, Commodity = commodity, Amount = amount, Unit = unit, Location = location });

    private static ObservationVersion Delivery(string commodity, double amount, string unit, string date, string? to = null, string carrier = "icrc") =>
        Observe(new SupplyObservationDraft { Kind = "delivery", Date = date, To = to, Commodity = commodity, Amount = amount, Unit = unit, Carriers = [carrier] });

    private static SupplyLine Line(SupplyOutlookReport report, string commodity) => report.Lines.Single(l => l.Commodity.Id == commodity);

    [Fact]
    public void Forecast_WithoutStock_SaysNoStockObservedAndGuessesNothing()
    {
        var report = SupplyPicture.Forecast(Setting, [], new DateOnly(2023, 5, 10), InflowAssumption.Blocked, 1_000, 1);
        var cereal = Line(report, "cereal");
        Assert.Null(cereal.Stock.Stock);
        Assert.Null(cereal.Runway);
        Assert.Equal("no stock observed", cereal.NoRunway);
        Assert.Equal(48_000, cereal.Need!.PerDay.Value, precision: 6);
        Assert.Contains(report.Notes, n => n.Contains("No stock", StringComparison.Ordinal));
    }

    [Fact]
    public void Forecast_ZeroInflow_DepletesAtStockOverConsumption()
    {
        // 480 t of cereal at 48 t a day (400 g × 120,000) lasts 10 days.
        var report = SupplyPicture.Forecast(Setting, [Stock("cereal", 480, "t", "2023-03-01")], new DateOnly(2023, 3, 1), InflowAssumption.Blocked, 1_000, 1);
        var runway = Line(report, "cereal").Runway!;
        Assert.Equal(10, runway.P10Days);
        Assert.Equal(10, runway.P90Days);
        Assert.Equal(new DateOnly(2023, 3, 11), runway.P50Date);
        Assert.True(runway.Alert);
    }

    [Fact]
    public void Forecast_StockCountedEarlier_IsCarriedToTheDay()
    {
        // 480 t counted on 1 March, 96 t delivered on 3 March, 4 days of use (192 t) by 5 March: 384 t left.
        var observations = new[] { Stock("cereal", 480, "t", "2023-03-01"), Delivery("cereal", 96, "t", "2023-03-03") };
        var line = Line(SupplyPicture.Forecast(Setting, observations, new DateOnly(2023, 3, 5), InflowAssumption.Blocked, 100, 1), "cereal");
        Assert.Equal(384_000, line.Stock.Stock!.Value.Likely, precision: 6);
        Assert.Equal(8, line.Runway!.P50Days);
    }

    [Fact]
    public void Forecast_CountsOfSeveralStores_AddUp()
    {
        var observations = new[] { Stock("sugar", 10, "t", "2023-03-01", "warehouse 1"), Stock("sugar", 5, "t", "2023-03-01", "warehouse 2"), Stock("sugar", 7, "t", "2023-02-01", "warehouse 1") };
        var line = Line(SupplyPicture.Forecast(Setting, observations, new DateOnly(2023, 3, 1), InflowAssumption.Blocked, 100, 1), "sugar");
        Assert.Equal(15_000, line.Stock.Stock!.Value.Likely, precision: 6);
    }

    [Fact]
    public void Forecast_StockInLitresOfAKilogramCommodity_IsNotCounted()
    {
        var line = Line(SupplyPicture.Forecast(Setting, [Stock("oil", 2_000, "L", "2023-03-01")], new DateOnly(2023, 3, 1), InflowAssumption.Blocked, 100, 1), "oil");
        Assert.Null(line.Stock.Stock);
        Assert.Contains("not counted", line.Stock.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Forecast_MoreStock_NeverDepletesEarlier()
    {
        var date = new DateOnly(2023, 3, 1);
        var ration = Observe(new SupplyObservationDraft { Kind = "ration", Date = "2023-01-20", Commodity = "cereal", Amount = 3, Unit = "kg", Per = "month" });
        foreach (var seed in new ulong[] { 1, 7, 99 })
        {
            var less = Line(SupplyPicture.Forecast(Setting, [ration, Stock("cereal", 300, "t", "2023-03-01")], date, InflowAssumption.IcrcOnly, 2_000, seed), "cereal").Runway!;
            var more = Line(SupplyPicture.Forecast(Setting, [ration, Stock("cereal", 400, "t", "2023-03-01")], date, InflowAssumption.IcrcOnly, 2_000, seed), "cereal").Runway!;
            Assert.True(more.P10Days >= less.P10Days && more.P50Days >= less.P50Days && more.P90Days >= less.P90Days);
            Assert.True(less.P10Days <= less.P50Days && less.P50Days <= less.P90Days);
        }
    }

    [Fact]
    public void Forecast_SameSeed_SameReport()
    {
        var observations = new[] { Stock("cereal", 300, "t", "2023-03-01"), Delivery("mixed-cargo", 4_623, "t", "2022-12-12", "2023-05-10") };
        var a = SupplyPicture.Forecast(Setting, observations, new DateOnly(2023, 3, 1), InflowAssumption.IcrcOnly, 5_000, 42);
        var b = SupplyPicture.Forecast(Setting, observations, new DateOnly(2023, 3, 1), InflowAssumption.IcrcOnly, 5_000, 42);
        Assert.Equal(a.Lines.Select(l => l.Runway), b.Lines.Select(l => l.Runway));
    }

    [Fact]
    public void Consumption_UnderARation_RangesFromTheRationToTheNeed()
    {
        // Coupons: 3 kg of cereal a person a month = 3 × 120,000 / 30.4375 kg a day; the need is 400 g a person a day.
        var ration = Observe(new SupplyObservationDraft { Kind = "ration", Date = "2023-01-20", Commodity = "cereal", Amount = 3, Unit = "kg", Per = "month" });
        var line = Line(SupplyPicture.Forecast(Setting, [ration], new DateOnly(2023, 3, 1), InflowAssumption.Blocked, 10, 1), "cereal");
        var use = line.Consumption!.PerDay;
        Assert.Equal(3 * 120_000 / SupplyPicture.DaysPerMonth, use.Likely, precision: 6);
        Assert.Equal(use.Likely, use.Low, precision: 6);
        Assert.Equal(48_000, use.High, precision: 6);
        Assert.Contains("ration in force", line.Consumption.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Consumption_RationInLitresOfAKilogramCommodity_IsNotAppliedAndSaysSo()
    {
        var ration = Observe(new SupplyObservationDraft { Kind = "ration", Date = "2023-01-20", Commodity = "oil", Amount = 1, Unit = "L", Per = "month" });
        var line = Line(SupplyPicture.Forecast(Setting, [ration], new DateOnly(2023, 3, 1), InflowAssumption.Blocked, 10, 1), "oil");
        Assert.True(line.Consumption!.PerDay.IsExact);
        Assert.Equal(3_000, line.Consumption.PerDay.Likely, precision: 6);
        Assert.Contains("not applied", line.Consumption.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Consumption_RationOfACommodityWithoutAStandard_IsTheRation()
    {
        // Bread, 200 g a person a day: 24 t a day for 120,000 people.
        var ration = Observe(new SupplyObservationDraft { Kind = "ration", Date = "2023-09-05", Commodity = "bread", Amount = 200, Unit = "g", Per = "day" });
        var line = Line(SupplyPicture.Forecast(Setting, [ration], new DateOnly(2023, 9, 10), InflowAssumption.Blocked, 10, 1), "bread");
        Assert.Null(line.Need);
        Assert.Equal(24_000, line.Consumption!.PerDay.Likely, precision: 6);
    }

    [Fact]
    public void Inflow_IcrcOnly_SpreadsTheAggregateAndSplitsItByNeed()
    {
        // 4,623 t in the first 150 days is 30.82 t a day; cereal is 48 of the 66.76 t a day needed of food and medicine.
        var observations = new[] { Delivery("mixed-cargo", 4_623, "t", "2022-12-12", "2023-05-10") };
        var line = Line(SupplyPicture.Forecast(Setting, observations, new DateOnly(2023, 5, 10), InflowAssumption.IcrcOnly, 10, 1), "cereal");
        var share = 48_000 / (66_600 + 1250.0 / 10_000 / 91.25 * 120_000);
        Assert.Equal(4_623_000.0 / 150 * share, line.Inflow.FirstRate.Likely, precision: 3);
        Assert.True(line.Inflow.FirstRate.IsExact);
    }

    [Fact]
    public void Inflow_IcrcOnly_AfterDeliveriesStopped_RangesDownToZero()
    {
        var observations = new[] { Delivery("mixed-cargo", 4_623, "t", "2022-12-12", "2023-05-10") };
        var rate = Line(SupplyPicture.Forecast(Setting, observations, new DateOnly(2023, 8, 1), InflowAssumption.IcrcOnly, 10, 1), "cereal").Inflow.FirstRate;
        Assert.Equal(0, rate.Low);
        Assert.True(rate.High > 0);
        Assert.True(rate.Uniform);
    }

    [Fact]
    public void Inflow_IcrcOnly_LeavesOutGovernmentConvoys()
    {
        var observations = new[] { Delivery("cereal", 100, "t", "2023-03-01", carrier: "government") };
        var rate = Line(SupplyPicture.Forecast(Setting, observations, new DateOnly(2023, 3, 5), InflowAssumption.IcrcOnly, 10, 1), "cereal").Inflow.FirstRate;
        Assert.Equal(0, rate.High);
    }

    [Fact]
    public void Inflow_Reopened_SplitsTheBaselineByNeed()
    {
        var report = SupplyPicture.Forecast(Setting, [], new DateOnly(2023, 3, 1), InflowAssumption.Reopened, 10, 1);
        var food = report.Lines.Where(l => SupplyPicture.IsFoodOrMedicine(l.Commodity)).Sum(l => l.Inflow.FirstRate.Likely);
        Assert.Equal(400_000, food, precision: 3);
        Assert.Equal(0, Line(report, "water").Inflow.FirstRate.Likely);
    }

    [Fact]
    public void Needs_OverrideInForce_ReplacesTheStandardFromItsDate()
    {
        var raise = Observe(new SupplyObservationDraft { Kind = "rate-override", Date = "2023-02-01", Commodity = "water", Amount = 20, Unit = "L", Reason = "heating" });
        Assert.Equal(1_800_000, SupplyPicture.Needs(Setting, [raise], new DateOnly(2023, 1, 31)).Single(n => n.Commodity.Id == "water").PerDay.Value, precision: 3);
        var after = SupplyPicture.Needs(Setting, [raise], new DateOnly(2023, 2, 1)).Single(n => n.Commodity.Id == "water");
        Assert.Equal(2_400_000, after.PerDay.Value, precision: 3);
        Assert.Contains("heating", after.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Deliveries_AggregateIsSpreadAndComparedWithTheBaseline()
    {
        var observations = new[]
        {
            Delivery("mixed-cargo", 4_623, "t", "2022-12-12", "2023-05-10"),
            Observe(new SupplyObservationDraft { Kind = "delivery", Date = "2023-07-26", Commodity = "mixed-cargo", Low = 361, High = 400, Unit = "t", Carriers = ["government"], Outcome = "stopped" }),
            Observe(new SupplyObservationDraft { Kind = "delivery", Date = "2023-09-12", Commodity = "mixed-cargo", Carriers = ["red-cross"] }),
            Delivery("oil", 375, "L", "2023-09-23"),
        };
        var first150 = DeliveryRecord.Of(Setting, observations, new DateOnly(2023, 5, 10));
        Assert.Equal(150, first150.Days);
        Assert.Equal(4_623_000, first150.DeliveredKilograms, precision: 3);
        Assert.Equal(60_000_000, first150.ExpectedKilograms!.Value, precision: 3);
        Assert.Equal(4_623_000.0 / 150, first150.KilogramsPerDay[0], precision: 6);
        var all = DeliveryRecord.Of(Setting, observations, new DateOnly(2023, 10, 1));
        Assert.Single(all.Stopped);
        Assert.Equal(2, all.Unweighed.Count);
    }

    [Fact]
    public void Prices_ShortSeries_FallsBackToTheChangeFromTheBaseline()
    {
        var observations = new[]
        {
            Observe(new SupplyObservationDraft { Kind = "price", Date = "2022-12", Market = "Nagorno-Karabakh", Item = "potatoes", Low = 300, High = 350, Unit = "kg", Currency = "AMD", Baseline = true }),
            Observe(new SupplyObservationDraft { Kind = "price", Date = "2022-12", Market = "Nagorno-Karabakh", Item = "potatoes", Low = 400, High = 500, Unit = "kg", Currency = "AMD" }),
            Observe(new SupplyObservationDraft { Kind = "price", Date = "2023-07", Market = "Nagorno-Karabakh", Item = "sweets", Factor = 5, ComparedWith = "an earlier price" }),
        };
        var rows = PriceBoard.Of(observations, new DateOnly(2023, 10, 1));
        var potatoes = rows.Single(r => r.Item == "potatoes");
        Assert.False(potatoes.Alps.AlpsApplies);
        Assert.Contains(potatoes.Alps.Insufficient, r => r.Contains("36", StringComparison.Ordinal));
        var change = Assert.Single(potatoes.Changes);
        Assert.Equal(100.0 * 50 / 350, change.LowPercent, precision: 6);
        Assert.Equal(100.0 * 200 / 300, change.HighPercent, precision: 6);
        Assert.Equal(100.0 * (450 - 325) / 325, potatoes.Alps.ChangeFromBaselinePercent!.Value, precision: 6);
        Assert.Equal(400, rows.Single(r => r.Item == "sweets").Changes.Single().LowPercent, precision: 6);
    }

    [Fact]
    public void FoodSecurity_NoSurvey_IsNotMeasured()
    {
        var signal = FoodSecuritySignal.Of([], new DateOnly(2023, 8, 15));
        Assert.Null(signal.Survey);
        Assert.False(signal.Reading.Famine);
        Assert.Equal(ThresholdResult.NotMeasured, signal.Reading.Mortality);
    }

    [Fact]
    public void Estimate_Between_IsSampledEvenlyAndAddsUp()
    {
        var range = Estimate.Between(361, 400);
        Assert.Equal(361, range.Sample(0));
        Assert.Equal(380.5, range.Sample(0.5));
        Assert.Equal(380.5, range.Likely);
        var sum = range.Plus(Estimate.Exactly(10));
        Assert.False(sum.Uniform);
        Assert.Equal((371.0, 390.5, 410.0), (sum.Low, sum.Likely, sum.High));
        Assert.Null(Estimate.TryBetween(5, 1));
    }
}
