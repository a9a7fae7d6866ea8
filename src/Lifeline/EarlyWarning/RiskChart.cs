using System.Globalization;
using System.Net;
using System.Text;
using Lifeline.Core.EarlyWarning;

namespace Lifeline.EarlyWarning;

/// <summary>The size a chart is drawn for: a wide screen or a page, or a phone held upright.</summary>
internal enum ChartLayout
{
    /// <summary>900 × 360: a desktop page or the docs.</summary>
    Wide,

    /// <summary>360 × 440: a phone (drawn at about its own width, so its text is as large as the page's small print).</summary>
    Narrow,
}

/// <summary>
/// The risk trend as SVG drawn on the server (no script, nothing fetched; presentation attributes only, as the
/// page's content security policy wants): the score day by day with the level bands, each alert that raised the
/// level as a triangle, and each dated public warning as a numbered dashed line. The score is drawn as separate
/// straight segments (no path to close, so no renderer can join its last point to its first), and the warnings'
/// numbers are set in as many rows as it takes for none to overlap another. The page and docs list the same figures
/// in tables beside it.
/// </summary>
internal static class RiskChart
{
    private static readonly string[] LevelColours = ["#e8f5e9", "#fffde7", "#fff3e0", "#ffe0b2", "#ffcdd2"];

    private sealed record Frame(int Width, int Height, int Left, int Right, int Bottom, double Font, double LabelWidth, int MonthStep);

    private static Frame FrameOf(ChartLayout layout) => layout switch
    {
        ChartLayout.Wide => new(900, 360, 44, 52, 34, 12, 26, 1),
        ChartLayout.Narrow => new(360, 440, 30, 24, 34, 12, 24, 3),
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, null),
    };

    public static string Svg(IReadOnlyList<RiskDay> series, IReadOnlyList<RiskAlert> alerts, IReadOnlyList<PublicWarning> warnings, string title, ChartLayout layout = ChartLayout.Wide)
    {
        var frame = FrameOf(layout);
        var svg = new StringBuilder();
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var font = F(frame.Font);
        var small = F(frame.Font - 1);
        var first = series.Count > 0 ? series[0].Date : default;
        var last = series.Count > 0 ? series[^1].Date : default;
        var span = Math.Max(1, last.DayNumber - first.DayNumber + 1);
        var plotWidth = frame.Width - frame.Left - frame.Right;

        // The warnings' numbers go in rows above the plot: each in the first row where it does not touch the one before.
        var shown = warnings.Select((w, i) => (Warning: w, Number: i + 1)).Where(w => w.Warning.Date >= first && w.Warning.Date <= last).ToList();
        double X(DateOnly d) => frame.Left + (d.DayNumber - first.DayNumber) * (double)plotWidth / span;
        var rowEnds = new List<double>();
        var placed = new List<(PublicWarning Warning, int Number, double X, int Row)>();
        foreach (var (warning, number) in shown)
        {
            var x = X(warning.Date) + (double)plotWidth / span / 2;
            var width = frame.LabelWidth * (number >= 10 ? 1.2 : 1);
            var left = Math.Max(frame.Left, x - width / 2);
            var row = rowEnds.FindIndex(end => end + 2 <= left);
            if (row < 0)
            {
                rowEnds.Add(0);
                row = rowEnds.Count - 1;
            }
            rowEnds[row] = left + width;
            placed.Add((warning, number, x, row));
        }
        var rowHeight = frame.Font + 4;
        var top = (int)Math.Ceiling(18 + frame.Font + Math.Max(1, rowEnds.Count) * rowHeight);
        var plotHeight = frame.Height - top - frame.Bottom;
        double Y(double score) => top + plotHeight - score / 100 * plotHeight;

        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart chart-{layout.ToString().ToLowerInvariant()}\" viewBox=\"0 0 {frame.Width} {frame.Height}\" width=\"100%\" role=\"img\" aria-label=\"{Encode(title)}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"DejaVu Sans, sans-serif\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title>");
        if (series.Count == 0)
        {
            return svg.Append("</svg>").ToString();
        }

        // Level bands: 1 below 5, 2 from 5, 3 from 15, 4 from 30, 5 from 50.
        double[] floors = [0, .. RiskModel.LevelFloors, 100];
        for (var level = 1; level <= 5; level++)
        {
            var y0 = Y(floors[level]);
            var y1 = Y(floors[level - 1]);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{frame.Left}\" y=\"{F(y0)}\" width=\"{plotWidth}\" height=\"{F(y1 - y0)}\" fill=\"{LevelColours[level - 1]}\"/>");
            if (y1 - y0 >= frame.Font)
            {
                var label = layout == ChartLayout.Wide ? $"level {level}" : $"L{level}";
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(frame.Left + plotWidth + 3)}\" y=\"{F((y0 + y1) / 2 + frame.Font / 3)}\" font-size=\"{small}\" text-anchor=\"start\" fill=\"#555\">{label}</text>");
            }
        }
        foreach (var tick in new double[] { 0, 15, 30, 50, 100 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{frame.Left - 4}\" y=\"{F(Y(tick) + frame.Font / 3)}\" font-size=\"{small}\" text-anchor=\"end\" fill=\"#333\">{F(tick)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{F(frame.Font + 2)}\" font-size=\"{font}\" fill=\"#333\">score 0–100, by day</text>");

        // Month ticks (every month wide, every third month on a phone).
        var monthIndex = 0;
        for (var month = new DateOnly(first.Year, first.Month, 1); month <= last; month = month.AddMonths(1))
        {
            if (month < first)
            {
                continue;
            }
            var x = X(month);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{top + plotHeight}\" x2=\"{F(x)}\" y2=\"{top + plotHeight + 4}\" stroke=\"#333\"/>");
            if (monthIndex++ % frame.MonthStep == 0)
            {
                // A label that would run off the right edge ends at it instead.
                var (labelX, anchor) = x + 1.7 * frame.Font > frame.Width ? (frame.Width - 2.0, "end") : (x, "middle");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(labelX)}\" y=\"{F(top + plotHeight + 6 + frame.Font)}\" font-size=\"{small}\" text-anchor=\"{anchor}\" fill=\"#333\">{month.ToString("MMM yy", CultureInfo.InvariantCulture)}</text>");
            }
        }

        // Public warnings: numbered dashed lines, their numbers in rows that do not overlap.
        foreach (var (w, number, x, row) in placed)
        {
            var labelY = 18 + frame.Font + row * rowHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{F(labelY + 2)}\" x2=\"{F(x)}\" y2=\"{top + plotHeight}\" stroke=\"#6a1b9a\" stroke-dasharray=\"3 3\"><title>{Encode($"W{number} {w.Date:yyyy-MM-dd} {w.By}: {w.What}")}</title></line>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(labelY)}\" font-size=\"{small}\" text-anchor=\"middle\" fill=\"#6a1b9a\">W{number}</text>");
        }

        // The score as steps: each day holds its score until the next. Each piece is its own straight segment.
        var path = new StringBuilder();
        var runStart = X(series[0].Date);
        for (var i = 1; i <= series.Count; i++)
        {
            if (i < series.Count && series[i].Score == series[i - 1].Score)
            {
                continue;
            }
            var x = X(i < series.Count ? series[i].Date : series[^1].Date.AddDays(1));
            var y = Y(series[i - 1].Score);
            path.Append(CultureInfo.InvariantCulture, $"M{F(runStart)},{F(y)} H{F(x)} ");
            if (i < series.Count)
            {
                path.Append(CultureInfo.InvariantCulture, $"M{F(x)},{F(y)} V{F(Y(series[i].Score))} ");
            }
            runStart = x;
        }
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"#b71c1c\" stroke-width=\"2.5\"/>");

        // Alerts that raised the level.
        foreach (var alert in alerts.Where(a => a.Kind == AlertKind.LevelRose && a.Date >= first && a.Date <= last))
        {
            var x = X(alert.Date);
            var y = Y(alert.Score);
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{F(x)},{F(y - 10)} L{F(x - 5)},{F(y - 2)} L{F(x + 5)},{F(y - 2)} Z\" fill=\"#b71c1c\"><title>{Encode(alert.Headline)}</title></path>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{frame.Left}\" y=\"{top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#333\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
