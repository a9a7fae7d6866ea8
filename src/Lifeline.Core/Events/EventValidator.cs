using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Events;

/// <summary>Checks an <see cref="EventDraft"/> and says what is wrong in words a reporter can act on.</summary>
public static class EventValidator
{
    public const int MaxNotesLength = 10_000;
    public const int MaxFatalities = 10_000_000;

    /// <param name="today">Today's date (UTC) from the injected clock; events may not be dated after tomorrow.</param>
    /// <param name="extraSources">Source ids that the same request creates, counted as existing.</param>
    public static (EventContent? Content, ValidationErrors Errors) Validate(
        EventDraft draft, EventReferences references, DateOnly today, IReadOnlyCollection<string>? extraSources = null)
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
            draft.GapBefore);
        return (content, errors);
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
