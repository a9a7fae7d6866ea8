using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace Lifeline.Reports;

/// <summary>
/// A situation report as an A4 PDF (PDF/A-2b as PDFsharp makes it): DejaVu Sans embedded, the calendar and the risk
/// levels drawn as vector shapes, every source's address written out and linked, and the metadata a reader checks
/// (title, situation, date, when it was generated, the ledger checkpoint it was computed against).
/// </summary>
internal sealed class ReportPdf : IDisposable
{
    private const double Margin = 50;
    private static readonly XSize A4 = new(595.28, 841.89);

    private readonly PdfDocument document = new();
    private readonly XFont body = new(ReportFonts.Family, 9.5, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
    private readonly XFont small = new(ReportFonts.Family, 7.5, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
    private readonly XFont heading = new(ReportFonts.Family, 12, XFontStyleEx.Bold, new XPdfFontOptions(PdfFontEncoding.Unicode));
    private readonly XFont title = new(ReportFonts.Family, 15, XFontStyleEx.Bold, new XPdfFontOptions(PdfFontEncoding.Unicode));
    private PdfPage page = null!;
    private XGraphics graphics = null!;
    private double y;
    private StructureBuilder structure = null!;

    private ReportPdf()
    {
    }

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>; the fonts must be installed (<see cref="ReportFonts.Install"/>).</summary>
    public static void Write(SituationReport report, Stream output)
    {
        using var pdf = new ReportPdf();
        pdf.Draw(report);
        pdf.document.Save(output, closeStream: false);
    }

    private void Draw(SituationReport report)
    {
        document.SetPdfA();
        document.Info.Title = report.Title;
        document.Info.Author = "Lifeline";
        document.Info.Creator = "Lifeline";
        document.Info.Subject = string.Create(CultureInfo.InvariantCulture,
            $"Situation {report.SituationId}, {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}, {report.Audience.ToString().ToLowerInvariant()} version");
        document.Info.Keywords = report.Checkpoint?.Describe() ?? "no ledger checkpoint";
        document.Info.CreationDate = report.GeneratedAt.UtcDateTime;
        document.Info.Elements.SetString("/LifelineSituation", report.SituationId);
        document.Info.Elements.SetString("/LifelineDate", report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        document.Info.Elements.SetString("/LifelineGeneratedAt", report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        document.Info.Elements.SetString("/LifelineCheckpoint", report.Checkpoint?.Describe() ?? "none");

        structure = UAManager.ForDocument(document).StructureBuilder;
        NewPage();
        structure.BeginElement(PdfGroupingElementTag.Document);
        Paragraph(report.AudienceWords, small, XBrushes.DimGray);
        Paragraph(report.Title, title, XBrushes.Black);
        Paragraph(report.DayLine, heading, XBrushes.Black);
        Paragraph(ReportHtml.Period(report), small, XBrushes.DimGray);
        foreach (var section in report.Sections)
        {
            y += 6;
            // A heading is not left alone at the foot of a page.
            Room(80);
            Paragraph(section.Title, heading, XBrushes.Black);
            if (section.Id == report.CalendarSection && report.Calendar.Count > 0)
            {
                Calendar(report);
            }
            if (section.Id == "risk" && report.RiskLevels.Count > 0)
            {
                RiskLevels(report.RiskLevels);
            }
            if (section.Lines.Count == 0)
            {
                Paragraph(section.Empty ?? "Nothing recorded.", body, XBrushes.DimGray);
            }
            foreach (var line in section.Lines)
            {
                var notes = line.Notes.Count == 0 ? "" : " [" + string.Join(", ", line.Notes) + "]";
                Paragraph("• " + line.Text + notes, body, XBrushes.Black, indent: 8);
            }
        }
        y += 6;
        Paragraph("Sources", heading, XBrushes.Black);
        foreach (var note in report.Notes)
        {
            Paragraph($"[{note.Number}] {ReportHtml.NoteText(note)}", small, XBrushes.Black);
            if (note.Url is { } url)
            {
                var top = y;
                Paragraph(url, small, XBrushes.DarkBlue, indent: 14);
                page.AddWebLink(new PdfRectangle(new XPoint(Margin + 14, A4.Height - y), new XPoint(A4.Width - Margin, A4.Height - top)), url);
            }
        }
        y += 6;
        Paragraph(ReportHtml.Colophon(report) + $" This {report.Kind}: " + report.Address(".pdf"), small, XBrushes.DimGray);
        structure.End();
    }

    public void Dispose()
    {
        graphics?.Dispose();
        document.Dispose();
    }

    private void NewPage()
    {
        graphics?.Dispose();
        page = document.AddPage();
        page.Width = XUnit.FromPoint(A4.Width);
        page.Height = XUnit.FromPoint(A4.Height);
        graphics = XGraphics.FromPdfPage(page);
        y = Margin;
    }

    private void Room(double height)
    {
        if (y + height > A4.Height - Margin)
        {
            NewPage();
        }
    }

    /// <summary>Writes text wrapped to the width of the page, word by word; a word longer than a line is cut where it must be.</summary>
    private void Paragraph(string text, XFont font, XBrush brush, double indent = 0)
    {
        var width = A4.Width - 2 * Margin - indent;
        var lineHeight = font.Size * 1.3;
        var lines = Wrap(text, font, width).ToList();
        // A paragraph is one tagged element: it starts on a page where it fits, so no element spans a page break.
        Room(lineHeight * lines.Count);
        structure.BeginElement(font.Size >= 12 ? PdfBlockLevelElementTag.Heading : PdfBlockLevelElementTag.Paragraph);
        foreach (var line in lines)
        {
            graphics.DrawString(line, font, brush, new XRect(Margin + indent, y, width, lineHeight), XStringFormats.TopLeft);
            y += lineHeight;
        }
        structure.End();
        y += 2;
    }

    private IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (graphics.MeasureString(candidate, font).Width <= width)
            {
                line = candidate;
                continue;
            }
            if (line.Length > 0)
            {
                yield return line;
            }
            line = word;
            while (graphics.MeasureString(line, font).Width > width && line.Length > 1)
            {
                var cut = line.Length - 1;
                while (cut > 1 && graphics.MeasureString(line[..cut], font).Width > width)
                {
                    cut--;
                }
                yield return line[..cut];
                line = line[cut..];
            }
        }
        if (line.Length > 0)
        {
            yield return line;
        }
    }

    private void Calendar(SituationReport report)
    {
        const double nameWidth = 110, rowHeight = 13;
        var labels = ReportHtml.Labels(report);
        var cell = Math.Min(48, (A4.Width - 2 * Margin - nameWidth) / Math.Max(1, labels.Count));
        Room(rowHeight * (report.Calendar.Count + 1) + 16);
        structure.BeginElement(PdfIllustrationElementTag.Figure, "The status of each route and utility, day by day", new XRect(Margin, y, A4.Width - 2 * Margin, rowHeight * (report.Calendar.Count + 1)));
        for (var i = 0; i < labels.Count; i++)
        {
            graphics.DrawString(labels[i], small, XBrushes.Black,
                new XRect(Margin + nameWidth + i * cell, y, cell, rowHeight), XStringFormats.Center);
        }
        y += rowHeight;
        foreach (var row in report.Calendar)
        {
            graphics.DrawString(Fit(row.Name, small, nameWidth - 4), small, XBrushes.Black, new XRect(Margin, y, nameWidth, rowHeight), XStringFormats.CenterLeft);
            for (var i = 0; i < row.Cells.Count; i++)
            {
                // A cell for no day (the 30th of February in a calendar of months) is left blank.
                if (row.Cells[i].Css == "none")
                {
                    continue;
                }
                var rect = new XRect(Margin + nameWidth + i * cell, y, cell, rowHeight);
                graphics.DrawRectangle(XPens.Gray, Fill(row.Cells[i].Css), rect);
                graphics.DrawString(row.Cells[i].Letter, small, XBrushes.Black, rect, XStringFormats.Center);
            }
            y += rowHeight;
        }
        structure.End();
        Paragraph(report.CalendarLegend, small, XBrushes.DimGray);
    }

    /// <summary>The risk level of each day as a bar chart (levels 1–5), the same series the risk chart draws.</summary>
    private void RiskLevels(IReadOnlyList<(DateOnly Date, int Level)> levels)
    {
        const double height = 60;
        Room(height + 24);
        structure.BeginElement(PdfIllustrationElementTag.Figure, "The risk level day by day, 1 to 5", new XRect(Margin, y, A4.Width - 2 * Margin, height + 14));
        var width = A4.Width - 2 * Margin - 20;
        var bar = width / levels.Count;
        for (var level = 1; level <= 5; level++)
        {
            var lineY = y + height - level * height / 5;
            graphics.DrawLine(XPens.LightGray, Margin + 20, lineY, Margin + 20 + width, lineY);
            graphics.DrawString(level.ToString(CultureInfo.InvariantCulture), small, XBrushes.DimGray, new XRect(Margin, lineY - 5, 16, 10), XStringFormats.CenterRight);
        }
        for (var i = 0; i < levels.Count; i++)
        {
            var h = levels[i].Level * height / 5;
            graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xB7, 0x1C, 0x1C)), Margin + 20 + i * bar + 0.5, y + height - h, Math.Max(0.5, bar - 1), h);
        }
        y += height + 2;
        graphics.DrawString(levels[0].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), small, XBrushes.DimGray, new XRect(Margin + 20, y, 80, 10), XStringFormats.TopLeft);
        graphics.DrawString(levels[^1].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), small, XBrushes.DimGray, new XRect(A4.Width - Margin - 80, y, 80, 10), XStringFormats.TopRight);
        y += 14;
        structure.End();
        Paragraph("Risk level day by day (1–5).", small, XBrushes.DimGray);
    }

    /// <summary>The text, shortened with an ellipsis when it is wider than <paramref name="width"/>.</summary>
    private string Fit(string text, XFont font, double width)
    {
        if (graphics.MeasureString(text, font).Width <= width)
        {
            return text;
        }
        var cut = text.Length;
        while (cut > 1 && graphics.MeasureString(text[..cut] + "…", font).Width > width)
        {
            cut--;
        }
        return text[..cut] + "…";
    }

    private static XBrush Fill(string css) => css switch
    {
        "s-open" or "s-available" => new XSolidBrush(XColor.FromArgb(0xC8, 0xE6, 0xC9)),
        "s-restricted" or "s-partial" => new XSolidBrush(XColor.FromArgb(0xFF, 0xF3, 0xC4)),
        "s-humanitarian-only" => new XSolidBrush(XColor.FromArgb(0xFF, 0xE0, 0xB2)),
        "s-closed" or "s-cut" => new XSolidBrush(XColor.FromArgb(0xF4, 0xB6, 0xB6)),
        _ => new XSolidBrush(XColor.FromArgb(0xE0, 0xE0, 0xE0)),
    };
}
