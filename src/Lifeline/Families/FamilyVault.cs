using System.Security.Cryptography;
using System.Text;
using Lifeline.Storage;

namespace Lifeline.Families;

/// <summary>
/// The master key of family data: 32 random bytes that wrap every record's data key (AES-256-GCM). It is read from
/// <c>LIFELINE_FAMILIES_KEY</c> (base64) when set, else from the data folder (<c>families/master-key</c>, 0600,
/// made on first use), the way the ledger's signing key is kept, so that every node over one database reads the same.
/// Its id (the first 8 bytes of its SHA-256) is written before each wrapped key, so that a rotation can tell which
/// master wrapped what.
/// </summary>
internal sealed class FamilyMasterKey
{
    public const string EnvironmentVariable = "LIFELINE_FAMILIES_KEY";
    public const int IdLength = 8;

    private readonly byte[] key;

    private FamilyMasterKey(byte[] key)
    {
        this.key = key;
        Id = SHA256.HashData(key)[..IdLength];
    }

    public byte[] Id { get; }

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "families", "master-key");

    public static FamilyMasterKey FromBytes(byte[] key) =>
        key.Length == 32 ? new FamilyMasterKey(key) : throw new InvalidDataException("A families master key is 32 bytes (base64).");

    /// <summary>The environment's key if set, else the data folder's, made there if there is none.</summary>
    /// <exception cref="InvalidDataException">The key given is not 32 bytes of base64.</exception>
    public static FamilyMasterKey Load(StorageOptions storage)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } text)
        {
            return FromText(text, EnvironmentVariable);
        }
        var path = PathIn(storage.DataDirectory);
        if (File.Exists(path))
        {
            return FromText(File.ReadAllText(path), path);
        }
        return Create(path);
    }

    /// <summary>Writes a new key at <paramref name="path"/> (owner-only), unless one is there already: then that one.</summary>
    public static FamilyMasterKey Create(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var key = RandomNumberGenerator.GetBytes(32);
        var temporary = path + ".new";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Two processes starting at once: the first key written wins and both use it.
            File.Delete(temporary);
            return FromText(File.ReadAllText(path), path);
        }
        return new FamilyMasterKey(key);
    }

    private static FamilyMasterKey FromText(string text, string where)
    {
        try
        {
            return FromBytes(Convert.FromBase64String(text.Trim()));
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{where} is not a families master key (32 bytes, base64).");
        }
    }

    /// <summary>Wraps a data key: master id ‖ nonce ‖ ciphertext ‖ tag, bound to the key's id.</summary>
    public byte[] Wrap(byte[] dataKey, string keyId) => [.. Id, .. Seal(key, dataKey, Encoding.UTF8.GetBytes(keyId))];

    /// <summary>Unwraps a data key this master wrapped; null when another master wrapped it or it was altered.</summary>
    public byte[]? Unwrap(byte[] wrapped, string keyId) =>
        wrapped.Length > IdLength && wrapped.AsSpan(0, IdLength).SequenceEqual(Id) ? Open(key, wrapped[IdLength..], Encoding.UTF8.GetBytes(keyId)) : null;

    public bool Wrapped(byte[] wrapped) => wrapped.Length > IdLength && wrapped.AsSpan(0, IdLength).SequenceEqual(Id);

    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>AES-256-GCM: a fresh nonce ‖ ciphertext ‖ tag.</summary>
    public static byte[] Seal(byte[] key, ReadOnlySpan<byte> plain, ReadOnlySpan<byte> associated)
    {
        var output = new byte[NonceLength + plain.Length + TagLength];
        var nonce = output.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceLength, plain.Length), output.AsSpan(NonceLength + plain.Length), associated);
        return output;
    }

    /// <summary>Opens what <see cref="Seal"/> made; null when the key is wrong or a byte was changed.</summary>
    public static byte[]? Open(byte[] key, byte[] sealedBytes, ReadOnlySpan<byte> associated)
    {
        if (sealedBytes.Length < NonceLength + TagLength)
        {
            return null;
        }
        var plain = new byte[sealedBytes.Length - NonceLength - TagLength];
        using var aes = new AesGcm(key, TagLength);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceLength), sealedBytes.AsSpan(NonceLength, plain.Length), sealedBytes.AsSpan(NonceLength + plain.Length), plain, associated);
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}

/// <summary>
/// Seals and opens family records: each record key is made at random, used for AES-256-GCM over the record's content
/// (bound to its situation, id and version), and kept only wrapped by the master key. Erasing deletes the wrapped key.
/// </summary>
internal sealed class FamilyVault(FamilyMasterKey master)
{
    public FamilyMasterKey Master => master;

    public static string PersonKeyId(string personId) => "person:" + personId;

    public static string RequestKeyId(string requestId) => "request:" + requestId;

    /// <summary>A new data key for <paramref name="keyId"/>, and its row (wrapped).</summary>
    public (byte[] Key, FamilyKeyRow Row) NewKey(string situationId, string keyId, DateTime now)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        return (key, new FamilyKeyRow { SituationId = situationId, KeyId = keyId, WrappedKey = master.Wrap(key, Bound(situationId, keyId)), CreatedAt = now });
    }

    /// <summary>The data key of a key row; null once erased, or if another master key wrapped it.</summary>
    public byte[]? KeyOf(FamilyKeyRow row) => row.WrappedKey is { } wrapped ? master.Unwrap(wrapped, Bound(row.SituationId, row.KeyId)) : null;

    public static byte[] Seal<T>(byte[] key, FamilyColumns row, T content) =>
        FamilyMasterKey.Seal(key, FamilyContent.Serialize(content), Associated(row));

    /// <summary>The content of a record version; null when its key is gone or the bytes were changed.</summary>
    public static T? Open<T>(byte[] key, FamilyColumns row) where T : class =>
        FamilyMasterKey.Open(key, row.Ciphertext, Associated(row)) is { } plain ? FamilyContent.Deserialize<T>(plain) : null;

    /// <summary>What a wrapped data key is bound to: its situation and key id (moved to another row, it does not unwrap).</summary>
    public static string Bound(string situationId, string keyId) => situationId + "/" + keyId;

    // The ciphertext is bound to where it belongs: copied onto another record or version, it no longer opens.
    private static byte[] Associated(FamilyColumns row) =>
        System.Text.Encoding.UTF8.GetBytes($"{row.Kind}|{row.SituationId}/{row.RecordId}|{row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}
