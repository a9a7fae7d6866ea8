using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Lifeline.Storage;

/// <summary>
/// Refuses a synchronous database call (a query or statement, beginning or committing a transaction) made while an
/// HTTP request is being answered, naming the command so that the call is found at once. A request that waits for
/// the database on a thread holds that thread for the whole round trip; under load the server then runs out of
/// threads long before the database is busy. The guard is on where
/// <see cref="StorageOptions.RefuseBlockingQueriesInRequests"/> says so (the tests' servers, and a development run
/// that asks for it) and off in production, where a missed call is slow rather than refused. A connection opened
/// synchronously is let through: the command or transaction that follows it on the same path is refused.
/// </summary>
/// <remarks>
/// "While answering a request" is an <see cref="AsyncLocal{T}"/> flag set by <see cref="Answering"/> at the start of
/// the request pipeline: it flows into everything the request awaits, and is not set for the command line, imports,
/// start-up or timed work, which may stay synchronous.
/// </remarks>
internal sealed class BlockingQueryGuard : IDbCommandInterceptor, IDbTransactionInterceptor
{
    public static readonly BlockingQueryGuard Instance = new();

    private static readonly AsyncLocal<bool> InRequest = new();

    private BlockingQueryGuard()
    {
    }

    /// <summary>Whether the code running now is answering an HTTP request.</summary>
    public static bool IsAnsweringRequest => InRequest.Value;

    /// <summary>
    /// Marks the rest of the calling async flow (and what it awaits or starts) as answering a request. Set inside an
    /// async method, the mark ends when that method returns.
    /// </summary>
    public static void Answering() => InRequest.Value = true;

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Refuse(result, "ran a query", command);

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Refuse(result, "ran a statement", command);

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Refuse(result, "ran a query", command);

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
        Refuse(result, "began a transaction", null);

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        Refuse(result, "committed a transaction", null);

    private static T Refuse<T>(T result, string what, DbCommand? command)
    {
        if (!InRequest.Value)
        {
            return result;
        }
        var sql = command?.CommandText is { } text ? $": {Shorten(text)}" : "";
        throw new BlockingQueryException(
            $"A request {what} synchronously (the thread waits for the database); use the async form (ToListAsync, FirstOrDefaultAsync, SaveChangesAsync, OpenConnectionAsync...){sql}");
    }

    private static string Shorten(string sql)
    {
        var oneLine = string.Join(' ', sql.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length <= 300 ? oneLine : oneLine[..300] + "…";
    }
}

/// <summary>A synchronous database call on a request path, refused by <see cref="BlockingQueryGuard"/>: a bug to fix, never an answer.</summary>
internal sealed class BlockingQueryException(string message) : InvalidOperationException(message);
