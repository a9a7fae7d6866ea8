using System.Globalization;

namespace Lifeline.Core.Common;

/// <summary>
/// The dates Lifeline accepts, in a record or in a query: from 1 January 1900 to tomorrow (UTC, from the injected
/// clock; a day of slack because a reporter east of UTC may already live tomorrow's date). Nothing Lifeline
/// records happened earlier, nothing can be known of a later day, and every computation over days (day counters,
/// calendars, look-back windows) stays far from the ends of the calendar.
/// </summary>
public static class RecordDates
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>The latest date accepted: tomorrow.</summary>
    public static DateOnly Latest(DateOnly today) => today == DateOnly.MaxValue ? today : today.AddDays(1);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="day"/> is in range; when not, says why under <paramref name="field"/>.</summary>
    public static bool InRange(DateOnly day, string field, DateOnly today, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (day < Earliest)
        {
            errors.Add(field, $"{Day(day)} is before {Day(Earliest)}: Lifeline takes dates from {Day(Earliest)} to tomorrow");
            return false;
        }
        if (day > Latest(today))
        {
            errors.Add(field, $"{Day(day)} is in the future (today is {Day(today)})");
            return false;
        }
        return true;
    }

    /// <summary>Reads a <c>YYYY-MM-DD</c> date from 1900-01-01 to tomorrow; null (and an error when required) otherwise.</summary>
    public static DateOnly? Parse(string? text, string field, DateOnly today, ValidationErrors errors, bool required = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add(field, "is required: a date written YYYY-MM-DD");
            }
            return null;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors.Add(field, $"'{Shorten(text)}' is not a date: write it as YYYY-MM-DD, e.g. 2023-03-21");
            return null;
        }
        return InRange(day, field, today, errors) ? day : null;
    }

    /// <summary>A value quoted back in an error, cut so that an error never repeats a whole long input.</summary>
    public static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
