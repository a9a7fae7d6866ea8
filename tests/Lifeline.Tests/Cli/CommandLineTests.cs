using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Cli;

/// <summary>The <c>lifeline</c> verbs as a user runs them: output, files and exit codes.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "lifeline-cli-tests", Guid.NewGuid().ToString("N"));

    public CommandLineTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private string Data(string name)
    {
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(path);
        return path;
    }

    [Fact]
    public async Task Help_ListsEveryVerb()
    {
        var result = await LifelineProcess.Run(folder, "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var verb in new[] { "serve", "import", "export", "scenario" })
        {
            Assert.Contains(verb, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownVerb_IsBadUsage()
    {
        var result = await LifelineProcess.Run(folder, "frobnicate");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("frobnicate", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScenarioList_NamesLachin()
    {
        var result = await LifelineProcess.Run(folder, "scenario", "list");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("lachin-2022", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScenarioLoad_Twice_SecondIsRefused()
    {
        var data = Data("twice");
        var first = await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--data", data);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Imported", first.Output, StringComparison.Ordinal);
        var second = await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--data", data);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("Nothing was imported", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScenarioLoad_Unknown_IsBadInput()
    {
        var result = await LifelineProcess.Run(folder, "scenario", "load", "atlantis", "--data", Data("unknown"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lachin-2022", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportThenImportElsewhere_GivesTheSameFile()
    {
        var source = Data("source");
        Assert.Equal(0, (await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--data", source)).ExitCode);
        var first = Path.Combine(folder, "first.json");
        var export = await LifelineProcess.Run(folder, "export", "--out", first, "--data", source);
        Assert.Equal(0, export.ExitCode);

        var target = Data("target");
        var import = await LifelineProcess.Run(folder, "import", first, "--data", target);
        Assert.Equal(0, import.ExitCode);
        var second = Path.Combine(folder, "second.json");
        Assert.Equal(0, (await LifelineProcess.Run(folder, "export", "--out", second, "--data", target)).ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(first, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(second, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Import_BadFile_NamesTheErrorsAndStoresNothing()
    {
        var data = Data("bad");
        var file = Path.Combine(folder, "bad.json");
        await File.WriteAllTextAsync(file, """
            { "format": "lifeline/1",
              "situation": { "id": "cli-test", "name": "CLI test", "region": "Nowhere", "startDate": "2021-05-01" },
              "sources": [ { "id": "s", "publisher": "P", "url": "https://example.org" } ],
              "places": [ { "id": "p", "kind": "settlement", "names": { "en": "P" } } ],
              "events": [ { "id": "e", "date": "2021-05-40", "place": "p", "type": "statement", "notes": "x", "sources": ["s"] } ] }
            """, TestContext.Current.CancellationToken);
        var result = await LifelineProcess.Run(folder, "import", file, "--data", data);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("events[0].date", result.Error, StringComparison.Ordinal);
        var export = await LifelineProcess.Run(folder, "export", "--out", Path.Combine(folder, "none.json"), "--data", data);
        Assert.Equal(2, export.ExitCode);
        Assert.Contains("no situation", export.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableDatabase_SaysWhichAndWhyWithoutAStackTrace()
    {
        var result = await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--postgres", "Host=127.0.0.1;Port=1;Database=none;Username=u;Password=p;Timeout=2");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("PostgreSQL 127.0.0.1:1/none", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Lifeline.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersAdd_PrintsAOneTimePasswordAndListShowsTheAccount()
    {
        var data = Data("users");
        var added = await LifelineProcess.Run(folder, "users", "add", "--email", "ada@example.org", "--role", "admin", "--name", "Ada", "--data", data);
        Assert.Equal(0, added.ExitCode);
        Assert.Matches("One-time password \\(to be changed at first sign-in\\): [A-Za-z0-9]{20}", added.Output);
        var list = await LifelineProcess.Run(folder, "users", "list", "--data", data);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("ada@example.org\tAda\tadmin\tone-time password", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersAdd_UnknownRoleOrTakenEmail_IsBadInputAndAddsNothing()
    {
        var data = Data("bad-users");
        var unknown = await LifelineProcess.Run(folder, "users", "add", "--email", "x@example.org", "--role", "reporter,wizard", "--data", data);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'wizard' is not a role", unknown.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("x@example.org", (await LifelineProcess.Run(folder, "users", "list", "--data", data)).Output, StringComparison.Ordinal);

        Assert.Equal(0, (await LifelineProcess.Run(folder, "users", "add", "--email", "y@example.org", "--role", "viewer", "--data", data)).ExitCode);
        var taken = await LifelineProcess.Run(folder, "users", "add", "--email", "y@example.org", "--role", "admin", "--data", data);
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("already an account", taken.Error, StringComparison.Ordinal);
        var weak = await LifelineProcess.RunWithInput(folder, "short", "users", "add", "--email", "z@example.org", "--role", "viewer", "--password-stdin", "--data", data);
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains("at least 12 characters", weak.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersDisableAndReset_ChangeWhatTheListShows()
    {
        var data = Data("disable");
        Assert.Equal(0, (await LifelineProcess.Run(folder, "users", "add", "--email", "r@example.org", "--role", "reporter", "--data", data)).ExitCode);
        Assert.Equal(0, (await LifelineProcess.Run(folder, "users", "disable", "--email", "r@example.org", "--data", data)).ExitCode);
        Assert.Contains("r@example.org\tr@example.org\treporter\tdisabled", (await LifelineProcess.Run(folder, "users", "list", "--data", data)).Output, StringComparison.Ordinal);
        var reset = await LifelineProcess.Run(folder, "users", "reset", "--email", "r@example.org", "--data", data);
        Assert.Equal(0, reset.ExitCode);
        Assert.Contains("One-time password for r@example.org", reset.Output, StringComparison.Ordinal);
        Assert.Contains("\tone-time password", (await LifelineProcess.Run(folder, "users", "list", "--data", data)).Output, StringComparison.Ordinal);
        Assert.Equal(2, (await LifelineProcess.Run(folder, "users", "disable", "--email", "nobody@example.org", "--data", data)).ExitCode);
    }

    [Fact]
    public async Task Import_MissingFile_IsBadInput()
    {
        var result = await LifelineProcess.Run(folder, "import", Path.Combine(folder, "nope.json"), "--data", Data("missing"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.json", result.Error, StringComparison.Ordinal);
    }
}
