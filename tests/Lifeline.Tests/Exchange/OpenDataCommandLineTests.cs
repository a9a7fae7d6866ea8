using System.Globalization;
using System.Text;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Exchange;

/// <summary>
/// <c>lifeline import</c> of ACLED and HXL files as a user runs it: the format found from the file, the summary, exit
/// codes, and flat memory: a process whose heap is capped imports and exports 200,000 events.
/// </summary>
public sealed class OpenDataCommandLineTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "lifeline-opendata-cli", Guid.NewGuid().ToString("N"));

    public OpenDataCommandLineTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private const string AcledHeader = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

    /// <summary>A data folder holding one situation, <c>open-data</c>, whose record starts on 1 January 2000, and no events.</summary>
    private async Task<string> DataWithSituation()
    {
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        await DataWithSituation(["--data", data]);
        return data;
    }

    /// <summary>The situation <c>open-data</c> (record from 1 January 2000, no events) added to the storage named by <paramref name="storage"/>.</summary>
    private async Task DataWithSituation(string[] storage)
    {
        var situation = Path.Combine(folder, "situation.json");
        await File.WriteAllTextAsync(situation, """
            { "format": "lifeline/1",
              "situation": { "id": "open-data", "name": "Open data", "region": "Nowhere", "startDate": "2000-01-01" } }
            """, TestContext.Current.CancellationToken);
        var loaded = await LifelineProcess.Run(folder, ["import", situation, .. storage]);
        Assert.True(loaded.ExitCode == 0, loaded.Error);
    }

    [Fact]
    public async Task Import_AcledFile_FormatFoundFromTheHeader_SecondRunAddsNothing_BadRowExits2()
    {
        var data = await DataWithSituation();
        var sample = Path.Combine(AppContext.BaseDirectory, "Exchange", "Samples", "acled-2020-api-afghanistan.csv");

        var first = await LifelineProcess.Run(folder, "import", sample, "--data", data);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("(acled) into open-data: 496 rows, 496 events added, 0 changed", first.Output, StringComparison.Ordinal);
        var second = await LifelineProcess.Run(folder, "import", sample, "--data", data, "--format", "acled", "--situation", "open-data");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("496 rows, 0 events added, 0 changed (a new version each), 496 already stored", second.Output, StringComparison.Ordinal);

        var bad = Path.Combine(folder, "bad.csv");
        await File.WriteAllTextAsync(bad, AcledHeader + "\r\n"
            + "X1,2020-02-30,2020,1,,Battles,Armed clash,A,,,,,,,,,,,,,,Town,1,2,1,Paper,,Fighting.,0,,\r\n"
            + "X2,2020-02-03,2020,1,,Battles,Armed clash,A,,,,,,,,,,,,,,Town,1,2,1,Paper,,Fighting.,0,,\r\n", TestContext.Current.CancellationToken);
        var refused = await LifelineProcess.Run(folder, "import", bad, "--data", data);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("row 2, column event_date: '2020-02-30' is not a date", refused.Error, StringComparison.Ordinal);
        var skipped = await LifelineProcess.Run(folder, "import", bad, "--data", data, "--skip-bad-rows");
        Assert.Equal(1, skipped.ExitCode);
        Assert.Contains("1 events added", skipped.Output, StringComparison.Ordinal);
        Assert.Contains("skipped: row 2, column event_date", skipped.Error, StringComparison.Ordinal);

        var usage = await LifelineProcess.Run(folder, "import", sample, "--data", data, "--format", "xlsx");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--format: 'xlsx'", usage.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// 200,000 events in and out of a process whose managed heap may not pass 48 MiB: held in memory at once they would
    /// need several times that (each event row is about a kilobyte in memory), so this passes only if both stream, on
    /// each engine (on PostgreSQL the export once had every row read into memory before the first was written).
    /// </summary>
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportAndExport_200000Events_UnderAHeapCap(string provider)
    {
        const int count = 200_000;
        using var database = TestDatabase.Create(provider);
        string[] storage = provider == TestDatabase.Sqlite
            ? ["--data", database.Folder]
            : ["--data", database.Folder, "--postgres", database.Options.ConnectionString];
        await DataWithSituation(storage);
        var big = Path.Combine(folder, "big.acled.csv");
        await using (var writer = new StreamWriter(big, false, new UTF8Encoding(false)))
        {
            await writer.WriteLineAsync(AcledHeader);
            var day = new DateOnly(2000, 1, 1);
            for (var i = 0; i < count; i++)
            {
                var date = day.AddDays(i % 7_000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                await writer.WriteLineAsync($"BIG{i},{date},2000,1,,Protests,Peaceful protest,Protesters (Nowhere),,6,,,,,,,,,,,,Town {i % 50},10.5,20.25,1,Paper {i % 20},,\"Protest number {i}, peaceful, with a long enough note to weigh something in memory.\",0,,");
            }
        }
        var capped = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x3000000" };

        var imported = await LifelineProcess.RunLongWithEnvironment(folder, capped, TimeSpan.FromMinutes(15), ["import", big, .. storage]);
        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Contains("200,000 events added", imported.Output, StringComparison.Ordinal);

        var output = Path.Combine(folder, "out.acled.csv");
        var exported = await LifelineProcess.RunLongWithEnvironment(folder, capped, TimeSpan.FromMinutes(15), ["export", "--format", "acled", "--out", output, .. storage]);
        Assert.True(exported.ExitCode == 0, exported.Error);
        Assert.Contains("Exported 200,000 events", exported.Output, StringComparison.Ordinal);
        long lines = 0;
        using (var reader = new StreamReader(output))
        {
            while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is not null)
            {
                lines++;
            }
        }
        Assert.Equal(count + 1, lines);
    }
}
