using FsCheck;
using FsCheck.Fluent;

namespace Lifeline.Ledger.Tests;

/// <summary>
/// FsCheck properties over random sizes, leaf indices, batch splits and bit flips. Trees up to 2,049 leaves are
/// real (one in-memory store; proofs at every smaller size come from it) and are compared with the RFC's recursive
/// definitions; sizes up to 2^64 − 1 use <see cref="UniformTreeStore"/>.
/// </summary>
public sealed class PropertyTests
{
    private const int StoredLeaves = 2049;

    private static readonly MerkleHash[] Leaves = Builders.LeafHashes(StoredLeaves);

    // Built in odd-sized batches so that batch boundaries fall everywhere.
    private static readonly Lazy<InMemoryMerkleStore> Store = new(() => Builders.Store(StoredLeaves, batchSize: 97));

    private static Config Runs(int count) => Config.QuickThrowOnFailure.WithMaxTest(count).WithQuietOnSuccess(true);

    private static Gen<int> Sizes => Gen.Choose(1, StoredLeaves);

    private static Gen<(int Size, int Index)> SizesAndLeaves =>
        from size in Sizes
        from index in Gen.Choose(0, size - 1)
        select (size, index);

    private static Gen<(int First, int Second)> SizePairs =>
        from second in Sizes
        from first in Gen.Choose(1, second)
        select (first, second);

    // Any 64-bit value, built from four 16-bit draws.
    private static Gen<ulong> AnyBits =>
        from a in Gen.Choose(0, 0xFFFF)
        from b in Gen.Choose(0, 0xFFFF)
        from c in Gen.Choose(0, 0xFFFF)
        from d in Gen.Choose(0, 0xFFFF)
        select ((ulong)(uint)a << 48) | ((ulong)(uint)b << 32) | ((ulong)(uint)c << 16) | (uint)d;

    // Tree sizes from 1 to 2^64 − 1, spread evenly over the number of bits so that huge and small sizes both occur.
    private static Gen<ulong> HugeSizes =>
        from bits in Gen.Choose(1, 64)
        from raw in AnyBits
        select bits == 64 ? raw | (1UL << 63) : (raw & ((1UL << bits) - 1)) | (1UL << (bits - 1));

    private static Gen<MerkleHash> AnyHash => Gen.Choose(int.MinValue, int.MaxValue).Select(seed => MerkleHasher.HashLeaf(BitConverter.GetBytes(seed)));

    [Fact]
    public void Root_AnyPastSize_IsTheRfcTreeHash() =>
        Prop.ForAll(Gen.Choose(0, StoredLeaves).ToArbitrary(), size =>
            RootAt((ulong)size) == ReferenceTree.Mth(Leaves.AsSpan(0, size)))
        .Check(Runs(300));

    [Fact]
    public void InclusionProof_AnySizeAndLeaf_IsTheRfcPathAndVerifies() =>
        Prop.ForAll(SizesAndLeaves.ToArbitrary(), c =>
        {
            var proof = InclusionProofOf((ulong)c.Index, (ulong)c.Size);
            Assert.Equal(ReferenceTree.Path(c.Index, Leaves.AsSpan(0, c.Size)), proof.Path);
            Assert.Equal(ProofVerdict.Valid, proof.Verify(Leaves[c.Index], RootAt((ulong)c.Size)));
        })
        .Check(Runs(500));

    [Fact]
    public void InclusionProof_AnySingleBitOfLeafProofOrRootFlipped_IsRejected() =>
        Prop.ForAll(SizesAndLeaves.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (c, bitChoice) =>
        {
            var proof = InclusionProofOf((ulong)c.Index, (ulong)c.Size);
            MerkleHash[] hashes = [Leaves[c.Index], .. proof.Path, RootAt((ulong)c.Size)];
            var bit = bitChoice % (hashes.Length * 256);
            hashes[bit / 256] = Builders.FlipBit(hashes[bit / 256], bit % 256);

            return MerkleVerifier.VerifyInclusion((ulong)c.Index, (ulong)c.Size, hashes[0], hashes.AsSpan(1, hashes.Length - 2), hashes[^1]) != ProofVerdict.Valid;
        })
        .Check(Runs(1000));

    [Fact]
    public void InclusionProof_AnySingleBitOfLeafIndexFlipped_IsRejected() =>
        Prop.ForAll(SizesAndLeaves.ToArbitrary(), Gen.Choose(0, 63).ToArbitrary(), (c, bit) =>
        {
            var proof = InclusionProofOf((ulong)c.Index, (ulong)c.Size);
            var otherIndex = (ulong)c.Index ^ (1UL << bit);
            return MerkleVerifier.VerifyInclusion(otherIndex, (ulong)c.Size, Leaves[c.Index], proof.Path.AsSpan(), RootAt((ulong)c.Size)) != ProofVerdict.Valid;
        })
        .Check(Runs(500));

    [Fact]
    public void ConsistencyProof_AnyTwoSizes_IsTheRfcProofAndVerifies() =>
        Prop.ForAll(SizePairs.ToArbitrary(), c =>
        {
            var proof = ConsistencyProofOf((ulong)c.First, (ulong)c.Second);
            Assert.Equal(ReferenceTree.Proof(c.First, Leaves.AsSpan(0, c.Second)), proof.Path);
            Assert.Equal(ProofVerdict.Valid, proof.Verify(RootAt((ulong)c.First), RootAt((ulong)c.Second)));
        })
        .Check(Runs(500));

    [Fact]
    public void ConsistencyProof_AnySingleBitOfRootsOrProofFlipped_IsRejected() =>
        Prop.ForAll(SizePairs.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (c, bitChoice) =>
        {
            var proof = ConsistencyProofOf((ulong)c.First, (ulong)c.Second);
            MerkleHash[] hashes = [RootAt((ulong)c.First), RootAt((ulong)c.Second), .. proof.Path];
            var bit = bitChoice % (hashes.Length * 256);
            hashes[bit / 256] = Builders.FlipBit(hashes[bit / 256], bit % 256);

            return MerkleVerifier.VerifyConsistency((ulong)c.First, (ulong)c.Second, hashes.AsSpan(2), hashes[0], hashes[1]) != ProofVerdict.Valid;
        })
        .Check(Runs(1000));

    [Fact]
    public void Append_AnySplitIntoBatches_StoresTheSameNodesAndRoot() =>
        Prop.ForAll(Gen.Choose(0, 600).ToArbitrary(), Gen.ListOf(Gen.Choose(1, 70)).ToArbitrary(), (count, batchSizes) =>
        {
            var leaves = Builders.LeafHashes(count);
            var whole = MerkleFrontier.Empty.Append(leaves);

            var nodes = new List<MerkleNode>();
            var frontier = MerkleFrontier.Empty;
            var start = 0;
            foreach (var batchSize in batchSizes.Append(int.MaxValue))
            {
                var take = Math.Min(batchSize, count - start);
                var append = frontier.Append(leaves.AsSpan(start, take));
                Assert.Equal((ulong)start, append.FirstLeafIndex);
                nodes.AddRange(append.Nodes);
                frontier = append.Frontier;
                start += take;
            }

            Assert.Equal(whole.Nodes, nodes);
            Assert.Equal(whole.NewRoot, frontier.Root);
            Assert.Equal(whole.Frontier.Nodes, frontier.Nodes);
        })
        .Check(Runs(300));

    [Fact]
    public void Proofs_TreesOfUpTo2To64Leaves_VerifyAndReadAtMostTwoLog2NPlusTwoNodes() =>
        Prop.ForAll(HugeSizes.ToArbitrary(), AnyBits.ToArbitrary(), AnyBits.ToArbitrary(), (size, leafChoice, firstChoice) =>
        {
            var store = new UniformTreeStore(size);
            var log = new MerkleLog(store);
            var bound = (2 * Math.Log2(size)) + 2;
            var root = Await(log.GetRootAsync(size));

            var leafIndex = leafChoice % size;
            var inclusion = Await(log.GetInclusionProofAsync(leafIndex, size));
            Assert.InRange(ProofPlan.ForInclusion(leafIndex, size).Nodes.Count, 0, bound);
            Assert.Equal(ProofVerdict.Valid, inclusion.Verify(UniformTreeStore.LeafHash, root));

            var firstSize = 1 + (firstChoice % size);
            var consistency = Await(log.GetConsistencyProofAsync(firstSize, size));
            Assert.InRange(ProofPlan.ForConsistency(firstSize, size).Nodes.Count, 0, bound);
            Assert.Equal(ProofVerdict.Valid, consistency.Verify(Await(log.GetRootAsync(firstSize)), root));

            if (inclusion.Path.Length > 0)
            {
                MerkleHash[] tampered = [.. inclusion.Path];
                var bit = (int)(leafChoice % (ulong)(tampered.Length * 256));
                tampered[bit / 256] = Builders.FlipBit(tampered[bit / 256], bit % 256);
                Assert.NotEqual(ProofVerdict.Valid, MerkleVerifier.VerifyInclusion(leafIndex, size, UniformTreeStore.LeafHash, tampered, root));
            }
        })
        .Check(Runs(300));

    [Fact]
    public void Verifiers_ArbitraryInput_AnswerAVerdictWithoutThrowing()
    {
        var anySize = Gen.OneOf(Gen.Choose(0, 20).Select(s => (ulong)s), HugeSizes, Gen.Constant(ulong.MaxValue), Gen.Constant(0UL));
        var anyProof = Gen.ListOf(AnyHash).Select(p => p.ToArray()).Resize(70);

        var sizes = from a in anySize from b in anySize select (a, b);
        Prop.ForAll(sizes.ToArbitrary(), anyProof.ToArbitrary(), AnyHash.ToArbitrary(), (sizePair, proof, hash) =>
        {
            var (a, b) = sizePair;
            var inclusion = MerkleVerifier.VerifyInclusion(a, b, hash, proof, hash);
            var consistency = MerkleVerifier.VerifyConsistency(a, b, proof, hash, hash);
            return Enum.IsDefined(inclusion) && inclusion != ProofVerdict.NotVerified
                && Enum.IsDefined(consistency) && consistency != ProofVerdict.NotVerified;
        })
        .Check(Runs(2000));
    }

    private static MerkleLog Log => new(Store.Value);

    private static MerkleHash RootAt(ulong size) => Await(Log.GetRootAsync(size));

    private static InclusionProof InclusionProofOf(ulong leafIndex, ulong treeSize) => Await(Log.GetInclusionProofAsync(leafIndex, treeSize));

    private static ConsistencyProof ConsistencyProofOf(ulong firstSize, ulong secondSize) => Await(Log.GetConsistencyProofAsync(firstSize, secondSize));

    // The stores used here complete synchronously; FsCheck's properties are synchronous.
    private static T Await<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();
}
