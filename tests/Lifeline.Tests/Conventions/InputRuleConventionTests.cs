using System.Reflection;
using Lifeline.Core.Common;
using Lifeline.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Conventions;

/// <summary>Every text field of every request body and import record declares its longest length and its character rule.</summary>
public sealed class InputRuleConventionTests
{
    /// <summary>The records read from outside that are not request bodies: the import records, the drafts the validators take, the upload's fields.</summary>
    private static readonly Type[] ReadFromOutside =
    [
        .. typeof(Lifeline.Exchange.Importer).Assembly.GetTypes().Where(t => t.Namespace == "Lifeline.Exchange" && t.Name.EndsWith("Dto", StringComparison.Ordinal)),
        typeof(Core.Events.EventDraft), typeof(Core.Sources.SourceDraft), typeof(Core.Supplies.SupplyObservationDraft),
        typeof(Core.EarlyWarning.AssessmentDraft), typeof(Core.Airlift.ScenarioDraft), typeof(Lifeline.Evidence.EvidenceUpload),
    ];

    [Fact]
    public async Task EveryTextField_OfEveryRequestAndImportRecord_DeclaresItsRule()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var bodies = server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.OfType<MethodInfo>())
            .SelectMany(m => m.GetParameters())
            .Select(p => p.ParameterType)
            .Where(t => t.IsClass && t.Namespace?.StartsWith("Lifeline", StringComparison.Ordinal) == true && t.Name.EndsWith("Request", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(typeof(Lifeline.Events.RecordEventRequest), bodies);
        Assert.Contains(typeof(Lifeline.Accounts.TokenRequest), bodies);

        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(bodies.Concat(ReadFromOutside));
        while (pending.TryDequeue(out var type))
        {
            if (seen.Add(type))
            {
                foreach (var nested in InputRules.NestedRecords(type))
                {
                    pending.Enqueue(nested);
                }
            }
        }
        Assert.True(seen.Count > 20, string.Join(", ", seen.Select(t => t.Name)));
        Assert.Empty(seen.SelectMany(InputRules.UndeclaredTextFields));
    }
}
