using System.Text.Json;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Airlift;

/// <summary><c>lifeline airlift plan</c> as a user runs it: the summary, the plan file and the exit codes.</summary>
public sealed class AirliftCommandLineTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "lifeline-airlift-cli", Guid.NewGuid().ToString("N"));

    public AirliftCommandLineTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Plan_BuiltInBerlin_PrintsASummaryAndWritesThePlan()
    {
        var output = Path.Combine(folder, "plan.json");

        var result = await LifelineProcess.Run(folder, "airlift", "plan", "berlin-1948", "--out", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Proven optimal", result.Output, StringComparison.Ordinal);
        Assert.Contains("C-54 Skymaster", result.Output, StringComparison.Ordinal);
        Assert.Contains("Quick estimate", result.Output, StringComparison.Ordinal);
        using var plan = JsonDocument.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));
        var root = plan.RootElement;
        Assert.True(root.GetProperty("provenOptimal").GetBoolean());
        foreach (var field in new[] { "deliveredTonnes", "shortfallTonnes", "aircraftUsed", "sorties", "cost", "binding" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }
        Assert.True(root.GetProperty("aircraftUsed").GetProperty("C-54 Skymaster").GetInt32() > 0);
    }

    [Fact]
    public async Task Plan_AScenarioFile_IsRead()
    {
        var file = Path.Combine(folder, "tiny.json");
        await File.WriteAllTextAsync(file, """
            { "name": "tiny", "horizonDays": 2,
              "demand": [ { "commodity": "flour", "tonnesPerDay": 20, "priority": "food" } ],
              "aircraft": [ { "type": "C-130", "payloadTonnes": 10, "cruiseKmh": 500, "groundTimeOriginHours": 1,
                              "groundTimeDestinationHours": 0.5, "maxHoursPerDay": 10, "available": 1, "costPerFlightHour": 5000 } ],
              "airports": [ { "code": "A", "role": "origin", "runwayMeters": 3000, "maxOnGround": 2, "minLandingIntervalSeconds": 120, "openHoursPerDay": 24 },
                            { "code": "B", "role": "destination", "runwayMeters": 2000, "maxOnGround": 1, "minLandingIntervalSeconds": 180, "openHoursPerDay": 12 } ],
              "routes": [ { "from": "A", "to": "B", "distanceKm": 250 } ] }
            """, TestContext.Current.CancellationToken);

        var result = await LifelineProcess.Run(folder, "airlift", "plan", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Airlift plan: tiny, 2 days", result.Output, StringComparison.Ordinal);
        Assert.Contains("short 0 t", result.Output, StringComparison.Ordinal);
        // 4 sorties of 1 h flying: 4 × 5,000.
        Assert.Contains("cost 20,000.00", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_InvalidScenario_ExitsTwoNamingTheField()
    {
        var file = Path.Combine(folder, "bad.json");
        await File.WriteAllTextAsync(file, """{ "horizonDays": 3, "demand": [], "aircraft": [ { "type": "x", "payloadTonnes": 0 } ] }""", TestContext.Current.CancellationToken);

        var result = await LifelineProcess.Run(folder, "airlift", "plan", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("aircraft[0].payloadTonnes", result.Error, StringComparison.Ordinal);
        Assert.Contains("airports", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_MissingFile_ExitsTwo()
    {
        var result = await LifelineProcess.Run(folder, "airlift", "plan", "nowhere.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no built-in airlift scenario 'nowhere.json'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenarios_ListsTheBuiltInOnes()
    {
        var result = await LifelineProcess.Run(folder, "airlift", "scenarios");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("berlin-1948", result.Output, StringComparison.Ordinal);
        Assert.Contains("lachin-2023", result.Output, StringComparison.Ordinal);
    }
}
