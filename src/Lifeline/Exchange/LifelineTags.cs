using System.Globalization;
using Lifeline.Events;

namespace Lifeline.Exchange;

/// <summary>
/// What a Lifeline event says beyond ACLED's columns (its own type, the utility or route it moves, how long that
/// lasts), written into ACLED's free-form <c>tags</c> column (and HXL's <c>#meta+tags</c>) as ACLED writes its own
/// tags: <c>key=value</c> pairs joined by "; ". An import reads them back, so an export imported again keeps them.
/// </summary>
internal static class LifelineTags
{
    public const string Type = "lifeline type";
    public const string Utility = "utility";
    public const string Route = "route";
    public const string EndDate = "end date";
    public const string EndTime = "end time";
    public const string DurationHours = "duration hours";
    public const string UntilFurtherNotice = "until further notice";
    public const string HoursPerDay = "hours per day";

    public static string Of(EventColumns e)
    {
        var tags = new List<string> { $"{Type}={e.Type}" };
        Add(tags, Utility, e.Utility);
        Add(tags, Route, e.RouteId);
        Add(tags, EndDate, e.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add(tags, EndTime, e.EndTime?.ToString("HH:mm", CultureInfo.InvariantCulture));
        Add(tags, DurationHours, e.DurationHours?.ToString("R", CultureInfo.InvariantCulture));
        Add(tags, UntilFurtherNotice, e.UntilFurtherNotice ? "yes" : null);
        Add(tags, HoursPerDay, e.HoursPerDay?.ToString("R", CultureInfo.InvariantCulture));
        return string.Join("; ", tags);
    }

    private static void Add(List<string> tags, string key, string? value)
    {
        if (value is not null)
        {
            tags.Add($"{key}={value}");
        }
    }

    /// <summary>The <c>key=value</c> pairs of a tags cell; tags without "=" (and ACLED's own) are kept too, and ignored by the import.</summary>
    public static Dictionary<string, string> Parse(string? cell)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in (cell ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            tags.TryAdd(equals < 0 ? part : part[..equals].Trim(), equals < 0 ? "" : part[(equals + 1)..].Trim());
        }
        return tags;
    }
}
