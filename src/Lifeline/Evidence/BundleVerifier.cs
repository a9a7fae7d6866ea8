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
            if (manifest is null || manifest.Format != BundleManifest.CurrentFormat || manifest.Entries is null || manifest.Files is null)
            {
                return Unreadable($"manifest.json is not a {BundleManifest.CurrentFormat} manifest");
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
                findings.Add($"checkpoint.txt: {problem}");
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
            return new BundleReport(true, null, manifest.Entries.Count, manifest.Files.Count, checkpoint, key, findings);
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
            findings.Add($"{what}: its salt is not hexadecimal");
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
            findings.Add($"{what}: {entry.Record} with its salt does not hash to the content hash in its leaf: the record is not the one the ledger holds");
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
                findings.Add($"{what}: its inclusion proof holds '{text}', which is not a base64 SHA-256 hash");
                return;
            }
            proof.Add(hash);
        }
        var verdict = MerkleVerifier.VerifyInclusion(entry.LeafIndex, checkpoint.Size, MerkleHasher.HashLeaf(leaf), proof.ToArray(), checkpoint.Root);
        if (verdict != ProofVerdict.Valid)
        {
            findings.Add($"{what}: leaf {entry.LeafIndex} is not proved to be in the signed tree of {checkpoint.Size} leaves ({verdict})");
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
