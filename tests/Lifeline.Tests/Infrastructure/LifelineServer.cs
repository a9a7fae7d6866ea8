using System.Net.Http.Json;
using Lifeline.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Tests.Infrastructure;

/// <summary>
/// The real Lifeline web server, listening on a free loopback port over a fresh database, seeded with the
/// built-in scenario as on a first run. Tests talk to it over real HTTP.
/// </summary>
internal sealed class LifelineServer : IAsyncDisposable
{
    /// <summary>The date the tests' clock shows: after the Lachin blockade ended.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private readonly WebApplication app;

    public TestDatabase Database { get; }
    public Uri Address { get; }
    public HttpClient Client { get; }
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => app.Services;

    private LifelineServer(WebApplication app, TestDatabase database, Uri address, FakeTimeProvider clock)
    {
        this.app = app;
        Database = database;
        Address = address;
        Clock = clock;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
    }

    public static async Task<LifelineServer> Start(string provider = TestDatabase.Sqlite, bool seed = true)
    {
        var database = TestDatabase.Create(provider);
        var clock = new FakeTimeProvider(Now);
        var app = LifelineWeb.Build(new WebOptions("http://127.0.0.1:0", database.Options, clock, seed));
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LifelineServer(app, database, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), clock);
    }

    public async Task<T> Get<T>(string path) =>
        (await Client.GetFromJsonAsync<T>(path, TestContext.Current.CancellationToken))!;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Database.Dispose();
    }
}
