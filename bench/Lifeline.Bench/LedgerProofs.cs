using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Bench;

/// <summary>Proof latencies in a ledger of <see cref="Size"/> leaves, and what building it took.</summary>
/// <param name="BuildSeconds">Time to build the tree from empty to this size (nodes only, in chunks of 100,000 leaves).</param>
/// <param name="DatabaseBytes">The database's size on disk at this size.</param>
/// <param name="InclusionNodes">Stored nodes read per inclusion proof: mean and most.</param>
/// <param name="ConsistencyNodes">Stored nodes read per consistency proof: mean and most.</param>
internal sealed record ProofFigures(
    StorageProvider Provider, ulong Size, double BuildSeconds, long DatabaseBytes, IReadOnlyList<Latency> Latencies,
    (double Mean, int Max) InclusionNodes, (double Mean, int Max) ConsistencyNodes);

/// <summary>
/// Proof latency over a large ledger. The tree is built once per engine and grown through each size in turn
/// (<see cref="MerkleLog.AppendAsync"/> over <see cref="DatabaseMerkleStore"/>, 100,000 leaf hashes a chunk: the
/// nodes and the size, which is all a proof reads; no leaf rows). At each size, random leaves and random older sizes
/// are proved the way the API proves them (<see cref="LedgerQueries"/>: one query for the size, one for the nodes),
/// and each proof is verified (<see cref="MerkleVerifier"/>) against the root at its size.
/// </summary>
internal static class LedgerProofs
{
    public const int Chunk = 100_000;

    public const string InclusionRequest = "inclusion proof, new context (as an API request)";
    public const string InclusionOpen = "inclusion proof, open connection";
    public const string ConsistencyRequest = "consistency proof, new context (as an API request)";
    public const string ConsistencyOpen = "consistency proof, open connection";
    public const string VerifyInclusion = "MerkleVerifier.VerifyInclusion";
    public const string VerifyConsistency = "MerkleVerifier.VerifyConsistency";

    public static IReadOnlyList<ProofFigures> Run(BenchSettings settings, StorageProvider provider)
    {
        var figures = new List<ProofFigures>();
        using var database = BenchDatabase.CreatePrepared(settings, provider, "ledger_proofs");
        using var db = database.Open();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        var log = new MerkleLog(new DatabaseMerkleStore(db));
        var built = 0UL;
        var clock = Stopwatch.StartNew();
        foreach (var size in settings.ProofTreeSizes(provider))
        {
            Program.Log($"{provider}: building the ledger's tree to {size:N0} leaves in {database.Describe()}");
            while (built < size)
            {
                var count = (int)Math.Min(Chunk, size - built);
                var hashes = new MerkleHash[count];
                for (var i = 0; i < count; i++)
                {
                    hashes[i] = LeafHash(built + (ulong)i);
                }
                log.AppendAsync(hashes).AsTask().GetAwaiter().GetResult();
                built += (ulong)count;
                if (built % 1_000_000 == 0)
                {
                    Program.Log($"{provider}: {built:N0} leaves after {clock.Elapsed.TotalSeconds:N0} s");
                }
            }
            clock.Stop();
            var buildSeconds = clock.Elapsed.TotalSeconds;
            if (provider == StorageProvider.Postgres)
            {
                // What autovacuum would do soon after so many inserts; done now so that it does not run during the timing.
                var vacuum = Stopwatch.StartNew();
                db.Database.ExecuteSqlRaw("VACUUM ANALYZE ledger_nodes");
                Program.Log($"{provider}: VACUUM ANALYZE ledger_nodes took {vacuum.Elapsed.TotalSeconds:N1} s");
            }
            figures.Add(Measure(settings, database, db, size, buildSeconds));
            clock.Start();
        }
        return figures;
    }

    /// <summary>The leaf hash of leaf <paramref name="index"/> of the bench's tree: the hash of the index's 8 bytes.</summary>
    private static MerkleHash LeafHash(ulong index)
    {
        Span<byte> data = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(data, index);
        return MerkleHasher.HashLeaf(data);
    }

    private static ProofFigures Measure(BenchSettings settings, BenchDatabase database, LifelineDbContext db, ulong size, double buildSeconds)
    {
        var provider = database.Provider;
        var bytes = DatabaseBytes(database, db);
        Program.Log($"{provider}: {size:N0} leaves built in {buildSeconds:N0} s in all; the database holds {bytes / 1e9:N2} GB. "
            + $"{settings.ProofWarmUpCalls} warm-up and {settings.ProofCalls} timed proofs of each kind");
        // Kept open, so that the "open connection" proofs pay for neither the pool nor the connection's setup.
        db.Database.OpenConnection();
        var queries = new LedgerQueries(db);
        var root = queries.RootAsync(size).GetAwaiter().GetResult();
        var random = new Random(Seed(size));
        var names = new[] { InclusionRequest, InclusionOpen, VerifyInclusion, ConsistencyRequest, ConsistencyOpen, VerifyConsistency };
        var times = names.ToDictionary(n => n, _ => new List<double>());
        var inclusionNodes = new List<int>();
        var consistencyNodes = new List<int>();
        for (var call = 0; call < settings.ProofWarmUpCalls + settings.ProofCalls; call++)
        {
            var timed = call >= settings.ProofWarmUpCalls;
#pragma warning disable CA5394 // Which leaves are proved; a seeded Random keeps runs comparable.
            var index = (ulong)random.NextInt64((long)size);
            var from = 1 + (ulong)random.NextInt64((long)size - 1);
#pragma warning restore CA5394
            var fromRoot = queries.RootAsync(from).GetAwaiter().GetResult();

            var proof = Time(InclusionRequest, () =>
            {
                using var request = database.Open();
                return new LedgerQueries(request).InclusionAsync(index, size).GetAwaiter().GetResult();
            });
            var again = Time(InclusionOpen, () => queries.InclusionAsync(index, size).GetAwaiter().GetResult());
            var verdict = Time(VerifyInclusion, () => MerkleVerifier.VerifyInclusion(index, size, LeafHash(index), proof.Path.AsSpan(), root));
            var consistency = Time(ConsistencyRequest, () =>
            {
                using var request = database.Open();
                return new LedgerQueries(request).ConsistencyAsync(from, size).GetAwaiter().GetResult();
            });
            var consistencyAgain = Time(ConsistencyOpen, () => queries.ConsistencyAsync(from, size).GetAwaiter().GetResult());
            var consistent = Time(VerifyConsistency, () => MerkleVerifier.VerifyConsistency(from, size, consistency.Path.AsSpan(), fromRoot, root));
            if (verdict != ProofVerdict.Valid || consistent != ProofVerdict.Valid
                || !again.Path.SequenceEqual(proof.Path) || !consistencyAgain.Path.SequenceEqual(consistency.Path))
            {
                throw new InvalidOperationException($"{provider}: proofs at size {size} do not hold: inclusion of {index} {verdict}, consistency from {from} {consistent}");
            }
            if (timed)
            {
                inclusionNodes.Add(ProofPlan.ForInclusion(index, size).Nodes.Count);
                consistencyNodes.Add(ProofPlan.ForConsistency(from, size).Nodes.Count);
            }

            T Time<T>(string what, Func<T> work)
            {
                var watch = Stopwatch.StartNew();
                var result = work();
                watch.Stop();
                if (timed)
                {
                    times[what].Add(watch.Elapsed.TotalMilliseconds);
                }
                return result;
            }
        }
        db.Database.CloseConnection();
        var latencies = names.Select(n => DashboardLoad.Summarise(provider, n, times[n])).ToList();
        foreach (var latency in latencies)
        {
            Program.Log($"{provider}: {size:N0} leaves: {latency.What}: p50 {latency.P50 * 1e3:N1} µs, p99 {latency.P99 * 1e3:N1} µs");
        }
        return new ProofFigures(provider, size, buildSeconds, bytes, latencies,
            (inclusionNodes.Average(), inclusionNodes.Max()), (consistencyNodes.Average(), consistencyNodes.Max()));
    }

    private static int Seed(ulong size) => (int)(size % int.MaxValue);

    private static long DatabaseBytes(BenchDatabase database, LifelineDbContext db)
    {
        if (database.Provider == StorageProvider.Postgres)
        {
            return db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").AsEnumerable().Single();
        }
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.Options.ConnectionString).DataSource;
        return new[] { file, file + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
    }

    /// <summary>For the log: a size such as 10 M or 100 k.</summary>
    public static string Short(ulong size) => size >= 1_000_000 && size % 1_000_000 == 0
        ? $"{size / 1_000_000} M"
        : size >= 1_000 && size % 1_000 == 0 ? $"{size / 1_000} k" : size.ToString("N0", CultureInfo.InvariantCulture);
}
