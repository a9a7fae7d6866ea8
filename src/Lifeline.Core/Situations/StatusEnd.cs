namespace Lifeline.Core.Situations;

/// <summary>
/// How long a change of a route's or a utility's status lasts, as its record states it: until a day (and
/// optionally a time of day), for a number of hours, or until further notice (until the next change of the same
/// route or utility). Exactly one of the three; see <see cref="SituationCalendar"/> for what holds once it ends.
/// </summary>
public sealed record StatusEnd
{
    /// <summary>The most hours a duration may state: a leap year. A longer change states its end date instead.</summary>
    public const double MaxHours = 366 * 24;

    private StatusEnd(DateOnly? date, TimeOnly? time, double? hours)
    {
        Date = date;
        Time = time;
        Hours = hours;
    }

    /// <summary>The last day the change is in force (the whole day, unless <see cref="Time"/> says when it ended).</summary>
    public DateOnly? Date { get; }

    /// <summary>The local time on <see cref="Date"/> at which the change ended; null when only the day is known.</summary>
    public TimeOnly? Time { get; }

    /// <summary>How many hours the change lasted, from its time (or from the start of its day when no time is known).</summary>
    public double? Hours { get; }

    /// <summary>True when the change holds until the next change of the same route or utility.</summary>
    public bool UntilFurtherNotice => Date is null && Hours is null;

    public static StatusEnd FurtherNotice { get; } = new(null, null, null);

    public static StatusEnd On(DateOnly date, TimeOnly? time = null) => new(date, time, null);

    /// <param name="hours">Above 0 and at most <see cref="MaxHours"/>.</param>
    public static StatusEnd After(double hours)
    {
        if (!double.IsFinite(hours) || hours <= 0 || hours > MaxHours)
        {
            throw new ArgumentOutOfRangeException(nameof(hours), hours, $"A duration is above 0 and at most {MaxHours} hours");
        }
        return new(null, null, hours);
    }

    /// <summary>
    /// The instant the change stops being in force (exclusive), for a change that took effect at <paramref name="start"/>
    /// (local time); null until further notice.
    /// </summary>
    public DateTime? EndsAt(DateTime start) => (Date, Time, Hours) switch
    {
        ({ } day, { } time, _) => day.ToDateTime(time),
        ({ } day, null, _) => day.AddDays(1).ToDateTime(TimeOnly.MinValue),
        (_, _, { } hours) => start.AddTicks((long)Math.Round(hours * TimeSpan.TicksPerHour)),
        _ => null,
    };

    public override string ToString() => (Date, Time, Hours) switch
    {
        ({ } day, { } time, _) => $"until {day:yyyy-MM-dd} {time:HH\\:mm}",
        ({ } day, null, _) => $"until {day:yyyy-MM-dd}",
        (_, _, { } hours) => $"for {hours.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} hours",
        _ => "until further notice",
    };
}
