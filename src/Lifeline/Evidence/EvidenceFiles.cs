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
internal sealed record IncomingFile(string TemporaryPath, Sha256Digest Sha256, long Size, string? MediaType);

/// <summary>
/// The evidence files, kept on disk under the data folder by their SHA-256 (<c>evidence/ab/abcdef…</c>): content-
/// addressed, so a file attached twice is kept once, and a file whose bytes change no longer matches its name.
/// Files are written once, flushed to disk before anything acknowledges them, readable by their owner only, and
/// never executed or served inline.
/// </summary>
internal sealed class EvidenceFiles(string dataDirectory)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static EvidenceFiles For(StorageOptions storage) => new(storage.DataDirectory);

    public string Root => Path.Combine(dataDirectory, "evidence");

    public string PathOf(Sha256Digest sha256)
    {
        var hex = sha256.ToHex();
        return Path.Combine(Root, hex[..2], hex);
    }

    public bool Exists(Sha256Digest sha256) => File.Exists(PathOf(sha256));

    public FileStream Open(Sha256Digest sha256) =>
        new(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>
    /// Copies <paramref name="content"/> into the incoming folder while hashing it. Returns null (and keeps nothing)
    /// when it is longer than <paramref name="maxBytes"/>; the rest is then read and dropped, so that the sender
    /// gets an answer rather than a reset connection.
    /// </summary>
    public async Task<IncomingFile?> ReceiveAsync(Stream content, long maxBytes, CancellationToken cancel)
    {
        var incoming = Path.Combine(Root, "incoming");
        Directory.CreateDirectory(incoming);
        var path = Path.Combine(incoming, $"{Guid.NewGuid():N}.part");
        var header = new byte[MediaSignature.HeaderLength];
        var headerLength = 0;
        long size = 0;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(path, CreateOptions()))
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

    /// <summary>Moves an incoming file to its place by hash; when that file is already kept, the copy is dropped.</summary>
    public void Keep(IncomingFile file)
    {
        var target = PathOf(file.Sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            File.Delete(file.TemporaryPath);
            return;
        }
        try
        {
            File.Move(file.TemporaryPath, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // The same bytes arrived twice at once: one copy is enough.
            File.Delete(file.TemporaryPath);
        }
    }

    public static void Discard(IncomingFile file) => File.Delete(file.TemporaryPath);

    /// <summary>
    /// Keeps a copy of the file at <paramref name="path"/> (an evidence file beside an exchange document) if its bytes
    /// hash to <paramref name="sha256"/>; false, keeping nothing, when they do not.
    /// </summary>
    public bool KeepCopyOf(string path, Sha256Digest sha256)
    {
        if (Exists(sha256))
        {
            return true;
        }
        var incoming = Path.Combine(Root, "incoming");
        Directory.CreateDirectory(incoming);
        var temporary = Path.Combine(incoming, $"{Guid.NewGuid():N}.part");
        try
        {
            using (var source = File.OpenRead(path))
            using (var target = new FileStream(temporary, CreateOptions()))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    target.Write(buffer, 0, read);
                }
                target.Flush(flushToDisk: true);
                if (new Sha256Digest(MerkleHash.FromBytes(hash.GetHashAndReset())) != sha256)
                {
                    target.Close();
                    File.Delete(temporary);
                    return false;
                }
            }
            Keep(new IncomingFile(temporary, sha256, new FileInfo(temporary).Length, null));
            return true;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        return options;
    }
}
