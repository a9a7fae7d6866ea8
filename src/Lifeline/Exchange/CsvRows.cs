using System.Text;

namespace Lifeline.Exchange;

/// <summary>One record of a CSV file: its fields and the line of the file it starts on (1 for the first line).</summary>
internal sealed record CsvRow(long Line, IReadOnlyList<string> Fields);

/// <summary>
/// Reads RFC 4180 CSV one record at a time, so a file of millions of rows is read in flat memory: fields may be
/// quoted, hold commas, doubled quotes and line breaks; lines end in CRLF or LF. A quoted field still open at the
/// end of the file means the file was cut short (<see cref="Truncated"/>). A UTF-8 byte-order mark is skipped.
/// </summary>
internal sealed class CsvRows(TextReader reader)
{
    private long line = 1;

    /// <summary>Set once the file ended inside a quoted field: the last row returned is incomplete.</summary>
    public bool Truncated { get; private set; }

    /// <summary>The next record, or null at the end of the file. Blank lines are skipped.</summary>
    public CsvRow? Next()
    {
        while (true)
        {
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var any = false;
            while (true)
            {
                var c = reader.Read();
                if (c < 0)
                {
                    if (quoted)
                    {
                        Truncated = true;
                    }
                    if (!any)
                    {
                        return null;
                    }
                    fields.Add(field.ToString());
                    return new CsvRow(start, fields);
                }
                any = true;
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (reader.Peek() == '"')
                        {
                            reader.Read();
                            field.Append('"');
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        if (c == '\n')
                        {
                            line++;
                        }
                        field.Append((char)c);
                    }
                    continue;
                }
                if (c == '"' && field.Length == 0)
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else if (c is '\r' or '\n')
                {
                    if (c == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }
                    line++;
                    break;
                }
                else
                {
                    field.Append((char)c);
                }
            }
            fields.Add(field.ToString());
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }
            return new CsvRow(start, fields);
        }
    }
}
