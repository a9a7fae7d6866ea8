using Lifeline.Core.Situations;

namespace Lifeline.Core.Tests.Situations;

public sealed class SituationValidatorTests
{
    private static readonly IReadOnlySet<string> Places = new HashSet<string> { "town" };
    private static readonly IReadOnlySet<string> Sources = new HashSet<string> { "s1", "s2" };

    private static SituationDraft Draft(BaselineDraft? route = null, Dictionary<string, BaselineDraft>? utilities = null) =>
        new("siege", "A siege", "A region", "2020-01-01", null, null, [new RouteDraft("road", "The road", ["town"], ["s1"]) { Baseline = route }])
        {
            UtilityBaselines = utilities,
        };

    private static (Situation? Situation, IReadOnlyDictionary<string, string[]> Errors) Validate(SituationDraft draft)
    {
        var (situation, errors) = SituationValidator.Validate(draft, Places, Sources, Builders.Today);
        return (situation, errors.ToDictionary());
    }

    [Fact]
    public void Validate_NoBaselines_LeavesEverythingUnknown()
    {
        var (situation, errors) = Validate(Draft());
        Assert.Empty(errors);
        Assert.Null(situation!.Routes[0].Baseline);
        Assert.Empty(situation.UtilityBaselines);
    }

    [Fact]
    public void Validate_SourcedBaselines_AreKept()
    {
        var (situation, errors) = Validate(Draft(new BaselineDraft("open", ["s1"]), new() { ["gas"] = new BaselineDraft("available", ["s2"]) }));
        Assert.Empty(errors);
        Assert.Equal(new StatusBaseline<CorridorStatus>(CorridorStatus.Open, ["s1"]), situation!.Routes[0].Baseline);
        Assert.Equal(UtilityStatus.Available, situation.UtilityBaselines[Utility.Gas].Status);
    }

    [Fact]
    public void Validate_BaselineWithoutSource_IsRefused()
    {
        var (_, errors) = Validate(Draft(new BaselineDraft("open", [])));
        Assert.Contains("a baseline without a source is not kept", errors["situation.routes[0].baseline.sources"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown", "give no baseline")]
    [InlineData("ajar", "not a baseline status")]
    [InlineData(null, "is required")]
    public void Validate_BaselineStatusNotAKnownStatus_IsRefused(string? status, string why)
    {
        var (_, errors) = Validate(Draft(new BaselineDraft(status, ["s1"])));
        Assert.Contains(why, errors["situation.routes[0].baseline.status"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UtilityBaselineProblems_NameTheUtility()
    {
        var (_, errors) = Validate(Draft(utilities: new() { ["steam"] = new BaselineDraft("available", ["s1"]), ["gas"] = new BaselineDraft("open", ["s9"]) }));
        Assert.Contains("not a utility", errors["situation.utilityBaselines.steam"][0], StringComparison.Ordinal);
        Assert.Contains("'open' is not a baseline status", errors["situation.utilityBaselines.gas.status"][0], StringComparison.Ordinal);
        Assert.Contains("s9", errors["situation.utilityBaselines.gas.sources[0]"][0], StringComparison.Ordinal);
    }
}
