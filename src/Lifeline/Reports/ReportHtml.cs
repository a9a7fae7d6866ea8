using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Lifeline.Reports;

/// <summary>
/// A situation report as one HTML document that stands alone (its style inline, its charts as inline SVG, nothing
/// loaded from elsewhere), the same for the page and for <c>lifeline report --out FILE.html</c>.
/// </summary>
internal static class ReportHtml
{
    private const string Style = """
        body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1a1a1a;line-height:1.45}
        h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;border-bottom:1px solid #ccc;margin-top:1.6rem}
        .muted{color:#555;font-size:.9rem}.day{font-size:1.3rem;font-weight:bold;margin:.4rem 0}
        ul.lines{padding-left:1.2rem}ul.lines li{margin:.25rem 0}sup a{text-decoration:none}
        .empty{color:#555;font-style:italic}.cal{overflow-x:auto}
        table{border-collapse:collapse;font-size:.85rem}th,td{border:1px solid #bbb;padding:.15rem .35rem;text-align:center}th.row{text-align:left}
        .s-open,.s-available{background:#c8e6c9}.s-restricted,.s-partial{background:#fff3c4}.s-humanitarian-only{background:#ffe0b2}
        .s-closed,.s-cut{background:#f4b6b6}.s-unknown{background:#e0e0e0}
        .chart svg{width:100%;max-width:100%;height:auto}ol.notes{font-size:.85rem;padding-left:1.6rem}ol.notes li{margin:.2rem 0;overflow-wrap:anywhere}
        footer{margin-top:2rem;font-size:.8rem;color:#555;overflow-wrap:anywhere}
        @media print{a{color:inherit}}
        """;

    public static string Render(SituationReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(report.Title)).Append("</title><style>").Append(Style).Append("</style></head><body>\n");
        html.Append("<header><p class=\"muted\">Lifeline ").Append(E(report.Kind)).Append(" · ").Append(E(report.AudienceWords)).Append("</p>");
        html.Append("<h1 id=\"title\">").Append(E(report.Title)).Append("</h1>");
        html.Append("<p class=\"day\" id=\"day\">").Append(E(report.DayLine)).Append("</p>");
        html.Append("<p class=\"muted\">").Append(E(Period(report))).Append(" · <a href=\"").Append(E(report.Address(".pdf"))).Append("\">PDF</a></p></header>\n");
        foreach (var section in report.Sections)
        {
            html.Append("<section id=\"").Append(E(section.Id)).Append("\"><h2>").Append(E(section.Title)).Append("</h2>");
            if (section.Id == report.CalendarSection && report.Calendar.Count > 0)
            {
                Calendar(html, report);
            }
            if (section.Lines.Count == 0)
            {
                html.Append("<p class=\"empty\">").Append(E(section.Empty ?? "Nothing recorded.")).Append("</p>");
            }
            else
            {
                html.Append("<ul class=\"lines\">");
                foreach (var line in section.Lines)
                {
                    html.Append("<li>");
                    if (line.Link is { } link)
                    {
                        html.Append("<a href=\"").Append(E(link)).Append("\">").Append(E(line.Text)).Append("</a>");
                    }
                    else
                    {
                        html.Append(E(line.Text));
                    }
                    foreach (var note in line.Notes)
                    {
                        html.Append("<sup><a href=\"#note-").Append(note).Append("\">[").Append(note).Append("]</a></sup>");
                    }
                    html.Append("</li>");
                }
                html.Append("</ul>");
            }
            if (section.ChartSvg is { } svg)
            {
                // The chart is drawn by Lifeline's own code from the record: its text is already escaped there.
                html.Append("<div class=\"chart\">").Append(svg).Append("</div>");
            }
            html.Append("</section>\n");
        }
        html.Append("<section id=\"notes\"><h2>Sources</h2><ol class=\"notes\">");
        foreach (var note in report.Notes)
        {
            html.Append("<li id=\"note-").Append(note.Number).Append("\">").Append(E(NoteText(note)));
            if (note.Url is { } url)
            {
                html.Append(" <a href=\"").Append(E(url)).Append("\" rel=\"noreferrer\">").Append(E(url)).Append("</a>");
            }
            html.Append("</li>");
        }
        html.Append("</ol></section>\n<footer id=\"colophon\">").Append(E(Colophon(report))).Append(" This ").Append(E(report.Kind)).Append(": <a href=\"").Append(E(report.Address()))
            .Append("\">").Append(E(report.Address())).Append("</a></footer></body></html>\n");
        return html.ToString();
    }

    private static void Calendar(StringBuilder html, SituationReport report)
    {
        html.Append("<div class=\"cal\"><table id=\"calendar\"><tr><th class=\"row\">Route or utility</th>");
        foreach (var label in Labels(report))
        {
            html.Append("<th>").Append(E(label)).Append("</th>");
        }
        html.Append("</tr>");
        foreach (var row in report.Calendar)
        {
            html.Append("<tr><th class=\"row\">").Append(E(row.Name)).Append("</th>");
            for (var i = 0; i < row.Cells.Count; i++)
            {
                var cell = row.Cells[i];
                var title = report.CalendarLabels is null ? $"{report.CalendarDays[i]:yyyy-MM-dd}: {cell.Words}" : cell.Words;
                html.Append("<td class=\"").Append(cell.Css).Append("\" title=\"").Append(E(title)).Append("\">")
                    .Append(E(cell.Letter)).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table></div><p class=\"muted\">").Append(E(report.CalendarLegend)).Append("</p>");
    }

    /// <summary>The calendar's column labels: its own, or its days.</summary>
    public static IReadOnlyList<string> Labels(SituationReport report) =>
        report.CalendarLabels ?? report.CalendarDays.Select(d => d.ToString("d MMM", CultureInfo.InvariantCulture)).ToList();

    public static string Period(SituationReport report) => report.PeriodLine ?? (report.Period == ReportPeriod.Day
        ? $"The record for {ReportBuilder.Long(report.To)}, compared with the day before."
        : $"The record for {ReportBuilder.Long(report.From)} to {ReportBuilder.Long(report.To)}, compared with the seven days before.");

    public static string NoteText(ReportNote note)
    {
        var date = note.Date is { } d ? (note.Retrieved ? "retrieved " : "") + d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
            : note.Grade == "computed" ? "computed when the report was made" : "date unknown";
        var title = note.Title is null ? "" : $", “{note.Title}”";
        var grade = note.Grade == "computed" ? "computed from the record" : $"grade {note.Grade}";
        return $"{note.Publisher}{title}, {date}, {grade}.";
    }

    public static string Colophon(SituationReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"Generated {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC by Lifeline from the record as it stood then")
        + (report.Checkpoint is { } c ? $"; the latest {c.Describe()}." : "; no ledger checkpoint had been signed yet.");

    /// <summary>Escapes markup; letters of every script stay as they are, so Armenian and Cyrillic read as text.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string E(string text) => Encoder.Encode(text);
}
