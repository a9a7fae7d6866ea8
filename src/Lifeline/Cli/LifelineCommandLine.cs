using System.CommandLine;
using Lifeline.Accounts;
using Lifeline.Exchange;
using Lifeline.Situations;
using Lifeline.Storage;
using Lifeline.Web;
using Spectre.Console;

namespace Lifeline.Cli;

/// <summary>
/// The <c>lifeline</c> command: one verb a task. Exit codes: 0 done, 1 findings or a failure while working,
/// 2 bad usage or bad input.
/// </summary>
internal static class LifelineCommandLine
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int BadInput = 2;

    /// <summary>Files larger than this get a progress bar while they are read or written.</summary>
    private const long ProgressThresholdBytes = 4 * 1024 * 1024;

    private static readonly Option<string> Data = new("--data")
    {
        Description = $"The folder that holds lifeline.db (SQLite), the evidence files and the ledger's signing key. Default: LIFELINE_DATA, else {Storage.DataFolder.PerUser}",
        DefaultValueFactory = _ => Storage.DataFolder.Default,
        Recursive = true,
    };

    private static readonly Option<string?> Postgres = new("--postgres")
    {
        Description = "Use PostgreSQL with this connection string instead of SQLite (or set ConnectionStrings__Lifeline)",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var root = new RootCommand("Lifeline: the situation picture and response record for a population cut off by a blockade or siege. Without a verb, serves the web pages and API.")
        {
            Options = { Data, Postgres },
        };
        root.Subcommands.Add(Serve(clock));
        root.Subcommands.Add(Import(clock));
        root.Subcommands.Add(Export(clock));
        root.Subcommands.Add(Scenario(clock));
        root.Subcommands.Add(Users(clock));
        root.Subcommands.Add(Ledger.LedgerCommandLine.Create(clock));
        root.Subcommands.Add(KeysCommand.Create(clock));
        root.Subcommands.Add(Evidence.EvidenceCommandLine.Create(clock));
        root.Subcommands.Add(Airlift.AirliftCommand.Create(clock));
        root.Subcommands.Add(EarlyWarning.RiskCommand.Create(clock));
        root.Subcommands.Add(Legal.ComplianceCommand.Create(clock));
        root.Subcommands.Add(Legal.DossierCommand.Create(clock));
        root.Subcommands.Add(Families.FamilyCommandLine.Create(clock));
        Supplies.SupplyCommandLine.AddTo(root, clock);
        root.Subcommands.Add(Reports.ReportCommand.Create(clock));

        var parsed = root.Parse(args.Length == 0 ? ["serve"] : args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }
            Console.Error.WriteLine("Run 'lifeline --help' to see the verbs and their options.");
            return BadInput;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return BadInput;
        }
        catch (EarlyWarning.InvalidSettingsException ex)
        {
            // A setting that cannot be used: refuse to start, naming it.
            Console.Error.WriteLine(ex.Message);
            return BadInput;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException { InnerException: System.Data.Common.DbException })
        {
            // The database could not be reached: say which and why, without a stack trace.
            Console.Error.WriteLine($"Lifeline could not work with {Describe(parsed)}: {(ex.InnerException ?? ex).Message}");
            return Findings;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // A file could not be read or written (or is not what it should be), or the address to listen on is taken.
            Console.Error.WriteLine($"Lifeline stopped: {ex.Message}");
            return Findings;
        }
    }

    private static string Describe(ParseResult result)
    {
        try
        {
            return StorageOf(result).Describe();
        }
        catch (Exception ex) when (ex is ArgumentException or UsageException)
        {
            return "the database (the connection string could not be read)";
        }
    }

    /// <summary>
    /// PostgreSQL when <c>--postgres</c> is given or the configuration names <c>ConnectionStrings:Lifeline</c>
    /// (appsettings.json in the working folder, or the environment variable <c>ConnectionStrings__Lifeline</c>);
    /// otherwise SQLite in the data folder.
    /// </summary>
    /// <param name="createData">Whether a missing data folder is made (serve, scenario load) rather than refused.</param>
    internal static StorageOptions StorageOf(ParseResult result, bool createData = false)
    {
        // The per-user folder is Lifeline's own, so any verb may make it; a folder someone named must exist.
        var named = result.GetResult(Data) is { Implicit: false } || Environment.GetEnvironmentVariable(Storage.DataFolder.EnvironmentVariable) is { Length: > 0 };
        DataFolder(result.GetValue(Data)!, createData || !named);
        var configuration = Configuration();
        var postgres = result.GetValue(Postgres) ?? configuration.GetConnectionString("Lifeline");
        var storage = string.IsNullOrWhiteSpace(postgres) ? StorageOptions.Sqlite(result.GetValue(Data)!) : StorageOptions.Postgres(postgres, result.GetValue(Data));
        return storage with { EvidenceFolderSetting = EvidenceFolder(configuration), RefuseBlockingQueriesInRequests = RefuseBlockingQueries(configuration) };
    }

    /// <summary><c>Storage:RefuseBlockingQueriesInRequests</c> (appsettings.json, or Storage__RefuseBlockingQueriesInRequests): for development runs.</summary>
    private static bool RefuseBlockingQueries(IConfiguration configuration)
    {
        const string key = "Storage:RefuseBlockingQueriesInRequests";
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        return bool.TryParse(text.Trim(), out var refuse) ? refuse : throw new UsageException($"{key} = '{text}' must be true or false.");
    }

    /// <summary>The evidence folder's setting: <c>Evidence:Folder</c> (appsettings.json, or Evidence__Folder), else LIFELINE_EVIDENCE_FOLDER.</summary>
    private static string? EvidenceFolder(IConfiguration configuration) =>
        new[] { configuration["Evidence:Folder"], configuration["LIFELINE_EVIDENCE_FOLDER"] }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>
    /// The data folder must be a folder that exists: a mistyped <c>--data</c> would otherwise start an empty record
    /// somewhere else. Only <c>serve</c> and <c>scenario load</c> make it, and say so.
    /// </summary>
    private static void DataFolder(string path, bool create)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new UsageException($"--data {full} is a file: it must be the folder that holds lifeline.db, the evidence files and the ledger key.");
        }
        if (Directory.Exists(full))
        {
            return;
        }
        if (!create)
        {
            throw new UsageException($"There is no folder {full}: give --data the folder that holds lifeline.db ('lifeline serve' and 'lifeline scenario load' create a new one).");
        }
        Directory.CreateDirectory(full);
        Console.WriteLine($"Created the data folder {full}.");
    }

    /// <summary>A command line that cannot be carried out as given: exit 2 with the message.</summary>
    internal sealed class UsageException(string message) : Exception(message);

    /// <summary>The configuration the verbs read: appsettings.json in the working folder, then the environment variables.</summary>
    internal static IConfiguration Configuration() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    private static Command Serve(TimeProvider clock)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => LifelineWeb.DefaultUrls };
        var noSeed = new Option<bool>("--no-seed") { Description = "Do not load the built-in scenario into a database that has no situation yet" };
        var command = new Command("serve", "Serve the web pages and the API (creates the database and loads lachin-2022 on first run)") { urls, noSeed };
        command.SetAction(result =>
        {
            var storage = StorageOf(result, createData: true);
            var configuration = Configuration();
            var signals = EarlyWarning.SignalConfiguration.Read(configuration);
            var settings = ServerSettings.Read(configuration);
            var address = result.GetValue(urls)!;
            // Said before anything slow happens (a first run loads the built-in scenario), so nobody waits in silence.
            Console.WriteLine($"Lifeline: data in {storage.DataDirectory} ({storage.Describe()}); serving {address.Split(';')[0]}");
            var app = LifelineWeb.Build(new WebOptions(address, storage, clock, SeedOnFirstRun: !result.GetValue(noSeed), Settings: settings, Signals: signals, Announce: Console.Out));
            app.Run();
            return Ok;
        });
        return command;
    }

    private static Command Import(TimeProvider clock)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A lifeline/1 JSON document, an ACLED CSV file or an HXL-tagged CSV file (see docs/data-format.md)" };
        var by = new Option<string>("--by") { Description = "Who is importing (kept with every version)", DefaultValueFactory = _ => Environment.UserName };
        var format = new Option<string?>("--format") { Description = "lifeline, acled or hxl; found from the file when left out" };
        var situation = new Option<string?>("--situation") { Description = "ACLED and HXL: the situation the events belong to (needed when there is more than one)" };
        var skip = new Option<bool>("--skip-bad-rows") { Description = "ACLED and HXL: skip each bad row (and report it) instead of importing nothing" };
        var origin = new Option<string?>("--origin") { Description = "ACLED and HXL: the address the file was downloaded from, recorded on the sources and places it creates (ACLED default: https://acleddata.com/)" };
        var command = new Command("import", "Import a lifeline/1 document, or the events of an ACLED or HXL CSV file: every record is checked, and either all is stored or nothing (ACLED, HXL: unless --skip-bad-rows). Evidence files are read from FILE.evidence/ beside a lifeline/1 document") { file, by, format, situation, skip, origin };
        command.SetAction(result =>
        {
            var input = result.GetValue(file)!;
            if (!input.Exists)
            {
                Console.Error.WriteLine($"There is no file {input.FullName}.");
                return BadInput;
            }
            ImportFormat? chosen = null;
            if (result.GetValue(format) is { } named)
            {
                chosen = Core.Common.KebabCase.Parse<ImportFormat>(named.Trim());
                if (chosen is null)
                {
                    Console.Error.WriteLine($"--format: '{named}' is not an import format: use {Core.Common.KebabCase.Choices<ImportFormat>()}");
                    return BadInput;
                }
            }
            Uri? originUri = null;
            if (result.GetValue(origin) is { } originText && (!Uri.TryCreate(originText, UriKind.Absolute, out originUri) || originUri.Scheme is not ("http" or "https")))
            {
                Console.Error.WriteLine($"--origin: '{originText}' is not a web address: it must start with http:// or https://");
                return BadInput;
            }
            using var stream = input.OpenRead();
            chosen ??= LooksLikeJson(stream) ? ImportFormat.Lifeline : null;
            if (chosen == ImportFormat.Lifeline)
            {
                if (result.GetValue(skip) || result.GetValue(situation) is not null || originUri is not null)
                {
                    Console.Error.WriteLine("--situation, --skip-bad-rows and --origin are for ACLED and HXL files: a lifeline/1 document names its situation and is imported whole or not at all.");
                    return BadInput;
                }
                using var db = Open(result);
                var files = new Evidence.EvidenceStorage(db, StorageOf(result));
                var folder = Exporter.EvidenceFolderOf(input.FullName);
                var outcome = WithProgress($"Importing {input.Name}", input.Length, progress =>
                    new Importer(db, clock, files, Directory.Exists(folder) ? folder : null).Import(stream, result.GetValue(by)!, $"imported from {input.Name}", progress));
                return Report(outcome, input.Name);
            }
            using (var db = Open(result))
            {
                var importer = new OpenDataImporter(db, clock) { SkipBadRows = result.GetValue(skip), Origin = originUri };
                var outcome = WithProgress($"Importing {input.Name}", input.Length, progress =>
                    importer.Import(stream, chosen, result.GetValue(situation), result.GetValue(by)!, input.Name, progress));
                return Report(outcome, input.Name);
            }
        });
        return command;
    }

    /// <summary>Whether the file's first character (after white space and a byte-order mark) opens a JSON object; the stream is put back at its start.</summary>
    private static bool LooksLikeJson(Stream stream)
    {
        Span<byte> head = stackalloc byte[512];
        var read = stream.Read(head);
        stream.Position = 0;
        var text = head[..read];
        if (text is [0xEF, 0xBB, 0xBF, ..])
        {
            text = text[3..];
        }
        foreach (var b in text)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }
            return b == (byte)'{';
        }
        return false;
    }

    private static int Report(OpenDataImportResult outcome, string what)
    {
        var format = Core.Common.KebabCase.Of(outcome.Format);
        if (outcome.Stored)
        {
            Console.WriteLine($"Imported {what} ({format}) into {outcome.SituationId}: {outcome.Rows:N0} rows, {outcome.Added:N0} events added, {outcome.Changed:N0} changed (a new version each), {outcome.Unchanged:N0} already stored as they are{(outcome.Skipped > 0 ? $", {outcome.Skipped:N0} bad rows skipped" : "")}.");
            foreach (var error in outcome.Errors)
            {
                Console.Error.WriteLine($"  skipped: {error}");
            }
            if (outcome.MoreErrors > 0)
            {
                Console.Error.WriteLine($"  ... and {outcome.MoreErrors:N0} more");
            }
            return outcome.Skipped > 0 ? Findings : Ok;
        }
        Console.Error.WriteLine($"Nothing was imported from {what} ({format}): {outcome.Errors.Count + outcome.MoreErrors:N0} errors{(outcome.Skipped > 0 ? $" in {outcome.Skipped:N0} rows (--skip-bad-rows imports the others)" : "")}.");
        foreach (var error in outcome.Errors)
        {
            Console.Error.WriteLine($"  {error}");
        }
        if (outcome.MoreErrors > 0)
        {
            Console.Error.WriteLine($"  ... and {outcome.MoreErrors:N0} more");
        }
        return BadInput;
    }

    private static Command Export(TimeProvider clock)
    {
        var output = new Option<FileInfo>("--out") { Description = "The file to write", Required = true };
        var situation = new Option<string?>("--situation") { Description = "Which situation (needed when there is more than one)" };
        var format = new Option<string>("--format") { Description = "lifeline (default: the whole record as a lifeline/1 document), or the events as acled (ACLED CSV), hxl (HXL CSV) or geojson (RFC 7946)", DefaultValueFactory = _ => "lifeline" };
        var what = new Option<string>("--what") { Description = "With --format hxl: events (the default), calendar (each day's route and utility status), supplies (the supply figures) or families (the public counts)", DefaultValueFactory = _ => "events" };
        var command = new Command("export", "Export a situation, every version of its events, assessments and supply observations, and its evidence (metadata in the document, files in FILE.evidence/) as a lifeline/1 document; or its events as ACLED CSV, HXL CSV or GeoJSON (--format); or as HXL its calendar, supply figures or family counts (--what)") { output, situation, format, what };
        command.SetAction(async (result, cancel) =>
        {
            var chosen = result.GetValue(format)!.Trim();
            Reports.OpenDataFormat? openData = null;
            if (!chosen.Equals("lifeline", StringComparison.OrdinalIgnoreCase))
            {
                openData = Core.Common.KebabCase.Parse<Reports.OpenDataFormat>(chosen);
                if (openData is null)
                {
                    Console.Error.WriteLine($"--format: '{chosen}' is not an export format: use lifeline, {Core.Common.KebabCase.Choices<Reports.OpenDataFormat>()}");
                    return BadInput;
                }
            }
            var subject = Core.Common.KebabCase.Parse<Reports.OpenDataSubject>(result.GetValue(what)!.Trim());
            if (subject is null)
            {
                Console.Error.WriteLine($"--what: '{result.GetValue(what)}' is not something to export: use {Core.Common.KebabCase.Choices<Reports.OpenDataSubject>()}");
                return BadInput;
            }
            if (subject != Reports.OpenDataSubject.Events && openData != Reports.OpenDataFormat.Hxl)
            {
                Console.Error.WriteLine($"--what {Core.Common.KebabCase.Of(subject.Value)}: this table is exported as HXL only: add --format hxl");
                return BadInput;
            }
            using var db = Open(result);
            var situations = db.Situations.Select(s => s.Id).OrderBy(s => s).ToList();
            var id = result.GetValue(situation) ?? (situations.Count == 1 ? situations[0] : null);
            if (id is null || !situations.Contains(id))
            {
                Console.Error.WriteLine(situations.Count == 0
                    ? "There is no situation to export."
                    : result.GetValue(situation) is { } unknown
                        ? $"There is no situation '{unknown}'. The situations are: {string.Join(", ", situations)}"
                        : $"Say which situation with --situation: {string.Join(", ", situations)}");
                return BadInput;
            }
            var target = result.GetValue(output)!;
            if (Directory.Exists(target.FullName))
            {
                Console.Error.WriteLine($"--out {target.FullName} is a folder: give the name of the file to write.");
                return BadInput;
            }
            var temporary = target.FullName + ".partial";
            if (subject != Reports.OpenDataSubject.Events)
            {
                long rows;
                await using (var file = File.Create(temporary))
                {
                    rows = await ExportTableAsync(db, id, subject.Value, clock, file, cancel);
                }
                File.Move(temporary, target.FullName, overwrite: true);
                Console.WriteLine($"Exported the {Core.Common.KebabCase.Of(subject.Value)} table of {id} as HXL ({rows:N0} rows) to {target.FullName}");
                return Ok;
            }
            if (openData is { } open)
            {
                long written;
                await using (var file = File.Create(temporary))
                {
                    written = await Reports.OpenDataExport.WriteAsync(db, id, Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Events).Where(e => e.SituationId == id), open, showProtected: true, file, cancel);
                }
                File.Move(temporary, target.FullName, overwrite: true);
                Console.WriteLine($"Exported {written:N0} events of {id} as {Core.Common.KebabCase.Of(open)} to {target.FullName}");
                return Ok;
            }
            var exporter = new Exporter(db);
            var total = exporter.CountVersions(id);
            Exporter.Summary? summary;
            using (var stream = File.Create(temporary))
            {
                // Files are read on a connection of their own: the export reads its rows as a stream on the first.
                using var filesDb = StorageSetup.CreateContext(StorageOf(result));
                var evidence = (new Evidence.EvidenceStorage(filesDb, StorageOf(result)), Exporter.EvidenceFolderOf(target.FullName));
                summary = WithProgress($"Exporting {id}", total > 50_000 ? total : 0, progress =>
                    exporter.Export(id, stream, new Progress<int>(n => progress.Report(n)), evidence));
            }
            File.Move(temporary, target.FullName, overwrite: true);
            Console.WriteLine($"Exported {summary!.Events:N0} events ({summary.Versions:N0} versions, {summary.Reviews:N0} reviews), {summary.Assessments:N0} assessment versions, "
                + $"{summary.Observations:N0} supply observation versions and {summary.Evidence:N0} evidence files of {id} to {target.FullName}");
            return Ok;
        });
        return command;
    }

    /// <summary>The command line's HXL tables: internal (every event, protected sources named), the calendar over the situation's days.</summary>
    private static async Task<long> ExportTableAsync(LifelineDbContext db, string situationId, Reports.OpenDataSubject subject, TimeProvider clock, Stream output, CancellationToken cancel)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        switch (subject)
        {
            case Reports.OpenDataSubject.Calendar:
                var situation = await Reports.HxlTables.SituationAsync(db, situationId, cancel);
                return await Reports.HxlTables.WriteCalendarAsync(db, situation, db.Events.Where(e => e.SituationId == situationId), situation.StartDate, situation.LastDay(today), showProtected: true, output, cancel);
            case Reports.OpenDataSubject.Supplies:
                return await Reports.HxlTables.WriteSuppliesAsync(db, situationId, null, null, showProtected: true, output, cancel);
            default:
                return await Reports.HxlTables.WriteFamiliesAsync(await Families.FamilyCases.PublicCountsAsync(db, situationId, cancel), today, output, cancel);
        }
    }

    private static Command Scenario(TimeProvider clock)
    {
        var list = new Command("list", "The built-in scenarios");
        list.SetAction(_ =>
        {
            foreach (var name in Scenarios.Names())
            {
                Console.WriteLine(name);
            }
            return Ok;
        });
        var name = new Argument<string>("NAME") { Description = "A built-in scenario, e.g. lachin-2022" };
        var load = new Command("load", "Load a built-in scenario into the database") { name };
        load.SetAction(result =>
        {
            var scenario = result.GetValue(name)!;
            if (!Scenarios.Names().Contains(scenario, StringComparer.Ordinal))
            {
                Console.Error.WriteLine($"There is no built-in scenario '{scenario}'. The scenarios are: {string.Join(", ", Scenarios.Names())}");
                return BadInput;
            }
            using var db = Open(result, createData: true);
            return Report(Scenarios.Load(db, clock, scenario)!, scenario);
        });
        var updateName = new Argument<string>("NAME") { Description = "A built-in scenario already loaded, e.g. lachin-2022" };
        var update = new Command("update", "Bring a loaded built-in scenario up to the shipped file: each corrected event, source or place becomes a new version with its reason") { updateName };
        update.SetAction(result =>
        {
            var scenario = result.GetValue(updateName)!;
            if (!Scenarios.Names().Contains(scenario, StringComparer.Ordinal))
            {
                Console.Error.WriteLine($"There is no built-in scenario '{scenario}'. The scenarios are: {string.Join(", ", Scenarios.Names())}");
                return BadInput;
            }
            using var db = Open(result);
            using var stream = File.OpenRead(Scenarios.FileOf(scenario));
            var outcome = new ScenarioUpdate(db, clock).Update(stream, scenario);
            foreach (var notice in outcome.Notices)
            {
                Console.Error.WriteLine(notice);
            }
            if (!outcome.Succeeded)
            {
                foreach (var error in outcome.Errors)
                {
                    Console.Error.WriteLine(error);
                }
                Console.Error.WriteLine($"Nothing was changed in {scenario}.");
                return BadInput;
            }
            Console.WriteLine(outcome.Changed
                ? $"Updated {scenario}: {(outcome.Widened is { } period ? $"its record period widened to {period}, " : "")}{outcome.EventsCorrected:N0} events corrected and {outcome.EventsAdded:N0} added, {outcome.SourcesCorrected:N0} sources corrected and {outcome.SourcesAdded:N0} added, {outcome.PlacesCorrected:N0} places corrected and {outcome.PlacesAdded:N0} added, {outcome.ReviewsAdded:N0} reviews added; each change is a new version in the ledger."
                : $"{scenario} is already up to date.");
            return outcome.Notices.Count > 0 ? Findings : Ok;
        });
        return new Command("scenario", "List, load or update the built-in scenarios") { list, load, update };
    }

    private static Command Users(TimeProvider clock)
    {
        var email = new Option<string>("--email") { Description = "The account's email address", Required = true };
        var role = new Option<string[]>("--role") { Description = $"A role (repeat or separate with commas): {Core.Common.KebabCase.Choices<Core.Access.Role>()}", Required = true, AllowMultipleArgumentsPerToken = true };
        var name = new Option<string?>("--name") { Description = "How the person is named in the record (default: the email address)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of making a one-time password" };
        var add = new Command("add", "Add an account; prints a one-time password to be changed at first sign-in") { email, role, name, passwordStdin };
        add.SetAction(result => WithAccounts(result, clock, async admin =>
        {
            var (roles, errors) = UserAdministration.ParseRoles(result.GetValue(role)!);
            string? password = null;
            if (errors.IsEmpty && result.GetValue(passwordStdin))
            {
                password = Console.In.ReadLine()?.TrimEnd('\r', '\n');
                if (string.IsNullOrEmpty(password))
                {
                    errors.Add("password", "nothing was read from standard input");
                }
            }
            if (!errors.IsEmpty)
            {
                return Refuse(errors);
            }
            var outcome = await admin.Add(result.GetValue(email)!.Trim(), result.GetValue(name), roles, password);
            if (!outcome.Errors.IsEmpty)
            {
                return Refuse(outcome.Errors);
            }
            Console.WriteLine($"Added {result.GetValue(email)} ({string.Join(", ", roles.Select(Accounts.Security.RoleName))}).");
            if (outcome.Password is not null)
            {
                Console.WriteLine($"One-time password (to be changed at first sign-in): {outcome.Password}");
            }
            return Ok;
        }));

        var list = new Command("list", "List the accounts, their roles and state");
        list.SetAction(result => WithAccounts(result, clock, async admin =>
        {
            foreach (var user in await admin.List())
            {
                var state = user.Disabled ? "disabled" : user.LockedOut ? "locked out" : user.MustChangePassword ? "one-time password" : "active";
                Console.WriteLine($"{user.Email}\t{user.Name}\t{string.Join(",", user.Roles)}\t{state}");
            }
            return Ok;
        }));

        var disableEmail = new Option<string>("--email") { Description = "The account to disable", Required = true };
        var disable = new Command("disable", "Disable an account: no sign-in, sessions end within a minute, API tokens refused") { disableEmail };
        disable.SetAction(result => WithAccounts(result, clock, async admin =>
        {
            if (!await admin.Disable(result.GetValue(disableEmail)!.Trim()))
            {
                Console.Error.WriteLine($"There is no account '{result.GetValue(disableEmail)}'.");
                return BadInput;
            }
            Console.WriteLine($"Disabled {result.GetValue(disableEmail)}.");
            return Ok;
        }));

        var resetEmail = new Option<string>("--email") { Description = "The account to reset", Required = true };
        var reset = new Command("reset", "Give an account a new one-time password (and unlock and re-enable it)") { resetEmail };
        reset.SetAction(result => WithAccounts(result, clock, async admin =>
        {
            var outcome = await admin.Reset(result.GetValue(resetEmail)!.Trim());
            if (!outcome.Errors.IsEmpty)
            {
                return Refuse(outcome.Errors);
            }
            Console.WriteLine($"One-time password for {result.GetValue(resetEmail)} (to be changed at first sign-in): {outcome.Password}");
            return Ok;
        }));

        var phoneEmail = new Option<string>("--email") { Description = "The account whose reports by SMS come from the number", Required = true };
        var phoneNumber = new Argument<string?>("NUMBER") { Description = "The phone number with its country code (+374 97 123456); leave out with --clear", Arity = ArgumentArity.ZeroOrOne };
        var clearPhone = new Option<bool>("--clear") { Description = "Remove the account's number: its messages are refused from then on" };
        var phone = new Command("phone", "Register the phone number an account's reports by SMS come from (docs/field.md), or --clear it") { phoneEmail, phoneNumber, clearPhone };
        phone.SetAction(result => WithAccounts(result, clock, async admin =>
        {
            var number = result.GetValue(phoneNumber);
            var clear = result.GetValue(clearPhone);
            if (clear == (number is not null))
            {
                Console.Error.WriteLine("Give a number, or --clear to remove the account's number (not both).");
                return BadInput;
            }
            var errors = await admin.SetPhone(result.GetValue(phoneEmail)!.Trim(), number);
            if (!errors.IsEmpty)
            {
                return Refuse(errors);
            }
            Console.WriteLine(clear
                ? $"{result.GetValue(phoneEmail)} has no phone number for SMS reports now."
                : $"Messages from {Sms.PhoneNumbers.Normalize(number)} are recorded as {result.GetValue(phoneEmail)}.");
            return Ok;
        }));

        return new Command("users", "Manage accounts: add, list, disable, reset, phone") { add, list, disable, reset, phone };
    }

    private static int WithAccounts(ParseResult result, TimeProvider clock, Func<UserAdministration, Task<int>> work)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddLifelineStorage(StorageOf(result));
        services.AddAccountStore();
        services.AddScoped<UserAdministration>();
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        StorageSetup.Prepare(scope.ServiceProvider.GetRequiredService<LifelineDbContext>());
        return work(scope.ServiceProvider.GetRequiredService<UserAdministration>()).GetAwaiter().GetResult();
    }

    private static int Refuse(Core.Common.ValidationErrors errors)
    {
        foreach (var (field, messages) in errors.ToDictionary())
        {
            Console.Error.WriteLine($"{field}: {string.Join(" ", messages)}");
        }
        return BadInput;
    }

    internal static LifelineDbContext Open(ParseResult result, bool createData = false)
    {
        var db = StorageSetup.CreateContext(StorageOf(result, createData));
        StorageSetup.Prepare(db);
        return db;
    }

    private static int Report(ImportResult outcome, string what)
    {
        if (outcome.Succeeded)
        {
            var (assessments, observations, evidence) = outcome.Others;
            var others = assessments + observations + evidence == 0 ? ""
                : $", {assessments:N0} assessment versions, {observations:N0} supply observation versions and {evidence:N0} evidence files";
            Console.WriteLine($"Imported {outcome.Events:N0} events ({outcome.Versions:N0} versions, {outcome.Reviews:N0} reviews){others} from {what} into {outcome.SituationId}.");
            return Ok;
        }
        Console.Error.WriteLine($"Nothing was imported from {what}: {outcome.Errors.Count + outcome.MoreErrors} errors.");
        foreach (var error in outcome.Errors)
        {
            Console.Error.WriteLine($"  {error}");
        }
        if (outcome.MoreErrors > 0)
        {
            Console.Error.WriteLine($"  ... and {outcome.MoreErrors} more");
        }
        return BadInput;
    }

    /// <summary>Runs <paramref name="work"/> with a progress bar when there is enough to do and a terminal to show it on.</summary>
    internal static T WithProgress<T>(string description, long total, Func<IProgress<long>, T> work)
    {
        if (total < ProgressThresholdBytes && total < 50_000 || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return work(new Progress<long>());
        }
        return AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask(description, maxValue: total);
            var value = work(new SyncProgress(v => task.Value = v));
            task.Value = total;
            return value;
        });
    }

    /// <summary>The same for asynchronous work.</summary>
    internal static async Task<T> WithProgressAsync<T>(string description, long total, Func<IProgress<long>, Task<T>> work)
    {
        if (total < ProgressThresholdBytes && total < 50_000 || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(new Progress<long>());
        }
        return await AnsiConsole.Progress().StartAsync(async context =>
        {
            var task = context.AddTask(description, maxValue: total);
            var value = await work(new SyncProgress(v => task.Value = v));
            task.Value = total;
            return value;
        });
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
