using System.Data;
using System.Data.Common;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lifeline.Ledger;

/// <summary>
/// The ledger's <see cref="IMerkleStore"/> over Lifeline's database: <c>ledger_nodes</c> keyed by (level, idx) and
/// the size in <c>ledger_state</c>. It works in the context's open transaction when there is one (so an append
/// commits or rolls back with the records), else each call stands alone. Proofs read their nodes in one query.
/// </summary>
/// <remarks>
/// <see cref="AppendAsync"/> stores the nodes and the size only; the application appends through
/// <see cref="LedgerAppender"/>, which also stores each leaf's bytes. Both refuse an append computed on an
/// out-of-date size.
/// </remarks>
internal sealed class DatabaseMerkleStore(LifelineDbContext db) : IMerkleStore
{
    public async ValueTask<ulong> GetSizeAsync(CancellationToken cancellationToken = default) =>
        await WithAsync((connection, transaction) => LedgerSql.ReadSizeAsync(connection, transaction, cancellationToken), cancellationToken);

    public async ValueTask<IReadOnlyList<MerkleHash>> ReadNodesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken = default) =>
        await WithAsync((connection, transaction) => LedgerSql.ReadNodesAsync(connection, transaction, nodes, cancellationToken), cancellationToken);

    public async ValueTask AppendAsync(MerkleAppend append, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(append);
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var connection = transaction.Connection!;
        var size = await LedgerSql.LockSizeAsync(db.Provider, connection, transaction, cancellationToken);
        if (size != append.PreviousSize)
        {
            throw new InvalidOperationException($"The append was computed for a tree of {append.PreviousSize} leaves, but the ledger holds {size}. Nothing was stored.");
        }
        await LedgerSql.WriteNodesAsync(db.Provider, connection, transaction, append.Nodes, cancellationToken);
        await LedgerSql.SetSizeAsync(connection, transaction, append.PreviousSize, append.NewSize, cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }
    }

    private async Task<T> WithAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> read, CancellationToken cancel)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancel);
        }
        try
        {
            return await read(connection, db.Database.CurrentTransaction?.GetDbTransaction());
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
