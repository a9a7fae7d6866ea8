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
    public async Task Plan_Lachin_SaysWhatItsDaysShow_AndItsCrossCheckCountsAsThePlanDoes()
    {
        var output = Path.Combine(folder, "lachin.json");

        var result = await LifelineProcess.Run(folder, "airlift", "plan", "lachin-2023", "--out", output);

        Assert.Equal(0, result.ExitCode);
        using var plan = JsonDocument.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));
        var root = plan.RootElement;
        var summary = root.GetProperty("summary").GetString()!;
        Assert.Contains(summary, result.Output, StringComparison.Ordinal);
        // Every day that lands less than its need is named: those with nothing, and those with less.
        var days = root.GetProperty("days").EnumerateArray()
            .Select(d => (Day: d.GetProperty("day").GetInt32(), Need: d.GetProperty("needTonnes").GetDecimal(), Delivered: d.GetProperty("deliveredTonnes").GetDecimal()))
            .ToList();
        var nothing = days.Where(d => d.Delivered == 0).Select(d => d.Day).ToList();
        var less = days.Where(d => d.Delivered > 0 && d.Delivered < d.Need).Select(d => d.Day).ToList();
        if (nothing.Count > 0)
        {
            Assert.Contains($"Nothing lands on {Lifeline.Core.Airlift.PlanNarrative.Days(nothing)}", summary, StringComparison.Ordinal);
        }
        if (less.Count > 0)
        {
            Assert.Contains($"less than the day's need lands on {Lifeline.Core.Airlift.PlanNarrative.Days(less)}", summary, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("Demand is met every day", StringComparison.Ordinal));

        // The cross-check counts aircraft with the plan's own limits: two Il-76 carry the 400 t a day, as in the plan.
        var il76 = root.GetProperty("estimate").EnumerateArray().Single(e => e.GetProperty("aircraft").GetString() == "Il-76");
        Assert.Equal(2, il76.GetProperty("aircraftNeeded").GetInt32());
        Assert.True(il76.GetProperty("enough").GetBoolean());
        Assert.Equal(2, root.GetProperty("aircraftUsed").GetProperty("Il-76").GetInt32());
        Assert.DoesNotContain("Il-76 UDYZ", result.Output, StringComparison.Ordinal);
        Assert.Contains("Il-76 Yerevan Zvartnots (UDYZ) → Stepanakert (UBBS): ⌈400 / 36⌉ = 12 sorties a day; ⌈max(12 × 0.6 h / 10 h, 12 × 3.1 h / 24 h)⌉ = 2 aircraft (2 available)", result.Output, StringComparison.Ordinal);
        var airports = root.GetProperty("utilisation").GetProperty("airports").EnumerateArray().ToDictionary(a => a.GetProperty("code").GetString()!, a => a.GetProperty("name").GetString());
        Assert.Equal("Yerevan Zvartnots", airports["UDYZ"]);
        Assert.Equal("Stepanakert", airports["UBBS"]);
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
