using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Lifeline.Ledger;

/// <summary>
/// A C2SP verifier key (<c>name+keyid+base64(0x01 ‖ Ed25519 public key)</c>): what anyone needs to check the
/// log's signatures. The key ID is the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
/// </summary>
internal sealed record VerifierKey(string Name, uint KeyId, byte[] PublicKey)
{
    public const byte Ed25519Type = 0x01;

    public static uint KeyIdOf(string name, ReadOnlySpan<byte> publicKey)
    {
        var input = new byte[Encoding.UTF8.GetByteCount(name) + 2 + publicKey.Length];
        var written = Encoding.UTF8.GetBytes(name, input);
        input[written] = 0x0A;
        input[written + 1] = Ed25519Type;
        publicKey.CopyTo(input.AsSpan(written + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    public override string ToString() =>
        $"{Name}+{KeyId.ToString("x8", CultureInfo.InvariantCulture)}+{Convert.ToBase64String([Ed25519Type, .. PublicKey])}";

    /// <summary>Reads a verifier key; false when it is not an Ed25519 key whose ID matches its name and key.</summary>
    public static bool TryParse(string? text, out VerifierKey key)
    {
        key = null!;
        var parts = text?.Trim().Split('+', 3);
        if (parts is not { Length: 3 } || !IsKeyName(parts[0]) || parts[1].Length != 8
            || !uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }
        byte[] data;
        try
        {
            data = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }
        if (data.Length != 33 || data[0] != Ed25519Type || KeyIdOf(parts[0], data.AsSpan(1)) != id)
        {
            return false;
        }
        key = new VerifierKey(parts[0], id, data[1..]);
        return true;
    }

    public bool Verify(byte[] message, byte[] signature)
    {
        if (signature.Length != SignatureAlgorithm.Ed25519.SignatureSize
            || !NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, PublicKey, KeyBlobFormat.RawPublicKey, out var publicKey))
        {
            return false;
        }
        return SignatureAlgorithm.Ed25519.Verify(publicKey!, message, signature);
    }

    /// <summary>Key names are non-empty and hold no spaces and no '+' (C2SP signed-note).</summary>
    public static bool IsKeyName(string name) =>
        name.Length > 0 && !name.Any(c => c == '+' || char.IsWhiteSpace(c) || char.IsControl(c));
}

/// <summary>
/// The log's Ed25519 signing key, made on first use and kept in the data folder
/// (<c>ledger/signing-key</c>, readable by its owner only: 0600), in the note format of Go's
/// <c>golang.org/x/mod/sumdb/note</c>: <c>PRIVATE+KEY+name+keyid+base64(0x01 ‖ 32-byte seed)</c>.
/// </summary>
internal sealed class LedgerKey : IDisposable
{
    public const string FileName = "signing-key";
    private const string Prefix = "PRIVATE+KEY+";

    private readonly Key key;

    private LedgerKey(string name, Key key)
    {
        this.key = key;
        var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        Verifier = new VerifierKey(name, VerifierKey.KeyIdOf(name, publicKey), publicKey);
    }

    public VerifierKey Verifier { get; }

    public string Name => Verifier.Name;

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "ledger", FileName);

    /// <summary>Reads the key from the data folder, or makes one named <paramref name="origin"/> if there is none.</summary>
    /// <exception cref="InvalidDataException">The key file exists but cannot be read as a key.</exception>
    public static LedgerKey LoadOrCreate(string dataDirectory, string origin) => LoadOrCreateAt(PathIn(dataDirectory), origin);

    /// <summary>Reads the key file at <paramref name="path"/>, or makes one there named <paramref name="origin"/> if there is none.</summary>
    /// <exception cref="InvalidDataException">The key file exists but cannot be read as a key.</exception>
    public static LedgerKey LoadOrCreateAt(string path, string origin)
    {
        if (File.Exists(path))
        {
            return Read(path);
        }
        if (!VerifierKey.IsKeyName(origin))
        {
            throw new ArgumentException($"'{origin}' cannot name a key: no spaces and no '+'.", nameof(origin));
        }
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var created = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var seed = created.Export(KeyBlobFormat.RawPrivateKey);
        var signer = new LedgerKey(origin, created);
        var text = $"{Prefix}{origin}+{signer.Verifier.KeyId.ToString("x8", CultureInfo.InvariantCulture)}+{Convert.ToBase64String([VerifierKey.Ed25519Type, .. seed])}\n";
        CryptographicOperations.ZeroMemory(seed);
        var temporary = path + ".new";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        try
        {
            // Two processes starting at once: the first key written wins and both use it.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            signer.Dispose();
            return Read(path);
        }
        return signer;
    }

    /// <summary>Reads a key file (the deployment's, named by LIFELINE_LEDGER_KEY, or the data folder's).</summary>
    /// <exception cref="InvalidDataException">The file is not a ledger signing key.</exception>
    public static LedgerKey ReadFile(string path) => Read(path);

    private static LedgerKey Read(string path)
    {
        var text = File.ReadAllText(path).Trim();
        var parts = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..].Split('+', 3) : [];
        try
        {
            var data = parts.Length == 3 ? Convert.FromBase64String(parts[2]) : [];
            if (data.Length != 33 || data[0] != VerifierKey.Ed25519Type || !VerifierKey.IsKeyName(parts[0]))
            {
                throw new InvalidDataException($"{path} is not a ledger signing key (PRIVATE+KEY+name+id+key).");
            }
            var key = Key.Import(SignatureAlgorithm.Ed25519, data.AsSpan(1), KeyBlobFormat.RawPrivateKey);
            CryptographicOperations.ZeroMemory(data);
            var loaded = new LedgerKey(parts[0], key);
            if (loaded.Verifier.KeyId.ToString("x8", CultureInfo.InvariantCulture) != parts[1])
            {
                loaded.Dispose();
                throw new InvalidDataException($"{path}: the key ID does not match the key.");
            }
            return loaded;
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"{path} is not a ledger signing key.", ex);
        }
    }

    public byte[] Sign(byte[] message) => SignatureAlgorithm.Ed25519.Sign(key, message);

    public void Dispose() => key.Dispose();
}

/// <summary>
/// C2SP signed notes: a UTF-8 text ending in a newline, a blank line, then one line per signature,
/// <c>— name base64(key ID ‖ signature)</c> (U+2014 EM DASH).
/// </summary>
internal static class SignedNote
{
    private const string Dash = "\u2014 ";

    public static string Sign(string text, LedgerKey key)
    {
        var signature = key.Sign(Encoding.UTF8.GetBytes(text));
        var blob = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(blob, key.Verifier.KeyId);
        signature.CopyTo(blob, 4);
        return $"{text}\n{Dash}{key.Name} {Convert.ToBase64String(blob)}\n";
    }

    /// <summary>
    /// Checks a note against <paramref name="key"/>: true and the text when a signature line by that key verifies.
    /// Signatures by other keys are ignored (witnesses may add theirs); a failing signature by this key rejects.
    /// </summary>
    public static bool TryOpen(string note, VerifierKey key, out string text, out string problem)
    {
        text = "";
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || !note.EndsWith('\n'))
        {
            problem = "it is not a signed note (text, a blank line, signature lines)";
            return false;
        }
        var body = note[..(split + 1)];
        if (body.Any(c => char.IsControl(c) && c != '\n'))
        {
            problem = "its text holds control characters";
            return false;
        }
        var verified = false;
        foreach (var line in note[(split + 2)..^1].Split('\n'))
        {
            if (!line.StartsWith(Dash, StringComparison.Ordinal))
            {
                problem = $"'{line}' is not a signature line";
                return false;
            }
            var parts = line[Dash.Length..].Split(' ');
            byte[] blob;
            try
            {
                blob = parts.Length == 2 ? Convert.FromBase64String(parts[1]) : [];
            }
            catch (FormatException)
            {
                problem = $"the signature of {parts[0]} is not base64";
                return false;
            }
            if (blob.Length < 4 || parts[0] != key.Name || BinaryPrimitives.ReadUInt32BigEndian(blob) != key.KeyId)
            {
                continue;
            }
            if (!key.Verify(Encoding.UTF8.GetBytes(body), blob[4..]))
            {
                problem = $"the signature by {key.Name} does not verify: the text was changed or signed by another key";
                return false;
            }
            verified = true;
        }
        if (!verified)
        {
            problem = $"no signature by {key} is on it";
            return false;
        }
        text = body;
        problem = "";
        return true;
    }
}

/// <summary>
/// A tlog-checkpoint (C2SP): the log's origin, its size and its RFC 9162 root hash, each on its own line. Signed,
/// it is the log's promise that these are its first <see cref="Size"/> leaves.
/// </summary>
internal sealed record Checkpoint(string Origin, ulong Size, MerkleHash Root)
{
    public string Body => $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Root.ToBase64()}\n";

    public static bool TryParse(string body, out Checkpoint checkpoint)
    {
        checkpoint = null!;
        var lines = body.Split('\n');
        // origin, size, root, then optional extension lines, then the empty string after the final newline.
        if (lines.Length < 4 || lines[^1].Length != 0 || lines[0].Length == 0
            || !ulong.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || size.ToString(CultureInfo.InvariantCulture) != lines[1]
            || !MerkleHash.TryFromBase64(lines[2], out var root))
        {
            return false;
        }
        checkpoint = new Checkpoint(lines[0], size, root);
        return true;
    }
}
