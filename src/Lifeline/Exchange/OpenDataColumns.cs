using System.Globalization;

namespace Lifeline.Exchange;

/// <summary>The formats <c>lifeline import</c> reads.</summary>
internal enum ImportFormat
{
    /// <summary>A <c>lifeline/1</c> JSON document.</summary>
    Lifeline,

    /// <summary>ACLED's CSV as downloaded: the current column set or an older one, told apart by the header.</summary>
    Acled,

    /// <summary>CSV with an HXL hashtag row; columns are matched by hashtag and attributes, not by position.</summary>
    Hxl,
}

/// <summary>What an open-data row may say about an event, whatever the format calls it.</summary>
internal enum OpenDataField
{
    Id,
    Date,
    TimePrecision,
    /// <summary>A Lifeline event type key, or (HDX files) ACLED's event type in words.</summary>
    Type,
    AcledType,
    AcledSubType,
    Actor1,
    Inter1,
    Actor2,
    Inter2,
    Location,
    PlaceCode,
    Admin1,
    Latitude,
    Longitude,
    GeoPrecision,
    Source,
    Notes,
    Fatalities,
    Tags,
    Timestamp,
    Stage,
    /// <summary>A column matched so that it is not taken for another (#date+year is not the date).</summary>
    Ignored,
}

/// <summary>Which column of a file holds each field, and the name the file gives it (for error messages).</summary>
internal sealed class OpenDataColumns
{
    private readonly Dictionary<OpenDataField, (int Index, string Name)> columns = [];

    public ImportFormat Format { get; }

    /// <summary>The line of the file the first data row may start after (the header, and for HXL the hashtag row).</summary>
    public long HeaderLine { get; }

    /// <summary>How many columns the header has: a shorter row is reported.</summary>
    public int Width { get; }

    private OpenDataColumns(ImportFormat format, long headerLine, int width)
    {
        Format = format;
        HeaderLine = headerLine;
        Width = width;
    }

    public bool Has(OpenDataField field) => columns.ContainsKey(field);

    /// <summary>The column's name as the file writes it: an ACLED column name or an HXL hashtag.</summary>
    public string Name(OpenDataField field) => columns.TryGetValue(field, out var c) ? c.Name : field.ToString();

    /// <summary>
    /// The trimmed value of <paramref name="field"/> in <paramref name="row"/>, or null when empty or absent; a cell an
    /// export escaped for spreadsheets (<see cref="SpreadsheetText"/>) is read as it was before.
    /// </summary>
    public string? Get(CsvRow row, OpenDataField field) =>
        columns.TryGetValue(field, out var c) && c.Index < row.Fields.Count && row.Fields[c.Index].Trim() is { Length: > 0 } value ? SpreadsheetText.Unescape(value) : null;

    // ACLED's columns by name; older sets write them in capitals and call associated actors "ally" actors.
    private static readonly Dictionary<string, OpenDataField> AcledNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["event_id_cnty"] = OpenDataField.Id,
        ["event_date"] = OpenDataField.Date,
        ["time_precision"] = OpenDataField.TimePrecision,
        ["event_type"] = OpenDataField.AcledType,
        ["sub_event_type"] = OpenDataField.AcledSubType,
        ["actor1"] = OpenDataField.Actor1,
        ["inter1"] = OpenDataField.Inter1,
        ["actor2"] = OpenDataField.Actor2,
        ["inter2"] = OpenDataField.Inter2,
        ["admin1"] = OpenDataField.Admin1,
        ["location"] = OpenDataField.Location,
        ["latitude"] = OpenDataField.Latitude,
        ["longitude"] = OpenDataField.Longitude,
        ["geo_precision"] = OpenDataField.GeoPrecision,
        ["source"] = OpenDataField.Source,
        ["notes"] = OpenDataField.Notes,
        ["fatalities"] = OpenDataField.Fatalities,
        ["tags"] = OpenDataField.Tags,
        ["timestamp"] = OpenDataField.Timestamp,
    };

    private static readonly string[] AcledRequired = ["event_id_cnty", "event_date", "event_type", "location", "source", "notes"];

    /// <summary>The HXL hashtags read, each with the attributes a column must carry to match it.</summary>
    private static readonly (string Tag, string[] Attributes, OpenDataField Field)[] HxlSpecs =
    [
        ("#event", ["id"], OpenDataField.Id),
        ("#event", ["code"], OpenDataField.Id),
        ("#date", [], OpenDataField.Date),
        ("#date", ["occurred"], OpenDataField.Date),
        ("#date", ["year"], OpenDataField.Ignored),
        ("#event", ["type"], OpenDataField.Type),
        ("#event", ["type", "acled"], OpenDataField.AcledType),
        ("#event", ["type", "sub"], OpenDataField.AcledSubType),
        ("#event", ["type", "sub", "acled"], OpenDataField.AcledSubType),
        ("#actor", [], OpenDataField.Actor1),
        ("#actor", ["primary"], OpenDataField.Actor1),
        ("#actor", ["secondary"], OpenDataField.Actor2),
        ("#group", ["name", "first"], OpenDataField.Actor1),
        ("#group", ["name", "second"], OpenDataField.Actor2),
        ("#loc", ["name"], OpenDataField.Location),
        ("#loc", ["code"], OpenDataField.PlaceCode),
        ("#adm1", ["name"], OpenDataField.Admin1),
        ("#geo", ["lat"], OpenDataField.Latitude),
        ("#geo", ["lon"], OpenDataField.Longitude),
        ("#geo", ["precision"], OpenDataField.GeoPrecision),
        ("#affected", ["killed"], OpenDataField.Fatalities),
        ("#description", [], OpenDataField.Notes),
        ("#meta", ["source"], OpenDataField.Source),
        ("#meta", ["tags"], OpenDataField.Tags),
        ("#status", ["stage"], OpenDataField.Stage),
    ];

    /// <summary>How many rows from the top an HXL hashtag row is looked for (HDX files put it in row 2, others lower).</summary>
    public const int HxlTagRowSearch = 5;

    /// <summary>
    /// Reads the header of <paramref name="rows"/> in <paramref name="format"/> (or finds the format when null:
    /// ACLED by its column names, HXL by a hashtag row). Returns the columns, or why the header cannot be read.
    /// </summary>
    public static (OpenDataColumns? Columns, string? Error) Read(CsvRows rows, ImportFormat? format)
    {
        var first = rows.Next();
        if (first is null)
        {
            return (null, "the file is empty: it has no header row");
        }
        var names = first.Fields.Select(f => f.Trim()).ToList();
        var looksAcled = names.Contains("event_id_cnty", StringComparer.OrdinalIgnoreCase);
        if (format is ImportFormat.Acled || format is null && looksAcled)
        {
            return Acled(first.Line, names);
        }
        var seen = new List<CsvRow> { first };
        for (var row = first; row is not null && seen.Count <= HxlTagRowSearch; row = rows.Next())
        {
            if (row != first)
            {
                seen.Add(row);
            }
            if (IsTagRow(row))
            {
                return Hxl(row);
            }
        }
        return format is ImportFormat.Hxl
            ? (null, $"row 1-{seen[^1].Line}: no HXL hashtag row (a row whose every filled cell is a hashtag such as #date or #event+type) in the first {HxlTagRowSearch} rows")
            : (null, "row 1: neither an ACLED header (event_id_cnty, event_date, event_type, ...) nor an HXL hashtag row in the first rows; say --format acled or --format hxl if it is one of them");
    }

    private static (OpenDataColumns?, string?) Acled(long line, List<string> names)
    {
        var missing = AcledRequired.Where(r => !names.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
        {
            return (null, $"row {line}: not an ACLED header: it lacks the column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} (found: {string.Join(", ", names.Take(12))}{(names.Count > 12 ? ", ..." : "")})");
        }
        var columns = new OpenDataColumns(ImportFormat.Acled, line, names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            if (AcledNames.TryGetValue(names[i], out var field))
            {
                columns.columns.TryAdd(field, (i, names[i]));
            }
        }
        return (columns, null);
    }

    private static bool IsTagRow(CsvRow row)
    {
        var filled = row.Fields.Select(f => f.Trim()).Where(f => f.Length > 0).ToList();
        return filled.Count > 0 && filled.All(f => f.StartsWith('#') && f.Length > 1);
    }

    private static (OpenDataColumns?, string?) Hxl(CsvRow tagRow)
    {
        var columns = new OpenDataColumns(ImportFormat.Hxl, tagRow.Line, tagRow.Fields.Count);
        // Each column goes to the most specific hashtag it carries all the attributes of; a column with more
        // attributes than asked for still matches (#geo+lat+x is a latitude), and the order of columns does not matter.
        var candidates = new List<(int Column, int Specificity, OpenDataField Field, string Name)>();
        for (var i = 0; i < tagRow.Fields.Count; i++)
        {
            var cell = tagRow.Fields[i].Trim().ToLowerInvariant();
            if (cell.Length == 0)
            {
                continue;
            }
            var parts = cell.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var attributes = parts.Skip(1).ToHashSet(StringComparer.Ordinal);
            var best = HxlSpecs.Where(s => s.Tag == parts[0] && s.Attributes.All(attributes.Contains)).OrderByDescending(s => s.Attributes.Length).FirstOrDefault();
            if (best.Tag is not null)
            {
                candidates.Add((i, best.Attributes.Length, best.Field, tagRow.Fields[i].Trim()));
            }
        }
        foreach (var (column, _, field, name) in candidates.OrderByDescending(c => c.Specificity).ThenBy(c => c.Column))
        {
            columns.columns.TryAdd(field, (column, name));
        }
        var missing = new List<string>();
        if (!columns.Has(OpenDataField.Date))
        {
            missing.Add("#date");
        }
        if (!columns.Has(OpenDataField.Type) && !columns.Has(OpenDataField.AcledType))
        {
            missing.Add("#event+type");
        }
        if (!columns.Has(OpenDataField.Location) && !columns.Has(OpenDataField.PlaceCode))
        {
            missing.Add("#loc+name");
        }
        if (!columns.Has(OpenDataField.Notes))
        {
            missing.Add("#description");
        }
        if (!columns.Has(OpenDataField.Source))
        {
            missing.Add("#meta+source");
        }
        return missing.Count > 0
            ? (null, $"row {tagRow.Line}: not an HXL file of events: no column tagged {string.Join(", ", missing)} (tags found: {string.Join(", ", tagRow.Fields.Where(f => f.Trim().Length > 0).Take(12))})")
            : (columns, null);
    }

    /// <summary>Dates as ACLED files write them: ISO, "21 March 2020", "5-Aug-24", "05/08/2024" is not read (day and month are ambiguous).</summary>
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d MMMM yyyy", "dd MMMM yyyy", "d-MMM-yy", "dd-MMM-yy", "d-MMM-yyyy", "dd-MMM-yyyy", "d MMM yyyy"];

    public static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
