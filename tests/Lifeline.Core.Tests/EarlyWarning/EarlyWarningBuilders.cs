using Lifeline.Core.EarlyWarning;

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
}
