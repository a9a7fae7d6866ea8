using System.Collections.ObjectModel;

namespace Lifeline.Ledger;

/// <summary>
/// The outcome of appending a batch of leaves (<see cref="MerkleFrontier.Append(ReadOnlySpan{MerkleHash})"/>): the leaf
/// indices given out, every node to store, and the new frontier. Computing it stores nothing; a store writes
/// <see cref="Nodes"/> (and the new size) in one transaction, together with the records the leaves stand for.
/// </summary>
/// <remarks>
/// Leaf indices are <see cref="PreviousSize"/> to <see cref="NewSize"/> − 1, in the order the leaves were given.
/// Immutable and thread-safe.
/// </remarks>
public sealed class MerkleAppend
{
    internal MerkleAppend(MerkleFrontier previous, MerkleFrontier next, MerkleNode[] nodes)
    {
        PreviousFrontier = previous;
        Frontier = next;
        Nodes = new ReadOnlyCollection<MerkleNode>(nodes);
    }

    /// <summary>The frontier the leaves were appended to.</summary>
    public MerkleFrontier PreviousFrontier { get; }

    /// <summary>The frontier after the batch, at <see cref="NewSize"/>.</summary>
    public MerkleFrontier Frontier { get; }

    /// <summary>Tree size before the batch; also the index of the first leaf appended.</summary>
    public ulong PreviousSize => PreviousFrontier.Size;

    /// <summary>Tree size after the batch.</summary>
    public ulong NewSize => Frontier.Size;

    /// <summary>Index of the first leaf appended (equal to <see cref="PreviousSize"/>).</summary>
    public ulong FirstLeafIndex => PreviousSize;

    /// <summary>Number of leaves appended.</summary>
    public ulong LeafCount => NewSize - PreviousSize;

    /// <summary>The tree head hash at <see cref="NewSize"/>.</summary>
    public MerkleHash NewRoot => Frontier.Root;

    /// <summary>
    /// Every node the batch adds to the store: each leaf hash (level 0) and each perfect subtree the batch completes,
    /// in the order they were completed, so within a level the indices increase by one. For B leaves appended to a
    /// tree of n leaves there are 2B − popcount(n + B) + popcount(n) of them (about 2B).
    /// </summary>
    public IReadOnlyList<MerkleNode> Nodes { get; }
}
