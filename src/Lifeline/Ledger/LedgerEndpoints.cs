using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Ledger;

/// <summary>
/// The ledger, in the server: its services, and its public, read-only API (like a Certificate Transparency log).
/// Everything it serves is a commitment, a hash or a signature: never a record's content.
/// </summary>
internal static class LedgerEndpoints
{
    public static IServiceCollection AddLedger(this IServiceCollection services, StorageOptions storage)
    {
        var options = LedgerOptions.For(storage);
        services.AddSingleton(options);
        // One key per deployment (docs/deploy.md): read at start, and made then only for SQLite without LIFELINE_LEDGER_KEY.
        var key = options.LoadKey();
        services.AddSingleton(new LedgerSigner(key));
        services.AddScoped(s => new Checkpoints(s.GetRequiredService<LifelineDbContext>(), key, options, s.GetRequiredService<TimeProvider>()));
        services.AddSingleton<LedgerSequencer>();
        services.AddScoped<LedgerQueries>();
        services.AddSingleton<ProofCache>();
        return services;
    }

    public sealed record LeavesResponse(IReadOnlyList<string> Leaves);

    public sealed record HashesResponse(IReadOnlyList<string> Hashes);

    public sealed record RecordLeaf(ulong Index, int Version);

    public sealed record RecordResponse(string RecordType, string RecordId, IReadOnlyList<RecordLeaf> Leaves);

    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        var ledger = app.MapGroup("/api/v1/ledger").WithTags("Ledger").AllowAnonymous();
        ledger.MapGet("/checkpoint", Checkpoint)
            .WithSummary("The latest signed checkpoint (C2SP signed note: origin, size, base64 root hash, Ed25519 signature); 503 from a node that has no signing key when a new one is due");
        ledger.MapGet("/key", (LedgerSigner signer) => signer.Key is { } key
                ? Results.Text(key.Verifier + "\n", "text/plain; charset=utf-8")
                : Unavailable(LedgerOptions.HowToProvideKey))
            .WithSummary("The C2SP verifier key that signs checkpoints: name+keyid+base64(0x01 ‖ Ed25519 public key)");
        ledger.MapGet("/leaves", Leaves)
            .WithSummary($"Leaves [start, end) as base64 of their bytes, at most {LedgerQueries.MaxLeavesPerRequest} a request (fewer are returned when more are asked)");
        ledger.MapGet("/proof/inclusion", Inclusion)
            .WithSummary("Inclusion proof of leaf index in the tree of size leaves (RFC 9162 order, base64 hashes)");
        ledger.MapGet("/proof/consistency", Consistency)
            .WithSummary("Consistency proof from the tree of from leaves to the tree of to leaves (RFC 9162 order, base64 hashes)");
        ledger.MapGet("/records/{type}/{**id}", Record)
            .WithSummary("The leaf indices of every version of one record, e.g. /records/event/lachin-2022/e-123");
        return app;
    }

    private static async Task<IResult> Checkpoint(Checkpoints checkpoints, CancellationToken cancel)
    {
        var current = await checkpoints.CurrentAsync(cancel);
        return current.Signed is { } signed ? Results.Text(signed.Note, "text/plain; charset=utf-8") : Unavailable(current.Refused!);
    }

    private static IResult Unavailable(string why) =>
        TypedResults.Problem(why, statusCode: StatusCodes.Status503ServiceUnavailable, title: "This node cannot sign");

    private static async Task<Results<Ok<LeavesResponse>, ValidationProblem>> Leaves(string? start, string? end, LedgerQueries ledger, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var size = await ledger.SizeAsync(cancel);
        var from = Count(start, "start", errors);
        var to = Count(end, "end", errors);
        if (errors.IsEmpty && from >= to)
        {
            errors.Add("start", $"must be below end ({to}): end is exclusive");
        }
        else if (errors.IsEmpty && to > size)
        {
            errors.Add("end", $"must be at most the tree size, {size}");
        }
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        to = Math.Min(to, from + LedgerQueries.MaxLeavesPerRequest);
        return TypedResults.Ok(new LeavesResponse((await ledger.LeavesAsync(from, to, cancel)).Select(l => Convert.ToBase64String(l.Data)).ToList()));
    }

    private static async Task<Results<Ok<HashesResponse>, ValidationProblem>> Inclusion(string? index, string? size, LedgerQueries ledger,
        ProofCache proofs, HttpResponse response, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var leaf = Count(index, "index", errors);
        var treeSize = Count(size, "size", errors);
        var key = $"inclusion|{leaf}|{treeSize}";
        if (errors.IsEmpty && proofs.TryGet(key, out var kept))
        {
            return Immutable(response, kept);
        }
        var current = await ledger.SizeAsync(cancel);
        if (errors.IsEmpty && treeSize > current)
        {
            errors.Add("size", $"must be at most the tree size, {current}");
        }
        else if (errors.IsEmpty && leaf >= treeSize)
        {
            errors.Add("index", $"must be below size ({treeSize}): leaf indices start at 0");
        }
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        return Immutable(response, proofs.Keep(key, Hashes((await ledger.InclusionAsync(leaf, treeSize, cancel)).Path)));
    }

    private static async Task<Results<Ok<HashesResponse>, ValidationProblem>> Consistency(string? from, string? to, LedgerQueries ledger,
        ProofCache proofs, HttpResponse response, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var first = Count(from, "from", errors);
        var second = Count(to, "to", errors);
        var key = $"consistency|{first}|{second}";
        if (errors.IsEmpty && proofs.TryGet(key, out var kept))
        {
            return Immutable(response, kept);
        }
        var current = await ledger.SizeAsync(cancel);
        if (errors.IsEmpty && first == 0)
        {
            errors.Add("from", "must be at least 1: every tree extends the empty tree, and no proof exists for it");
        }
        else if (errors.IsEmpty && second > current)
        {
            errors.Add("to", $"must be at most the tree size, {current}");
        }
        else if (errors.IsEmpty && first > second)
        {
            errors.Add("from", $"must be at most to ({second})");
        }
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        return Immutable(response, proofs.Keep(key, Hashes((await ledger.ConsistencyAsync(first, second, cancel)).Path)));
    }

    private static async Task<Results<Ok<RecordResponse>, ValidationProblem, ProblemHttpResult>> Record(string type, string id, LedgerQueries ledger, CancellationToken cancel)
    {
        if (!RecordTypes.IsKnown(type))
        {
            var errors = new ValidationErrors();
            errors.Add("type", $"'{type}' is not a record type: use one of {string.Join(", ", RecordTypes.All)}");
            return ApiProblems.Validation(errors);
        }
        var leaves = await ledger.RecordAsync(type, id, cancel);
        return leaves.Count == 0
            ? ApiProblems.NotFound($"The ledger holds no {type} '{id}'.")
            : TypedResults.Ok(new RecordResponse(type, id, leaves.Select(l => new RecordLeaf(l.Index, l.Version)).ToList()));
    }

    /// <summary>
    /// A proof is for a tree size, and the tree of a size never changes (the ledger only grows): the answer is the
    /// same for good, so caches anywhere may keep it.
    /// </summary>
    private static Ok<HashesResponse> Immutable(HttpResponse response, HashesResponse proof)
    {
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Ok(proof);
    }

    /// <summary>Proofs already computed, by kind and tree sizes; valid for good, so kept until memory runs short.</summary>
    internal sealed class ProofCache : IDisposable
    {
        private readonly Microsoft.Extensions.Caching.Memory.MemoryCache proofs = new(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions { SizeLimit = 16L * 1024 * 1024 });

        public bool TryGet(string key, out HashesResponse proof) =>
            Microsoft.Extensions.Caching.Memory.CacheExtensions.TryGetValue(proofs, key, out proof!) && proof is not null;

        public HashesResponse Keep(string key, HashesResponse proof)
        {
            using var entry = proofs.CreateEntry(key);
            entry.Value = proof;
            entry.Size = 64 + proof.Hashes.Sum(h => h.Length + 16);
            entry.SlidingExpiration = TimeSpan.FromHours(1);
            return proof;
        }

        public void Dispose() => proofs.Dispose();
    }

    private static HashesResponse Hashes(IEnumerable<MerkleHash> path) => new(path.Select(h => h.ToBase64()).ToList());

    private static ulong Count(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "is required: a whole number of 0 or more");
            return 0;
        }
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > long.MaxValue)
        {
            errors.Add(field, $"'{text}' is not a whole number of 0 or more");
            return 0;
        }
        return value;
    }
}
