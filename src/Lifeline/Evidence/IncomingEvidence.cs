using System.Globalization;
using System.Security.Cryptography;
using Lifeline.Core.Evidence;
using Lifeline.Ledger;
using Lifeline.Storage;

namespace Lifeline.Evidence;

/// <summary>How large an evidence file may be (LIFELINE_EVIDENCE_MAX_BYTES; default 50 MB).</summary>
internal sealed record EvidenceOptions(long MaxFileBytes)
{
    public const long DefaultMaxFileBytes = 50L * 1024 * 1024;

    /// <summary>Room for the multipart framing and the capture fields around the file.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    public static EvidenceOptions Default { get; } = FromEnvironment();

    public long MaxRequestBytes => MaxFileBytes + FormOverheadBytes;

    private static EvidenceOptions FromEnvironment() =>
        long.TryParse(Environment.GetEnvironmentVariable("LIFELINE_EVIDENCE_MAX_BYTES"), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? new EvidenceOptions(bytes)
            : new EvidenceOptions(DefaultMaxFileBytes);
}

/// <summary>A file received into the incoming folder: hashed, measured and sniffed, not yet kept.</summary>
internal sealed record IncomingFile(string TemporaryPath, Sha256Digest Sha256, long Size, string? MediaType)
{
    public FileStream OpenRead() =>
        new(TemporaryPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
}

/// <summary>
/// Where uploads arrive: <c>incoming/</c> in the evidence folder (<see cref="StorageOptions.EvidenceFolder"/>), on the
/// node that receives them. A file is streamed there while it is hashed, measured and sniffed, and flushed to disk;
/// then the evidence store keeps it (a folder store renames it into place, PostgreSQL copies it in chunks) and the
/// incoming copy is dropped, whatever the outcome. Nothing here is read by another node.
/// </summary>
internal sealed class IncomingEvidence(string evidenceFolder)
{
    public static IncomingEvidence For(StorageOptions storage) => new(storage.EvidenceFolder);

    public string Folder => Path.Combine(evidenceFolder, FolderEvidenceStore.IncomingFolder);

    /// <summary>
    /// Copies <paramref name="content"/> into the incoming folder while hashing it. Returns null (and keeps nothing)
    /// when it is longer than <paramref name="maxBytes"/>; the rest is then read and dropped, so that the sender
    /// gets an answer rather than a reset connection.
    /// </summary>
    public async Task<IncomingFile?> ReceiveAsync(Stream content, long maxBytes, CancellationToken cancel)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{Guid.NewGuid():N}.part");
        var header = new byte[MediaSignature.HeaderLength];
        var headerLength = 0;
        long size = 0;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(path, FolderEvidenceStore.CreateOptions()))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancel)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        file.Close();
                        File.Delete(path);
                        while (await content.ReadAsync(buffer, cancel) > 0)
                        {
                        }
                        return null;
                    }
                    if (headerLength < header.Length)
                    {
                        var take = Math.Min(read, header.Length - headerLength);
                        Array.Copy(buffer, 0, header, headerLength, take);
                        headerLength += take;
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancel);
                }
                await file.FlushAsync(cancel);
                file.Flush(flushToDisk: true);
            }
            return new IncomingFile(path, new Sha256Digest(MerkleHash.FromBytes(hash.GetHashAndReset())), size, MediaSignature.Sniff(header.AsSpan(0, headerLength)));
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Drops the incoming copy, if it is still there (a folder store may have renamed it into place).</summary>
    public static void Discard(IncomingFile? file)
    {
        if (file is not null)
        {
            File.Delete(file.TemporaryPath);
        }
    }
}
