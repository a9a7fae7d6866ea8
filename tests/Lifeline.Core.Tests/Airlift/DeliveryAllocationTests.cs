using Lifeline.Core.Airlift;

namespace Lifeline.Core.Tests.Airlift;

public sealed class DeliveryAllocationTests
{
    private static DemandLine Line(string name, double perDay, Priority priority, double stock = 0) =>
        new(name, Tonnes.FromTonnes(perDay), priority, Tonnes.FromTonnes(stock));

    [Fact]
    public void HigherPriorityIsServedFirst_AndEarlyPayloadWaitsInStock()
    {
        // Day 1 flies 10 t, day 2 nothing. Medicine needs 3 t a day, food 5 t a day.
        var demand = new[] { Line("food", 5, Priority.Food), Line("medicine", 3, Priority.Medical) };
        var result = DeliveryAllocation.Allocate([Tonnes.FromTonnes(10), Tonnes.Zero], demand);

        // Medicine for both days (6 t) comes on day 1; food gets the other 4 t.
        Assert.Equal(6m, result[0, 1].Delivered.Value);
        Assert.Equal(3m, result[0, 1].StockAtEnd.Value);
        Assert.Equal(0m, result[1, 1].Shortfall.Value);
        Assert.Equal(4m, result[0, 0].Delivered.Value);
        Assert.Equal(1m, result[0, 0].Shortfall.Value);
        Assert.Equal(5m, result[1, 0].Shortfall.Value);
        Assert.Equal(6m * 1 + 0, DeliveryAllocation.WeightedShortfall(result, demand) / Priority.Food.Weight());
    }

    [Fact]
    public void StockAtStart_IsEatenFirst()
    {
        var result = DeliveryAllocation.Allocate([Tonnes.Zero, Tonnes.Zero, Tonnes.FromTonnes(2)], [Line("food", 2, Priority.Food, stock: 3)]);

        Assert.Equal(0m, result[0, 0].Shortfall.Value);
        Assert.Equal(1m, result[1, 0].Shortfall.Value);
        Assert.Equal(0m, result[2, 0].Shortfall.Value);
        Assert.Equal(0m, result[2, 0].StockAtEnd.Value);
    }

    [Fact]
    public void Tonnes_AreExactToTheKilogramAndNeverNegative()
    {
        Assert.Equal(8140, Tonnes.FromTonnes(8.14).Kilograms);
        Assert.Equal(0.3m, (Tonnes.FromTonnes(0.1) + Tonnes.FromTonnes(0.2)).Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tonnes.FromTonnes(1) - Tonnes.FromTonnes(2));
        Assert.False(Tonnes.TryFromTonnes(double.NaN, out _));
        Assert.False(Hours.TryFrom(25, out _));
        Assert.False(Kilometres.TryFrom(-1, out _));
    }
}
