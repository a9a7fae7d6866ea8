using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Core.Sources;
using Lifeline.Events;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Supplies;

/// <summary>
/// What the observation form posts. Every field is text, so that anything typed comes back with a message; the
/// names are those of the API (<see cref="RecordObservationRequest"/>), and the checks are the API's.
/// </summary>
public sealed class ObservationFormInput
{
    public string? Kind { get; set; }
    public string? Date { get; set; }
    public string? To { get; set; }
    public string? Commodity { get; set; }
    public string? Amount { get; set; }
    public string? Low { get; set; }
    public string? High { get; set; }
    public string? Unit { get; set; }
    public string? Qualifier { get; set; }
    public string? Location { get; set; }
    public string? Route { get; set; }
    public List<string> Carriers { get; set; } = [];
    public string? Outcome { get; set; }
    public string? Per { get; set; }
    public string? Group { get; set; }
    public string? Market { get; set; }
    public string? Item { get; set; }
    public string? Currency { get; set; }
    public string? Factor { get; set; }
    public string? ComparedWith { get; set; }
    public bool Baseline { get; set; }
    public string? Utility { get; set; }
    public string? HoursPerDay { get; set; }

    /// <summary>One service a line.</summary>
    public string? ServicesHit { get; set; }

    public string? Moved { get; set; }
    public string? Cumulative { get; set; }
    public string? Waiting { get; set; }
    public string? Counted { get; set; }
    public string? Area { get; set; }
    public string? ExtremeFoodGapShare { get; set; }
    public string? GamUnderFive { get; set; }
    public string? CrudeDeathRate { get; set; }
    public string? UnderFiveDeathRate { get; set; }
    public string? Reason { get; set; }
    public string? Notes { get; set; }
    public List<string> Sources { get; set; } = [];
    public string? NewSourcePublisher { get; set; }
    public string? NewSourceUrl { get; set; }
    public string? NewSourceTitle { get; set; }
    public string? NewSourcePublished { get; set; }
    public string? NewSourceReliability { get; set; } = "F";
    public string? NewSourceCredibility { get; set; } = "6";
    public bool NewSourceProtectIdentity { get; set; }
    public string? ExpectedVersion { get; set; }

    /// <summary>The request the API would receive; numbers that are not numbers are reported in <paramref name="errors"/>.</summary>
    public RecordObservationRequest ToRequest(ValidationErrors errors)
    {
        var hasNewSource = !string.IsNullOrWhiteSpace(NewSourcePublisher) || !string.IsNullOrWhiteSpace(NewSourceUrl);
        return new RecordObservationRequest
        {
            Kind = Blank(Kind),
            Date = Blank(Date),
            To = Blank(To),
            Commodity = Blank(Commodity),
            Amount = Real(Amount, "amount", errors),
            Low = Real(Low, "low", errors),
            High = Real(High, "high", errors),
            Unit = Blank(Unit),
            Qualifier = Blank(Qualifier),
            Location = Blank(Location),
            Route = Blank(Route),
            Carriers = Carriers.Where(c => !string.IsNullOrWhiteSpace(c)).ToList(),
            Outcome = Blank(Outcome),
            Per = Blank(Per),
            Group = Blank(Group),
            Market = Blank(Market),
            Item = Blank(Item),
            Currency = Blank(Currency),
            Factor = Real(Factor, "factor", errors),
            ComparedWith = Blank(ComparedWith),
            Baseline = Baseline ? true : null,
            Utility = Blank(Utility),
            HoursPerDay = Real(HoursPerDay, "hoursPerDay", errors),
            ServicesHit = (ServicesHit ?? "").Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToList(),
            Moved = Whole(Moved, "moved", errors),
            Cumulative = Whole(Cumulative, "cumulative", errors),
            Waiting = Whole(Waiting, "waiting", errors),
            Counted = Blank(Counted),
            Area = Blank(Area),
            ExtremeFoodGapShare = Real(ExtremeFoodGapShare, "extremeFoodGapShare", errors),
            GamUnderFive = Real(GamUnderFive, "gamUnderFive", errors),
            CrudeDeathRate = Real(CrudeDeathRate, "crudeDeathRate", errors),
            UnderFiveDeathRate = Real(UnderFiveDeathRate, "underFiveDeathRate", errors),
            Reason = Blank(Reason),
            Notes = Blank(Notes),
            Sources = Sources.Where(s => !string.IsNullOrWhiteSpace(s)).ToList(),
            NewSources = hasNewSource
                ? [new NewSourceRequest
                {
                    Publisher = NewSourcePublisher, Url = NewSourceUrl, Title = NewSourceTitle, Published = Blank(NewSourcePublished),
                    Reliability = NewSourceReliability, Credibility = Whole(NewSourceCredibility, "newSources[0].credibility", errors),
                    ProtectIdentity = NewSourceProtectIdentity,
                }]
                : [],
            ExpectedVersion = Whole(ExpectedVersion, "expectedVersion", errors),
        };
    }

    /// <summary>The form filled with an observation's current version, to correct it.</summary>
    public static ObservationFormInput From(ObservationView o)
    {
        string? N(double? v) => v?.ToString("0.######", CultureInfo.InvariantCulture);
        return new ObservationFormInput
        {
            Kind = o.Kind,
            Date = o.Date,
            To = o.To,
            Commodity = o.Commodity,
            Amount = N(o.Amount),
            Low = N(o.Low),
            High = N(o.High),
            Unit = o.Unit,
            Qualifier = o.Qualifier,
            Location = o.Location,
            Route = o.Route,
            Carriers = [.. o.Carriers],
            Outcome = o.Outcome,
            Per = o.Per,
            Group = o.Group,
            Market = o.Market,
            Item = o.Item,
            Currency = o.Currency,
            Factor = N(o.Factor),
            ComparedWith = o.ComparedWith,
            Baseline = o.Baseline,
            Utility = o.Utility,
            HoursPerDay = N(o.HoursPerDay),
            ServicesHit = string.Join("\n", o.ServicesHit),
            Moved = o.Moved?.ToString(CultureInfo.InvariantCulture),
            Cumulative = o.Cumulative?.ToString(CultureInfo.InvariantCulture),
            Waiting = o.Waiting?.ToString(CultureInfo.InvariantCulture),
            Counted = o.Counted,
            Area = o.Area,
            ExtremeFoodGapShare = N(o.ExtremeFoodGapShare),
            GamUnderFive = N(o.GamUnderFive),
            CrudeDeathRate = N(o.CrudeDeathRate),
            UnderFiveDeathRate = N(o.UnderFiveDeathRate),
            Notes = o.Notes,
            Sources = [.. o.Sources],
            ExpectedVersion = o.Version.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static double? Real(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }
        errors.Add(field, $"'{text}' is not a number (write 1234.5, with a point)");
        return null;
    }

    private static int? Whole(string? text, string field, ValidationErrors errors)
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

/// <summary>What both observation forms (record, correct) share: the choices offered and the errors shown.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Accounts.Security.Policies.Record)]
internal abstract class ObservationFormPage(SupplyQueries queries, EventQueries events) : PageModel
{
    [BindProperty]
    public ObservationFormInput Input { get; set; } = new();

    public SupplyRecord Record { get; private set; } = null!;
    public string SituationId => Record.Situation.Id;
    public IReadOnlyList<Source> Sources { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; protected set; } = new Dictionary<string, string[]>();
    public string? EditingId { get; protected set; }

    protected SupplyQueries Queries => queries;

    protected async Task<bool> LoadAsync(string situationId, string title, CancellationToken cancel)
    {
        if (await queries.LoadAsync(situationId, cancel: cancel) is not { } record)
        {
            return false;
        }
        Record = record;
        ViewData["SituationId"] = situationId;
        ViewData["SituationName"] = record.Situation.Name;
        ViewData["Title"] = title;
        Sources = await events.AllSourcesAsync(situationId, cancel);
        return true;
    }

    protected IActionResult Answer(ObservationOutcome outcome, ValidationErrors formErrors)
    {
        switch (outcome)
        {
            case ObservationOutcome.Stored stored:
                return Redirect($"/situations/{SituationId}/supplies/observations/{stored.Version.Id}");
            case ObservationOutcome.Invalid invalid:
                formErrors.AddAll(invalid.Errors);
                break;
            case ObservationOutcome.Conflict conflict:
                formErrors.Add("expectedVersion", conflict.Message);
                break;
            case ObservationOutcome.NotFound:
                return NotFound();
            case ObservationOutcome.Forbidden:
                return Forbid();
        }
        Errors = formErrors.ToDictionary();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The messages for a field (API name); <c>carriers</c> also collects <c>carriers[0]</c> and the like.</summary>
    public string? ErrorFor(string field)
    {
        var messages = ErrorsFor(field);
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    /// <summary>The messages for a field one by one, as <see cref="ErrorFor"/> collects them (the page translates each it can).</summary>
    public IReadOnlyList<string> ErrorsFor(string field) =>
        Errors.Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal)).SelectMany(e => e.Value).ToList();
}
