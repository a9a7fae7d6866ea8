using System.Text;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Cli;

/// <summary>
/// The executable given bad files and bad folders: every run ends in exit 0, 1 or 2 with a message naming what
/// is wrong, never in a crash, and nothing is created where the user did not ask for it.
/// </summary>
public sealed class CommandLineInputTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "lifeline-cli-input-tests", Guid.NewGuid().ToString("N"));

    public CommandLineInputTests() => Directory.CreateDirectory(folder);

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

    private string File(string name, byte[] content)
    {
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public static TheoryData<string, byte[]> NotText => new()
    {
        // {"format":"\ud800"}: a lone surrogate, 19 bytes.
        { "lone-surrogate", Encoding.ASCII.GetBytes("{\"format\":\"\\ud800\"}") },
        { "invalid-utf8", [.. Encoding.ASCII.GetBytes("{\"format\":\""), 0xFF, 0xFE, .. Encoding.ASCII.GetBytes("\"}")] },
        { "invalid-utf8-in-a-record", [.. Encoding.ASCII.GetBytes("{\"format\":\"lifeline/1\",\"sources\":[{\"id\":\"a\",\"publisher\":\""), 0xC3, 0x28, .. Encoding.ASCII.GetBytes("\"}]}")] },
        { "lone-surrogate-in-a-name", Encoding.ASCII.GetBytes("{\"format\":\"\\ud800\",\"x\":1}") },
    };

    [Theory, MemberData(nameof(NotText))]
    public async Task Import_TextThatIsNotText_Exits2NamingWhere(string name, byte[] content)
    {
        var result = await LifelineProcess.Run(folder, "import", File($"{name}.json", content), "--data", Data(name));
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains("not valid", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_NulInARouteName_Exits2NamingTheField_AndTheLedgerStaysGreen()
    {
        var data = Data("nul");
        var document = System.IO.File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "data", "scenarios", "lachin-2022", "lachin-2022.json"));
        var poisoned = document.Replace("\"name\": \"Stepanakert–Goris road", "\"name\": \"" + string.Concat(Enumerable.Repeat("\\u0000", 1000)) + "Stepanakert–Goris road", StringComparison.Ordinal);
        Assert.NotEqual(document, poisoned);
        var result = await LifelineProcess.Run(folder, "import", File("nul.json", Encoding.UTF8.GetBytes(poisoned)), "--data", data);
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Output} {result.Error}");
        Assert.Contains("situation.routes[0].name", result.Error, StringComparison.Ordinal);
        var verify = await LifelineProcess.Run(folder, "ledger", "verify", "--data", data);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
    }

    [Fact]
    public async Task Import_TheSameFileTwice_NamesTheEventAlreadyStored()
    {
        var data = Data("again");
        var file = Path.Combine(TestEnvironment.RepositoryRoot, "data", "scenarios", "lachin-2022", "lachin-2022.json");
        Assert.Equal(0, (await LifelineProcess.Run(folder, "import", file, "--data", data)).ExitCode);
        var second = await LifelineProcess.Run(folder, "import", file, "--data", data);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("is already in situation 'lachin-2022'", second.Error, StringComparison.Ordinal);
        Assert.Matches("event '[a-z0-9-]+' is already", second.Error);
    }

    [Fact]
    public async Task MissingDataFolder_IsBadUsage_AndCreatesNothing()
    {
        var missing = Path.Combine(folder, "no", "such", "dir");
        var result = await LifelineProcess.Run(folder, "users", "list", "--data", missing);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task ScenarioLoad_MissingDataFolder_SaysItCreatedIt()
    {
        var missing = Path.Combine(folder, "new-data");
        var result = await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--data", missing);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Created the data folder {missing}", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataIsAFile_IsBadUsage()
    {
        var file = File("not-a-folder", [1, 2, 3]);
        var result = await LifelineProcess.Run(folder, "users", "list", "--data", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ToAFolder_IsBadUsage_AndAnUnknownSituationIsNamed()
    {
        var data = Data("export");
        Assert.Equal(0, (await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--data", data)).ExitCode);
        var toFolder = await LifelineProcess.Run(folder, "export", "--out", data, "--data", data);
        Assert.Equal(2, toFolder.ExitCode);
        Assert.Contains("is a folder", toFolder.Error, StringComparison.Ordinal);
        var unknown = await LifelineProcess.Run(folder, "export", "--out", Path.Combine(folder, "x.json"), "--situation", "nope", "--data", data);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("There is no situation 'nope'", unknown.Error, StringComparison.Ordinal);
    }
}
