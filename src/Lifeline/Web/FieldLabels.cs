using System.Text;
using System.Text.RegularExpressions;

namespace Lifeline.Web;

/// <summary>
/// The words a form shows for a field, for error summaries: validation names fields as the API does
/// (<c>newSources[0].publisher</c>), a person reads the label beside the box ("Publisher of the new source").
/// </summary>
internal static partial class FieldLabels
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        // Events
        ["date"] = "Date",
        ["time"] = "Time",
        ["timePrecision"] = "How sure is the date?",
        ["type"] = "What happened",
        ["utility"] = "Utility",
        ["route"] = "Route",
        ["place"] = "Where",
        ["geoPrecision"] = "How sure is the place?",
        ["actor1"] = "Actor 1",
        ["actor2"] = "Actor 2",
        ["fatalities"] = "Deaths reported",
        ["notes"] = "Notes",
        ["sources"] = "Sources already in the record",
        ["newSources"] = "New source",
        ["newSources.publisher"] = "Publisher of the new source",
        ["newSources.url"] = "Address of the new source",
        ["newSources.title"] = "Title of the new source",
        ["newSources.published"] = "Date the new source was published",
        ["newSources.reliability"] = "Reliability of the new source",
        ["newSources.credibility"] = "Credibility of the new source's report",
        ["newSources.protectIdentity"] = "Protect identity",
        ["reason"] = "Why",
        ["expectedVersion"] = "Version you corrected",
        // Review and publication
        ["verdict"] = "Verdict",
        ["note"] = "What you checked and found",
        ["published"] = "Publication",
        // Supply observations
        ["kind"] = "Kind",
        ["to"] = "Until",
        ["commodity"] = "Commodity",
        ["amount"] = "Amount",
        ["low"] = "Low",
        ["high"] = "High",
        ["unit"] = "Unit",
        ["qualifier"] = "Hedge",
        ["location"] = "Where the stock was",
        ["carriers"] = "Carried by",
        ["outcome"] = "Outcome",
        ["per"] = "Per person per",
        ["group"] = "For whom",
        ["market"] = "Market",
        ["item"] = "Item",
        ["currency"] = "Currency",
        ["factor"] = "Factor",
        ["comparedWith"] = "Against",
        ["baseline"] = "The price before the crisis",
        ["hoursPerDay"] = "Hours a day without it",
        ["servicesHit"] = "Services hit",
        ["moved"] = "Moved",
        ["cumulative"] = "Running total",
        ["waiting"] = "Waiting",
        ["counted"] = "Who is counted",
        ["area"] = "Area",
        ["extremeFoodGapShare"] = "Households with extreme food gaps",
        ["gamUnderFive"] = "GAM among under-fives",
        ["crudeDeathRate"] = "Crude death rate",
        ["underFiveDeathRate"] = "Under-five death rate",
        // Early-warning assessments
        ["indicator"] = "Indicator or risk factor",
        ["asOf"] = "As of",
        ["status"] = "Status",
        ["confidence"] = "Confidence",
        ["events"] = "Events",
        ["evidence"] = "Evidence",
        ["stantonStages"] = "Stanton's stages",
    };

    /// <summary>The label for <paramref name="field"/>; <paramref name="overrides"/> first (a form whose label differs).</summary>
    public static string Of(string field, IReadOnlyDictionary<string, string>? overrides = null)
    {
        if (overrides?.GetValueOrDefault(field) is { } own || Labels.TryGetValue(field, out own))
        {
            return own;
        }
        // newSources[0].url → "Address of the new source"; a second new source says which.
        var index = Index().Match(field);
        var general = Index().Replace(field, "");
        if (overrides?.GetValueOrDefault(general) is { } label || Labels.TryGetValue(general, out label))
        {
            return index.Success && index.Groups[1].Value != "0" ? $"{label} (number {int.Parse(index.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1})" : label;
        }
        return Words(field);
    }

    /// <summary>A field name the table does not know, in words: <c>hoursPerDay</c> is "Hours per day".</summary>
    private static string Words(string field)
    {
        var words = new StringBuilder();
        foreach (var c in field)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }
            words.Append(c is '.' or '[' or ']' or '_' ? ' ' : char.ToLowerInvariant(c));
        }
        var text = string.Join(' ', words.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return text.Length == 0 ? field : char.ToUpperInvariant(text[0]) + text[1..];
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Index();
}
