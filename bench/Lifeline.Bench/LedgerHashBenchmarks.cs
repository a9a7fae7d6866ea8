using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Lifeline.Core.Events;
using Lifeline.Ledger;

namespace Lifeline.Bench;

/// <summary>
/// What the ledger's hashing and encoding cost on the CPU, with no database: raw SHA-256 (64 bytes and 1 MiB), the
/// RFC 9162 leaf and node hashes, appending 100,000 leaf hashes to an empty frontier in memory, and the per-record
/// work of an import (the canonical form of an event and its content hash, then the leaf bytes). Measured in the
/// same run as the appends and proofs, so that they can be read against the machine's raw hashing speed.
/// </summary>
/// <remarks>BenchmarkDotNet finds benchmark classes only when they are public and not sealed.</remarks>
[MemoryDiagnoser]
#pragma warning disable CA1515 // Must be public for BenchmarkDotNet, see remarks.
public class LedgerHashBenchmarks
#pragma warning restore CA1515
{
    public const int FrontierLeaves = 100_000;

    // Set by the program before BenchmarkDotNet runs in the same process (in-process toolchain).
    internal static BenchSettings Settings { get; set; } = null!;

    private readonly byte[] small = new byte[64];
    private readonly byte[] large = new byte[1 << 20];
    private readonly byte[] digest = new byte[32];
    private byte[] leaf = [];
    private MerkleHash left;
    private MerkleHash right;
    private MerkleHash[] leafHashes = [];
    private EventVersion version = null!;
    private byte[] salt = [];
    private LedgerEntry entry = null!;

    /// <summary>Bytes hashed per operation, where one operation hashes one input; for the MB/s column.</summary>
    internal static Dictionary<string, long> InputBytes { get; } = [];

    [GlobalSetup]
    public void Ready()
    {
        RandomNumberGenerator.Fill(small);
        RandomNumberGenerator.Fill(large);
        version = RawInsert.Version(SyntheticSiege.Events(1).Single(), new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        salt = RecordSalt.New();
        entry = CanonicalRecords.Event(version, salt).Entry;
        leaf = entry.ToLeaf();
        left = MerkleHasher.HashLeaf(small);
        right = MerkleHasher.HashLeaf(leaf);
        leafHashes = Enumerable.Range(0, FrontierLeaves).Select(i => MerkleHasher.HashLeaf(BitConverter.GetBytes(i))).ToArray();
        InputBytes[nameof(Sha256Of64Bytes)] = small.Length;
        InputBytes[nameof(Sha256Of1MiB)] = large.Length;
        InputBytes[nameof(HashLeaf)] = 1 + leaf.Length;
        InputBytes[nameof(HashNode)] = 1 + (2 * MerkleHash.SizeInBytes);
    }

    [Benchmark(Description = "SHA256.HashData, 64 bytes")]
    public byte Sha256Of64Bytes()
    {
        SHA256.HashData(small, digest);
        return digest[0];
    }

    [Benchmark(Description = "SHA256.HashData, 1 MiB")]
    public byte Sha256Of1MiB()
    {
        SHA256.HashData(large, digest);
        return digest[0];
    }

    [Benchmark(Description = "MerkleHasher.HashLeaf, an event's leaf")]
    public MerkleHash HashLeaf() => MerkleHasher.HashLeaf(leaf);

    [Benchmark(Description = "MerkleHasher.HashNode")]
    public MerkleHash HashNode() => MerkleHasher.HashNode(left, right);

    [Benchmark(Description = "MerkleFrontier.Empty.Append, per leaf of 100,000", OperationsPerInvoke = FrontierLeaves)]
    public ulong FrontierAppend() => MerkleFrontier.Empty.Append(leafHashes).NewSize;

    [Benchmark(Description = "CanonicalRecords.Event (canonical form and content hash)")]
    public int CanonicalEvent() => CanonicalRecords.Event(version, salt).Canonical.Length;

    [Benchmark(Description = "LedgerEntry.ToLeaf (leaf bytes)")]
    public byte[] ToLeaf() => entry.ToLeaf();

    /// <summary>Runs the benchmarks in this process; returns one line per benchmark, and the leaf size hashed.</summary>
    internal static (IReadOnlyList<HashFigures> Figures, int LeafBytes) Run(BenchSettings settings)
    {
        Settings = settings;
        var job = Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: true))
            .WithLaunchCount(1)
            .WithWarmupCount(settings.HashWarmUpIterations)
            .WithIterationCount(settings.HashIterations)
            .WithIterationTime(TimeInterval.FromMilliseconds(settings.HashIterationTime.TotalMilliseconds))
            .WithId("Hash");
        var config = DefaultConfig.Instance
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(settings.ArtifactsFolder);
        var summary = BenchmarkRunner.Run<LedgerHashBenchmarks>(config);
        var figures = summary.Reports.Select(Figure).ToList();
        return (figures, (int)InputBytes[nameof(HashLeaf)] - 1);
    }

    private static HashFigures Figure(BenchmarkReport report)
    {
        var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
        var statistics = report.ResultStatistics
            ?? throw new InvalidOperationException($"The hashing benchmark {name} did not finish; see the BenchmarkDotNet log above.");
        return new HashFigures(
            report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo, statistics.Mean, statistics.StandardDeviation,
            InputBytes.TryGetValue(name, out var bytes) ? bytes : null, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
    }
}

/// <summary>One hashing benchmark: nanoseconds per operation (mean and sd), the bytes hashed per operation if one input, bytes allocated per operation.</summary>
internal sealed record HashFigures(string What, double MeanNanoseconds, double StdDevNanoseconds, long? InputBytes, long? Allocated)
{
    public double PerSecond => 1e9 / MeanNanoseconds;

    public double? MegabytesPerSecond => InputBytes is { } bytes ? bytes * PerSecond / 1e6 : null;
}
