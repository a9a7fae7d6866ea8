using Lifeline.Core.Places;
using Lifeline.Web;

namespace Lifeline.Events;

/// <summary>An event's words on a translated page: its type and its place in the reader's language where known.</summary>
internal static class EventWords
{
    /// <summary>The type in the reader's language (the blockade's own types are translated; ACLED's keep ACLED's English names).</summary>
    public static string Type(Translations words, EventSummary e) => Type(words, e.Type, e.TypeDescription);

    public static string Type(Translations words, string type, string english) => words.Or("event-type." + type, english);

    /// <summary>The place in the reader's script where the gazetteer has it, else its English name.</summary>
    public static string Place(EventSummary e, IReadOnlyDictionary<string, Place> places) =>
        places.TryGetValue(e.Place, out var place) ? Translations.Place(place) : e.PlaceName;
}
