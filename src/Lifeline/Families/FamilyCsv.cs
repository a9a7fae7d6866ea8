using System.Globalization;
using System.Text;
using Lifeline.Core.Common;
using Lifeline.Core.Families;

namespace Lifeline.Families;

/// <summary>
/// The caseworker's CSV of tracing cases: one row per person sought, RFC 4180 quoting, and every cell that a
/// spreadsheet would read as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
/// return) prefixed with <c>'</c>, so that a name typed as <c>=HYPERLINK(...)</c> stays text.
/// </summary>
internal static class FamilyCsv
{
    public static IReadOnlyList<string> Header { get; } =
    [
        "case_id", "case_status", "version", "separated_on", "separated_at", "enquirer_id", "enquirer_name", "relation",
        "sought_id", "sought_name", "sought_sex", "sought_born", "sought_side", "sought_vulnerabilities", "sought_place_of_origin",
        "sought_last_known_place", "confirmed_match",
    ];

    public static string Write(IReadOnlyList<CaseEntry> cases)
    {
        var text = new StringBuilder();
        Line(text, Header);
        foreach (var c in cases)
        {
            var r = c.Request.Content.Request;
            foreach (var (sought, person) in c.Sought)
            {
                var p = person?.Content?.Person;
                Line(text,
                [
                    r.Id, KebabCase.Of(r.Status), c.Request.Row.Version.ToString(CultureInfo.InvariantCulture), r.SeparatedOn is { } on ? RecordDates.Day(on) : "",
                    r.SeparatedAt ?? "", r.EnquirerId, FamilyPageText.Name(c.Enquirer), sought.Relation, sought.PersonId, FamilyPageText.Name(person),
                    p is null ? "" : KebabCase.Of(p.Sex), p?.Birth.ToString() ?? "", p is null ? "" : KebabCase.Of(p.Side),
                    p is null ? "" : string.Join(";", Enum.GetValues<Vulnerability>().Where(v => v != Vulnerability.None && p.Vulnerabilities.HasFlag(v)).Select(v => KebabCase.Of(v))),
                    p?.PlaceOfOrigin ?? "", p?.LastKnownPlace ?? "",
                    string.Join(";", c.Request.Content.Confirmed.Where(m => m.SoughtId == sought.PersonId).Select(m => m.CandidateId)),
                ]);
            }
        }
        return text.ToString();
    }

    /// <summary>One cell: defused against formula injection, then quoted when it holds a comma, a quote or a line break.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> cells) => text.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
}
