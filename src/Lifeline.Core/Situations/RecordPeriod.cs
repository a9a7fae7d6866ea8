using System.Globalization;
using Lifeline.Core.Common;

namespace Lifeline.Core.Situations;

/// <summary>
/// The days a situation's record may carry: its events, supply observations and assessments are dated within it.
/// It holds the situation's own period (the siege, <see cref="Situation.StartDate"/> to <see cref="Situation.EndDate"/>)
/// and may reach beyond it, for the precursors and aftermath a record keeps (the built-in Lachin record opens with
/// the protests of 3 December 2022, nine days before day 1). It is not the siege: day numbers and phases still count
/// from the start date. A period is widened, never narrowed, so nothing already recorded falls outside it.
/// </summary>
/// <param name="Situation">The id of the situation it belongs to, for the messages that name it.</param>
/// <param name="From">The first day a record may carry.</param>
/// <param name="Until">The last day, or null while the situation goes on: then up to tomorrow, like every record date.</param>
public readonly record struct RecordPeriod(string Situation, DateOnly From, DateOnly? Until)
{
    /// <summary>The last day a record may carry today.</summary>
    public DateOnly Last(DateOnly today) => Until ?? RecordDates.Latest(today);

    public bool Contains(DateOnly day, DateOnly today) => day >= From && day <= Last(today);

    /// <summary>Whether this period holds every day of <paramref name="other"/>: a widening, or the same period.</summary>
    public bool Covers(RecordPeriod other) =>
        From <= other.From && (Until is not { } until || (other.Until is { } otherUntil && otherUntil <= until));

    /// <summary>
    /// Checks the day a record is dated, under <paramref name="field"/>; <paramref name="earliest"/> is the earliest day
    /// it may denote when only its week or month is known (that day must fit).
    /// </summary>
    public bool Check(DateOnly day, DateOnly earliest, string field, DateOnly today, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Contains(earliest, today))
        {
            return true;
        }
        var given = earliest == day ? RecordDates.Day(day) : $"{RecordDates.Day(day)} (as early as {RecordDates.Day(earliest)}, as only its week or month is known)";
        errors.Add(field, $"{given} is outside the record period of {Situation}, {this}: widen the period first");
        return false;
    }

    /// <summary>"3 Dec 2022 – 17 Nov 2023", or "3 Dec 2022 – (open: up to tomorrow)" while the situation goes on.</summary>
    public override string ToString() => $"{Written(From)} – {(Until is { } until ? Written(until) : "(open: up to tomorrow)")}";

    public static string Written(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
