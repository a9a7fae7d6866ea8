using System.Collections.Concurrent;

namespace Lifeline.Web;

/// <summary>
/// Remembers derived reads (calendars, counts, dashboards, totals) under a key that names what was read and for which
/// audience, until the data version the reader sees moves (<see cref="ReaderVersion"/>). The first reader to miss
/// computes the value; every reader that arrives meanwhile with the same stamp waits for that one computation instead
/// of starting its own, so a change of version costs one rebuild however many readers there are.
/// </summary>
internal sealed class ReadCache
{
    /// <summary>Enough for every situation × the kinds of viewer × the reads kept; beyond that the cache starts afresh.</summary>
    public const int MaxEntries = 4_096;

    private sealed record Entry(string Stamp, Task<object> Value);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>How many times a value was computed (for tests: one computation per key and stamp).</summary>
    public long Computations => Interlocked.Read(ref computations);

    private long computations;

    public async Task<T> GetAsync<T>(string key, string stamp, Func<Task<T>> compute) where T : class
    {
        while (true)
        {
            if (entries.TryGetValue(key, out var entry) && entry.Stamp == stamp)
            {
                try
                {
                    return (T)await entry.Value;
                }
                catch (Exception) when (!entry.Value.IsCompletedSuccessfully)
                {
                    // The computation this reader waited on failed (its own request was cancelled, say): compute again.
                    entries.TryRemove(KeyValuePair.Create(key, entry));
                    continue;
                }
            }
            var pending = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            var mine = new Entry(stamp, pending.Task);
            if (entry is null ? !entries.TryAdd(key, mine) : !entries.TryUpdate(key, mine, entry))
            {
                continue;
            }
            if (entries.Count > MaxEntries)
            {
                entries.Clear();
            }
            Interlocked.Increment(ref computations);
            try
            {
                var value = await compute();
                pending.SetResult(value);
                return value;
            }
            catch (Exception failure)
            {
                entries.TryRemove(KeyValuePair.Create(key, mine));
                pending.SetException(failure);
                // Observed here, so that a failure nobody else waited for is not reported again as unobserved.
                _ = pending.Task.Exception;
                throw;
            }
        }
    }
}

/// <summary>A value type kept in <see cref="ReadCache"/>.</summary>
internal sealed record Box<T>(T Value);
