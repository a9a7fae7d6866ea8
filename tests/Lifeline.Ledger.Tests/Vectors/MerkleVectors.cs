using System.Text.Json;

namespace Lifeline.Ledger.Tests.Vectors;

/// <summary>One inclusion case of the vector file; hashes as raw bytes, because some probes hold wrong lengths.</summary>
public sealed record InclusionCase(string Name, ulong LeafIndex, ulong TreeSize, byte[] LeafHash, byte[] Root, byte[][] Proof, bool WantError);

/// <summary>One consistency case of the vector file; hashes as raw bytes, because some probes hold wrong lengths.</summary>
public sealed record ConsistencyCase(string Name, ulong FirstSize, ulong SecondSize, byte[] FirstRoot, byte[] SecondRoot, byte[][] Proof, bool WantError);

/// <summary>A hasher known-answer test: the kind ("empty_root", "leaf" or "node"), its inputs and the expected hash.</summary>
public sealed record HasherCase(string Name, string Kind, byte[] Input, byte[] Left, byte[] Right, MerkleHash Want);

/// <summary>Reads <c>Vectors/merkle-vectors.json</c> (transparency-dev/merkle, Apache-2.0; see Vectors/README.md).</summary>
public static class MerkleVectors
{
    /// <summary>
    /// The one upstream probe whose expectation depends on the implementation: sizes 1 and 1, empty proof, and two
    /// equal 12-byte "roots" (ASCII "don't care 2"). Go's verifier only compares the roots and accepts it; here a
    /// root that is not 32 bytes cannot be a <see cref="MerkleHash"/>, so it is rejected when read.
    /// </summary>
    public const string ImplementationDefinedProbe = "testdata/consistency/additional/sizes-are-equal-one-and-proof-is-empty.json";

    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "merkle-vectors.json"))));

    private static JsonElement Root => Document.Value.RootElement;

    public static IReadOnlyList<HasherCase> HasherCases { get; } = [.. Root.GetProperty("hasher_vectors").EnumerateArray().Select(ReadHasherCase)];

    /// <summary>The 8 reference leaves (their data, not their hashes).</summary>
    public static IReadOnlyList<byte[]> Leaves { get; } = [.. Root.GetProperty("leaves").EnumerateArray().Select(e => Bytes(e))];

    public static IReadOnlyList<MerkleHash> LeafHashes { get; } = [.. Root.GetProperty("leaf_hashes").EnumerateArray().Select(e => Hash(e))];

    /// <summary>Every perfect subtree of the 8-leaf tree: (level, index) → hash.</summary>
    public static IReadOnlyDictionary<NodeId, MerkleHash> NodeHashes { get; } = ReadNodeHashes();

    /// <summary>Roots of the trees of the first 0 to 8 reference leaves.</summary>
    public static IReadOnlyDictionary<ulong, MerkleHash> Roots { get; } =
        Root.GetProperty("roots").EnumerateObject().ToDictionary(p => ulong.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => Hash(p.Value));

    public static IReadOnlyList<InclusionCase> InclusionProofs { get; } = ReadInclusion(Root.GetProperty("inclusion_proofs"), FileName);

    public static IReadOnlyList<ConsistencyCase> ConsistencyProofs { get; } = ReadConsistency(Root.GetProperty("consistency_proofs"), FileName);

    public static IReadOnlyList<InclusionCase> InclusionProbes { get; } = ReadInclusion(Root.GetProperty("probes").GetProperty("inclusion"), FileName);

    public static IReadOnlyList<ConsistencyCase> ConsistencyProbes { get; } = ReadConsistency(Root.GetProperty("probes").GetProperty("consistency"), FileName);

    public static IReadOnlyList<InclusionCase> DerivedInclusionProofs { get; } =
        ReadInclusion(Root.GetProperty("derived_exhaustive").GetProperty("inclusion_proofs"), e => $"size {e.GetProperty("size")} index {e.GetProperty("index")}");

    public static IReadOnlyList<ConsistencyCase> DerivedConsistencyProofs { get; } =
        ReadConsistency(Root.GetProperty("derived_exhaustive").GetProperty("consistency_proofs"), e => $"size {e.GetProperty("size1")} to {e.GetProperty("size2")}");

    public static TheoryData<string> Names(IEnumerable<InclusionCase> cases) => [.. cases.Select(c => c.Name)];

    public static TheoryData<string> Names(IEnumerable<ConsistencyCase> cases) => [.. cases.Select(c => c.Name)];

    public static T Named<T>(IEnumerable<T> cases, string name, Func<T, string> nameOf) => cases.Single(c => nameOf(c) == name);

    private static string FileName(JsonElement e) => e.GetProperty("file").GetString()!;

    private static byte[] Bytes(JsonElement hex) => Convert.FromHexString(hex.GetString()!);

    private static MerkleHash Hash(JsonElement hex) => MerkleHash.FromHex(hex.GetString()!);

    private static bool WantError(JsonElement e) => e.TryGetProperty("wantErr", out var wantErr) && wantErr.GetBoolean();

    private static List<InclusionCase> ReadInclusion(JsonElement cases, Func<JsonElement, string> name) =>
        [.. cases.EnumerateArray().Select(e => new InclusionCase(
            name(e),
            e.GetProperty("index").GetUInt64(),
            e.GetProperty("size").GetUInt64(),
            Bytes(e.GetProperty("leaf_hash")),
            Bytes(e.GetProperty("root")),
            [.. e.GetProperty("proof").EnumerateArray().Select(p => Bytes(p))],
            WantError(e)))];

    private static List<ConsistencyCase> ReadConsistency(JsonElement cases, Func<JsonElement, string> name) =>
        [.. cases.EnumerateArray().Select(e => new ConsistencyCase(
            name(e),
            e.GetProperty("size1").GetUInt64(),
            e.GetProperty("size2").GetUInt64(),
            Bytes(e.GetProperty("root1")),
            Bytes(e.GetProperty("root2")),
            [.. e.GetProperty("proof").EnumerateArray().Select(p => Bytes(p))],
            WantError(e)))];

    private static HasherCase ReadHasherCase(JsonElement e)
    {
        byte[] Optional(string property) => e.TryGetProperty(property, out var value) ? Bytes(value) : [];
        return new HasherCase(
            e.GetProperty("desc").GetString()!,
            e.GetProperty("kind").GetString()!,
            Optional("input_hex"),
            Optional("left_hex"),
            Optional("right_hex"),
            Hash(e.GetProperty("want")));
    }

    private static Dictionary<NodeId, MerkleHash> ReadNodeHashes()
    {
        var nodes = new Dictionary<NodeId, MerkleHash>();
        foreach (var level in Root.GetProperty("node_hashes_by_level").EnumerateObject().Where(p => !p.Name.StartsWith('_')))
        {
            var index = 0UL;
            foreach (var hash in level.Value.EnumerateArray())
            {
                nodes.Add(new NodeId(int.Parse(level.Name, System.Globalization.CultureInfo.InvariantCulture), index++), Hash(hash));
            }
        }

        return nodes;
    }
}
