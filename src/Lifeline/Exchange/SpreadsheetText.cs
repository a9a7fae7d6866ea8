namespace Lifeline.Exchange;

/// <summary>
/// Keeps a text cell of a CSV export from being run as a formula when the file is opened in a spreadsheet (CSV
/// injection): a cell that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return, after any
/// leading apostrophes, gets one more apostrophe in front, which spreadsheets read as "text follows" and do not show.
/// An import takes that one apostrophe off again, so a round trip gives back the same text; counting the apostrophes
/// already there (<c>'=x</c> is written <c>''=x</c>) keeps that exact. Only text columns are escaped: a number (a
/// negative longitude) is written as it is, or it would no longer read as a number.
/// </summary>
internal static class SpreadsheetText
{
    private static bool StartsAFormula(string value)
    {
        var start = 0;
        while (start < value.Length && value[start] == '\'')
        {
            start++;
        }
        return start < value.Length && value[start] is '=' or '+' or '-' or '@' or '\t' or '\r';
    }

    /// <summary>The text of a cell as written: with an apostrophe in front when a spreadsheet would take it for a formula.</summary>
    public static string Escape(string? value) => value is null ? "" : StartsAFormula(value) ? "'" + value : value;

    /// <summary>The text a cell written by <see cref="Escape"/> held: one leading apostrophe before a formula's first character is taken off.</summary>
    public static string Unescape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 1 && value[0] == '\'' && StartsAFormula(value[1..]) ? value[1..] : value;
    }
}
