using Lifeline.Core.Supplies;

namespace Lifeline.Core.Tests.Supplies;

public sealed class NeedGapTests
{
    private static readonly DateOnly Start = new(2023, 1, 1);

    private static DeliveryRecord Deliveries(double needPerDay, params double[] kilogramsPerDay) =>
        new(Start, Start.AddDays(kilogramsPerDay.Length - 1), kilogramsPerDay, null, needPerDay, [], [], []);

    [Fact]
    public void Of_TenDaysOfHalfTheNeed_IsFiveDaysOfNeedShort()
    {
        var gap = NeedGap.Of(Deliveries(100, [.. Enumerable.Repeat(50.0, 10)]));
        Assert.Equal(1_000, gap.NeededKilograms, precision: 6);
        Assert.Equal(500, gap.DeliveredKilograms, precision: 6);
        Assert.Equal(500, gap.ShortfallKilograms, precision: 6);
        Assert.Equal(5, gap.DaysOfNeedNotDelivered!.Value, precision: 6);
    }

    [Fact]
    public void Of_DeliveriesAboveTheNeed_NoShortfall()
    {
        var gap = NeedGap.Of(Deliveries(100, 150, 150));
        Assert.Equal(0, gap.ShortfallKilograms);
        Assert.All(gap.WhatIfs, w => Assert.Null(w.RunsOutOn));
    }

    [Fact]
    public void Of_NothingDelivered_AStatedStockOfFifteenDaysRunsOutOnTheSixteenth()
    {
        var gap = NeedGap.Of(Deliveries(100, new double[90]));
        var byDays = gap.WhatIfs.ToDictionary(w => w.StockDaysOfNeed);
        Assert.Equal([15, 30, 60], gap.WhatIfs.Select(w => w.StockDaysOfNeed));
        Assert.Equal(1_500, byDays[15].StockKilograms, precision: 6);
        Assert.Equal(Start.AddDays(15), byDays[15].RunsOutOn);
        Assert.Equal(Start.AddDays(30), byDays[30].RunsOutOn);
        Assert.Equal(Start.AddDays(60), byDays[60].RunsOutOn);
    }

    [Fact]
    public void Of_DeliveriesStretchTheStatedStock()
    {
        // Half the need delivered each day: a 15-day stock loses 50 a day and lasts 30 days.
        var gap = NeedGap.Of(Deliveries(100, [.. Enumerable.Repeat(50.0, 60)]));
        Assert.Equal(Start.AddDays(30), gap.WhatIfs.Single(w => w.StockDaysOfNeed == 15).RunsOutOn);
    }

    [Fact]
    public void Of_NoNeedKnown_SaysNoDaysAndNoRunway()
    {
        var gap = NeedGap.Of(Deliveries(0, 10, 10));
        Assert.Null(gap.DaysOfNeedNotDelivered);
        Assert.All(gap.WhatIfs, w => Assert.Null(w.RunsOutOn));
    }
}

public sealed class AmountRangeTests
{
    [Fact]
    public void Range_SpanningAThousandKilograms_IsInTonnesThroughout()
    {
        var text = SupplyPicture.Range(Estimate.Of(179.74, 946.92, 1_710), MeasureUnit.Kilogram);
        Assert.Equal("0.95 t (0.18–1.71 t)", text);
    }

    [Fact]
    public void Range_BelowAThousandKilograms_IsInKilogramsThroughout()
    {
        Assert.Equal("500 kg (100–900 kg)", SupplyPicture.Range(Estimate.Of(100, 500, 900), MeasureUnit.Kilogram));
        Assert.Equal("3 items", SupplyPicture.Range(Estimate.Exactly(3), MeasureUnit.Item));
    }
}
