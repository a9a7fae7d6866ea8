using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Events;

namespace Lifeline.Web;

/// <summary>
/// Every list the API gives is paged: <c>page</c> (from 1 to 2,147,483,647) and <c>pageSize</c> (1 to 200), with
/// the total. A page past the end of the list is empty (200 with no items), however far past it is; a page number
/// that is not a whole number in that range is a 400 naming <c>page</c>.
/// </summary>
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

    /// <summary>How many items come before the page; null when that is more than any list can hold, so the page is empty.</summary>
    public static int? Offset(int page, int pageSize)
    {
        var skip = ((long)Math.Max(page, 1) - 1) * Math.Max(pageSize, 1);
        return skip > int.MaxValue ? null : (int)skip;
    }

    /// <summary>One page of a query: empty when the page lies past anything the query could give.</summary>
    public static IQueryable<T> PageOf<T>(this IQueryable<T> query, int page, int pageSize) =>
        Offset(page, pageSize) is { } skip ? query.Skip(skip).Take(pageSize) : query.Take(0);

    /// <summary>One page of a list already in memory (the short lists: places, actors).</summary>
    public static Paged<T> Page<T>(IReadOnlyList<T> all, int page, int pageSize) =>
        new(Offset(page, pageSize) is { } skip ? all.Skip(skip).Take(pageSize).ToList() : [], all.Count, page, pageSize);

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
        errors.Add(field, $"'{RecordDates.Shorten(text)}' is not a whole number from 1 to {int.MaxValue:N0}");
        return fallback;
    }
}
