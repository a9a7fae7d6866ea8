using System.Collections.Concurrent;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Accounts;

/// <summary>
/// When each API token was last used (kept to the hour, docs/security.md), written apart from the requests that use
/// the tokens: a request notes the use here and goes on; every <see cref="Every"/> the uses noted are written together
/// in one write handed to the ledger's sequencer. So the first request of a token in an hour writes nothing itself: on
/// SQLite it never waits for the one write lock behind a batch of events (nor makes a batch wait for it), and a crowd of
/// reporters starting at once costs one write, not one each. A use noted but not yet written when the server stops is
/// written as it stops; one lost to a crash costs only that stamp.
/// </summary>
internal sealed class TokenUses(StorageOptions storage, LedgerSequencer sequencer, ILogger<TokenUses>? log = null) : IAsyncDisposable
{
    /// <summary>How often the uses noted are written.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, DateTime> noted = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock starting = new();
    private Task? loop;

    /// <summary>Notes that token <paramref name="tokenId"/> was used at <paramref name="at"/> (UTC).</summary>
    public void Note(string tokenId, DateTime at)
    {
        noted.AddOrUpdate(tokenId, at, (_, before) => before > at ? before : at);
        lock (starting)
        {
            if (loop is null && !stopping.IsCancellationRequested)
            {
                using (ExecutionContext.SuppressFlow())
                {
                    loop = Task.Run(Run);
                }
            }
        }
    }

    private async Task Run()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Every, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await WriteNoted();
        }
    }

    /// <summary>Writes every use noted so far; a failure is logged and those stamps are dropped.</summary>
    public async Task WriteNoted()
    {
        var taken = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var id in noted.Keys)
        {
            if (noted.TryRemove(id, out var at))
            {
                taken[id] = at;
            }
        }
        if (taken.Count == 0)
        {
            return;
        }
        try
        {
            await using var db = StorageSetup.CreateContext(storage);
            await sequencer.WriteAsync(db, async cancel =>
            {
                var ids = taken.Keys.ToList();
                foreach (var row in await db.ApiTokens.Where(t => ids.Contains(t.Id)).ToListAsync(cancel))
                {
                    if (row.LastUsedAt is null || row.LastUsedAt < taken[row.Id])
                    {
                        row.LastUsedAt = taken[row.Id];
                    }
                }
                await db.SaveChangesAsync(cancel);
                return LedgerWrite<int>.Store(taken.Count);
            });
        }
        catch (Exception e)
        {
            log?.LogWarning(e, "The last use of {Tokens} API tokens could not be written", taken.Count);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (starting)
        {
            stopping.Cancel();
            running = loop;
        }
        if (running is not null)
        {
            await running;
        }
        await WriteNoted();
        stopping.Dispose();
    }
}
