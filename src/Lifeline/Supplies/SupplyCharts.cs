using System.Globalization;
using System.Net;
using System.Text;
using Lifeline.Core.Common;
using Lifeline.Core.Supplies;
using Microsoft.AspNetCore.Html;

namespace Lifeline.Supplies;

/// <summary>
/// The supplies charts, drawn on the server as inline SVG: no script, no stylesheet rule (colours are presentation
/// attributes, which the content security policy allows), a title and a text alternative on each, so a page is
/// complete over a 2G link and readable by a screen reader.
/// </summary>
internal static class SupplyCharts
{
    private const int Width = 720;
    private const int Left = 130;
    private const int Right = 20;
    private const string Ink = "#1b1f23";
    private const string Muted = "#5f6368";
    private const string Grid = "#d0d4d9";

    /// <summary>The assumptions a dashboard compares, each with its colour.</summary>
    public static readonly (InflowAssumption Assumption, string Colour)[] Assumptions =
    [
        (InflowAssumption.Blocked, "#b71c1c"), (InflowAssumption.IcrcOnly, "#ef6c00"), (InflowAssumption.Reopened, "#2e7d32"),
        (InflowAssumption.Airlift, "#1565c0"),
    ];

    /// <summary>
    /// Runway bands: per commodity, one bar per assumption from P10 to P90 days, a tick at P50, and the alert
    /// horizon. A band that reaches the right edge lasts beyond the horizon.
    /// </summary>
    public static IHtmlContent Runways(IReadOnlyList<(Commodity Commodity, IReadOnlyList<(InflowAssumption Assumption, Runway Runway)> Runways)> rows, int horizon)
    {
        if (rows.Count == 0)
        {
            return HtmlString.Empty;
        }
        const int band = 12;
        const int gap = 10;
        var rowHeight = (band + 3) * Assumptions.Length + gap;
        var height = 40 + rows.Count * rowHeight;
        var plot = Width - Left - Right;
        var longest = rows.SelectMany(r => r.Runways).Select(r => r.Runway.P90Days ?? horizon).Concat(rows.SelectMany(r => r.Runways).Select(r => (double)r.Runway.AlertWithinDays)).Max();
        var axis = Math.Min(horizon, Nice(longest * 1.1));
        double X(double days) => Left + Math.Min(days, axis) / axis * plot;
        var svg = Begin(height, "runway-chart", "Days of supply per commodity, P10 to P90, under each inflow assumption");
        Ticks(svg, axis, X, height - 20, 20);
        var y = 24;
        foreach (var (commodity, runways) in rows)
        {
            Text(svg, 4, y + rowHeight / 2 - 4, commodity.Name.Length > 20 ? commodity.Id : commodity.Name, Ink, 11);
            var alert = runways.Count > 0 ? runways[0].Runway.AlertWithinDays : 14;
            Line(svg, X(alert), y - 2, X(alert), y + (band + 3) * Assumptions.Length, "#b71c1c", dash: true);
            foreach (var (assumption, colour) in Assumptions)
            {
                var found = runways.FirstOrDefault(r => r.Assumption == assumption);
                if (found.Runway is { } r)
                {
                    var from = X(r.P10Days ?? axis);
                    var to = X(r.P90Days ?? axis);
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(from)}\" y=\"{y}\" width=\"{F(Math.Max(2, to - from))}\" height=\"{band}\" fill=\"{colour}\" fill-opacity=\"0.55\"><title>{E(Describe(commodity, assumption, r))}</title></rect>");
                    if (r.P50Days is { } p50)
                    {
                        Line(svg, X(p50), y - 1, X(p50), y + band + 1, Ink);
                    }
                    Text(svg, Math.Min(to + 4, Width - 60), y + band - 2, Short(r), Muted, 9);
                }
                y += band + 3;
            }
            y += gap;
        }
        return End(svg);
    }

    /// <summary>What a band says, in words: "cereal, blocked: P10 12 days, P50 15, P90 19 (alert within 14)".</summary>
    public static string Describe(Commodity commodity, InflowAssumption assumption, Runway r) =>
        $"{commodity.Name}, {KebabCase.Of(assumption)}: P10 {Days(r.P10Days)}, P50 {Days(r.P50Days)}, P90 {Days(r.P90Days)}{(r.Alert ? $" — ALERT: may run out within {r.AlertWithinDays} days" : "")}";

    /// <summary>The same line in the reader's language, the commodity and the assumption already in their words.</summary>
    public static string Describe(string commodity, string assumption, Runway r, Web.Translations words)
    {
        string InWords(double? days) => days is { } d ? d.ToString("0.#", CultureInfo.CurrentCulture) : words["supplies.beyond-horizon"];
        return words.Format("supplies.runway-line", commodity, assumption, InWords(r.P10Days), InWords(r.P50Days), InWords(r.P90Days))
            + (r.Alert ? words.Format("supplies.runway-alert", r.AlertWithinDays) : "");
    }

    /// <summary>
    /// Tonnes delivered per day over the blockade (bars), the pre-blockade baseline and the need (lines), deliveries
    /// with no tonnage (grey marks) and stopped convoys (red marks at their tonnage).
    /// </summary>
    public static IHtmlContent Deliveries(DeliveryRecord record)
    {
        const int height = 260;
        const int top = 20;
        const int bottom = 40;
        var plot = Width - Left - Right;
        var stoppedTonnes = record.Stopped.Select(o => o.Content.Amount?.In(MeasureUnit.Kilogram)?.High ?? 0).DefaultIfEmpty(0).Max() / 1000;
        var max = Nice(new[] { (record.BaselineKilogramsPerDay ?? 0) / 1000, record.NeedKilogramsPerDay / 1000, record.KilogramsPerDay.DefaultIfEmpty(0).Max() / 1000, stoppedTonnes }.Max() * 1.1);
        double X(int day) => Left + (double)day / Math.Max(1, record.Days) * plot;
        double Y(double tonnes) => top + (height - top - bottom) * (1 - Math.Min(tonnes, max) / max);
        var svg = Begin(height, "deliveries-chart", "Tonnes delivered a day against the pre-blockade baseline and the need");
        for (var t = 0.0; t <= max; t += Step(max))
        {
            Line(svg, Left, Y(t), Width - Right, Y(t), Grid);
            Text(svg, Left - 6, Y(t) + 4, $"{Number(t)} t", Muted, 10, "end");
        }
        MonthTicks(svg, record.From, record.Days, X, height - bottom + 14);
        var barWidth = Math.Max(1, plot / (double)Math.Max(1, record.Days));
        for (var i = 0; i < record.KilogramsPerDay.Count; i++)
        {
            var tonnes = record.KilogramsPerDay[i] / 1000;
            if (tonnes > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(X(i))}\" y=\"{F(Y(tonnes))}\" width=\"{F(barWidth)}\" height=\"{F(Y(0) - Y(tonnes))}\" fill=\"#0b57d0\"><title>{E($"{SupplyViews.Day(record.From.AddDays(i))}: {Number(tonnes)} t delivered")}</title></rect>");
            }
        }
        if (record.BaselineKilogramsPerDay is { } baseline)
        {
            Line(svg, Left, Y(baseline / 1000), Width - Right, Y(baseline / 1000), Ink);
            Text(svg, Width - Right, Y(baseline / 1000) - 4, $"before the blockade: {Number(baseline / 1000)} t a day", Ink, 10, "end");
        }
        Line(svg, Left, Y(record.NeedKilogramsPerDay / 1000), Width - Right, Y(record.NeedKilogramsPerDay / 1000), "#2e7d32", dash: true);
        Text(svg, Width - Right, Y(record.NeedKilogramsPerDay / 1000) - 4, $"need, food and medicine: {Number(record.NeedKilogramsPerDay / 1000)} t a day", "#2e7d32", 10, "end");
        foreach (var o in record.Unweighed)
        {
            var x = X(o.Content.Date.DayNumber - record.From.DayNumber);
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{F(x)} {F(Y(0))} l-4 8 h8 z\" fill=\"{Muted}\"><title>{E($"{SupplyViews.Day(o.Content.Date)}: a delivery with no tonnage reported ({o.Content.Notes})")}</title></path>");
        }
        foreach (var o in record.Stopped)
        {
            var x = X(o.Content.Date.DayNumber - record.From.DayNumber);
            var tonnes = (o.Content.Amount?.In(MeasureUnit.Kilogram)?.Likely ?? 0) / 1000;
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{F(x - 5)} {F(Y(tonnes) - 5)} l10 10 m0 -10 l-10 10\" stroke=\"#b71c1c\" stroke-width=\"2\"><title>{E($"{SupplyViews.Day(o.Content.Date)}: stopped, {o.Content.Amount?.Describe(o.Content.Qualifier) ?? "tonnage not reported"}")}</title></path>");
        }
        return End(svg);
    }

    /// <summary>One row per utility across the days: each outage a bar, darker the more hours a day it lasted (a cut is all day).</summary>
    public static IHtmlContent Utilities(IReadOnlyList<UtilityOutages> utilities, DateOnly from, DateOnly to)
    {
        if (utilities.Count == 0)
        {
            return HtmlString.Empty;
        }
        const int row = 26;
        var days = to.DayNumber - from.DayNumber + 1;
        var height = 40 + utilities.Count * row;
        var plot = Width - Left - Right;
        double X(int day) => Left + (double)day / days * plot;
        var svg = Begin(height, "utilities-chart", "Outages per utility, day by day; darker is more hours a day");
        MonthTicks(svg, from, days, X, height - 8);
        var y = 10;
        foreach (var utility in utilities)
        {
            Text(svg, 4, y + 15, KebabCase.Of(utility.Utility), Ink, 11);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{y}\" width=\"{plot}\" height=\"{row - 6}\" fill=\"#f1f3f4\"/>");
            foreach (var p in utility.Periods)
            {
                var x0 = X(p.FirstDay.DayNumber - from.DayNumber);
                var x1 = X(p.LastDay.DayNumber - from.DayNumber + 1);
                var hours = p.Status == Core.Situations.UtilityStatus.Cut ? 24 : p.HoursPerDay ?? 6;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x0)}\" y=\"{y}\" width=\"{F(Math.Max(1.5, x1 - x0))}\" height=\"{row - 6}\" fill=\"#b71c1c\" fill-opacity=\"{F(0.15 + 0.85 * hours / 24)}\"><title>{E($"{KebabCase.Of(utility.Utility)} {SupplyViews.Describe(p)}")}</title></rect>");
            }
            y += row;
        }
        return End(svg);
    }

    /// <summary>Evacuation counts over time: running totals as points, patients moved as bars, patients waiting as diamonds.</summary>
    public static IHtmlContent Evacuations(EvacuationRecord record, DateOnly from, DateOnly to)
    {
        if (record.Counts.Count == 0)
        {
            return HtmlString.Empty;
        }
        const int height = 260;
        const int top = 20;
        const int bottom = 40;
        var days = Math.Max(1, to.DayNumber - from.DayNumber + 1);
        var plot = Width - Left - Right;
        var max = Nice(record.Counts.Select(o => (double)Math.Max(o.Content.Cumulative ?? 0, Math.Max(o.Content.Moved ?? 0, o.Content.Waiting ?? 0))).Max() * 1.1);
        double X(DateOnly day) => Left + (double)(day.DayNumber - from.DayNumber) / days * plot;
        double Y(double people) => top + (height - top - bottom) * (1 - Math.Min(people, max) / max);
        var svg = Begin(height, "evacuations-chart", "Medical evacuations: running totals, patients moved and patients waiting");
        for (var t = 0.0; t <= max; t += Step(max))
        {
            Line(svg, Left, Y(t), Width - Right, Y(t), Grid);
            Text(svg, Left - 6, Y(t) + 4, Number(t), Muted, 10, "end");
        }
        MonthTicks(svg, from, days, d => X(from.AddDays(d)), height - bottom + 14);
        var path = new StringBuilder();
        foreach (var o in record.Counts.Where(o => o.Content.Cumulative is not null && o.Content.Counted == "patients"))
        {
            path.Append(CultureInfo.InvariantCulture, $"{(path.Length == 0 ? "M" : "L")}{F(X(o.Content.Date))} {F(Y(o.Content.Cumulative!.Value))} ");
        }
        if (path.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"#0b57d0\" stroke-width=\"1.5\"/>");
        }
        foreach (var o in record.Counts)
        {
            var c = o.Content;
            var x = X(c.Date);
            if (c.Moved is { } moved)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x - 2)}\" y=\"{F(Y(moved))}\" width=\"4\" height=\"{F(Y(0) - Y(moved))}\" fill=\"#2e7d32\"><title>{E($"{SupplyViews.Day(c.Date)}: {moved} {c.Counted} moved")}</title></rect>");
            }
            if (c.Cumulative is { } total)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(Y(total))}\" r=\"3.5\" fill=\"{(c.Counted == "patients" ? "#0b57d0" : "#fff")}\" stroke=\"#0b57d0\"><title>{E($"{SupplyViews.Day(c.Date)}: {(c.Qualifier is null ? "" : c.Qualifier + " ")}{total} {c.Counted} in all")}</title></circle>");
            }
            if (c.Waiting is { } waiting)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{F(x)} {F(Y(waiting) - 5)} l5 5 l-5 5 l-5 -5 z\" fill=\"#ef6c00\"><title>{E($"{SupplyViews.Day(c.Date)}: {(c.Qualifier is null ? "" : c.Qualifier + " ")}{waiting} {c.Counted} waiting")}</title></path>");
            }
        }
        return End(svg);
    }

    private static StringBuilder Begin(int height, string id, string title)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" font-family=\"system-ui, sans-serif\"><title id=\"{id}-title\">{E(title)}</title>");
        return svg;
    }

    private static HtmlString End(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static void Ticks(StringBuilder svg, double axis, Func<double, double> x, int y, int top)
    {
        for (var d = 0.0; d <= axis; d += Step(axis))
        {
            Line(svg, x(d), top, x(d), y - 10, Grid);
            Text(svg, x(d), y + 4, $"{Number(d)} d", Muted, 10, "middle");
        }
    }

    private static void MonthTicks(StringBuilder svg, DateOnly from, int days, Func<int, double> x, double y)
    {
        var month = new DateOnly(from.Year, from.Month, 1).AddMonths(from.Day == 1 ? 0 : 1);
        var every = days > 400 ? 3 : 1;
        for (var i = 0; month.DayNumber - from.DayNumber < days; month = month.AddMonths(1), i++)
        {
            if (i % every != 0)
            {
                continue;
            }
            var at = x(month.DayNumber - from.DayNumber);
            Line(svg, at, y - 14, at, y - 10, Muted);
            Text(svg, at, y, month.ToString("MMM yy", CultureInfo.InvariantCulture), Muted, 9, "middle");
        }
    }

    private static void Line(StringBuilder svg, double x1, double y1, double x2, double y2, string colour, bool dash = false) =>
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" stroke=\"{colour}\"{(dash ? " stroke-dasharray=\"4 3\"" : "")}/>");

    private static void Text(StringBuilder svg, double x, double y, string text, string colour, int size, string anchor = "start") =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(y)}\" fill=\"{colour}\" font-size=\"{size}\" text-anchor=\"{anchor}\">{E(text)}</text>");

    /// <summary>A round axis end: 1, 2 or 5 times a power of ten, at least <paramref name="value"/>.</summary>
    private static double Nice(double value)
    {
        if (value <= 0 || !double.IsFinite(value))
        {
            return 1;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var m in new[] { 1.0, 2, 2.5, 5, 10 })
        {
            if (m * power >= value)
            {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static double Step(double axis) => Nice(axis / 5);

    private static string Short(Runway r) => r.P10Days is null ? $"> {r.HorizonDays} d" : $"{Days(r.P10Days)}–{Days(r.P90Days)} d";

    private static string Days(double? days) => days is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) : "beyond the horizon";

    private static string Number(double value) => value.ToString("#,0.#", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
