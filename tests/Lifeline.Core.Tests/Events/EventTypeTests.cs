using Lifeline.Core.Events;

namespace Lifeline.Core.Tests.Events;

public sealed class EventTypeTests
{
    private static readonly string[] AcledEventTypes =
        ["Battles", "Protests", "Riots", "Explosions/Remote violence", "Violence against civilians", "Strategic developments"];

    [Fact]
    public void All_KeysAreUniqueKebabCase()
    {
        Assert.Equal(EventType.All.Count, EventType.All.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.All(EventType.All, t => Assert.Matches("^[a-z]+(-[a-z]+)*$", t.Key));
    }

    [Fact]
    public void All_MapToOneOfTheSixAcledEventTypes() =>
        Assert.All(EventType.All, t => Assert.Contains(t.AcledEventType, AcledEventTypes));

    [Fact]
    public void Acled_HasTheTwentyFiveSubEventTypes() =>
        Assert.Equal(25, EventType.Acled.Select(t => t.AcledSubEventType).Distinct(StringComparer.Ordinal).Count());

    [Fact]
    public void Siege_HasEveryTypeTheIssueNames()
    {
        string[] required =
        [
            "corridor-closed", "corridor-reopened", "corridor-restricted", "convoy-passed", "convoy-turned-back", "utility-cut",
            "utility-restored", "checkpoint-established", "medical-evacuation", "rationing-measure", "statement", "legal-step",
        ];
        Assert.All(required, key => Assert.NotNull(EventType.Find(key)));
        Assert.All(required, key => Assert.True(EventType.Find(key)!.IsSiegeType));
    }

    [Fact]
    public void CheckpointEstablished_MapsToAcledHeadquartersOrBase() =>
        Assert.Equal("Headquarters or base established", EventType.Find("checkpoint-established")!.AcledSubEventType);

    [Fact]
    public void StatusChangingKeys_AreExactlyTheCorridorAndUtilityTypes() =>
        Assert.Equal(
            EventType.All.Where(t => t.Key.StartsWith("corridor-", StringComparison.Ordinal) || t.Key.StartsWith("utility-", StringComparison.Ordinal)).Select(t => t.Key).Order(StringComparer.Ordinal),
            EventType.StatusChangingKeys.Order(StringComparer.Ordinal));

    [Fact]
    public void Find_UnknownKey_IsNull() => Assert.Null(EventType.Find("picnic"));
}
