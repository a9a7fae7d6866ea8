using System.Globalization;
using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.Supplies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.Supplies;

/// <summary>
/// The supplies dashboard of a situation on a day: per commodity the need, the inflow, the stock and the runway band
/// under each inflow assumption, with alerts; deliveries against the baseline and the need; the food-security signal;
/// and the latest from prices, utilities and evacuations, each with a page of its own.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = SupplyEndpoints.ReadPolicy)]
internal sealed class IndexModel(SupplyQueries queries, AuditLog audit, Web.Translations words) : PageModel
{
    /// <summary>Fewer runs than the API's default keep the page quick; the bands move by well under a day.</summary>
    public const int PageRuns = 2_000;

    public SupplyRecord Record { get; private set; } = null!;
    public DateOnly Date { get; private set; }
    public string? DateError { get; private set; }
    public string? RequestedDate { get; private set; }
    public IReadOnlyDictionary<InflowAssumption, SupplyOutlookReport> Reports { get; private set; } = new Dictionary<InflowAssumption, SupplyOutlookReport>();
    public DeliveryRecord Deliveries { get; private set; } = null!;

    /// <summary>What the record knows without a stock count: the need against the deliveries since the start, and what-if runways.</summary>
    public NeedGap Gap { get; private set; } = null!;
    public FoodSecuritySignal FoodSecurity { get; private set; } = null!;
    public IReadOnlyList<PriceRow> Prices { get; private set; } = [];
    public IReadOnlyList<UtilityOutages> Utilities { get; private set; } = [];

    /// <summary>The route and utility status on the day, from the same rule as the calendar, for the inflow assumptions' context.</summary>
    public Core.Situations.DayStatus Status { get; private set; } = null!;
    public EvacuationRecord Evacuations { get; private set; } = null!;
    public IReadOnlyList<string> Alerts { get; private set; } = [];

    public SupplyOutlookReport Observed => Reports[InflowAssumption.IcrcOnly];

    public async Task<IActionResult> OnGetAsync(string situationId, string? date, CancellationToken cancel)
    {
        if (await queries.LoadAsync(situationId, cancel: cancel) is not { } record)
        {
            return NotFound();
        }
        Record = record;
        var errors = new ValidationErrors();
        var day = ForecastRequest.ParseDate(date, "date", queries.Today, errors);
        if (!errors.IsEmpty)
        {
            DateError = errors.ToDictionary()["date"][0];
            RequestedDate = date;
        }
        Date = day ?? record.DefaultDate(queries.Today);
        var airlift = queries.Airlift(record.Situation.Id);
        Reports = SupplyCharts.Assumptions.Where(a => a.Assumption != InflowAssumption.Airlift || airlift is not null).ToDictionary(
            a => a.Assumption,
            a => SupplyPicture.Forecast(record.Setting, record.Observations, Date, a.Assumption, PageRuns, ForecastRequest.DefaultSeed, airlift: airlift));
        Deliveries = DeliveryRecord.Of(record.Setting, record.Observations, Date);
        Gap = SupplyQueries.Gap(record, Date);
        FoodSecurity = FoodSecuritySignal.Of(record.Observations, Date);
        Prices = PriceBoard.Of(record.Observations, Date);
        Utilities = (await queries.UtilitiesAsync(record, Date, cancel)).Utilities;
        Status = await queries.StatusOnAsync(record, Date, cancel);
        Evacuations = EvacuationRecord.Of(record.Observations, Date);
        Alerts = AlertsOf();
        ViewData["SituationId"] = record.Situation.Id;
        ViewData["SituationName"] = record.Situation.Name;
        ViewData["Title"] = words.Format("supplies.title", record.Situation.Name);
        await audit.ReadAsync("supplies", "dashboard", situationId, $"stock levels on {SupplyViews.Day(Date)}", cancel);
        return Page();
    }

    /// <summary>The runway bands of each commodity that has a runway under any assumption.</summary>
    public IReadOnlyList<(Commodity Commodity, IReadOnlyList<(InflowAssumption Assumption, Runway Runway)> Runways)> Bands =>
        Observed.Lines.Select(l => (l.Commodity, (IReadOnlyList<(InflowAssumption, Runway)>)Reports
                .Select(r => (r.Key, r.Value.Lines.First(x => x.Commodity.Id == l.Commodity.Id).Runway))
                .Where(x => x.Runway is not null).Select(x => (x.Key, x.Runway!)).ToList()))
            .Where(x => x.Item2.Count > 0).ToList();

    private List<string> AlertsOf()
    {
        var alerts = Record.SetAside.Select(s => words.Format("supplies.alert-set-aside", s)).ToList();
        foreach (var (assumption, report) in Reports.OrderBy(r => r.Key))
        {
            foreach (var line in report.Lines.Where(l => l.Runway is { Alert: true }))
            {
                alerts.Add(words.Format("supplies.alert-runway", words.Or("commodity." + line.Commodity.Id, line.Commodity.Name), line.Runway!.AlertWithinDays,
                    words.Or("supplies.assumption." + KebabCase.Of(assumption), SupplyPicture.Describe(assumption)),
                    line.Runway.P10Days?.ToString("0.#", CultureInfo.CurrentCulture), SupplyViews.Day(line.Runway.P10Date!.Value)));
            }
        }
        foreach (var row in Prices.Where(p => p.Alps.Level is PriceLevel.Alert or PriceLevel.Crisis))
        {
            alerts.Add(words.Format("supplies.alert-price", row.Item, row.Market, KebabCase.Of(row.Alps.Level!.Value), row.Alps.Pewi?.ToString("0.00", CultureInfo.CurrentCulture)));
        }
        if (FoodSecurity.Reading.Famine)
        {
            alerts.Add(FoodSecurity.Reading.Finding);
        }
        if (FoodSecurity.Reading.Alarm is { } alarm && alarm != MortalityAlarm.UnderControl)
        {
            alerts.Add(words.Format("supplies.alert-death-rate", KebabCase.Of(alarm)));
        }
        return alerts;
    }

    public static string Amount(double? value, Commodity commodity) =>
        value is { } v ? SupplyPicture.Amount(v, commodity.Unit) : "—";

    public static string Range(Estimate? estimate, Commodity commodity) => estimate switch
    {
        null => "—",
        { } e => SupplyPicture.Range(e, commodity.Unit),
    };
}
