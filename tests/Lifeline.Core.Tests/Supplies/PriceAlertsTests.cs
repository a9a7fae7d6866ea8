using Lifeline.Core.Supplies;

namespace Lifeline.Core.Tests.Supplies;

public sealed class PriceAlertsTests
{
    /// <summary>Four years of a price with a trend and a yearly season, with a small deterministic wobble.</summary>
    private static List<PricePoint> Seasonal(int months, Func<int, double>? spike = null)
    {
        var series = new List<PricePoint>();
        for (var i = 0; i < months; i++)
        {
            var month = new DateOnly(2019, 1, 1).AddMonths(i);
            var price = 100 + 0.5 * i + 10 * Math.Sin(2 * Math.PI * (month.Month - 1) / 12) + (i % 3 - 1) * 1.5;
            series.Add(new PricePoint(month, price + (spike?.Invoke(i) ?? 0)));
        }
        return series;
    }

    [Fact]
    public void Assess_SeasonalSeriesWithoutSpike_IsNormal()
    {
        var series = Seasonal(48);
        var result = PriceAlerts.Assess(series, series[^1].Month.AddDays(10), null);
        Assert.True(result.AlpsApplies);
        Assert.Equal(PriceLevel.Normal, result.Level);
    }

    [Fact]
    public void Assess_KnownSpikeInTheLastMonth_IsCrisis()
    {
        var series = Seasonal(48, i => i == 47 ? 30 : 0);
        var result = PriceAlerts.Assess(series, series[^1].Month, null);
        Assert.True(result.AlpsApplies);
        Assert.Equal(PriceLevel.Crisis, result.Level);
        Assert.True(result.Pewi > 2);
    }

    [Theory]
    [InlineData(0.1, PriceLevel.Normal)]
    [InlineData(0.25, PriceLevel.Stress)]
    [InlineData(0.99, PriceLevel.Stress)]
    [InlineData(1.0, PriceLevel.Alert)]
    [InlineData(2.0, PriceLevel.Crisis)]
    public void LevelOf_FollowsTheAlpsThresholds(double pewi, PriceLevel level) => Assert.Equal(level, PriceAlerts.LevelOf(pewi));

    [Fact]
    public void Assess_ShortSeries_SaysWhyAndGivesTheChangeFromBaseline()
    {
        // Lachin: potatoes 300–350 dram/kg before the blockade, 400–500 in December 2022 (news.am): too short for ALPS.
        var series = new List<PricePoint> { new(new DateOnly(2022, 12, 1), 450) };
        var result = PriceAlerts.Assess(series, new DateOnly(2022, 12, 20), 325);
        Assert.False(result.AlpsApplies);
        Assert.Contains(result.Insufficient, r => r.Contains("36", StringComparison.Ordinal));
        Assert.Equal(38.46, result.ChangeFromBaselinePercent!.Value, precision: 2);
        Assert.Null(result.Level);
    }

    [Fact]
    public void Assess_StaleOrSparseSeries_IsNotAlps()
    {
        var sparse = Seasonal(48).Where((_, i) => i % 2 == 0).ToList();
        Assert.Contains(PriceAlerts.Assess(sparse, sparse[^1].Month, null).Insufficient, r => r.Contains("70", StringComparison.Ordinal));
        var full = Seasonal(48);
        Assert.Contains(PriceAlerts.Assess(full, full[^1].Month.AddMonths(9), null).Insufficient, r => r.Contains("6 months", StringComparison.Ordinal));
    }
}
