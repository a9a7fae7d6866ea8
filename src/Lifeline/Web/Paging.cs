using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Events;

namespace Lifeline.Web;

/// <summary>Every list the API gives is paged: <c>page</c> (from 1) and <c>pageSize</c> (1 to 200), with the total.</summary>
internal static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static (int Page, int PageSize) Parse(string? page, string? pageSize, ValidationErrors errors)
    {
        var number = Positive(page, "page", 1, errors);
        var size = Positive(pageSize, "pageSize", DefaultPageSize, errors);
        if (size > MaxPageSize)
        {
            errors.Add("pageSize", $"must be at most {MaxPageSize}");
        }
        return (number, size);
    }

    /// <summary>One page of a list already in memory (the short lists: places, actors).</summary>
    public static Paged<T> Page<T>(IReadOnlyList<T> all, int page, int pageSize) =>
        new(all.Skip(checked((page - 1) * pageSize)).Take(pageSize).ToList(), all.Count, page, pageSize);

    public static int Positive(string? text, string field, int fallback, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1)
        {
            return value;
        }
        errors.Add(field, $"'{text}' is not a whole number of 1 or more");
        return fallback;
    }
}
