using Lifeline.Core.Actors;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Places;
using Lifeline.Core.Sources;

namespace Lifeline.Events;

/// <summary>
/// An event as lists show it (API and pages). How long a status change lasts is one of <c>endDate</c> (with
/// <c>endTime</c>), <c>durationHours</c> or <c>untilFurtherNotice: true</c>; these are left out for other events.
/// </summary>
public sealed record EventSummary(
    string Id,
    int Version,
    DateOnly Date,
    string? Time,
    int TimePrecision,
    string Place,
    string PlaceName,
    int GeoPrecision,
    string Type,
    string TypeDescription,
    string AcledEventType,
    string AcledSubEventType,
    string? Utility,
    string? Route,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? EndDate,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? EndTime,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? DurationHours,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? UntilFurtherNotice,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? HoursPerDay,
    string? Actor1,
    string? Actor1Name,
    string? Actor2,
    string? Actor2Name,
    int? Fatalities,
    string Notes,
    IReadOnlyList<string> Sources,
    string Verification,
    string Stage)
{
    /// <summary>Why the event has its verification state, in words, e.g. "sources not yet graded".</summary>
    public string VerificationNote { get; init; } = "";
}

/// <summary>A source as an event shows it, with its Admiralty grade spelt out.</summary>
public sealed record SourceView(
    string Id, string Publisher, string? Url, string? Title, DateOnly? Published, DateOnly? Retrieved,
    string Grade, string Reliability, string ReliabilityLabel, int Credibility, string CredibilityLabel, bool ProtectIdentity)
{
    public const string ProtectedPublisher = "Protected source";

    /// <param name="showProtected">False hides the publisher, address and title of a source whose identity is protected.</param>
    internal static SourceView From(Source s, bool showProtected) => s.ProtectIdentity && !showProtected
        ? new(s.Id, ProtectedPublisher, null, null, s.Published, s.Retrieved, s.Grade.Code,
            s.Grade.Reliability.ToString(), AdmiraltyGrade.Label(s.Grade.Reliability),
            (int)s.Grade.Credibility, AdmiraltyGrade.Label(s.Grade.Credibility), true)
        : new(s.Id, s.Publisher, s.Url.OriginalString, s.Title, s.Published, s.Retrieved, s.Grade.Code,
            s.Grade.Reliability.ToString(), AdmiraltyGrade.Label(s.Grade.Reliability),
            (int)s.Grade.Credibility, AdmiraltyGrade.Label(s.Grade.Credibility), s.ProtectIdentity);
}

public sealed record VersionView(int Version, DateTimeOffset RecordedAt, string RecordedBy, string Reason, string Stage, EventSummary Content);

public sealed record ReviewView(string Verdict, string Note, DateTimeOffset At, string By);

/// <summary>One field a correction changed, as it read before and after (empty when it had no value).</summary>
public sealed record FieldChange(string Field, string Before, string After);

/// <summary>
/// What a version changed in the one before it, and why. Public for a published event when both versions were
/// published: it shows nothing that was not public already, and never who recorded it.
/// </summary>
public sealed record CorrectionView(int Version, DateTimeOffset At, string Reason, IReadOnlyList<FieldChange> Changes);

/// <summary>
/// One event in full: its current version, its sources, every version and every review. For anonymous callers
/// the versions and reviews are empty and who recorded it is null: that is internal.
/// </summary>
public sealed record EventDetail(
    EventSummary Event,
    IReadOnlyList<SourceView> Sources,
    IReadOnlyList<VersionView> Versions,
    IReadOnlyList<ReviewView> Reviews,
    DateTimeOffset? FirstRecordedAt,
    string? FirstRecordedBy,
    bool IsMine,
    IReadOnlyList<CorrectionView> Corrections);

/// <summary>One page of a longer list, and how long the whole list is.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int Pages => PageSize == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

/// <summary>
/// One page of the event list, newest first. <c>Total</c> is exact when <c>TotalCapped</c> is false; when it is true
/// there are at least that many (a filtered list or a search counts no further than <see cref="EventQueries.TotalCap"/>).
/// <c>More</c> says whether older events follow; <c>Next</c> and <c>Previous</c> are the cursors for <c>after</c> and
/// <c>before</c> that reach the older and the newer page at the same cost however deep they are. <c>Page</c> is null
/// on a page reached by a cursor.
/// </summary>
public sealed record EventPage(IReadOnlyList<EventSummary> Items, int Total, bool TotalCapped, int? Page, int PageSize, bool More, string? Next, string? Previous);

/// <summary>
/// Where a page of events starts: a page number (counted from the newest, for the first pages) or a cursor naming
/// the event just before (<c>after</c>: older events) or just after (<c>before</c>: newer events) the page.
/// A cursor is the event's date and its row number: <c>2023-03-21.4711</c>.
/// </summary>
public sealed record EventPosition(int Page, EventCursor? After = null, EventCursor? Before = null)
{
    public static readonly EventPosition First = new(1);
}

/// <summary>A place in the newest-first order of events: a date and the row number that breaks ties within it.</summary>
public readonly record struct EventCursor(DateOnly Date, long RowId)
{
    public override string ToString() => $"{Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}.{RowId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Reads a cursor given as <paramref name="field"/>; names the field when it is not one.</summary>
    public static EventCursor? Parse(string? text, string field, Core.Common.ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0
            && DateOnly.TryParseExact(text[..dot], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            && long.TryParse(text[(dot + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var row))
        {
            return new EventCursor(date, row);
        }
        errors.Add(field, $"'{Core.Common.RecordDates.Shorten(text)}' is not a position in the list: use the 'next' or 'previous' value of a page (a date and a number, 2023-03-21.4711)");
        return null;
    }
}

internal static class EventViews
{
    /// <summary>How long the status an event sets lasts, in words; null for events that set none or state no end.</summary>
    public static string? DescribeEnd(EventSummary e) =>
        e.EndDate is { } day ? $"until {day}{(e.EndTime is { } time ? " " + time : "")}, then what held before it"
        : e.DurationHours is { } hours ? $"for {hours.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} hours, then what held before it"
        : e.UntilFurtherNotice == true ? "until further notice (until the next change)"
        : EventType.Find(e.Type) is { } type && EventValidator.ChangesStatus(type) ? "no end recorded: counted until further notice"
        : null;

    public static EventSummary Summarise(
        string id, int version, Core.Access.EventStage stage, EventContent c, IReadOnlyDictionary<string, Place> places, IReadOnlyDictionary<string, Actor> actors, VerificationFinding verification) =>
        new(
            id, version, c.When.Day, c.When.Time?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), (int)c.When.Precision,
            c.PlaceId, places.TryGetValue(c.PlaceId, out var place) ? place.NameIn("en") : c.PlaceId, (int)c.GeoPrecision,
            c.Type.Key, c.Type.Description, c.Type.AcledEventType, c.Type.AcledSubEventType,
            c.Utility is { } u ? KebabCase.Of(u) : null, c.RouteId,
            c.Ends?.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            c.Ends?.Time?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            c.Ends?.Hours, c.Ends is { UntilFurtherNotice: true } ? true : null, c.HoursPerDay,
            c.Actor1, c.Actor1 is not null && actors.TryGetValue(c.Actor1, out var a1) ? a1.Name : c.Actor1,
            c.Actor2, c.Actor2 is not null && actors.TryGetValue(c.Actor2, out var a2) ? a2.Name : c.Actor2,
            c.Fatalities, c.Notes, c.SourceIds, KebabCase.Of(verification.State), KebabCase.Of(stage))
        {
            VerificationNote = verification.Why,
        };
}
