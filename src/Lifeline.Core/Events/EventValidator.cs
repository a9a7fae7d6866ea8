using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Events;

/// <summary>Checks an <see cref="EventDraft"/> and says what is wrong in words a reporter can act on.</summary>
public static class EventValidator
{
    public const int MaxNotesLength = 10_000;
    public const int MaxFatalities = 10_000_000;

    /// <summary>The most years after its day that a change's stated end may lie.</summary>
    public const int MaxEndYears = 10;

    /// <param name="today">Today's date (UTC) from the injected clock; events may not be dated after tomorrow.</param>
    /// <param name="extraSources">Source ids that the same request creates, counted as existing.</param>
    /// <param name="requireEnd">
    /// False only where a version is read back as it was recorded (an import of history): a status-changing version
    /// without an end is then accepted, and the caller decides (the current version of an event must have one).
    /// </param>
    public static (EventContent? Content, ValidationErrors Errors) Validate(
        EventDraft draft, EventReferences references, DateOnly today, IReadOnlyCollection<string>? extraSources = null, bool requireEnd = true)
    {
        var declared = InputRules.Check(draft);
        if (!declared.IsEmpty)
        {
            return (null, declared);
        }
        var errors = new ValidationErrors();

        if (draft.Id is not null && !Slug.IsValid(draft.Id))
        {
            errors.Add("id", $"'{draft.Id}' is not a valid id: it {Slug.Rule}");
        }

        var day = ParseDate(draft.Date, "date", errors, today);
        TimeOnly? time = null;
        if (!string.IsNullOrWhiteSpace(draft.Time))
        {
            if (TimeOnly.TryParseExact(draft.Time.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                time = parsed;
            }
            else
            {
                errors.Add("time", $"'{draft.Time}' is not a time: write it as HH:MM (24-hour), e.g. 14:35");
            }
        }

        var timePrecision = draft.TimePrecision ?? 1;
        if (timePrecision is < 1 or > 3)
        {
            errors.Add("timePrecision", "must be 1 (the day is known), 2 (only the week) or 3 (only the month)");
        }
        else if (day is { } dated)
        {
            references.Period.Check(dated, EarliestDay(dated, (TimePrecision)timePrecision), "date", today, errors);
        }

        if (string.IsNullOrWhiteSpace(draft.Place))
        {
            errors.Add("place", "is required: the place where it happened (or the region, with geoPrecision 3)");
        }
        else if (!references.Places.Contains(draft.Place))
        {
            errors.Add("place", $"there is no place '{draft.Place}' in the gazetteer");
        }

        var geoPrecision = draft.GeoPrecision ?? 1;
        if (geoPrecision is < 1 or > 3)
        {
            errors.Add("geoPrecision", "must be 1 (the place itself), 2 (near it) or 3 (only the region)");
        }

        EventType? type = null;
        if (string.IsNullOrWhiteSpace(draft.Type))
        {
            errors.Add("type", "is required: an event type such as corridor-closed or utility-cut");
        }
        else
        {
            type = EventType.Find(draft.Type);
            if (type is null)
            {
                errors.Add("type", $"'{draft.Type}' is not an event type; the types are listed at /api/v1/event-types");
            }
        }

        Utility? utility = null;
        if (!string.IsNullOrWhiteSpace(draft.Utility))
        {
            utility = KebabCase.Parse<Utility>(draft.Utility);
            if (utility is null)
            {
                errors.Add("utility", $"'{draft.Utility}' is not a utility: use one of {KebabCase.Choices<Utility>()}");
            }
            else if (type is { ChangesUtility: false })
            {
                errors.Add("utility", $"applies only to utility-cut, utility-partial and utility-restored, not to {type.Key}");
            }
        }
        else if (type is { ChangesUtility: true })
        {
            errors.Add("utility", $"is required for {type.Key}: which of {KebabCase.Choices<Utility>()}");
        }

        var route = string.IsNullOrWhiteSpace(draft.Route) ? null : draft.Route.Trim();
        if (route is not null && !references.Routes.Contains(route))
        {
            errors.Add("route", $"this situation has no route '{route}'");
        }

        var ends = CheckEnd(draft, type, day, time, today, errors, requireEnd);
        var hoursPerDay = CheckHoursPerDay(draft.HoursPerDay, type, errors);

        CheckActor(draft.Actor1, "actor1", references, errors);
        CheckActor(draft.Actor2, "actor2", references, errors);

        if (draft.Fatalities is < 0 or > MaxFatalities)
        {
            errors.Add("fatalities", $"must be a number of deaths from 0 to {MaxFatalities:N0}, or left empty when none is reported");
        }

        var notes = draft.Notes?.Trim();
        if (string.IsNullOrEmpty(notes))
        {
            errors.Add("notes", "is required: say briefly what happened");
        }
        else if (notes.Length > MaxNotesLength)
        {
            errors.Add("notes", $"is {notes.Length:N0} characters long; at most {MaxNotesLength:N0} are allowed");
        }

        var sources = (draft.Sources ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var creating = extraSources ?? [];
        if (sources.Count == 0)
        {
            errors.Add("sources", "at least one source is required: who reported it");
        }
        for (var i = 0; i < sources.Count; i++)
        {
            if (!references.Sources.Contains(sources[i]) && !creating.Contains(sources[i]))
            {
                errors.Add($"sources[{i}]", $"there is no source '{sources[i]}'");
            }
        }

        var partOf = string.IsNullOrWhiteSpace(draft.PartOf) ? null : draft.PartOf.Trim();
        if (partOf is not null && !Slug.IsValid(partOf))
        {
            errors.Add("partOf", $"'{partOf}' is not a valid event id: it {Slug.Rule}");
        }
        else if (partOf is not null && partOf == draft.Id)
        {
            errors.Add("partOf", "names the event itself: give the event that stands for the whole happening");
        }
        if (draft.GapBefore && type is { ChangesCorridor: false, ChangesUtility: false })
        {
            errors.Add("gapBefore", $"applies only to events that change a route's or a utility's status, not to {type.Key}");
        }

        if (!errors.IsEmpty || day is null || type is null || notes is null)
        {
            return (null, errors);
        }

        var content = new EventContent(
            new EventDate(day.Value, time, (TimePrecision)timePrecision),
            draft.Place!.Trim(),
            (GeoPrecision)geoPrecision,
            type,
            utility,
            type.ChangesCorridor || route is not null ? route : null,
            Blank(draft.Actor1),
            Blank(draft.Actor2),
            draft.Fatalities,
            notes,
            sources,
            partOf,
            draft.GapBefore)
        {
            Ends = ends,
            HoursPerDay = hoursPerDay,
        };
        return (content, errors);
    }

    /// <summary>
    /// The earliest day a date may stand for: the day itself when it is known, the Monday of its (ISO) week when only
    /// the week is, the first of its month when only the month is.
    /// </summary>
    public static DateOnly EarliestDay(DateOnly day, TimePrecision precision) => precision switch
    {
        TimePrecision.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        TimePrecision.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    /// <summary>True for the types that move a route or a utility to a new status: they state how long it lasts.</summary>
    public static bool ChangesStatus(EventType type) => type.ChangesCorridor || type.ChangesUtility;

    /// <summary>
    /// Reads how long a status change lasts: exactly one of <c>endDate</c> (with an optional <c>endTime</c>),
    /// <c>durationHours</c> or <c>untilFurtherNotice: true</c> for a status-changing type, none of them for any other.
    /// </summary>
    private static StatusEnd? CheckEnd(EventDraft draft, EventType? type, DateOnly? day, TimeOnly? time, DateOnly today, ValidationErrors errors, bool requireEnd)
    {
        var given = new List<string>();
        if (!string.IsNullOrWhiteSpace(draft.EndDate))
        {
            given.Add("endDate");
        }
        if (draft.DurationHours is not null)
        {
            given.Add("durationHours");
        }
        if (draft.UntilFurtherNotice == true)
        {
            given.Add("untilFurtherNotice");
        }
        var endTimeGiven = !string.IsNullOrWhiteSpace(draft.EndTime);
        if (type is null)
        {
            return null;
        }
        if (!ChangesStatus(type))
        {
            foreach (var field in endTimeGiven ? [.. given, "endTime"] : given)
            {
                errors.Add(field, $"applies only to events that change a route's or a utility's status (the corridor-… and utility-… types), not to {type.Key}");
            }
            return null;
        }
        if (given.Count == 0)
        {
            if (endTimeGiven)
            {
                errors.Add("endTime", "goes with endDate: give the day the change ended too");
            }
            if (requireEnd)
            {
                errors.Add("endDate", $"is required for {type.Key} unless durationHours or untilFurtherNotice is given: say the last day the new status held (YYYY-MM-DD), how many hours it lasted, or that it holds until further notice (until the next change of the same {(type.ChangesUtility ? "utility" : "route")})");
            }
            return null;
        }
        if (given.Count > 1)
        {
            foreach (var field in given.Skip(1))
            {
                errors.Add(field, $"give only one of endDate, durationHours and untilFurtherNotice: {given[0]} is already given");
            }
            return null;
        }
        if (endTimeGiven && given[0] != "endDate")
        {
            errors.Add("endTime", $"goes with endDate, not with {given[0]}");
            return null;
        }
        switch (given[0])
        {
            case "untilFurtherNotice":
                return StatusEnd.FurtherNotice;
            case "durationHours":
                if (draft.DurationHours is not { } hours || !double.IsFinite(hours) || hours <= 0 || hours > StatusEnd.MaxHours)
                {
                    errors.Add("durationHours", $"must be a number of hours above 0 and at most {StatusEnd.MaxHours:N0} (a longer change gives its endDate)");
                    return null;
                }
                return StatusEnd.After(hours);
            default:
                // Like every date of a record: from 1900-01-01 to tomorrow; a change that still holds is until further notice.
                if (RecordDates.Parse(draft.EndDate, "endDate", today, errors) is not { } endDate)
                {
                    return null;
                }
                TimeOnly? endTime = null;
                if (endTimeGiven)
                {
                    if (!TimeOnly.TryParseExact(draft.EndTime!.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    {
                        errors.Add("endTime", $"'{draft.EndTime}' is not a time: write it as HH:MM (24-hour), e.g. 17:30");
                        return null;
                    }
                    endTime = parsed;
                }
                if (day is { } start)
                {
                    if (endDate < start)
                    {
                        errors.Add("endDate", $"{endDate:yyyy-MM-dd} is before the day of the change ({start:yyyy-MM-dd})");
                        return null;
                    }
                    if (endDate > start.AddYears(MaxEndYears))
                    {
                        errors.Add("endDate", $"{endDate:yyyy-MM-dd} is more than {MaxEndYears} years after the change: if it still holds, say until further notice");
                        return null;
                    }
                    if (endDate == start && endTime is { } until && until <= (time ?? TimeOnly.MinValue))
                    {
                        errors.Add("endTime", time is { } from
                            ? $"{until:HH\\:mm} is not after the time of the change ({from:HH\\:mm})"
                            : "00:00 on the day of the change ends it before it began");
                        return null;
                    }
                }
                return StatusEnd.On(endDate, endTime);
        }
    }

    private static double? CheckHoursPerDay(double? hoursPerDay, EventType? type, ValidationErrors errors)
    {
        if (hoursPerDay is not { } hours || type is null)
        {
            return null;
        }
        if (type.SetsUtility != UtilityStatus.Partial)
        {
            errors.Add("hoursPerDay", $"applies only to utility-partial (hours a day without the utility), not to {type.Key}");
            return null;
        }
        if (!double.IsFinite(hours) || hours <= 0 || hours >= 24)
        {
            errors.Add("hoursPerDay", "must be a number of hours above 0 and below 24 (a utility out all day is utility-cut)");
            return null;
        }
        return hours;
    }

    /// <summary>Reads a <c>YYYY-MM-DD</c> date from 1900-01-01 to tomorrow (<see cref="RecordDates"/>).</summary>
    public static DateOnly? ParseDate(string? text, string field, ValidationErrors errors, DateOnly today, bool required = true) =>
        RecordDates.Parse(text, field, today, errors, required);

    private static void CheckActor(string? actor, string field, EventReferences references, ValidationErrors errors)
    {
        if (!string.IsNullOrWhiteSpace(actor) && !references.Actors.Contains(actor.Trim()))
        {
            errors.Add(field, $"there is no actor '{actor}'");
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
