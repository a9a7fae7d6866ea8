using System.CommandLine;
using Lifeline.Accounts;
using Lifeline.Cli;
using Lifeline.Core.Common;
using Lifeline.Evidence;
using Lifeline.Ledger;
using Lifeline.Reports;

namespace Lifeline.Legal;

/// <summary>
/// <c>lifeline dossier --situation S --obligation ID [--proceeding ID] [--from D --to D] [--add IDS] [--remove IDS]
/// --out FILE.zip</c>: a dossier for a court as a zip bundle that <c>lifeline evidence verify-bundle</c> checks with no
/// database (docs/legal.md, "Dossiers"). Exit codes: 0 written, 1 the ledger or the evidence store does not hold what
/// the dossier needs, 2 bad input.
/// </summary>
internal static class DossierCommand
{
    public static Command Create(TimeProvider clock)
    {
        var situation = new Option<string>("--situation") { Description = "The situation's id (e.g. lachin-2022)", Required = true };
        var obligation = new Option<string>("--obligation") { Description = "The obligation the dossier is about", Required = true };
        var proceeding = new Option<string?>("--proceeding") { Description = "A proceeding whose steps the dossier also holds" };
        var from = new Option<string?>("--from") { Description = "First day, YYYY-MM-DD (default: the day the obligation took effect)" };
        var to = new Option<string?>("--to") { Description = "Last day, YYYY-MM-DD (default: the day it ended, else the situation's last day)" };
        var add = new Option<string[]>("--add") { Description = "Event ids to add to the default choice (the events that decide its days, and those citing its steps' sources)", AllowMultipleArgumentsPerToken = true };
        var remove = new Option<string[]>("--remove") { Description = "Event ids to take out of the choice", AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo>("--out") { Description = "The zip file to write", Required = true };
        var why = new Option<string?>("--why") { Description = "Why the dossier is made (recorded as an 'exported' custody step of each evidence file)" };
        var by = new Option<string>("--by") { Description = "Who makes it (kept in the custody log and the manifest)", DefaultValueFactory = _ => Environment.UserName };
        var originOption = new Option<string?>("--origin") { Description = "The address links in the dossier name (default: the PublicOrigin setting)" };
        var command = new Command("dossier", "A dossier for a court: an obligation's compliance, its proceedings, the chosen events, their sources, grades, evidence and inclusion proofs, as a zip that can be checked without Lifeline (docs/legal.md)")
        {
            situation, obligation, proceeding, from, to, add, remove, output, why, by, originOption,
        };
        command.SetAction(async (result, cancel) =>
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var errors = new ValidationErrors();
            var file = result.GetValue(output)!;
            if (!file.Extension.Equals(".zip", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("--out", $"'{file.Name}' must end in .zip");
            }
            var configuration = LifelineCommandLine.Configuration();
            var problems = new List<string>();
            var origin = Web.ServerSettings.Origin(result.GetValue(originOption) ?? configuration["PublicOrigin"], problems) ?? new Uri(Web.LifelineWeb.DefaultUrls + "/");
            foreach (var problem in problems)
            {
                errors.Add(result.GetValue(originOption) is null ? "PublicOrigin" : "--origin", problem);
            }
            var fonts = ReportFonts.Folder(configuration["Reports:FontFolder"]);
            if (ReportFonts.Problem(fonts) is { } missing)
            {
                errors.Add("--out", missing);
            }
            var request = DossierRequest.Parse(result.GetValue(situation)!, result.GetValue(obligation), result.GetValue(proceeding), result.GetValue(from), result.GetValue(to),
                result.GetValue(add), result.GetValue(remove), today, errors, "--");
            if (request is null || !errors.IsEmpty)
            {
                await Console.Error.WriteLineAsync(errors.ToString());
                return LifelineCommandLine.BadInput;
            }
            var storage = LifelineCommandLine.StorageOf(result);
            await using var db = LifelineCommandLine.Open(result);
            var (dossier, wrong) = await DossierBuilder.BuildAsync(db, db.Events.Where(e => e.SituationId == request.SituationId), request, today, "--", cancel);
            if (dossier is null)
            {
                await Console.Error.WriteLineAsync(wrong.IsEmpty
                    ? $"--situation: there is no situation '{request.SituationId}'. The situations are: {string.Join(", ", db.Situations.Select(s => s.Id))}."
                    : wrong.ToString());
                return LifelineCommandLine.BadInput;
            }
            var options = LedgerOptions.For(storage);
            using var key = options.LoadKey();
            var user = new CommandLineUser(result.GetValue(by)!);
            // The export's custody steps are ledger writes, made through a sequencer as the server makes them.
            var sequencer = new LedgerSequencer(storage);
            var bundler = new EvidenceBundler(db, new EvidenceStorage(db, storage), new Checkpoints(db, key, options, clock), new LedgerQueries(db),
                new ChainOfCustodyLog(db, clock, user, new AuditLog(db, user, clock), sequencer), clock);
            var temporary = file.FullName + ".partial";
            BundleManifest? manifest;
            string? failed;
            await using (var stream = File.Create(temporary))
            {
                (manifest, failed) = await DossierBundle.WriteAsync(dossier, db, bundler, origin, result.GetValue(by)!,
                    result.GetValue(why) ?? $"exported in a dossier ({file.Name})", clock, fonts, stream, cancel);
            }
            if (manifest is null)
            {
                File.Delete(temporary);
                await Console.Error.WriteLineAsync(failed);
                return LifelineCommandLine.Findings;
            }
            File.Move(temporary, file.FullName, overwrite: true);
            Console.WriteLine($"Wrote {file.FullName}: the dossier of {dossier.Obligation.Id} from {dossier.Compliance.From:yyyy-MM-dd} to {dossier.Compliance.To:yyyy-MM-dd}, " +
                $"{dossier.Events.Count} events, {manifest.Entries.Count} record versions and {manifest.Files.Count} evidence files, proved against the checkpoint of {manifest.TreeSize:N0} leaves signed by {key!.Verifier}.");
            return LifelineCommandLine.Ok;
        });
        return command;
    }
}
