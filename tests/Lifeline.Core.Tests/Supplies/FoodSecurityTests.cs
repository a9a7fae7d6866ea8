using Lifeline.Core.Supplies;

namespace Lifeline.Core.Tests.Supplies;

public sealed class FoodSecurityTests
{
    [Theory]
    [InlineData(0.20, 0.30, 2.0, true)]
    [InlineData(0.25, 0.35, 3.0, true)]
    [InlineData(0.19, 0.30, 2.0, false)]
    [InlineData(0.20, 0.29, 2.0, false)]
    [InlineData(0.20, 0.30, 1.9, false)]
    public void Assess_FamineNeedsAllThreeThresholds(double households, double gam, double deaths, bool famine) =>
        Assert.Equal(famine, FoodSecurity.Assess(new FoodSecurityInputs(households, gam, deaths, null)).Famine);

    [Fact]
    public void Assess_MissingIndicator_NeitherShowsNorRulesOutFamine()
    {
        var reading = FoodSecurity.Assess(new FoodSecurityInputs(0.3, 0.4, null, null));
        Assert.False(reading.Famine);
        Assert.Equal(ThresholdResult.NotMeasured, reading.Mortality);
        Assert.Contains("not measured", reading.Finding, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.4, MortalityAlarm.UnderControl)]
    [InlineData(1.0, MortalityAlarm.Serious)]
    [InlineData(2.0, MortalityAlarm.Serious)]
    [InlineData(2.1, MortalityAlarm.OutOfControl)]
    [InlineData(5.1, MortalityAlarm.MajorCatastrophe)]
    public void CrudeAlarm_FollowsSphere(double rate, MortalityAlarm alarm) => Assert.Equal(alarm, FoodSecurity.CrudeAlarm(rate));

    [Theory]
    [InlineData(1.0, MortalityAlarm.UnderControl)]
    [InlineData(3.0, MortalityAlarm.Serious)]
    [InlineData(4.5, MortalityAlarm.OutOfControl)]
    public void UnderFiveAlarm_FollowsSphere(double rate, MortalityAlarm alarm) => Assert.Equal(alarm, FoodSecurity.UnderFiveAlarm(rate));
}
