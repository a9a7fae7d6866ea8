using System.Globalization;
using System.Text;
using Lifeline.Ledger;

namespace Lifeline.Evidence;

/// <summary>The README.md of an evidence bundle: what is in it and how to check it by hand, with common tools only.</summary>
internal static class BundleReadme
{
    public static string Text(BundleManifest manifest, VerifierKey key)
    {
        var text = new StringBuilder();
        var first = manifest.Entries.FirstOrDefault(e => e.RecordType == RecordTypes.Event) ?? (manifest.Entries.Count > 0 ? manifest.Entries[0] : null);
        text.Append(CultureInfo.InvariantCulture, $"""
            # Evidence bundle: event {manifest.Event} ({manifest.Situation})

            Made {manifest.CreatedAt} by {manifest.CreatedBy} with Lifeline. It lets anyone check, without Lifeline and
            without its database, that the records and files in it are exactly those Lifeline's public ledger committed
            to, and when.

            ## What is in it

            | path | what |
            |---|---|
            | `manifest.json` | every record: its type, id, version, leaf index, salt (hex), leaf and record files, inclusion proof |
            | `records/*.json` | each record version in its canonical form (RFC 8785 JSON), exactly the bytes that were hashed |
            | `leaves/N.json` | leaf N of the ledger: the JSON object of contentHash, recordId, recordType, recordedAt and version |
            | `files/SHA256` | each evidence file, named by its SHA-256 |
            | `checkpoint.txt` | the ledger's signed checkpoint (C2SP tlog-checkpoint): origin, tree size, root hash |
            | `key.txt` | the public key that signs checkpoints: `{key}` |

            The bundle holds {manifest.Entries.Count} record versions and {manifest.Files.Count} evidence files, proved
            against the tree of {manifest.TreeSize} leaves with root `{manifest.RootHash}` (base64).

            ## Check it with Lifeline

                lifeline evidence verify-bundle THIS.zip --key '{key}'

            Exit code 0: everything holds; 1: something does not (each finding is named); 2: not a readable bundle.

            ## Check it by hand

            1. **Trust the key.** Compare `key.txt` with the key the ledger publishes at `/api/v1/ledger/key`, and with
               copies others (courts, witnesses, archives) keep. The key ID (after the first `+`) is the first 4 bytes of
               `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)`.
            2. **Check the checkpoint's signature.** `checkpoint.txt` is a C2SP signed note: the text (three lines, each
               ending in a newline), a blank line, then `— name base64(key ID ‖ Ed25519 signature)`. The signature is over
               the text's bytes. Any Ed25519 tool will do (e.g. Go's `golang.org/x/mod/sumdb/note`, or Python's
               `cryptography`: `Ed25519PublicKey.from_public_bytes(pub).verify(sig, text)`).
            3. **Check a record against its leaf.** For an entry of `manifest.json` (salt in hex):

                   (printf '%s' SALT | xxd -r -p; cat records/FILE.json) | sha256sum

               must print the `contentHash` written in its leaf file. The leaf names the record type, id and version,
               and when it was recorded. Example, the first event version:
               `{first?.Record}` with salt `{first?.Salt}` against `{first?.Leaf}`.
            4. **Check that the leaf is in the ledger.** The leaf hash is `SHA-256(0x00 ‖ leaf bytes)`:

                   (printf '\x00'; cat leaves/N.json) | sha256sum

               Fold the entry's `inclusionProof` (base64 hashes, bottom up) with it as in RFC 9162 §2.1.3.2 (node hash =
               `SHA-256(0x01 ‖ left ‖ right)`); the result must be the root hash of `checkpoint.txt` at its tree size.
            5. **Check each evidence file.** `sha256sum files/*`: each name must be its own SHA-256, and that hash must be
               the `sha256` of an evidence record in `records/`. Its chain of custody is in the `custody` records that
               follow it (received, viewed, exported, transferred: who, when, why).

            A record whose bytes differ by one bit gives another contentHash; a leaf that differs gives another leaf hash,
            and the proof no longer leads to the signed root. The ledger is append-only: any later checkpoint of the same
            log can be shown consistent with this one (`/api/v1/ledger/proof/consistency?from=M&to=N`).

            """);
        return text.ToString();
    }
}
