using System.CommandLine;
using Lifeline.Accounts;
using Lifeline.Cli;
using Lifeline.Ledger;

namespace Lifeline.Evidence;

/// <summary><c>lifeline evidence bundle|verify-bundle</c>: make an offline-verifiable bundle of an event, and check one.</summary>
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
        bundle.SetAction(result =>
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
            var bundler = new EvidenceBundler(db, EvidenceFiles.For(storage), new Checkpoints(db, key, options, clock), new LedgerQueries(db),
                new ChainOfCustodyLog(db, clock, user, audit, sequencer), clock);
            if (!db.Events.Any(e => e.SituationId == situationId && e.EventId == eventId))
            {
                Console.Error.WriteLine($"There is no event '{eventId}' in situation '{situationId}'.");
                return LifelineCommandLine.BadInput;
            }
            var temporary = target.FullName + ".partial";
            BundleManifest? manifest;
            string? problem;
            using (var stream = File.Create(temporary))
            {
                (manifest, problem) = bundler.Write(situationId, eventId, result.GetValue(why) ?? $"exported in an evidence bundle ({target.Name})", result.GetValue(by)!, stream);
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

        var file = new Argument<FileInfo>("FILE") { Description = "An evidence bundle (.zip) made by 'lifeline evidence bundle'" };
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

        return new Command("evidence", "Evidence bundles for courts: make one for an event, check one") { bundle, verify };
    }
}
