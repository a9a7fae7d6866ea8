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
    public ValueTask<ulong> GetSizeAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(With((connection, transaction) => LedgerSql.ReadSize(connection, transaction)));

    public ValueTask<IReadOnlyList<MerkleHash>> ReadNodesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(With((connection, transaction) => LedgerSql.ReadNodes(connection, transaction, nodes)));

    public ValueTask AppendAsync(MerkleAppend append, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(append);
        var own = db.Database.CurrentTransaction is null ? db.Database.BeginTransaction() : null;
        try
        {
            var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            var connection = transaction.Connection!;
            var size = LedgerSql.LockSize(db.Provider, connection, transaction);
            if (size != append.PreviousSize)
            {
                throw new InvalidOperationException($"The append was computed for a tree of {append.PreviousSize} leaves, but the ledger holds {size}. Nothing was stored.");
            }
            LedgerSql.WriteNodes(db.Provider, connection, transaction, append.Nodes);
            LedgerSql.SetSize(connection, transaction, append.PreviousSize, append.NewSize);
            own?.Commit();
        }
        finally
        {
            own?.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private T With<T>(Func<DbConnection, DbTransaction?, T> read)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            db.Database.OpenConnection();
        }
        try
        {
            return read(connection, db.Database.CurrentTransaction?.GetDbTransaction());
        }
        finally
        {
            if (opened)
            {
                db.Database.CloseConnection();
            }
        }
    }
}
