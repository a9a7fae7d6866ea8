using System.Text.RegularExpressions;
using Lifeline.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Conventions;

/// <summary>Rules a reviewer would otherwise have to remember, checked on every build.</summary>
public sealed partial class ConventionTests
{
    private static IEnumerable<string> SourceFiles(string project) =>
        Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepositoryRoot, "src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public void FeatureCode_TakesTimeFromTheInjectedClock()
    {
        var offenders = SourceFiles("Lifeline").Concat(SourceFiles("Lifeline.Core"))
            .Where(f => SystemClock().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(TestEnvironment.RepositoryRoot, f))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Core_DoesNoIo()
    {
        var references = typeof(Core.Situations.Situation).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Npgsql", StringComparison.Ordinal) || r.StartsWith("Microsoft.Data", StringComparison.Ordinal));
        var io = SourceFiles("Lifeline.Core").Where(f => CoreIo().IsMatch(File.ReadAllText(f))).ToList();
        Assert.Empty(io);
    }

    [Fact]
    public async Task EveryApiEndpoint_IsDescribedForTheReference()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .ToList();
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e =>
        {
            Assert.True(e.Metadata.GetMetadata<IEndpointSummaryMetadata>() is not null, $"{e.RoutePattern.RawText} has no summary");
            Assert.True(e.Metadata.GetMetadata<ITagsMetadata>() is not null, $"{e.RoutePattern.RawText} has no tag");
        });
    }

    [Fact]
    public async Task EveryEndpoint_SaysWhoMayUseIt()
    {
        // Deny by default is the fallback; this makes each endpoint state its rule, so none is open by omission.
        await using var server = await LifelineServer.Start(seed: false);
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 20);
        var silent = endpoints
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is null
                     && e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null)
            .Select(e => e.RoutePattern.RawText ?? e.DisplayName)
            .ToList();
        Assert.Empty(silent);
    }

    [GeneratedRegex(@"\bDateTime(Offset)?\.(UtcNow|Now|Today)\b")]
    private static partial Regex SystemClock();

    [GeneratedRegex(@"\b(File|Directory|HttpClient|Console)\.")]
    private static partial Regex CoreIo();
}
