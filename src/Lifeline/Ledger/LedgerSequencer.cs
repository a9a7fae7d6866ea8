using System.Data.Common;
using System.Threading.Channels;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lifeline.Ledger;

/// <summary>
/// What a write that appends to the ledger gives back: its outcome and, when it stored something, the record
/// versions to commit to the ledger (in the same transaction). A refused write (nothing valid to store, a conflict
/// found under the lock) is undone to its savepoint and answered at once.
/// </summary>
internal readonly record struct LedgerWrite<T>(T Outcome, IReadOnlyList<CommittedRecord>? Records)
{
    public bool Stored => Records is not null;

    public static LedgerWrite<T> Store(T outcome, params IEnumerable<CommittedRecord> records) => new(outcome, records.ToList());

    public static LedgerWrite<T> Refuse(T outcome) => new(outcome, null);
}

/// <summary>
/// The ledger's sequencer (as in Trillian and Tessera): one per node for the deployment's one log. Writers that
/// append to the ledger hand their write to it; it runs the writes waiting at that moment one after another in ONE
/// transaction, each within a savepoint (a write that fails is undone alone), appends all their leaves in the
/// order they ran, and commits once. Every writer of the batch is answered only after that commit: an acknowledged
/// write is durable, and the ledger's order is the order of commits.
/// </summary>
/// <remarks>
/// The batch transaction takes the ledger's lock (the state row, FOR UPDATE on PostgreSQL; SQLite's one writer) as
/// it begins, so batches of several nodes over one database take turns: the database is the arbiter, and a writer
/// holds the lock only for its batch, never for a whole request. A batch is whatever is waiting when the previous
/// one commits (at most <see cref="MaxBatch"/> writes): a lone writer is never made to wait for company, and under
/// load one commit (one fsync) serves many writers. A write runs on the writer's own <see cref="LifelineDbContext"/>,
/// lent the batch's connection and transaction while it runs, so the use cases keep their code and their audit lines.
/// </remarks>
internal sealed class LedgerSequencer(StorageOptions storage, ILogger<LedgerSequencer>? log = null) : IAsyncDisposable
{
    public const int MaxBatch = 256;
    private const string Savepoint = "lifeline_write";

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock starting = new();
    private Task? loop;

    /// <summary>
    /// Runs <paramref name="write"/> on <paramref name="db"/> inside the next batch transaction and returns its
    /// outcome once the batch has committed (or at once, when the write refused). The write must do all its
    /// database work on <paramref name="db"/> and call SaveChangesAsync itself; it must not begin a transaction.
    /// </summary>
    /// <exception cref="Exception">Whatever the write threw, or what made the batch's commit fail: nothing of it was stored.</exception>
    public async Task<T> WriteAsync<T>(LifelineDbContext db, Func<CancellationToken, Task<LedgerWrite<T>>> write)
    {
        var pending = new Pending(db, async cancel =>
        {
            var result = await write(cancel);
            return (result.Outcome, result.Records);
        });
        Start();
        Interlocked.Increment(ref waiting);
        if (!queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref waiting);
            throw new InvalidOperationException("The server is stopping: nothing was stored.");
        }
        return (T)(await pending.Answer.Task)!;
    }

    private int waiting;

    /// <summary>Writes handed in and not yet taken into a batch.</summary>
    internal int Waiting => Volatile.Read(ref waiting);

    private void Start()
    {
        lock (starting)
        {
            if (loop is null)
            {
                // The loop serves every writer, so it must not run as the first of them: without this it would keep
                // that writer's request (its user, its HttpContext) for as long as the server runs.
                using (ExecutionContext.SuppressFlow())
                {
                    loop = Task.Run(Run);
                }
            }
        }
    }

    private async Task Run()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next))
            {
                Interlocked.Decrement(ref waiting);
                batch.Add(next);
            }
            try
            {
                await Commit(batch);
            }
            catch (Exception e)
            {
                // The batch's transaction failed as a whole (the connection, the commit): nothing of it was stored.
                log?.LogError(e, "A batch of {Writes} ledger writes could not be committed; each writer is told", batch.Count);
                foreach (var pending in batch)
                {
                    pending.Answer.TrySetException(e);
                }
            }
            batch.Clear();
        }
    }

    private async Task Commit(List<Pending> batch)
    {
        var cancel = CancellationToken.None;
        await using var owner = StorageSetup.CreateContext(storage);
        await owner.Database.OpenConnectionAsync(cancel);
        await using var transaction = await owner.Database.BeginTransactionAsync(cancel);
        var dbTransaction = transaction.GetDbTransaction();
        var connection = dbTransaction.Connection!;
        var appender = await LedgerAppender.BeginAsync(owner.Provider, connection, dbTransaction, cancel);
        // The audit chain's head, locked after the ledger (the order every writer takes them in) and moved once a batch.
        var auditHead = await Accounts.AuditChain.Head.LockAsync(owner.Provider, connection, dbTransaction, cancel);
        var stored = new List<(Pending Pending, object? Outcome)>(batch.Count);
        var savepoint = SavepointAt.None;
        foreach (var pending in batch)
        {
            await SetSavepoint(connection, dbTransaction, savepoint, cancel);
            savepoint = SavepointAt.Here;
            var mark = auditHead.Mark();
            (object? Outcome, IReadOnlyList<CommittedRecord>? Records) result;
            try
            {
                result = await pending.RunAsWriter(() => Lent(pending.Db, connection, dbTransaction, auditHead, pending.Work));
            }
            catch (Exception e)
            {
                // Rolled back to, the savepoint stays where it was set: the next write starts from it.
                await dbTransaction.RollbackAsync(Savepoint, cancel);
                auditHead.Reset(mark);
                pending.Answer.TrySetException(e);
                continue;
            }
            if (result.Records is null)
            {
                await dbTransaction.RollbackAsync(Savepoint, cancel);
                auditHead.Reset(mark);
                pending.Answer.TrySetResult(result.Outcome);
                continue;
            }
            savepoint = SavepointAt.Behind;
            foreach (var record in result.Records)
            {
                appender.Add(record.Entry);
            }
            stored.Add((pending, result.Outcome));
        }
        await appender.FlushAsync(cancel);
        await auditHead.StoreAsync(connection, dbTransaction, cancel);
        await transaction.CommitAsync(cancel);
        foreach (var (pending, outcome) in stored)
        {
            pending.Answer.TrySetResult(outcome);
        }
    }

    /// <summary>Where the batch's savepoint stands before the next write.</summary>
    private enum SavepointAt
    {
        /// <summary>Not set yet in this batch.</summary>
        None,

        /// <summary>At the transaction's current state: just set, or just rolled back to (a rollback keeps it).</summary>
        Here,

        /// <summary>Before a write that was kept: it must move past that write.</summary>
        Behind,
    }

    /// <summary>
    /// Sets the savepoint the next write can be undone to, in one round trip: a savepoint left behind a kept write is
    /// released and set again in the same command. The last one of a batch is never released on its own: the commit
    /// ends it. Both engines take the same statements.
    /// </summary>
    private static async Task SetSavepoint(DbConnection connection, DbTransaction transaction, SavepointAt at, CancellationToken cancel)
    {
        var sql = at switch
        {
            SavepointAt.None => $"SAVEPOINT {Savepoint}",
            SavepointAt.Behind => $"RELEASE SAVEPOINT {Savepoint}; SAVEPOINT {Savepoint}",
            _ => null,
        };
        if (sql is null)
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancel);
    }

    /// <summary>
    /// Lends the batch's open connection and transaction to a writer's context while its write runs, then gives the
    /// context back its own connection string (it opens a new connection when next used).
    /// </summary>
    private static async Task<(object? Outcome, IReadOnlyList<CommittedRecord>? Records)> Lent(
        LifelineDbContext db, DbConnection connection, DbTransaction transaction, Accounts.AuditChain.Head auditHead,
        Func<CancellationToken, Task<(object? Outcome, IReadOnlyList<CommittedRecord>? Records)>> work)
    {
        var database = db.Database;
        var own = database.GetConnectionString();
        if (database.CurrentTransaction is not null || database.GetDbConnection().State != System.Data.ConnectionState.Closed)
        {
            throw new InvalidOperationException("A ledger write's context must not have a connection open or a transaction of its own.");
        }
        var savepoints = database.AutoSavepointsEnabled;
        database.SetDbConnection(connection, contextOwnsConnection: false);
        await database.UseTransactionAsync(transaction);
        // The batch sets its own savepoint around each write; EF need not set another around each SaveChanges.
        database.AutoSavepointsEnabled = false;
        db.BatchAuditHead = auditHead;
        try
        {
            return await work(CancellationToken.None);
        }
        finally
        {
            db.BatchAuditHead = null;
            database.AutoSavepointsEnabled = savepoints;
            await database.CloseConnectionAsync();
            await database.UseTransactionAsync(null);
            database.SetDbConnection(null, contextOwnsConnection: true);
            database.SetConnectionString(own);
        }
    }

    /// <summary>Lets the writes already handed in finish, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        Task? running;
        lock (starting)
        {
            running = loop;
        }
        if (running is not null)
        {
            await running;
        }
    }

    private sealed class Pending(LifelineDbContext db, Func<CancellationToken, Task<(object? Outcome, IReadOnlyList<CommittedRecord>? Records)>> work)
    {
        /// <summary>The writer's own context (its request, hence its user), captured when it handed the write in.</summary>
        private readonly ExecutionContext? writer = ExecutionContext.Capture();

        public LifelineDbContext Db => db;
        public Func<CancellationToken, Task<(object? Outcome, IReadOnlyList<CommittedRecord>? Records)>> Work => work;
        public TaskCompletionSource<object?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>
        /// Starts <paramref name="write"/> in the writer's execution context, so that what it reads of its caller (who is
        /// signed in, from which address: the audit line) is the writer's, not whoever's write started the batch loop.
        /// </summary>
        public Task<T> RunAsWriter<T>(Func<Task<T>> write)
        {
            if (writer is null)
            {
                return write();
            }
            Task<T>? started = null;
            ExecutionContext.Run(writer, _ => started = write(), null);
            return started!;
        }
    }
}
