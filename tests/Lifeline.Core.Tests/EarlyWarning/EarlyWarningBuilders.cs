using Lifeline.Core.EarlyWarning;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Tests.EarlyWarning;

/// <summary>Small, explicit builders for early-warning tests: each test names what matters to it.</summary>
internal static class EarlyWarningBuilders
{
    private static readonly Lazy<string> CatalogueText = new(() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "EarlyWarning", "framework-of-analysis.json")));

    private static readonly Lazy<FrameworkCatalogue> ShippedCatalogue = new(() => FrameworkCatalogue.Parse(CatalogueText.Value));

    /// <summary>The catalogue shipped in data/standards, copied next to the tests.</summary>
    public static FrameworkCatalogue Catalogue => ShippedCatalogue.Value;

    public static string CatalogueJson => CatalogueText.Value;

    /// <summary>A situation starting 2022-12-12 with one route, "main".</summary>
    public static RecordDigest Digest(IReadOnlyList<StatusChange>? changes = null, IReadOnlyList<DailyCount>? counts = null, IReadOnlyList<SupplyOutlook>? supplies = null) =>
        new(Builders.Situation(new DateOnly(2022, 12, 12), null), changes ?? [], counts ?? [], supplies ?? []);

    public static StatusChange Corridor(DateOnly date, CorridorStatus status, long sequence = 0) => new(date, sequence, "main", status, null, null);

    public static StatusChange Utility(DateOnly date, Utility utility, UtilityStatus status, long sequence = 0) => new(date, sequence, null, null, utility, status);

    public static Assessment Assess(string subject, DateOnly asOf, IndicatorStatus status, Confidence confidence, string id = "a1") =>
        new(id, 1, new AssessmentContent(IndicatorId.Parse(subject), asOf, status, confidence, ["e1"], [], [], [], null));
}
