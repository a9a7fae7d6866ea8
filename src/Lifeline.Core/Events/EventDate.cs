namespace Lifeline.Core.Events;

/// <summary>How sure the date of an event is (ACLED <c>time_precision</c>).</summary>
public enum TimePrecision
{
    /// <summary>The day is known.</summary>
    Day = 1,

    /// <summary>Only the week is known; the date is a day of that week.</summary>
    Week = 2,

    /// <summary>Only the month is known; the date is a day of that month.</summary>
    Month = 3,
}

/// <summary>How sure the place of an event is (ACLED <c>geo_precision</c>).</summary>
public enum GeoPrecision
{
    /// <summary>The named place itself.</summary>
    Place = 1,

    /// <summary>Near the named place, or a small part of a region coded to it.</summary>
    NearPlace = 2,

    /// <summary>Only a larger region is known.</summary>
    Region = 3,
}

/// <summary>
/// When an event happened: a calendar day, an optional local time of day when a source gives one,
/// and how precise the day is. For a range ("13 to 16 December") the day is the first day.
/// </summary>
public readonly record struct EventDate(DateOnly Day, TimeOnly? Time, TimePrecision Precision)
{
    public override string ToString() =>
        Time is { } time ? $"{Day:yyyy-MM-dd} {time:HH\\:mm}" : Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
