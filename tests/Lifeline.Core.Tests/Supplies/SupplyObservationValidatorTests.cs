using Lifeline.Core.Supplies;

namespace Lifeline.Core.Tests.Supplies;

public sealed class SupplyObservationValidatorTests
{
    private static readonly ObservationContext Context = new(
        new DateOnly(2022, 12, 12), new DateOnly(2026, 11, 26), new HashSet<string> { "lachin-corridor" }, new HashSet<string> { "src-1" }, []);

    private static SupplyObservationDraft Delivery() => new()
    {
        Kind = "delivery",
        Date = "2023-09-23",
        Commodity = "cereal",
        Amount = 66,
        Unit = "t",
        Route = "lachin-corridor",
        Carriers = ["icrc"],
        Sources = ["src-1"],
    };

    private static IEnumerable<string> Fields(SupplyObservationDraft draft) => SupplyObservationValidator.Validate(draft, Context).Errors.Fields;

    [Fact]
    public void Validate_Delivery_KeepsTheFigureAsGiven()
    {
        var (observation, errors) = SupplyObservationValidator.Validate(Delivery(), Context);
        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(ObservationKind.Delivery, observation!.Kind);
        Assert.Equal(AmountUnit.Tonne, observation.Amount!.Unit);
        Assert.Equal(66_000, observation.Amount.In(MeasureUnit.Kilogram)!.Value.Likely);
        Assert.Equal(DeliveryOutcome.Delivered, observation.Outcome);
        Assert.True(observation.Humanitarian);
    }

    [Fact]
    public void Validate_NegativeStock_NamesTheAmount()
    {
        var draft = new SupplyObservationDraft { Kind = "stock", Date = "2023-01-10", Commodity = "insulin", Amount = -5, Unit = "items", Sources = ["src-1"] };
        var (observation, errors) = SupplyObservationValidator.Validate(draft, Context);
        Assert.Null(observation);
        Assert.Contains("negative", errors.ToDictionary()["amount"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownUnit_NamesTheUnit()
    {
        var errors = SupplyObservationValidator.Validate(Delivery() with { Unit = "gallons" }, Context).Errors;
        Assert.Equal(["unit"], errors.Fields);
        Assert.Contains("'gallons' is not a unit", errors.ToDictionary()["unit"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DeliveryBeforeTheSituation_NamesTheDate() =>
        Assert.Equal(["date"], Fields(Delivery() with { Date = "2022-12-01" }));

    [Fact]
    public void Validate_StockCountBeforeTheSituation_IsAllowed() =>
        Assert.Empty(Fields(new SupplyObservationDraft { Kind = "stock", Date = "2022-11-30", Commodity = "cereal", Amount = 10, Unit = "t", Sources = ["src-1"] }));

    [Fact]
    public void Validate_MonthOfTheStart_IsNotBeforeIt() =>
        Assert.Empty(Fields(Delivery() with { Date = "2022-12" }));

    [Fact]
    public void Validate_RateOverrideWithoutReason_NamesTheReason()
    {
        var draft = new SupplyObservationDraft { Kind = "rate-override", Date = "2023-01-01", Commodity = "water", Amount = 20, Unit = "L" };
        Assert.Equal(["reason"], Fields(draft));
        Assert.Empty(Fields(draft with { Reason = "Hospitals and heating need more" }));
    }

    [Fact]
    public void Validate_RateOverrideInAnotherKindOfUnit_IsRefused()
    {
        var draft = new SupplyObservationDraft { Kind = "rate-override", Date = "2023-01-01", Commodity = "oil", Amount = 0.03, Unit = "L", Reason = "as sold" };
        Assert.Equal(["unit"], Fields(draft));
    }

    [Fact]
    public void Validate_FieldOfAnotherKind_IsNamed() =>
        Assert.Equal(["utility"], Fields(Delivery() with { Utility = "gas" }));

    [Fact]
    public void Validate_UnknownCommodityAndCarrier_AreNamed()
    {
        var fields = Fields(Delivery() with { Commodity = "caviar", Carriers = ["icrc", "dhl"] }).ToList();
        Assert.Contains("commodity", fields);
        Assert.Contains("carriers[1]", fields);
    }

    [Fact]
    public void Validate_RangeOutOfOrder_IsRefused()
    {
        Assert.Contains("low", Fields(Delivery() with { Amount = null, Low = 400, High = 361 }));
        Assert.Contains("amount", Fields(Delivery() with { Amount = 500, Low = 361, High = 400 }));
        Assert.Contains("high", Fields(Delivery() with { Amount = null, Low = 361 }));
    }

    [Fact]
    public void Validate_RangeWithoutAMostLikelyValue_IsUniform()
    {
        var (observation, _) = SupplyObservationValidator.Validate(Delivery() with { Amount = null, Low = 361, High = 400, Outcome = "stopped", Carriers = ["government"] }, Context);
        Assert.True(observation!.Amount!.Estimate.Uniform);
        Assert.Equal(DeliveryOutcome.Stopped, observation.Outcome);
    }

    [Fact]
    public void Validate_PriceNeedsAPriceOrAFactor()
    {
        var price = new SupplyObservationDraft { Kind = "price", Date = "2022-12", Market = "Stepanakert", Item = "potatoes", Sources = ["src-1"] };
        Assert.Contains("amount", Fields(price));
        Assert.Contains("currency", Fields(price with { Amount = 450, Unit = "kg" }));
        Assert.Empty(Fields(price with { Amount = 450, Unit = "kg", Currency = "amd" }));
        Assert.Contains("comparedWith", Fields(price with { Factor = 5 }));
        Assert.Empty(Fields(price with { Factor = 2, Qualifier = "at least", ComparedWith = "15 Jun 2023" }));
    }

    [Fact]
    public void Validate_Outage_IsRecordedAsAUtilityEventInstead()
    {
        var outage = new SupplyObservationDraft { Kind = "outage", Date = "2023-01-10", Utility = "electricity", HoursPerDay = 2, Sources = ["src-1"] };
        Assert.Contains("kind", Fields(outage));
    }

    [Fact]
    public void Validate_SourcesAreRequiredAndMustExist()
    {
        Assert.Equal(["sources"], Fields(Delivery() with { Sources = [] }));
        Assert.Equal(["sources[0]"], Fields(Delivery() with { Sources = ["nowhere"] }));
    }

    [Fact]
    public void Validate_PeriodEndingBeforeItStarts_IsRefused() =>
        Assert.Equal(["to"], Fields(Delivery() with { To = "2023-09-01" }));

    [Fact]
    public void Validate_FoodSecurityShares_AreFractions()
    {
        var survey = new SupplyObservationDraft { Kind = "food-security", Date = "2023-08-01", GamUnderFive = 31, Sources = ["src-1"] };
        Assert.Equal(["gamUnderFive"], Fields(survey));
        Assert.Empty(Fields(survey with { GamUnderFive = 0.31 }));
    }
}
