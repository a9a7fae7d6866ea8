using System.Globalization;
using Lifeline.Evidence;
using Lifeline.Ledger;

namespace Lifeline.Legal;

/// <summary>The README.md of a dossier bundle: what is in it and how a court checks it offline, step by step.</summary>
internal static class DossierReadme
{
    public static string Text(Dossier dossier, BundleManifest manifest, VerifierKey key) => string.Create(CultureInfo.InvariantCulture, $"""
        # Dossier: {dossier.Obligation.Id} ({dossier.Situation.Name})

        Made {manifest.CreatedAt} by {manifest.CreatedBy} with Lifeline, for the days {dossier.Compliance.From:yyyy-MM-dd} to
        {dossier.Compliance.To:yyyy-MM-dd}{(dossier.Proceeding is { } p ? $" and the proceeding {p.Name}" : "")}. Read `dossier.pdf` or
        `dossier.html`; the rest lets anyone check, without Lifeline and without its database, that every record the
        dossier rests on is exactly what Lifeline's public ledger committed to, and that no file was changed since.

        ## What is in it

        | path | what |
        |---|---|
        | `dossier.pdf`, `dossier.html` | the dossier: the obligation, the proceedings, compliance day by day, the events, the claims that concern the obligation, their sources and grades |
        | `dossier.json` | the same as data, with the choices it was made from |
        | `records/*.json` | each record version in canonical form (RFC 8785 JSON): situation, legal records, events, sources, places, actors, reviews, evidence, custody, claims |
        | `leaves/N.json` | leaf N of the ledger, committing to one record version |
        | `files/SHA256` | each evidence file, named by its SHA-256 |
        | `checkpoint.txt` | the ledger's checkpoint signed for this dossier (C2SP tlog-checkpoint) |
        | `key.txt` | the public key that signs checkpoints: `{key}` |
        | `manifest.json` | every record (leaf, salt, inclusion proof), every evidence file and every document with its SHA-256 |
        | `manifest.sig` | the ledger key's signature over the SHA-256 of `manifest.json` |

        {manifest.Entries.Count} record versions and {manifest.Files.Count} evidence files, proved against the tree of
        {manifest.TreeSize} leaves with root `{manifest.RootHash}` (base64).

        ## Check it with Lifeline

            lifeline evidence verify-bundle THIS.zip --key '{key}'

        Exit code 0: everything holds; 1: something does not, and each finding names the file; 2: not a readable bundle.

        ## Check it by hand

        1. Trust the key: compare `key.txt` with the key the ledger publishes at `/api/v1/ledger/key` and with copies
           others keep.
        2. Check the signatures: `checkpoint.txt` and `manifest.sig` are C2SP signed notes by that key (Ed25519 over the
           text before the blank line). The text of `manifest.sig` is `{BundleManifest.DossierFormat} manifest` and the
           SHA-256 of `manifest.json` in hex: `sha256sum manifest.json` must print it.
        3. Check each document: `sha256sum dossier.pdf dossier.html dossier.json README.md` must print the `sha256` that
           `manifest.json` gives under `documents`.
        4. Check each record against its leaf: `(printf '%s' SALT | xxd -r -p; cat records/FILE.json) | sha256sum` must
           print the leaf's `contentHash`.
        5. Check each leaf is in the signed tree: the leaf hash is `SHA-256(0x00 ‖ leaf bytes)`; fold the entry's
           `inclusionProof` with it as RFC 9162 §2.1.3.2 says; the result must be the root in `checkpoint.txt`.
        6. Check each evidence file: `sha256sum files/*`; each name is its own SHA-256 and an evidence record in
           `records/` names it; its custody records follow it.
        7. Nothing else: every file in the zip is named in `manifest.json`.

        A byte changed in any file breaks one of these checks, and the check names the file.

        """);
}
