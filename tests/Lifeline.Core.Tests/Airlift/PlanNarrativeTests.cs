using Lifeline.Core.Airlift;
using static Lifeline.Core.Tests.Airlift.AirliftBuilders;

namespace Lifeline.Core.Tests.Airlift;

/// <summary>The plan's summary says what its own days say: short days by name, and days that live on stock.</summary>
public sealed class PlanNarrativeTests
{
    private static Tonnes T(double tonnes) => Tonnes.FromTonnes(tonnes);

    private static PlanDay Day(int day, double need, double delivered, double shortfall = 0) =>
        new(day, T(need), T(delivered), T(shortfall), T(delivered), 0);

    private static CommodityTotal Food(double need, double delivered, double shortfall, double stock = 0) =>
        new("food", Priority.Food, T(need), T(stock), T(delivered), T(shortfall));

    [Theory]
    [InlineData(new[] { 3 }, "day 3")]
    [InlineData(new[] { 24, 25, 26, 27, 28, 29, 30 }, "days 24–30")]
    [InlineData(new[] { 1, 2, 3, 7, 9, 10 }, "days 1–3, 7 and 9–10")]
    [InlineData(new[] { 2, 4 }, "days 2 and 4")]
    public void Days_AreWrittenAsRanges(int[] days, string expected) =>
        Assert.Equal(expected, PlanNarrative.Days(days));

    [Fact]
    public void FrontLoadedPlan_NamesTheDaysThatLiveOnStock()
    {
        PlanDay[] days = [Day(1, 400, 600), Day(2, 400, 600), Day(3, 400, 0), Day(4, 400, 0)];

        var summary = PlanNarrative.Summarise(days, [Food(1600, 1200, 0)], T(600), T(400));

        Assert.Equal("Demand is met every day. Nothing lands on days 3–4: the need on those days is met from stock flown in ahead on days 1–2 (up to 600 t a day). "
            + "The fleet and airfields could lift up to 600 t a day against a need of 400 t a day.", summary);
    }

    [Fact]
    public void ShortDays_AreNamedWithHowMuch()
    {
        PlanDay[] days = [Day(1, 400, 400), Day(2, 400, 250, 150), Day(3, 400, 400), Day(4, 400, 250, 150)];

        var summary = PlanNarrative.Summarise(days, [Food(1600, 1300, 300)], T(400), T(400));

        Assert.StartsWith("Demand is not met on 2 days of 4: days 2 and 4, 300 t short in all (food 300 t).", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("met every day", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void StockAtTheStart_IsNamedAsWhereTheNeedComesFrom()
    {
        PlanDay[] days = [Day(1, 100, 0), Day(2, 100, 100)];

        var summary = PlanNarrative.Summarise(days, [Food(200, 100, 0, stock: 100)], T(100), T(100));

        Assert.StartsWith("Demand is met every day. Nothing lands on day 1: the need on that day is met from the stock held at the start.", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void APlan_WhoseDaysFallBelowTheNeed_SaysSoInItsSummary()
    {
        // 3 days of 40 t a day and 60 t in store at the start: the cheapest plan flies 60 t, so at least one day
        // lands less than its need, and the summary must name every such day.
        var draft = Simple(3, [Demand("flour", 40, stock: 60)], Aircraft("C-130", payload: 20, cruise: 100, available: 1));
        var plan = Plan(draft);
        var below = plan.Days.Where(d => d.Delivered < d.Need).Select(d => d.Day).ToList();

        Assert.NotEmpty(below);
        Assert.Equal(0, plan.Shortfall.Kilograms);
        Assert.Contains(PlanNarrative.Days(below), plan.Summary, StringComparison.Ordinal);
        Assert.StartsWith("Demand is met every day.", plan.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Notes, n => n.StartsWith("Demand is met every day", StringComparison.Ordinal));
    }
}
