using System.CommandLine;
using System.Text.Json;
using Lifeline.Accounts;
using Lifeline.Cli;
using Lifeline.Core.Families;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Families;

/// <summary>
/// <c>lifeline families import|export|match|erase</c>: PFIF 1.4 in and out, every pair of person records that may be
/// the same person, and erasure at a person's request (docs/families.md). Every read is audited under <c>--by</c>.
/// Exit codes: 0 done, 2 bad input (nothing stored).
/// </summary>
internal static class FamilyCommandLine
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(TimeProvider clock)
    {
        var by = new Option<string>("--by") { Description = "Who does this, for the audit log (default: command-line)", DefaultValueFactory = _ => "command-line" };

        var importFile = new Argument<FileInfo>("FILE") { Description = "A PFIF 1.4 XML file" };
        var importSituation = new Option<string>("--situation") { Description = "The situation the people belong to", Required = true };
        var import = new Command("import", "Import the people of a PFIF 1.4 file (person_record_id kept as the id); a bad record refuses the whole file") { importFile, importSituation, by };
        import.SetAction(async (result, cancel) =>
        {
            var file = result.GetValue(importFile)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"FILE: {file.FullName} does not exist.");
                return LifelineCommandLine.BadInput;
            }
            await using var db = LifelineCommandLine.Open(result);
            var situation = result.GetValue(importSituation)!;
            var cases = Cases(db, result, clock, by);
            if (!await cases.SituationExistsAsync(situation, cancel))
            {
                await Console.Error.WriteLineAsync($"--situation: there is no situation '{situation}'.");
                return LifelineCommandLine.BadInput;
            }
            (IReadOnlyList<Pfif.ImportedPerson> People, string? Problem) read;
            await using (var stream = file.OpenRead())
            {
                read = Pfif.Read(stream, cases.Today);
            }
            if (read.Problem is not null)
            {
                await Console.Error.WriteLineAsync($"{file.Name}: {read.Problem} Nothing was imported.");
                return LifelineCommandLine.BadInput;
            }
            var (stored, problem) = await cases.ImportPeopleAsync(situation, read.People.Select(p => ($"person {p.Index} ({p.Draft.Id})", p.Draft)).ToList(), file.Name, cancel);
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync($"{file.Name}: {problem}");
                return LifelineCommandLine.BadInput;
            }
            Console.WriteLine($"Imported {stored:N0} person records into {situation} (sealed, one ledger leaf each).");
            return LifelineCommandLine.Ok;
        });

        var exportSituation = new Option<string>("--situation") { Description = "The situation whose people to export", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The PFIF 1.4 XML file to write", Required = true };
        var export = new Command("export", "Export a situation's person records (erased ones left out) as PFIF 1.4; the export is audited") { exportSituation, output, by };
        export.SetAction(async (result, cancel) =>
        {
            await using var db = LifelineCommandLine.Open(result);
            var situation = result.GetValue(exportSituation)!;
            var cases = Cases(db, result, clock, by);
            if (!await cases.SituationExistsAsync(situation, cancel))
            {
                await Console.Error.WriteLineAsync($"--situation: there is no situation '{situation}'.");
                return LifelineCommandLine.BadInput;
            }
            var people = (await cases.PeopleAsync(situation, "PFIF export", cancel)).Where(p => p.Content is not null).Select(p => p.Content!.Person).ToList();
            var file = result.GetValue(output)!;
            await using (var stream = new FileStream(file.FullName, FileMode.Create, FileAccess.Write))
            {
                Pfif.Write(stream, people, "Lifeline " + situation, clock.GetUtcNow());
            }
            Console.WriteLine($"Exported {people.Count:N0} person records to {file.FullName}. It holds personal data: keep it as you keep the database.");
            return LifelineCommandLine.Ok;
        });

        var matchSituation = new Option<string>("--situation") { Description = "The situation whose person records to compare", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON: matches[] {personId, candidateId, score, reasons[]}" };
        var match = new Command("match", $"Every pair of person records that may be the same person, scored at least {Matcher.ProposalThreshold} (proposals: a caseworker confirms)") { matchSituation, json, by };
        match.SetAction(async (result, cancel) =>
        {
            await using var db = LifelineCommandLine.Open(result);
            var situation = result.GetValue(matchSituation)!;
            var cases = Cases(db, result, clock, by);
            if (!await cases.SituationExistsAsync(situation, cancel))
            {
                await Console.Error.WriteLineAsync($"--situation: there is no situation '{situation}'.");
                return LifelineCommandLine.BadInput;
            }
            var people = (await cases.PeopleAsync(situation, "matching", cancel)).Where(p => p.Content is not null).Select(p => p.Content!.Person).ToList();
            var matches = new Matcher(people).AllPairs();
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { matches = matches.Select(m => new { m.PersonId, m.CandidateId, m.Score, m.Reasons }) }, Json));
                return LifelineCommandLine.Ok;
            }
            Console.WriteLine($"{matches.Count:N0} possible matches among {people.Count:N0} person records of {situation}:");
            foreach (var m in matches)
            {
                Console.WriteLine($"  {m.PersonId} ~ {m.CandidateId}  {m.Score:0.00}  {string.Join("; ", m.Reasons)}");
            }
            return LifelineCommandLine.Ok;
        });

        var person = new Option<string>("--person") { Description = "The person's id", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (for example: at the person's own request)", Required = true };
        var eraseSituation = new Option<string?>("--situation") { Description = "The situation, when the id is in more than one" };
        var erase = new Command("erase", "Erase a person: their key and salts are destroyed, the content can never be read again, the ledger still verifies") { person, reason, eraseSituation, by };
        erase.SetAction(async (result, cancel) =>
        {
            await using var db = LifelineCommandLine.Open(result);
            var id = result.GetValue(person)!;
            var situations = await db.Set<FamilyRecordRow>().Where(r => r.RecordId == id && r.Kind == FamilyKinds.Person).Select(r => r.SituationId).ToListAsync(cancel);
            if (result.GetValue(eraseSituation) is { } named)
            {
                situations = situations.Where(s => s == named).ToList();
            }
            if (situations.Count != 1)
            {
                await Console.Error.WriteLineAsync(situations.Count == 0 ? $"--person: there is no person '{id}'." : $"--person: '{id}' is in {string.Join(", ", situations)}; name one with --situation.");
                return LifelineCommandLine.BadInput;
            }
            var outcome = await Cases(db, result, clock, by).EraseAsync(situations[0], id, result.GetValue(reason), cancel);
            switch (outcome)
            {
                case FamilyOutcome.Stored:
                    Console.WriteLine($"Erased {id} in {situations[0]}: its key and salts are destroyed. `lifeline ledger verify` counts its leaves as erased.");
                    return LifelineCommandLine.Ok;
                case FamilyOutcome.Invalid invalid:
                    await Console.Error.WriteLineAsync(invalid.Errors.ToString());
                    return LifelineCommandLine.BadInput;
                case FamilyOutcome.Conflict conflict:
                    await Console.Error.WriteLineAsync(conflict.Message);
                    return LifelineCommandLine.BadInput;
                default:
                    await Console.Error.WriteLineAsync($"--person: '{id}' could not be erased.");
                    return LifelineCommandLine.BadInput;
            }
        });

        var rotate = new Command("rotate-key",
            "Re-wrap every family data key under a new master key (records, ciphertext and ledger untouched); the old key is not kept. "
            + $"With {FamilyMasterKey.EnvironmentVariable} set, give the new key in {MasterKeyRotation.NewKeyVariable}") { by };
        rotate.SetAction(async (result, cancel) =>
        {
            var storage = LifelineCommandLine.StorageOf(result);
            FamilyMasterKey old, next;
            var fromEnvironment = Environment.GetEnvironmentVariable(FamilyMasterKey.EnvironmentVariable) is { Length: > 0 };
            var pending = MasterKeyRotation.PendingPathIn(storage.DataDirectory);
            try
            {
                old = FamilyMasterKey.Load(storage);
                if (fromEnvironment)
                {
                    if (Environment.GetEnvironmentVariable(MasterKeyRotation.NewKeyVariable) is not { Length: > 0 } text)
                    {
                        await Console.Error.WriteLineAsync($"{FamilyMasterKey.EnvironmentVariable} is set: give the new master key in {MasterKeyRotation.NewKeyVariable} (32 random bytes, base64: `openssl rand -base64 32`).");
                        return LifelineCommandLine.BadInput;
                    }
                    next = FamilyMasterKey.FromBytes(Convert.FromBase64String(text.Trim()));
                }
                else
                {
                    // A rotation that stopped half-way left its new key here: it is used again, never replaced.
                    next = FamilyMasterKey.Create(pending);
                }
            }
            catch (Exception e) when (e is InvalidDataException or FormatException)
            {
                await Console.Error.WriteLineAsync(e is FormatException ? $"{MasterKeyRotation.NewKeyVariable} is not base64." : e.Message);
                return LifelineCommandLine.BadInput;
            }
            if (next.Id.AsSpan().SequenceEqual(old.Id))
            {
                await Console.Error.WriteLineAsync("The new master key is the current one: nothing to do.");
                return LifelineCommandLine.BadInput;
            }
            await using var db = LifelineCommandLine.Open(result);
            var user = new CommandLineUser(result.GetValue(by)!);
            var outcome = await MasterKeyRotation.RewrapAsync(db, new AuditLog(db, user, clock), old, next, cancel);
            if (outcome.Unopened > 0)
            {
                await Console.Error.WriteLineAsync($"{outcome.Unopened:N0} data keys are wrapped by neither the current nor the new master key: nothing was changed.");
                return LifelineCommandLine.Findings;
            }
            if (!fromEnvironment)
            {
                // The new key replaces the old file in one rename: the old key is not kept anywhere by Lifeline.
                File.Move(pending, FamilyMasterKey.PathIn(storage.DataDirectory), overwrite: true);
            }
            Console.WriteLine($"Re-wrapped {outcome.Rewrapped:N0} data keys ({outcome.AlreadyNew:N0} already were, {outcome.Erased:N0} erased: nothing to wrap); records and ledger untouched.");
            Console.WriteLine(fromEnvironment
                ? $"Now set {FamilyMasterKey.EnvironmentVariable} to the new key on every node, restart them, and destroy the old key."
                : $"{FamilyMasterKey.PathIn(storage.DataDirectory)} holds the new key; the old one is gone. Restart every server (and copy the file to every node that shares it).");
            return LifelineCommandLine.Ok;
        });

        return new Command("families", "Separated families: PFIF 1.4 import and export, possible matches, erasure, master-key rotation (docs/families.md)") { import, export, match, erase, rotate };
    }

    private static FamilyCases Cases(Storage.LifelineDbContext db, ParseResult result, TimeProvider clock, Option<string> by)
    {
        var user = new CommandLineUser(result.GetValue(by)!);
        var vault = new FamilyVault(FamilyMasterKey.Load(LifelineCommandLine.StorageOf(result)));
        return new FamilyCases(db, clock, user, new AuditLog(db, user, clock), vault);
    }
}
