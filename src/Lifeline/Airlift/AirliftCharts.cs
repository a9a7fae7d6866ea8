using System.Globalization;
using System.Net;
using System.Text;
using Lifeline.Core.Airlift;
using Microsoft.AspNetCore.Html;

namespace Lifeline.Airlift;

/// <summary>
/// The plan's charts as inline SVG drawn on the server: no script, no library, nothing fetched from elsewhere,
/// readable on a 2G link and allowed by the page's content security policy (presentation attributes, no styles).
/// Every chart has a table of the same figures beside it on the page.
/// </summary>
internal static class AirliftCharts
{
    public static readonly string[] Palette = ["#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#c62828", "#5d4037", "#455a64"];

    private const int Width = 760;
    private const int Height = 240;
    private const int Left = 60;
    private const int Right = 10;
    private const int Top = 24;
    private const int Bottom = 26;

    /// <summary>Tonnes delivered each day, stacked by commodity, with the day's need as a line.</summary>
    public static IHtmlContent Deliveries(AirliftPlan plan)
    {
        var days = plan.Scenario.HorizonDays;
        var series = plan.Scenario.Demand.Select(d => (d.Commodity,
            Enumerable.Range(1, days).Select(day => (double)plan.Deliveries.Single(x => x.Day == day && x.Commodity == d.Commodity).Delivered.Value).ToArray())).ToList();
        var need = plan.Days.Select(d => (double)d.Need.Value).ToArray();
        return Chart("Tonnes delivered a day, by commodity, against the need (line)", "t", days, series, need);
    }

    /// <summary>Sorties each day, stacked by aircraft type.</summary>
    public static IHtmlContent Sorties(AirliftPlan plan)
    {
        var days = plan.Scenario.HorizonDays;
        var series = plan.Scenario.Aircraft.Select(a => (a.Type,
            Enumerable.Range(1, days).Select(day => (double)plan.Sorties.Where(s => s.Day == day && s.Aircraft == a.Type).Sum(s => s.Count)).ToArray())).ToList();
        return Chart("Sorties a day, by aircraft type", "sorties", days, series, null);
    }

    /// <summary>A legend entry's colour swatch.</summary>
    public static IHtmlContent Swatch(int index) =>
        new HtmlString($"<svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"{Palette[index % Palette.Length]}\"/></svg>");

    private static IHtmlContent Chart(string title, string unit, int days, IReadOnlyList<(string Name, double[] Values)> series, double[]? line)
    {
        var totals = Enumerable.Range(0, days).Select(d => series.Sum(s => s.Values[d])).ToArray();
        var top = Nice(Math.Max(totals.DefaultIfEmpty(0).Max(), line?.DefaultIfEmpty(0).Max() ?? 0));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var bar = (double)plotWidth / Math.Max(1, days);
        double Y(double value) => Top + plotHeight - value / top * plotHeight;
        string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-label=\"{Encode(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title>");
        for (var i = 0; i <= 4; i++)
        {
            var value = top * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(value))}\" y2=\"{F(Y(value))}\" stroke=\"#d0d4d9\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(value) + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#5f6368\">{Encode(value.ToString("#,##0.#", CultureInfo.InvariantCulture))}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"12\" text-anchor=\"end\" font-size=\"11\" fill=\"#5f6368\">{Encode(unit)}</text>");
        var every = days <= 15 ? 1 : days <= 31 ? 5 : days <= 120 ? 10 : 30;
        for (var d = 0; d < days; d++)
        {
            var y0 = 0.0;
            for (var s = 0; s < series.Count; s++)
            {
                var value = series[s].Values[d];
                if (value <= 0)
                {
                    continue;
                }
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left + d * bar + bar * 0.1)}\" y=\"{F(Y(y0 + value))}\" width=\"{F(Math.Max(0.5, bar * 0.8))}\" height=\"{F(Y(y0) - Y(y0 + value))}\" fill=\"{Palette[s % Palette.Length]}\">");
                svg.Append(CultureInfo.InvariantCulture, $"<title>Day {d + 1}, {Encode(series[s].Name)}: {Encode(value.ToString("#,##0.###", CultureInfo.InvariantCulture))} {Encode(unit)}</title></rect>");
                y0 += value;
            }
            if ((d + 1) % every == 0 || d == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + d * bar + bar / 2)}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#5f6368\">{d + 1}</text>");
            }
        }
        if (line is not null && line.Length > 0)
        {
            var points = string.Join(" ", line.Select((v, d) => $"{F(Left + d * bar)},{F(Y(v))} {F(Left + (d + 1) * bar)},{F(Y(v))}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{points}\" fill=\"none\" stroke=\"#b71c1c\" stroke-width=\"2\"><title>Need a day</title></polyline>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight}\" stroke=\"#1b1f23\" stroke-width=\"1\"/>");
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>A round axis maximum at or above <paramref name="value"/>: 1, 2 or 5 times a power of ten.</summary>
    private static double Nice(double value)
    {
        if (value <= 0)
        {
            return 1;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2, 2.5, 5, 10 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
