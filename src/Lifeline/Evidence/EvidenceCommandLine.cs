using System.CommandLine;
using System.Globalization;
using Lifeline.Accounts;
using Lifeline.Cli;
using Lifeline.Ledger;
using Lifeline.Storage;

namespace Lifeline.Evidence;

/// <summary>
/// <c>lifeline evidence bundle|verify-bundle|move</c>: make an offline-verifiable bundle of an event, check one, and move
/// a PostgreSQL deployment's evidence files between the database and a folder.
/// </summary>
internal static class EvidenceCommandLine
{
    public static Command Create(TimeProvider clock)
    {
        var eventOption = new Option<string>("--event") { Description = "The event: its id, or SITUATION/ID", Required = true };
        var situation = new Option<string?>("--situation") { Description = "Its situation (needed when there is more than one and --event does not say)" };
        var output = new Option<FileInfo>("--out") { Description = "The zip file to write", Required = true };
        var why = new Option<string?>("--why") { Description = "Why the bundle is made (recorded as an 'exported' custody step of each evidence file)" };
        var by = new Option<string>("--by") { Description = "Who makes it (kept in the custody log)", DefaultValueFactory = _ => Environment.UserName };
        var bundle = new Command("bundle", "Write an event's records, salts, evidence files, inclusion proofs, a signed checkpoint, the public key and a README to a zip that can be checked without Lifeline")
        {
            eventOption, situation, output, why, by,
        };
        bundle.SetAction(async (result, cancel) =>
        {
            var storage = LifelineCommandLine.StorageOf(result);
            using var db = LifelineCommandLine.Open(result);
            var given = result.GetValue(eventOption)!.Trim();
            var slash = given.IndexOf('/', StringComparison.Ordinal);
            var situations = db.Situations.Select(s => s.Id).OrderBy(s => s).ToList();
            var situationId = slash > 0 ? given[..slash] : result.GetValue(situation) ?? (situations.Count == 1 ? situations[0] : null);
            var eventId = slash > 0 ? given[(slash + 1)..] : given;
            if (situationId is null)
            {
                Console.Error.WriteLine($"Say which situation with --situation: {string.Join(", ", situations)}");
                return LifelineCommandLine.BadInput;
            }
            var options = LedgerOptions.For(storage);
            using var key = options.LoadKey();
            var user = new CommandLineUser(result.GetValue(by)!);
            var audit = new AuditLog(db, user, clock);
            var target = result.GetValue(output)!;
            // The export's custody steps are ledger writes, made through a sequencer as the server makes them; each
            // is awaited, so nothing is left in it when the command ends.
            var sequencer = new LedgerSequencer(storage);
            var bundler = new EvidenceBundler(db, new EvidenceStorage(db, storage), new Checkpoints(db, key, options, clock), new LedgerQueries(db),
                new ChainOfCustodyLog(db, clock, user, audit, sequencer), clock);
            if (!db.Events.Any(e => e.SituationId == situationId && e.EventId == eventId))
            {
                Console.Error.WriteLine($"There is no event '{eventId}' in situation '{situationId}'.");
                return LifelineCommandLine.BadInput;
            }
            var temporary = target.FullName + ".partial";
            BundleManifest? manifest;
            string? problem;
            await using (var stream = File.Create(temporary))
            {
                (manifest, problem) = await bundler.WriteAsync(situationId, eventId, result.GetValue(why) ?? $"exported in an evidence bundle ({target.Name})", result.GetValue(by)!, stream, cancel);
            }
            if (manifest is null)
            {
                File.Delete(temporary);
                Console.Error.WriteLine(problem);
                return LifelineCommandLine.Findings;
            }
            File.Move(temporary, target.FullName, overwrite: true);
            Console.WriteLine($"Wrote {target.FullName}: {manifest.Entries.Count} record versions and {manifest.Files.Count} evidence files, proved against the checkpoint of {manifest.TreeSize:N0} leaves signed by {key!.Verifier}.");
            return LifelineCommandLine.Ok;
        });

        var file = new Argument<FileInfo>("FILE") { Description = "An evidence bundle (.zip) made by 'lifeline evidence bundle', or a dossier made by 'lifeline dossier'" };
        var trusted = new Option<string?>("--key") { Description = "The verifier key you trust (from /api/v1/ledger/key or a witness); by default the bundle's own key.txt" };
        var verify = new Command("verify-bundle", "Check an evidence bundle without any database: exit 0 if everything holds, 1 naming each finding, 2 if it is not a readable bundle") { file, trusted };
        verify.SetAction(result =>
        {
            var input = result.GetValue(file)!;
            if (!input.Exists)
            {
                Console.Error.WriteLine($"There is no file {input.FullName}.");
                return LifelineCommandLine.BadInput;
            }
            using var stream = input.OpenRead();
            var report = BundleVerifier.Verify(stream, result.GetValue(trusted));
            if (!report.Readable)
            {
                Console.Error.WriteLine($"{input.Name} cannot be checked: {report.Unreadable}.");
                return LifelineCommandLine.BadInput;
            }
            var against = report.Checkpoint is { } c ? $"the checkpoint of {c.Size:N0} leaves signed by {report.Key}" : "no valid checkpoint";
            if (report.Holds)
            {
                Console.WriteLine($"OK: {report.Records} record versions and {report.Files} evidence files in {input.Name} hold against {against}.");
                if (result.GetValue(trusted) is null)
                {
                    Console.WriteLine("The key was taken from the bundle itself: compare it with the key the ledger publishes (/api/v1/ledger/key).");
                }
                return LifelineCommandLine.Ok;
            }
            Console.WriteLine($"FAILED: {report.Findings.Count} findings in {input.Name} (checked against {against}).");
            foreach (var finding in report.Findings)
            {
                Console.WriteLine($"  {finding}");
            }
            return LifelineCommandLine.Findings;
        });

        return new Command("evidence", "Evidence bundles for courts: make one for an event, check one; move the evidence files between PostgreSQL and a folder") { bundle, verify, Move(clock) };
    }

    private static Command Move(TimeProvider clock)
    {
        var to = new Option<string>("--to") { Description = "postgres (into the database) or folder (into the evidence folder: DATA/evidence, or Evidence:Folder)", Required = true };
        to.AcceptOnlyFromAmong("postgres", "folder");
        var command = new Command("move", "Move a PostgreSQL deployment's evidence files into the database or into the evidence folder: every hash checked, safe to run again after it was stopped, nothing removed from where they were until the target holds and verifies every file") { to };
        command.SetAction(result =>
        {
            var storage = LifelineCommandLine.StorageOf(result);
            var kind = result.GetValue(to) == "postgres" ? EvidenceStoreKind.Postgres : EvidenceStoreKind.Folder;
            if (storage.Provider == StorageProvider.Sqlite)
            {
                if (kind == EvidenceStoreKind.Postgres)
                {
                    Console.Error.WriteLine($"Evidence can be kept in PostgreSQL only when Lifeline runs on PostgreSQL (--postgres, or ConnectionStrings__Lifeline). On SQLite it is kept in the folder {storage.EvidenceFolder}.");
                    return LifelineCommandLine.BadInput;
                }
                Console.WriteLine($"On SQLite evidence is always kept in the folder {storage.EvidenceFolder}: there is nothing to move.");
                return LifelineCommandLine.Ok;
            }
            using var db = LifelineCommandLine.Open(result);
            return MoveAsync(db, storage, kind, clock, CancellationToken.None).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> MoveAsync(LifelineDbContext db, StorageOptions storage, EvidenceStoreKind kind, TimeProvider clock, CancellationToken cancel)
    {
        var mover = new EvidenceMover(db, new EvidenceStorage(db, storage), clock);
        if (!await mover.LockAsync(cancel))
        {
            Console.Error.WriteLine("Another 'lifeline evidence move' is running on this database: wait for it to end, or stop it and run this again.");
            return LifelineCommandLine.Findings;
        }
        var plan = await mover.PlanAsync(kind, cancel);
        var (source, target) = (mover.Source(plan).Describe(), mover.Target(plan).Describe());
        Console.WriteLine($"Moving evidence files from {source} to {target}: evidence records name {plan.Files:N0} files ({Bytes(plan.Bytes)}).");

        var copied = LifelineCommandLine.WithProgress($"Copying to {target}", plan.Bytes, p => mover.CopyAsync(plan, p, cancel).GetAwaiter().GetResult());
        Console.WriteLine($"Copied {copied.Files:N0} files ({Bytes(copied.Bytes)}), each checked against its SHA-256; {copied.Skipped:N0} were there already.");
        if (!copied.Holds)
        {
            return Stopped(copied, source);
        }
        var verified = LifelineCommandLine.WithProgress($"Verifying in {target}", plan.Bytes, p => mover.VerifyAsync(plan, p, cancel).GetAwaiter().GetResult());
        if (!verified.Holds)
        {
            return Stopped(verified, source);
        }
        Console.WriteLine($"Verified: every one of the {verified.Files:N0} files read back from {target} has its SHA-256.");
        var switched = await mover.SwitchAsync(plan, cancel);
        if (!switched.Holds)
        {
            return Stopped(switched, source);
        }
        Console.WriteLine(switched.Files > 0
            ? $"New evidence files now go to {target}; {switched.Files:N0} files recorded during the move were copied and verified too."
            : $"New evidence files now go to {target}.");
        var inSource = await mover.CountInSourceAsync(plan, cancel);
        var removed = LifelineCommandLine.WithProgress($"Removing from {source}", inSource, p => mover.RemoveAsync(plan, p, cancel).GetAwaiter().GetResult());
        Console.WriteLine(removed.Skipped > 0
            ? $"Removed {removed.Files:N0} files from {source}; {removed.Skipped:N0} files there are named by no evidence record and were left in place."
            : $"Removed {removed.Files:N0} files from {source}.");
        Console.WriteLine("Done. 'lifeline ledger verify' checks every record and every evidence file.");
        return LifelineCommandLine.Ok;
    }

    private static int Stopped(MoveStep step, string source)
    {
        Console.WriteLine($"STOPPED: {step.Findings.Count:N0} findings. Nothing was removed from {source}, and new evidence files still go where they went.");
        foreach (var finding in step.Findings)
        {
            Console.WriteLine($"  {finding}");
        }
        return LifelineCommandLine.Findings;
    }

    private static string Bytes(long bytes) => bytes >= 1_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_000_000.0:N1} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");
}
