using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Lifeline.Storage;

/// <summary>
/// Runs a bulk write's database work on a thread of its own, in the order it was posted, while the caller goes on
/// reading and checking the next rows: an import then keeps both cores busy. At most <see cref="Capacity"/> batches
/// wait; posting more blocks the caller, so memory stays flat. The first failure stops the work still queued
/// (the caller's transaction is then rolled back) and is thrown to the caller at its next <see cref="Post"/> or
/// <see cref="Drain"/>. Only one thread uses the connection at a time: the caller must <see cref="Drain"/> before
/// using the connection itself.
/// </summary>
internal sealed class WriteBehind : IDisposable
{
    /// <summary>Batches that may wait to be written.</summary>
    public const int Capacity = 4;

    private readonly BlockingCollection<(Action Write, ManualResetEventSlim? Drained)> queue = new(Capacity);
    private readonly Thread thread;
    private ExceptionDispatchInfo? failure;
    private bool stopped;

    public WriteBehind()
    {
        thread = new Thread(Run) { IsBackground = true, Name = "bulk writes" };
        thread.Start();
    }

    /// <summary>Queues <paramref name="write"/>; rethrows the failure of an earlier write, if any.</summary>
    public void Post(Action write)
    {
        ObjectDisposedException.ThrowIf(stopped, this);
        failure?.Throw();
        queue.Add((write, null));
    }

    /// <summary>Waits until everything posted has been written; rethrows the first failure, if any.</summary>
    public void Drain()
    {
        if (!stopped)
        {
            using var drained = new ManualResetEventSlim();
            queue.Add((() => { }, drained));
            drained.Wait();
        }
        failure?.Throw();
    }

    private void Run()
    {
        foreach (var (write, drained) in queue.GetConsumingEnumerable())
        {
            if (failure is null)
            {
                try
                {
                    write();
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
            }
            drained?.Set();
        }
    }

    /// <summary>Lets the queued writes finish (or be skipped after a failure) and ends the thread; never throws.</summary>
    public void Dispose()
    {
        if (stopped)
        {
            return;
        }
        stopped = true;
        queue.CompleteAdding();
        thread.Join();
        queue.Dispose();
    }
}
