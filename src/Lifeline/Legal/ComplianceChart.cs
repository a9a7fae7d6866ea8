using System.Globalization;
using System.Net;
using System.Text;
using Lifeline.Core.Legal;

namespace Lifeline.Legal;

/// <summary>
/// An obligation's compliance calendar as SVG drawn on the server (no script, presentation attributes only): a row a
/// month, a square a day, coloured complied, not complied or unknown, with the dates the body was told marked by a
/// ring, and the counts under it. The page shows the same days as a table.
/// </summary>
internal static class ComplianceChart
{
    public const string Complied = "#2e7d32";
    public const string NotComplied = "#c62828";
    public const string Unknown = "#bdbdbd";

    private const int Cell = 18;
    private const int Left = 70;
    private const int Top = 46;

    public static string Svg(ComplianceSummary summary, string title)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var months = summary.Days.Select(d => (d.Date.Year, d.Date.Month)).Distinct().ToList();
        var width = Left + 31 * Cell + 10;
        var height = Top + months.Count * Cell + 52;
        var told = summary.Told.Select(t => t.Date).ToHashSet();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"16\" font-size=\"14\" font-weight=\"bold\">{WebUtility.HtmlEncode(title)}</text>");
        for (var day = 1; day <= 31; day += day == 1 ? 4 : 5)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (day - 1) * Cell + Cell / 2}\" y=\"{Top - 6}\" text-anchor=\"middle\" fill=\"#555\">{day}</text>");
        }
        for (var row = 0; row < months.Count; row++)
        {
            var (year, month) = months[row];
            var y = Top + row * Cell;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{y + 13}\">{new DateOnly(year, month, 1).ToString("MMM yyyy", CultureInfo.InvariantCulture)}</text>");
        }
        foreach (var day in summary.Days)
        {
            var row = months.IndexOf((day.Date.Year, day.Date.Month));
            var x = Left + (day.Date.Day - 1) * Cell;
            var y = Top + row * Cell;
            var colour = day.State switch
            {
                ComplianceState.Complied => Complied,
                ComplianceState.NotComplied => NotComplied,
                _ => Unknown,
            };
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + 1}\" y=\"{y + 1}\" width=\"{Cell - 2}\" height=\"{Cell - 2}\" fill=\"{colour}\"><title>{day.Date:yyyy-MM-dd}: {LegalComputation.State(day.State)} ({WebUtility.HtmlEncode(day.Reason)})</title></rect>");
            if (told.Contains(day.Date))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x + Cell / 2}\" cy=\"{y + Cell / 2}\" r=\"4\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.5\"/>");
            }
        }
        var legendY = Top + months.Count * Cell + 20;
        var legend = new[]
        {
            (Complied, $"complied {summary.DaysComplied}"),
            (NotComplied, $"not complied {summary.DaysBreached}"),
            (Unknown, $"unknown {summary.DaysUnknown}"),
        };
        var lx = 4;
        foreach (var (colour, text) in legend)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"{legendY - 11}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{lx + 16}\" y=\"{legendY}\">{text}</text>");
            lx += 30 + text.Length * 7;
        }
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{lx + 6}\" cy=\"{legendY - 5}\" r=\"4\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.5\"/><text x=\"{lx + 16}\" y=\"{legendY}\">body told</text>");
        var longest = summary.LongestBreach is { } b ? $"longest breach: {b.Days} days ({b.First:yyyy-MM-dd} to {b.Last:yyyy-MM-dd})" : "no breach";
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{legendY + 20}\">{longest}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
