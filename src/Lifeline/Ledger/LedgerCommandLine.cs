using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeline.Cli;
using Lifeline.Evidence;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Ledger;

/// <summary>
/// <c>lifeline ledger verify|checkpoint|prove</c>: check the whole ledger against the record, sign a checkpoint
/// now, and prove that a record's versions are in the ledger.
/// </summary>
internal static class LedgerCommandLine
{
    public static Command Create(TimeProvider clock)
    {
        var verify = new Command("verify", "Recompute every leaf from the stored records and salts, and the whole tree, compare every current row with its latest committed version, and recompute the audit chain; exit 1 naming each record, row, node or audit entry that no longer matches");
        verify.SetAction(async (result, cancel) =>
        {
            var storage = LifelineCommandLine.StorageOf(result);
            using var db = LifelineCommandLine.Open(result);
            var key = ReadKey(storage, out var keyProblem);
            var verifier = new LedgerVerifier(db, new EvidenceStorage(db, storage), key);
            var work = await verifier.WorkAsync(cancel);
            var report = await LifelineCommandLine.WithProgressAsync("Verifying the ledger", work >= 50_000 ? work : 0, progress => verifier.VerifyAsync(progress, cancel));
            var findings = keyProblem is null ? report.Findings : [keyProblem, .. report.Findings];
            Console.WriteLine($"Ledger: {report.Leaves:N0} leaves, {report.Checkpoints:N0} signed checkpoints; {report.Records:N0} record versions, {report.CurrentRows:N0} current rows and {report.EvidenceFiles:N0} evidence files checked.");
            if (key is null && keyProblem is null)
            {
                Console.WriteLine($"No ledger signing key ({LedgerOptions.KeySetting}, or the data folder's): checkpoint signatures were not checked.");
            }
            if (report.NotCovered > 0)
            {
                Console.WriteLine($"{report.NotCovered:N0} record versions were stored before the ledger existed and have no leaf (not a finding).");
            }
            if (report.Erased > 0)
            {
                Console.WriteLine($"{report.Erased:N0} family record versions were erased at a person's request (their key and salt destroyed); their leaves are counted as erased (not a finding).");
            }
            Console.WriteLine($"Audit log: {report.AuditEntries:N0} entries chained; head: entry {report.AuditHead.Seq}, SHA-256 {Convert.ToHexStringLower(report.AuditHead.Hash)} (keep it elsewhere to tell later whether the chain was rewritten).");
            if (report.AuditNotChained > 0)
            {
                Console.WriteLine($"{report.AuditNotChained:N0} audit entries were written before the audit log was chained; they are not covered (not a finding).");
            }
            if (findings.Count == 0)
            {
                Console.WriteLine("OK: every leaf, tree node, checkpoint, record, current row, evidence file and audit entry holds.");
                return LifelineCommandLine.Ok;
            }
            Console.WriteLine($"FAILED: {findings.Count + report.MoreFindings:N0} findings.");
            foreach (var finding in findings)
            {
                Console.WriteLine($"  {finding}");
            }
            if (report.MoreFindings > 0)
            {
                Console.WriteLine($"  ... and {report.MoreFindings:N0} more");
            }
            return LifelineCommandLine.Findings;
        });

        var checkpoint = new Command("checkpoint", "Sign a checkpoint of the ledger as it is now (unless the latest already covers every leaf) and print it");
        checkpoint.SetAction(async (result, cancel) =>
        {
            var storage = LifelineCommandLine.StorageOf(result);
            using var db = LifelineCommandLine.Open(result);
            if (await SignNowAsync(storage, db, clock, cancel) is not { } signed)
            {
                return LifelineCommandLine.Findings;
            }
            Console.Write(signed.Note);
            return LifelineCommandLine.Ok;
        });

        var record = new Option<string>("--record")
        {
            Description = "The record: TYPE/ID (e.g. event/lachin-2022/2022-12-12-blockade-begins) or its ID alone (lachin-2022/2022-12-12-blockade-begins, or just the event id)",
            Required = true,
        };
        var prove = new Command("prove", "Print, as JSON, every leaf of a record with its inclusion proof against a checkpoint signed now, and check each proof") { record };
        prove.SetAction(async (result, cancel) =>
        {
            var storage = LifelineCommandLine.StorageOf(result);
            using var db = LifelineCommandLine.Open(result);
            var leaves = await FindAsync(new LedgerQueries(db), db, result.GetValue(record)!, cancel);
            if (leaves.Count == 0)
            {
                Console.Error.WriteLine($"The ledger holds no record '{result.GetValue(record)}'. Give TYPE/SITUATION/ID, e.g. event/lachin-2022/2022-12-12-blockade-begins.");
                return LifelineCommandLine.BadInput;
            }
            if (await SignNowAsync(storage, db, clock, cancel) is not { } signed || ReadKey(storage, out _) is not { } key)
            {
                return LifelineCommandLine.Findings;
            }
            var queries = new LedgerQueries(db);
            var allValid = true;
            var entries = new JsonArray();
            foreach (var leaf in leaves)
            {
                var proof = await queries.InclusionAsync(leaf.Index, signed.Checkpoint.Size, cancel);
                var verdict = proof.Verify(leaf.Hash, signed.Checkpoint.Root);
                allValid &= verdict == ProofVerdict.Valid;
                entries.Add(new JsonObject
                {
                    ["recordType"] = leaf.RecordType,
                    ["recordId"] = leaf.RecordId,
                    ["version"] = leaf.Version,
                    ["leafIndex"] = leaf.Index,
                    ["leaf"] = Convert.ToBase64String(leaf.Data),
                    ["leafHash"] = leaf.Hash.ToBase64(),
                    ["inclusionProof"] = new JsonArray(proof.Path.Select(h => (JsonNode?)h.ToBase64()).ToArray()),
                    ["verdict"] = verdict.ToString(),
                });
            }
            var document = new JsonObject
            {
                ["key"] = key.ToString(),
                ["checkpoint"] = signed.Note,
                ["treeSize"] = signed.Checkpoint.Size,
                ["rootHash"] = signed.Checkpoint.Root.ToBase64(),
                ["entries"] = entries,
            };
            Console.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return allValid ? LifelineCommandLine.Ok : LifelineCommandLine.Findings;
        });

        return new Command("ledger", "The evidence ledger: verify it, sign a checkpoint, prove a record") { verify, checkpoint, prove };
    }

    /// <summary>TYPE/ID, or an ID of any type, or an id without its situation (when one situation has it).</summary>
    private static async Task<IReadOnlyList<StoredLeaf>> FindAsync(LedgerQueries queries, LifelineDbContext db, string text, CancellationToken cancel)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && RecordTypes.IsKnown(text[..slash]))
        {
            return await queries.RecordAsync(text[..slash], text[(slash + 1)..], cancel);
        }
        var exact = await queries.RecordAnyTypeAsync(text, cancel);
        if (exact.Count > 0)
        {
            return exact;
        }
        var suffix = "/" + text;
        var ids = await db.Set<LedgerLeafRow>().AsNoTracking().Where(l => l.RecordId.EndsWith(suffix)).Select(l => l.RecordId).Distinct().Take(2).ToListAsync(cancel);
        return ids.Count == 1 ? await queries.RecordAnyTypeAsync(ids[0], cancel) : [];
    }

    /// <summary>
    /// Signs a checkpoint now with the deployment's key (LIFELINE_LEDGER_KEY, or the data folder's), for the command
    /// line; null, after saying why on standard error, when this machine has no key to sign with.
    /// </summary>
    public static async Task<SignedCheckpoint?> SignNowAsync(StorageOptions storage, LifelineDbContext db, TimeProvider clock, CancellationToken cancel)
    {
        var options = LedgerOptions.For(storage);
        using var key = options.LoadKey();
        var result = await new Checkpoints(db, key, options, clock).SignNowAsync(cancel);
        if (result.Refused is { } why)
        {
            Console.Error.WriteLine(why);
        }
        return result.Signed;
    }

    /// <summary>
    /// The public half of the deployment's signing key (LIFELINE_LEDGER_KEY, or the data folder's); null when there
    /// is none (or it cannot be read, with why). Never makes a key.
    /// </summary>
    public static VerifierKey? ReadKey(StorageOptions storage, out string? problem)
    {
        problem = null;
        var options = LedgerOptions.For(storage);
        if (!File.Exists(options.KeyFile))
        {
            if (options.KeyFile != LedgerKey.PathIn(storage.DataDirectory))
            {
                problem = $"{LedgerOptions.KeySetting} names {options.KeyFile}, which does not exist";
            }
            return null;
        }
        try
        {
            using var key = LedgerKey.ReadFile(options.KeyFile);
            return key.Verifier;
        }
        catch (InvalidDataException ex)
        {
            problem = $"the signing key cannot be read: {ex.Message}";
            return null;
        }
    }
}
