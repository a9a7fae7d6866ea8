using System.Globalization;

namespace Lifeline.Reports;

/// <summary>How long a situation report looks back: the day asked for, or the seven days ending on it.</summary>
internal enum ReportPeriod
{
    Day,
    Week,
}

/// <summary>Who a report is for: the public (published records only, the public rules) or the roles as on the pages.</summary>
internal enum ReportAudience
{
    Public,
    Internal,
}

/// <summary>One source a figure rests on, as the report's notes list it: publisher, date, link and Admiralty grade.</summary>
/// <param name="Number">The note's number, from 1, in the order the report first cites it.</param>
/// <param name="Date">When the source was published, else when it was retrieved, else null (unknown).</param>
/// <param name="Url">Null for a source whose identity is protected, and for a note that names no address.</param>
/// <param name="Grade">The Admiralty code (A1–F6), or "computed" for a figure Lifeline derives from the record.</param>
internal sealed record ReportNote(int Number, string Publisher, string? Title, DateOnly? Date, string? Url, string Grade)
{
    /// <summary>True when <see cref="Date"/> is when the source was retrieved, its publication date being unknown.</summary>
    public bool Retrieved { get; init; }
}

/// <summary>One statement of the report with the numbers of the notes it rests on.</summary>
/// <param name="Link">Where to read more in Lifeline (an absolute address on the public origin), or null.</param>
internal sealed record ReportLine(string Text, IReadOnlyList<int> Notes, string? Link = null);

/// <summary>One section: its lines, and where a chart illustrates it, the chart as SVG.</summary>
internal sealed record ReportSection(string Id, string Title, IReadOnlyList<ReportLine> Lines)
{
    /// <summary>Said instead of lines when the section has nothing to report; never left blank.</summary>
    public string? Empty { get; init; }

    public string? ChartSvg { get; init; }
}

/// <summary>One row of the period's calendar: a route or a utility and its status letter on each day.</summary>
/// <param name="Cells">Per day: the letter (O, R, H, C; A, P, X; ? unknown) and its CSS class (s-open, ...).</param>
internal sealed record CalendarRow(string Name, IReadOnlyList<(string Letter, string Css, string Words)> Cells);

/// <summary>The ledger checkpoint a report was computed against: anyone can check the record it reflects.</summary>
internal sealed record ReportCheckpoint(long TreeSize, string RootHex, DateTime SignedAtUtc)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"ledger checkpoint of {TreeSize:N0} leaves, root {RootHex}, signed {SignedAtUtc:yyyy-MM-dd HH:mm} UTC");
}

/// <summary>
/// A situation report computed from the record for a day or a week: every figure carries the numbers of its notes;
/// links are absolute, built from the public origin.
/// </summary>
internal sealed record SituationReport(
    string SituationId,
    string SituationName,
    DateOnly From,
    DateOnly To,
    ReportPeriod Period,
    ReportAudience Audience,
    string DayLine,
    IReadOnlyList<DateOnly> CalendarDays,
    IReadOnlyList<CalendarRow> Calendar,
    IReadOnlyList<ReportSection> Sections,
    IReadOnlyList<ReportNote> Notes,
    DateTimeOffset GeneratedAt,
    ReportCheckpoint? Checkpoint,
    Uri Origin)
{
    /// <summary>The risk level of each day up to the report's day, as the risk chart draws it (the PDF's bar chart).</summary>
    public IReadOnlyList<(DateOnly Date, int Level)> RiskLevels { get; init; } = [];

    /// <summary>
    /// What the document is, in the header ("situation report"; a dossier says "dossier"), and what replaces the
    /// title, the period line, the calendar's section, labels and legend, and the addresses when another document than
    /// a situation report is laid out as one (a dossier, docs/legal.md).
    /// </summary>
    public string Kind { get; init; } = "situation report";

    public string? Heading { get; init; }

    public string? PeriodLine { get; init; }

    /// <summary>The section under whose heading the calendar is drawn.</summary>
    public string CalendarSection { get; init; } = "access";

    /// <summary>The column labels of the calendar, when they are not its days (a dossier's calendar has a row a month).</summary>
    public IReadOnlyList<string>? CalendarLabels { get; init; }

    public string CalendarLegend { get; init; } = "O open · R restricted · H humanitarian only · C closed · A available · P partial · X cut · ? unknown (no sourced record)";

    /// <summary>The document's own address and its PDF's, when they are not the situation report's.</summary>
    public string? Self { get; init; }

    public string? SelfPdf { get; init; }

    public string Title => Heading ?? (Period == ReportPeriod.Day
        ? string.Create(CultureInfo.InvariantCulture, $"{SituationName}: situation report, {To:d MMMM yyyy}")
        : string.Create(CultureInfo.InvariantCulture, $"{SituationName}: weekly situation report, {From:d MMMM yyyy} to {To:d MMMM yyyy}"));

    /// <summary>Said in place of <see cref="AudienceWords"/>' words for the audience, when another document says whom it is for.</summary>
    public string? Notice { get; init; }

    public string AudienceWords => Notice ?? (Audience == ReportAudience.Public
        ? "Public version: published records only, as the public pages show them."
        : "Internal version: everything the reader's roles may see, as on the pages. Do not pass on beyond those roles.");

    /// <summary>The report's own address on the public origin.</summary>
    public string Address(string extension = "") => extension == ".pdf" && SelfPdf is { } pdf ? pdf
        : extension.Length == 0 && Self is { } self ? self
        : new Uri(Origin,
        string.Create(CultureInfo.InvariantCulture, $"situations/{SituationId}/report{extension}?date={To:yyyy-MM-dd}") + (Period == ReportPeriod.Week ? "&period=week" : "")).ToString();
}
