using System.Globalization;
using Lifeline.Core.Actors;
using Lifeline.Core.Common;
using Lifeline.Core.Places;
using Lifeline.Core.Situations;
using Lifeline.Situations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Events;

/// <summary>What the event form posts. Every field is text, so that anything typed comes back with a message.</summary>
public sealed class EventFormInput
{
    public string? Date { get; set; }
    public string? Time { get; set; }
    public string? TimePrecision { get; set; } = "1";
    public string? Place { get; set; }
    public string? GeoPrecision { get; set; } = "1";
    public string? Type { get; set; }
    public string? Utility { get; set; }
    public string? Route { get; set; }
    public string? EndDate { get; set; }
    public string? EndTime { get; set; }
    public string? DurationHours { get; set; }
    public bool UntilFurtherNotice { get; set; }
    public string? HoursPerDay { get; set; }
    public string? Actor1 { get; set; }
    public string? Actor2 { get; set; }
    public string? Fatalities { get; set; }
    public string? Notes { get; set; }
    public List<string> Sources { get; set; } = [];
    public string? NewSourcePublisher { get; set; }
    public string? NewSourceUrl { get; set; }
    public string? NewSourceTitle { get; set; }
    public string? NewSourcePublished { get; set; }
    public string? NewSourceReliability { get; set; } = "F";
    public string? NewSourceCredibility { get; set; } = "6";
    public bool NewSourceProtectIdentity { get; set; }
    public string? Reason { get; set; }
    public string? ExpectedVersion { get; set; }

    /// <summary>The request the API would receive; numbers that are not numbers are reported in <paramref name="errors"/>.</summary>
    public RecordEventRequest ToRequest(ValidationErrors errors)
    {
        var hasNewSource = !string.IsNullOrWhiteSpace(NewSourcePublisher) || !string.IsNullOrWhiteSpace(NewSourceUrl);
        return new RecordEventRequest
        {
            Date = Date,
            Time = Time,
            TimePrecision = Number(TimePrecision, "timePrecision", errors),
            Place = Blank(Place),
            GeoPrecision = Number(GeoPrecision, "geoPrecision", errors),
            Type = Blank(Type),
            Utility = Blank(Utility),
            Route = Blank(Route),
            EndDate = Blank(EndDate),
            EndTime = Blank(EndTime),
            DurationHours = Decimal(DurationHours, "durationHours", errors),
            UntilFurtherNotice = UntilFurtherNotice ? true : null,
            HoursPerDay = Decimal(HoursPerDay, "hoursPerDay", errors),
            Actor1 = Blank(Actor1),
            Actor2 = Blank(Actor2),
            Fatalities = Number(Fatalities, "fatalities", errors),
            Notes = Notes,
            // The form's sources field holds ids separated by spaces or commas; the API's list holds one id each.
            Sources = Sources.SelectMany(s => (s ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList(),
            NewSources = hasNewSource
                ? [new NewSourceRequest
                {
                    Publisher = NewSourcePublisher, Url = NewSourceUrl, Title = NewSourceTitle, Published = Blank(NewSourcePublished),
                    Reliability = NewSourceReliability, Credibility = Number(NewSourceCredibility, "newSources[0].credibility", errors),
                    ProtectIdentity = NewSourceProtectIdentity,
                }]
                : [],
            Reason = Reason,
            ExpectedVersion = Number(ExpectedVersion, "expectedVersion", errors),
        };
    }

    public static EventFormInput From(EventSummary e) => new()
    {
        Date = e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Time = e.Time,
        TimePrecision = e.TimePrecision.ToString(CultureInfo.InvariantCulture),
        Place = e.Place,
        GeoPrecision = e.GeoPrecision.ToString(CultureInfo.InvariantCulture),
        Type = e.Type,
        Utility = e.Utility,
        Route = e.Route,
        EndDate = e.EndDate,
        EndTime = e.EndTime,
        DurationHours = e.DurationHours?.ToString(CultureInfo.InvariantCulture),
        UntilFurtherNotice = e.UntilFurtherNotice == true,
        HoursPerDay = e.HoursPerDay?.ToString(CultureInfo.InvariantCulture),
        Actor1 = e.Actor1,
        Actor2 = e.Actor2,
        Fatalities = e.Fatalities?.ToString(CultureInfo.InvariantCulture),
        Notes = e.Notes,
        Sources = [.. e.Sources],
        ExpectedVersion = e.Version.ToString(CultureInfo.InvariantCulture),
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static double? Decimal(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }
        errors.Add(field, $"'{text}' is not a number of hours: write it with a decimal point, e.g. 6 or 2.5");
        return null;
    }

    private static int? Number(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add(field, $"'{text}' is not a whole number");
        return null;
    }
}

/// <summary>What both event forms (record, correct) share: the choices offered and the errors shown.</summary>
internal abstract class EventFormPage(EventQueries queries, SituationQueries situations) : PageModel
{
    [BindProperty]
    public EventFormInput Input { get; set; } = new();

    public string SituationId { get; protected set; } = "";
    public Situation? Situation { get; protected set; }
    public IReadOnlyList<Place> Places { get; private set; } = [];
    public IReadOnlyList<Actor> Actors { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; protected set; } = new Dictionary<string, string[]>();

    protected EventQueries Queries => queries;

    protected async Task<bool> LoadAsync(string situationId, string title, CancellationToken cancel)
    {
        Situation = await situations.FindAsync(situationId, cancel);
        if (Situation is null)
        {
            return false;
        }
        SituationId = situationId;
        ViewData["SituationId"] = situationId;
        ViewData["SituationName"] = Situation.Name;
        ViewData["Title"] = title;
        // In the reader's script, in the order of their language.
        Places = (await queries.PlacesAsync(situationId, cancel)).Values
            .OrderBy(Web.Translations.Place, StringComparer.Create(CultureInfo.CurrentCulture, ignoreCase: false)).ToList();
        Actors = (await queries.ActorsAsync(situationId, cancel)).Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        return true;
    }

    protected IActionResult Answer(RecordOutcome outcome, ValidationErrors formErrors)
    {
        switch (outcome)
        {
            case RecordOutcome.Stored stored:
                return Redirect($"/situations/{SituationId}/events/{stored.Version.Id}");
            case RecordOutcome.Invalid invalid:
                formErrors.AddAll(invalid.Errors);
                break;
            case RecordOutcome.Conflict conflict:
                formErrors.Add("expectedVersion", conflict.Message);
                break;
            case RecordOutcome.NotFound:
                return NotFound();
            case RecordOutcome.Forbidden:
                return Forbid();
        }
        Errors = formErrors.ToDictionary();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The messages for a field (API name); <c>sources</c> also collects <c>sources[0]</c> and the like.</summary>
    public string? ErrorFor(string field)
    {
        var messages = ErrorsFor(field);
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    /// <summary>The messages for a field one by one, as <see cref="ErrorFor"/> collects them (the page translates each it can).</summary>
    public IReadOnlyList<string> ErrorsFor(string field) =>
        Errors.Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal)).SelectMany(e => e.Value).ToList();
}
