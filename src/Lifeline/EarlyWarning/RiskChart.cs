using System.Globalization;
using System.Net;
using System.Text;
using Lifeline.Core.EarlyWarning;

namespace Lifeline.EarlyWarning;

/// <summary>
/// The risk trend as SVG drawn on the server (no script, nothing fetched; presentation attributes only, as the
/// page's content security policy wants): the score day by day with the level bands, each alert that raised the
/// level as a triangle, and each dated public warning as a numbered dashed line. The page and docs list the same
/// figures in tables beside it.
/// </summary>
internal static class RiskChart
{
    private const int Width = 900;
    private const int Height = 320;
    private const int Left = 44;
    private const int Right = 12;
    private const int Top = 28;
    private const int Bottom = 34;

    private static readonly string[] LevelColours = ["#e8f5e9", "#fffde7", "#fff3e0", "#ffe0b2", "#ffcdd2"];

    public static string Svg(IReadOnlyList<RiskDay> series, IReadOnlyList<RiskAlert> alerts, IReadOnlyList<PublicWarning> warnings, string title)
    {
        var svg = new StringBuilder();
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-label=\"{Encode(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title>");
        if (series.Count == 0)
        {
            return svg.Append("</svg>").ToString();
        }
        var first = series[0].Date;
        var last = series[^1].Date;
        var span = Math.Max(1, last.DayNumber - first.DayNumber + 1);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(DateOnly d) => Left + (d.DayNumber - first.DayNumber) * (double)plotWidth / span;
        double Y(double score) => Top + plotHeight - score / 100 * plotHeight;

        // Level bands: 1 below 5, 2 from 5, 3 from 15, 4 from 30, 5 from 50.
        double[] floors = [0, .. RiskModel.LevelFloors, 100];
        for (var level = 1; level <= 5; level++)
        {
            var y0 = Y(floors[level]);
            var y1 = Y(floors[level - 1]);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{F(y0)}\" width=\"{plotWidth}\" height=\"{F(y1 - y0)}\" fill=\"{LevelColours[level - 1]}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plotWidth - 4}\" y=\"{F((y0 + y1) / 2 + 4)}\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">level {level}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{F(y1 + 4)}\" font-size=\"10\" text-anchor=\"end\" fill=\"#333\">{F(floors[level - 1])}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{F(Y(100) + 4)}\" font-size=\"10\" text-anchor=\"end\" fill=\"#333\">100</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{Top - 10}\" font-size=\"11\" fill=\"#333\">score (0-100)</text>");

        // Month ticks.
        for (var month = new DateOnly(first.Year, first.Month, 1); month <= last; month = month.AddMonths(1))
        {
            if (month < first)
            {
                continue;
            }
            var x = X(month);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{Top + plotHeight}\" x2=\"{F(x)}\" y2=\"{Top + plotHeight + 4}\" stroke=\"#333\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{Top + plotHeight + 16}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#333\">{month.ToString("MMM yy", CultureInfo.InvariantCulture)}</text>");
        }

        // Public warnings: numbered dashed lines.
        for (var i = 0; i < warnings.Count; i++)
        {
            var w = warnings[i];
            if (w.Date < first || w.Date > last)
            {
                continue;
            }
            var x = X(w.Date) + (double)plotWidth / span / 2;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{Top}\" x2=\"{F(x)}\" y2=\"{Top + plotHeight}\" stroke=\"#6a1b9a\" stroke-dasharray=\"3 3\"><title>{Encode($"{w.Date:yyyy-MM-dd} {w.By}: {w.What}")}</title></line>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{Top - 2 - (i % 2) * 10}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#6a1b9a\">W{i + 1}</text>");
        }

        // The score, as steps: each day holds its score until the next.
        var path = new StringBuilder();
        path.Append(CultureInfo.InvariantCulture, $"M{F(X(series[0].Date))},{F(Y(series[0].Score))}");
        for (var i = 1; i < series.Count; i++)
        {
            if (series[i].Score != series[i - 1].Score)
            {
                var x = X(series[i].Date);
                path.Append(CultureInfo.InvariantCulture, $" L{F(x)},{F(Y(series[i - 1].Score))} L{F(x)},{F(Y(series[i].Score))}");
            }
        }
        path.Append(CultureInfo.InvariantCulture, $" L{F(X(series[^1].Date.AddDays(1)))},{F(Y(series[^1].Score))}");
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"#b71c1c\" stroke-width=\"2\"/>");

        // Alerts that raised the level.
        foreach (var alert in alerts.Where(a => a.Kind == AlertKind.LevelRose && a.Date >= first && a.Date <= last))
        {
            var x = X(alert.Date);
            var y = Y(alert.Score);
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{F(x)},{F(y - 9)} L{F(x - 5)},{F(y - 1)} L{F(x + 5)},{F(y - 1)} Z\" fill=\"#b71c1c\"><title>{Encode(alert.Headline)}</title></path>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#333\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
