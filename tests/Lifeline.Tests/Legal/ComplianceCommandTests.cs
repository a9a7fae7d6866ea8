using System.Text.Json;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Legal;

/// <summary><c>lifeline compliance</c> run as a process over a database seeded with the built-in scenario.</summary>
public sealed class ComplianceCommandTests
{
    [Fact]
    public async Task Compliance_Json_GivesTheIcjOrdersDaysInTheDocumentedShape_AndBadInputExitsTwo()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lifeline-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            Assert.Equal(0, (await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--data", folder)).ExitCode);
            var svg = Path.Combine(folder, "icj.svg");

            var result = await LifelineProcess.Run(folder, "compliance", "--situation", "lachin-2022", "--obligation", "icj-unimpeded-movement",
                "--from", "2023-02-22", "--to", "2023-09-19", "--json", "--svg", svg, "--data", folder);

            Assert.Equal(0, result.ExitCode);
            using var json = JsonDocument.Parse(result.Output);
            var obligation = Assert.Single(json.RootElement.GetProperty("obligations").EnumerateArray());
            Assert.Equal("icj-unimpeded-movement", obligation.GetProperty("id").GetString());
            Assert.Equal("icj", obligation.GetProperty("body").GetString());
            Assert.Equal("2023-02-22", obligation.GetProperty("from").GetString());
            var days = obligation.GetProperty("days");
            Assert.Equal(210, days.GetArrayLength());
            Assert.Equal(days.GetArrayLength(), obligation.GetProperty("daysComplied").GetInt32() + obligation.GetProperty("daysBreached").GetInt32() + obligation.GetProperty("daysUnknown").GetInt32());
            Assert.Equal(obligation.GetProperty("daysBreached").GetInt32(), days.EnumerateArray().Count(d => d.GetProperty("state").GetString() == "not-complied"));
            Assert.True(obligation.GetProperty("longestBreachDays").GetInt32() > 0);
            var closedDay = days.EnumerateArray().Single(d => d.GetProperty("date").GetString() == "2023-06-20");
            Assert.Equal("not-complied", closedDay.GetProperty("state").GetString());
            Assert.StartsWith("<svg", await File.ReadAllTextAsync(svg, TestContext.Current.CancellationToken), StringComparison.Ordinal);

            var text = await LifelineProcess.Run(folder, "compliance", "--situation", "lachin-2022", "--data", folder);
            Assert.Equal(0, text.ExitCode);
            Assert.Contains("ecthr-safe-passage", text.Output, StringComparison.Ordinal);
            Assert.Contains("body told: 2023-07-06 (icj-2023-07-06-order)", text.Output, StringComparison.Ordinal);

            var unknown = await LifelineProcess.Run(folder, "compliance", "--situation", "lachin-2022", "--obligation", "nothing", "--data", folder);
            Assert.Equal(2, unknown.ExitCode);
            Assert.Contains("--obligation: there is no obligation 'nothing'", unknown.Error, StringComparison.Ordinal);

            var backwards = await LifelineProcess.Run(folder, "compliance", "--situation", "lachin-2022", "--from", "2023-05-01", "--to", "2023-04-01", "--data", folder);
            Assert.Equal(2, backwards.ExitCode);
            Assert.Contains("--to", backwards.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
