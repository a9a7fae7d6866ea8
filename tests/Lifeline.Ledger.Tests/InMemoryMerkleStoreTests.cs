namespace Lifeline.Ledger.Tests;

public sealed class InMemoryMerkleStoreTests
{
    private readonly CancellationToken _cancellationToken = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendAsync_ComputedFromAnOutOfDateSize_IsRefusedAndStoresNothing()
    {
        var store = new InMemoryMerkleStore();
        var first = MerkleFrontier.Empty.Append(Builders.LeafHashes(3));
        var competing = MerkleFrontier.Empty.Append(Builders.LeafHashes(2));
        await store.AppendAsync(first, _cancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(competing, _cancellationToken).AsTask());

        Assert.Equal(3UL, store.Size);
        Assert.Equal(first.NewRoot, await new MerkleLog(store).GetRootAsync(3, _cancellationToken));
    }

    [Fact]
    public async Task AppendAsync_FrontierOfAnotherTreeOfTheSameSize_IsRefused()
    {
        var store = Builders.Store(5);
        var otherTree = MerkleFrontier.Empty.Append([.. Builders.LeafHashes(4), Builders.LeafHash(99)]).Frontier;

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(otherTree.Append([Builders.LeafHash(5)]), _cancellationToken).AsTask());

        Assert.Equal(5UL, store.Size);
    }

    [Fact]
    public async Task ReadNodesAsync_NodeBeyondTheSize_ThrowsKeyNotFound()
    {
        var store = Builders.Store(5);

        Assert.Equal(Builders.LeafHash(4), store.ReadNode(NodeId.Leaf(4)));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.ReadNodesAsync([NodeId.Leaf(5)], _cancellationToken).AsTask());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.ReadNodesAsync([new NodeId(1, 2)], _cancellationToken).AsTask());
    }

    [Fact]
    public async Task ReadNodesAsync_SeveralNodes_AnswersInTheOrderAsked()
    {
        var store = Builders.Store(8);
        var hashes = await store.ReadNodesAsync([NodeId.Leaf(7), new NodeId(3, 0), NodeId.Leaf(0)], _cancellationToken);
        Assert.Equal([Builders.LeafHash(7), ReferenceTree.Mth(Builders.LeafHashes(8)), Builders.LeafHash(0)], hashes);
    }
}
