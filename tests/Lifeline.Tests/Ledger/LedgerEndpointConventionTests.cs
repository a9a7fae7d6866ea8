using Lifeline.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Ledger;

/// <summary>Who may call the ledger and evidence endpoints is declared on each: the ledger is public, evidence never is.</summary>
public sealed class LedgerEndpointConventionTests
{
    [Fact]
    public async Task LedgerEndpoints_AreAnonymousReads_EvidenceEndpoints_NeedAnAccount()
    {
        await using var server = await LifelineServer.Start(seed: false);
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var ledger = endpoints.Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/ledger", StringComparison.Ordinal) == true).ToList();
        var evidence = endpoints.Where(e => e.RoutePattern.RawText?.Contains("evidence", StringComparison.Ordinal) == true
            && e.RoutePattern.RawText.StartsWith("/api/v1", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, ledger.Count);
        Assert.Equal(5, evidence.Count);
        Assert.All(ledger, e =>
        {
            Assert.NotNull(e.Metadata.GetMetadata<IAllowAnonymous>());
            Assert.All(e.Metadata.GetOrderedMetadata<HttpMethodMetadata>(), m => Assert.Equal(["GET"], m.HttpMethods));
        });
        Assert.All(evidence, e =>
        {
            Assert.Null(e.Metadata.GetMetadata<IAllowAnonymous>());
            Assert.NotEmpty(e.Metadata.GetOrderedMetadata<IAuthorizeData>());
        });
    }
}
