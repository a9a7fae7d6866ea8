using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeline.Ledger;

namespace Lifeline.Evidence;

/// <summary>What checking a bundle found.</summary>
internal sealed record BundleReport(bool Readable, string? Unreadable, int Records, int Files, Checkpoint? Checkpoint, VerifierKey? Key, IReadOnlyList<string> Findings)
{
    public bool Holds => Readable && Findings.Count == 0;
}

/// <summary>
/// Checks an evidence bundle with nothing but the bundle (and, if given, a key the checker trusts): the
/// checkpoint's signature, each record against its leaf (content hash with its salt), each leaf's inclusion proof
/// against the signed root, and each evidence file against its SHA-256 and its record. No database is needed.
/// </summary>
internal static class BundleVerifier
{
    public static BundleReport Verify(Stream bundle, string? trustedKey)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(bundle, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            return Unreadable($"it is not a zip file ({ex.Message})");
        }
        using (zip)
        {
            try
            {
                return Check(zip, trustedKey);
            }
            catch (InvalidDataException ex)
            {
                // A zip whose structure or compressed data was altered may fail to open an entry at all.
                return Unreadable($"an entry of the zip is damaged ({ex.Message})");
            }
        }
    }

    private static BundleReport Check(ZipArchive zip, string? trustedKey)
    {
        var findings = new List<string>();
        var manifestBytes = Read(zip, "manifest.json");
        var keyText = Read(zip, "key.txt");
        var note = Read(zip, "checkpoint.txt");
        if (manifestBytes is null || keyText is null || note is null)
        {
            return Unreadable("it is not an evidence bundle: manifest.json, key.txt or checkpoint.txt is missing");
        }
        BundleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BundleManifest>(manifestBytes, BundleManifest.Json);
        }
        catch (JsonException ex)
        {
            return Unreadable($"manifest.json cannot be read: {ex.Message}");
        }
        if (manifest is null || manifest.Format is not (BundleManifest.CurrentFormat or BundleManifest.DossierFormat) || manifest.Entries is null || manifest.Files is null)
        {
            return Unreadable($"manifest.json is not a {BundleManifest.CurrentFormat} or {BundleManifest.DossierFormat} manifest");
        }
        if (!VerifierKey.TryParse(Encoding.UTF8.GetString(keyText), out var key))
        {
            return Unreadable("key.txt is not a C2SP Ed25519 verifier key");
        }
        if (trustedKey is not null)
        {
            if (!VerifierKey.TryParse(trustedKey, out var trusted))
            {
                return Unreadable($"--key '{trustedKey}' is not a C2SP Ed25519 verifier key");
            }
            if (trusted.ToString() != key.ToString())
            {
                findings.Add($"key.txt holds {key}, not the key you trust ({trusted}): the bundle was signed by another log or key");
                key = trusted;
            }
        }
        Checkpoint? checkpoint = null;
        if (!SignedNote.TryOpen(Encoding.UTF8.GetString(note), key, out var body, out var problem))
        {
            findings.Add($"checkpoint.txt: {problem}{(trustedKey is null ? " (the key is the one in key.txt)" : "")}");
        }
        else if (!Checkpoint.TryParse(body, out checkpoint))
        {
            findings.Add("checkpoint.txt: the signed text is not a tlog-checkpoint (origin, size, base64 root)");
        }
        var evidenceHashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in manifest.Entries)
        {
            CheckEntry(zip, entry, checkpoint, findings, evidenceHashes);
        }
        foreach (var file in manifest.Files)
        {
            CheckFile(zip, file, evidenceHashes, findings);
        }
        foreach (var missing in evidenceHashes.Where(h => manifest.Files.All(f => f.Sha256 != h)))
        {
            findings.Add($"the evidence file {missing} named by a record is not in the bundle");
        }
        if (manifest.Format == BundleManifest.DossierFormat)
        {
            CheckDossier(zip, manifest, manifestBytes, key, findings);
        }
        return new BundleReport(true, null, manifest.Entries.Count, manifest.Files.Count, checkpoint, key, findings);
    }

    /// <summary>
    /// What a dossier adds: the manifest is signed (<c>manifest.sig</c>, <see cref="DossierSignature"/>), each document
    /// has the SHA-256 the manifest gives, and the zip holds nothing the manifest does not name. So one byte changed in
    /// any file of a dossier is found, and named.
    /// </summary>
    private static void CheckDossier(ZipArchive zip, BundleManifest manifest, byte[] manifestBytes, VerifierKey key, List<string> findings)
    {
        var signature = Read(zip, DossierSignature.FileName);
        if (signature is null)
        {
            findings.Add($"{DossierSignature.FileName} is missing: nothing proves manifest.json is the one Lifeline wrote");
        }
        else if (!SignedNote.TryOpen(Encoding.UTF8.GetString(signature), key, out var signedText, out var problem))
        {
            findings.Add($"{DossierSignature.FileName}: {problem}");
        }
        else if (signedText != DossierSignature.Text(manifestBytes))
        {
            findings.Add($"manifest.json: its SHA-256 is not the one signed in {DossierSignature.FileName}: the manifest was edited");
        }
        var documents = manifest.Documents ?? [];
        foreach (var document in documents)
        {
            var zipped = zip.GetEntry(document.Path ?? "");
            if (zipped is null)
            {
                findings.Add($"{document.Path}: it is missing from the bundle");
                continue;
            }
            using var stream = zipped.Open();
            var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
            if (actual != document.Sha256)
            {
                findings.Add($"{document.Path}: its SHA-256 is {actual}, not {document.Sha256} as the manifest says: the file was altered");
            }
        }
        var named = new HashSet<string>(StringComparer.Ordinal) { "manifest.json", "key.txt", "checkpoint.txt", DossierSignature.FileName };
        named.UnionWith(manifest.Entries.SelectMany(e => new[] { e.Record ?? "", e.Leaf ?? "" }));
        named.UnionWith(manifest.Files.Select(f => f.Path ?? ""));
        named.UnionWith(documents.Select(d => d.Path ?? ""));
        foreach (var extra in zip.Entries.Select(e => e.FullName).Where(n => !named.Contains(n)))
        {
            findings.Add($"{extra}: it is in the bundle but manifest.json does not name it");
        }
    }

    private static void CheckEntry(ZipArchive zip, BundleEntry entry, Checkpoint? checkpoint, List<string> findings, HashSet<string> evidenceHashes)
    {
        var what = $"{entry.RecordType} {entry.RecordId} version {entry.Version}";
        var record = Read(zip, entry.Record ?? "");
        var leaf = Read(zip, entry.Leaf ?? "");
        if (record is null || leaf is null)
        {
            findings.Add($"{what}: {(record is null ? entry.Record : entry.Leaf)} is missing from the bundle");
            return;
        }
        if (!CanonicalJson.TryCanonicalize(record, out var canonical) || !canonical.AsSpan().SequenceEqual(record))
        {
            findings.Add($"{what}: {entry.Record} is not in canonical form (RFC 8785): it was edited");
        }
        byte[] salt;
        try
        {
            salt = Convert.FromHexString(entry.Salt ?? "");
        }
        catch (FormatException)
        {
            findings.Add($"{what}: its salt in manifest.json is not hexadecimal");
            return;
        }
        if (!LedgerEntry.TryParse(leaf, out var committed))
        {
            findings.Add($"{what}: {entry.Leaf} is not a well-formed leaf");
            return;
        }
        if (committed.RecordType != entry.RecordType || committed.RecordId != entry.RecordId || committed.Version != entry.Version)
        {
            findings.Add($"{what}: {entry.Leaf} commits to {committed.Describe()}");
        }
        if (Sha256Digest.Of(salt, record) != committed.ContentHash)
        {
            findings.Add($"{what}: {entry.Record} with its salt does not hash to the content hash in its leaf {entry.Leaf}: the record is not the one the ledger holds");
        }
        if (entry.RecordType == RecordTypes.Evidence && JsonNode.Parse(record)?["sha256"]?.GetValue<string>() is { } sha)
        {
            evidenceHashes.Add(sha);
        }
        if (checkpoint is null)
        {
            return;
        }
        var proof = new List<MerkleHash>();
        foreach (var text in entry.InclusionProof ?? [])
        {
            if (!MerkleHash.TryFromBase64(text, out var hash))
            {
                findings.Add($"{what}: its inclusion proof in manifest.json holds '{text}', which is not a base64 SHA-256 hash");
                return;
            }
            proof.Add(hash);
        }
        var verdict = MerkleVerifier.VerifyInclusion(entry.LeafIndex, checkpoint.Size, MerkleHasher.HashLeaf(leaf), proof.ToArray(), checkpoint.Root);
        if (verdict != ProofVerdict.Valid)
        {
            findings.Add($"{what}: {entry.Leaf} (leaf {entry.LeafIndex}) is not proved to be in the signed tree of {checkpoint.Size} leaves ({verdict})");
        }
    }

    private static void CheckFile(ZipArchive zip, BundleFile file, HashSet<string> evidenceHashes, List<string> findings)
    {
        var zipped = zip.GetEntry(file.Path ?? "");
        if (zipped is null)
        {
            findings.Add($"evidence {file.Evidence} ({file.FileName}): {file.Path} is missing from the bundle");
            return;
        }
        using var stream = zipped.Open();
        var actual = Sha256Digest.OfAsync(stream).GetAwaiter().GetResult().ToHex();
        if (actual != file.Sha256)
        {
            findings.Add($"evidence {file.Evidence} ({file.FileName}): {file.Path} has SHA-256 {actual}, not {file.Sha256}: the file was replaced or altered");
        }
        if (!evidenceHashes.Contains(file.Sha256 ?? ""))
        {
            findings.Add($"evidence {file.Evidence} ({file.FileName}): no evidence record in the bundle names SHA-256 {file.Sha256}");
        }
    }

    private static byte[]? Read(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path);
        if (entry is null)
        {
            return null;
        }
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static BundleReport Unreadable(string why) => new(false, why, 0, 0, null, null, []);
}

/// <summary>
/// <c>manifest.sig</c> of a dossier: a C2SP signed note, by the ledger's key, whose text is the format's name and the
/// SHA-256 of <c>manifest.json</c> in hex, one a line. It cannot be read as a checkpoint (its second line is no tree
/// size), so it cannot be passed off as one.
/// </summary>
internal static class DossierSignature
{
    public const string FileName = "manifest.sig";

    public static string Text(byte[] manifest) =>
        $"{BundleManifest.DossierFormat} manifest\n{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(manifest))}\n";
}
