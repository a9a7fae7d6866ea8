using Lifeline.Ledger;

namespace Lifeline.Evidence;

/// <summary>Where a deployment keeps the bytes of its evidence files.</summary>
internal enum EvidenceStoreKind
{
    /// <summary>Files by SHA-256 in a folder: <c>DATA/evidence</c>, or the folder named by <c>Evidence:Folder</c>.</summary>
    Folder,

    /// <summary>Chunks of 1 MiB in the PostgreSQL database itself (<c>evidence_blobs</c>, <c>evidence_chunks</c>).</summary>
    Postgres,
}

/// <summary>
/// The bytes of evidence files, kept by their SHA-256: content-addressed, so a file attached twice is kept once, and a
/// file whose bytes change no longer matches its name. This is the one seam between evidence and where its bytes
/// live; the evidence use cases, downloads, <c>ledger verify</c>, the court bundle and <c>evidence move</c> use nothing
/// else. Another kind of store (an S3-compatible object store, docs/deploy.md) would be one more implementation.
/// Every operation streams: no implementation holds a whole file in memory.
/// </summary>
internal interface IEvidenceStore
{
    EvidenceStoreKind Kind { get; }

    /// <summary>Where the bytes are, for people: "the folder /var/lib/lifeline/evidence", "PostgreSQL".</summary>
    string Describe();

    /// <summary>Whether the file with this hash is kept (completely: a file being written does not exist yet).</summary>
    Task<bool> ExistsAsync(Sha256Digest sha256, CancellationToken cancel);

    /// <summary>The file's bytes as a stream the caller disposes, or null when it is not kept here.</summary>
    Task<Stream?> OpenAsync(Sha256Digest sha256, CancellationToken cancel);

    /// <summary>
    /// Reads <paramref name="content"/> to its end and keeps it under <paramref name="sha256"/>, checking on the way that
    /// this is its SHA-256. When a transaction of the record is open, a store that can take part in it does (PostgreSQL:
    /// the bytes commit or roll back with the record); any other store has the bytes durable before it returns, so a
    /// record is never committed without its bytes.
    /// </summary>
    /// <returns>False when the file was kept already (<paramref name="content"/> is then not read).</returns>
    /// <exception cref="EvidenceContentMismatchException">The content does not have that hash; nothing was kept.</exception>
    Task<bool> PutAsync(Sha256Digest sha256, Stream content, CancellationToken cancel);

    /// <summary>Every file kept here, by hash (for <c>evidence move</c> and checks), in no promised order.</summary>
    IAsyncEnumerable<Sha256Digest> ListAsync(CancellationToken cancel);

    /// <summary>Removes a file; only <c>evidence move</c> does, once the file is verified in the other store.</summary>
    Task DeleteAsync(Sha256Digest sha256, CancellationToken cancel);
}

/// <summary>Bytes offered under a hash that is not theirs: a file altered on its way, or a store returning other bytes.</summary>
internal sealed class EvidenceContentMismatchException(Sha256Digest expected, Sha256Digest actual)
    : Exception($"The bytes have SHA-256 {actual}, not {expected}: nothing was kept.")
{
    public Sha256Digest Expected { get; } = expected;
    public Sha256Digest Actual { get; } = actual;
}
