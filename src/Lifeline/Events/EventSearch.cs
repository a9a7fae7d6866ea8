using System.Text;
using Lifeline.Core.Common;
using Lifeline.Core.Events;

namespace Lifeline.Events;

/// <summary>
/// What a user can narrow the event list by. Every filter is optional; text is matched word by word against
/// the notes (each word may be the start of a longer word). <paramref name="Stage"/> (intake, reviewed, published)
/// narrows to one step of the workflow: intake is what waits for review, reviewed what waits for publication.
/// </summary>
public sealed record EventFilter(string? Type, string? Actor, string? Place, DateOnly? From, DateOnly? To, string? Text, string? Stage = null)
{
    public static readonly EventFilter None = new(null, null, null, null, null, null);

    /// <summary>Reads filters from query-string values, naming any that cannot be understood.</summary>
    public static (EventFilter? Filter, ValidationErrors Errors) Parse(string? type, string? actor, string? place, string? from, string? to, string? q, DateOnly today, string? stage = null)
    {
        var errors = new ValidationErrors();
        if (!string.IsNullOrWhiteSpace(stage) && KebabCase.Parse<Core.Access.EventStage>(stage.Trim()) is null)
        {
            errors.Add("stage", $"'{stage}' is not a stage: use {KebabCase.Choices<Core.Access.EventStage>()}");
        }
        if (!string.IsNullOrWhiteSpace(type) && EventType.Find(type) is null)
        {
            errors.Add("type", $"'{type}' is not an event type; the types are listed at /api/v1/event-types");
        }
        var fromDate = ParseDay(from, "from", today, errors);
        var toDate = ParseDay(to, "to", today, errors);
        if (fromDate > toDate)
        {
            errors.Add("to", $"{toDate:yyyy-MM-dd} is before 'from' ({fromDate:yyyy-MM-dd})");
        }
        if (q is { Length: > 500 })
        {
            errors.Add("q", "must be at most 500 characters");
        }
        return errors.IsEmpty
            ? (new EventFilter(Blank(type), Blank(actor), Blank(place), fromDate, toDate, Blank(q), Blank(stage)), errors)
            : (null, errors);
    }

    private static DateOnly? ParseDay(string? text, string field, DateOnly today, ValidationErrors errors) =>
        Situations.SituationEndpoints.ParseOptionalDate(text, field, today, errors);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The words of a text search: runs of letters and digits in any script, lower-cased.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }
        return words.Take(20).ToList();
    }

    /// <summary>An FTS5 query: every word, as a prefix, all required.</summary>
    public static string ToFts5(IReadOnlyList<string> words) => string.Join(' ', words.Select(w => $"\"{w}\"*"));

    /// <summary>A PostgreSQL tsquery: every word, as a prefix, all required.</summary>
    public static string ToTsQuery(IReadOnlyList<string> words) => string.Join(" & ", words.Select(w => $"{w}:*"));
}
