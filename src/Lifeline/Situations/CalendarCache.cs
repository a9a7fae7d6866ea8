using System.Collections.Concurrent;

namespace Lifeline.Situations;

/// <summary>
/// Remembers computed calendars and counts until the record changes. Every write of an event adds a row to
/// <c>event_versions</c>, so the highest row id there is a stamp that moves whenever anything the calendar is
/// made from may have changed; a stale entry is simply computed again.
/// </summary>
internal sealed class CalendarCache
{
    /// <summary>Enough for every situation × the few kinds of viewer; beyond that the cache starts afresh.</summary>
    public const int MaxEntries = 1_024;

    private readonly ConcurrentDictionary<string, (long Stamp, object Value)> entries = new(StringComparer.Ordinal);

    public T Get<T>(string key, long stamp, Func<T> compute) where T : class
    {
        if (entries.TryGetValue(key, out var entry) && entry.Stamp == stamp && entry.Value is T value)
        {
            return value;
        }
        var computed = compute();
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }
        entries[key] = (stamp, computed);
        return computed;
    }
}
