using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Lifeline.Ledger;

namespace Lifeline.Evidence;

/// <summary>
/// Evidence files on disk by their SHA-256 (<c>ab/abcdef…</c> under the evidence folder): the store on SQLite, and
/// on PostgreSQL after <c>evidence move --to folder</c> (then every node must name the same shared folder). Files are
/// written under a temporary name, flushed to disk, then renamed into place, so a file either is complete under its
/// name or is not there; they are readable by their owner only, and never executed or served inline.
/// </summary>
internal sealed class FolderEvidenceStore(string root) : IEvidenceStore
{
    /// <summary>Where files are written before they are renamed into place (uploads, and copies made here).</summary>
    public const string IncomingFolder = "incoming";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Root => root;

    public EvidenceStoreKind Kind => EvidenceStoreKind.Folder;

    public string Describe() => $"the folder {root}";

    public string PathOf(Sha256Digest sha256)
    {
        var hex = sha256.ToHex();
        return Path.Combine(root, hex[..2], hex);
    }

    public Task<bool> ExistsAsync(Sha256Digest sha256, CancellationToken cancel) => Task.FromResult(File.Exists(PathOf(sha256)));

    public Task<Stream?> OpenAsync(Sha256Digest sha256, CancellationToken cancel)
    {
        try
        {
            Stream stream = new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public async Task<bool> PutAsync(Sha256Digest sha256, Stream content, CancellationToken cancel)
    {
        if (File.Exists(PathOf(sha256)))
        {
            return false;
        }
        var incoming = Path.Combine(root, IncomingFolder);
        Directory.CreateDirectory(incoming);
        var temporary = Path.Combine(incoming, $"{Guid.NewGuid():N}.part");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temporary, CreateOptions()))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancel)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancel);
                }
                await file.FlushAsync(cancel);
                file.Flush(flushToDisk: true);
            }
            var actual = new Sha256Digest(MerkleHash.FromBytes(hash.GetHashAndReset()));
            if (actual != sha256)
            {
                throw new EvidenceContentMismatchException(sha256, actual);
            }
            return MoveIntoPlace(temporary, sha256);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Whether <paramref name="file"/> was received into this folder, so that <see cref="Keep"/> can rename it.</summary>
    public bool Holds(IncomingFile file) =>
        string.Equals(Path.GetDirectoryName(Path.GetFullPath(file.TemporaryPath)), Path.GetFullPath(Path.Combine(root, IncomingFolder)), StringComparison.Ordinal);

    /// <summary>
    /// Renames a file received into this folder (<see cref="Holds"/>) into its place by hash, rather than copying it:
    /// it was hashed and flushed to disk as it arrived. When that file is already kept, the copy is dropped.
    /// </summary>
    public bool Keep(IncomingFile file) => MoveIntoPlace(file.TemporaryPath, file.Sha256);

    public async IAsyncEnumerable<Sha256Digest> ListAsync([EnumeratorCancellation] CancellationToken cancel)
    {
        if (!Directory.Exists(root))
        {
            yield break;
        }
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var prefix = Path.GetFileName(folder);
            if (prefix.Length != 2)
            {
                continue;
            }
            // Listed whole before it is yielded, so that a caller may delete while it goes.
            var names = Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            foreach (var name in names)
            {
                cancel.ThrowIfCancellationRequested();
                if (name is not null && name.StartsWith(prefix, StringComparison.Ordinal) && Sha256Digest.TryParse(name, out var digest))
                {
                    yield return digest;
                }
            }
            await Task.Yield();
        }
    }

    public Task DeleteAsync(Sha256Digest sha256, CancellationToken cancel)
    {
        File.Delete(PathOf(sha256));
        return Task.CompletedTask;
    }

    private bool MoveIntoPlace(string temporary, Sha256Digest sha256)
    {
        var target = PathOf(sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            File.Delete(temporary);
            return false;
        }
        try
        {
            File.Move(temporary, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            // The same bytes arrived twice at once: one copy is enough.
            File.Delete(temporary);
            return false;
        }
    }

    internal static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        return options;
    }
}
