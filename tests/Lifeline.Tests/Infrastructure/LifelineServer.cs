using System.Net.Http.Json;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Web;
using Microsoft.AspNetCore.Identity;
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
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private readonly WebApplication app;
    private bool ownsDatabase = true;

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

    /// <summary>Every request path of the tests' servers is held to "async to the database": a blocking call fails the request.</summary>
    public const bool RefuseBlockingQueries = true;

    /// <param name="limits">The abuse limits; by default the server's own, but reads unlimited, since tests crawl.</param>
    /// <param name="settings">Other settings (the limits given apart win).</param>
    /// <param name="configure">Runs after the server is built and before it starts (more endpoints, for instance).</param>
    /// <param name="logging">More logging set-up (a test reads the log this way).</param>
    /// <param name="refuseBlockingQueries">Whether a synchronous database call while answering a request fails it (as in development), or is let through (as in production).</param>
    public static async Task<LifelineServer> Start(string provider = TestDatabase.Sqlite, bool seed = true, AbuseLimits? limits = null, Lifeline.Evidence.EvidenceOptions? evidence = null,
        Lifeline.EarlyWarning.WebhookOptions? webhooks = null, ServerSettings? settings = null, Action<WebApplication>? configure = null, Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = null,
        Lifeline.Sms.SmsOptions? sms = null, bool refuseBlockingQueries = RefuseBlockingQueries)
    {
        var database = TestDatabase.Create(provider);
        var clock = new FakeTimeProvider(Now);
        settings = (settings ?? ServerSettings.Default) with { Limits = limits ?? AbuseLimits.Default with { ReadsPerMinute = int.MaxValue } };
        var app = LifelineWeb.Build(new WebOptions("http://127.0.0.1:0", database.Options with { RefuseBlockingQueriesInRequests = refuseBlockingQueries }, clock, seed, settings, evidence, webhooks, Logging: logging, Sms: sms));
        configure?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LifelineServer(app, database, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), clock);
    }

    /// <summary>
    /// Another node over this server's PostgreSQL database, with a data folder of its own (as on another machine); it
    /// leaves the database to this server.
    /// </summary>
    public async Task<LifelineServer> StartAnotherNode(string dataFolder, Lifeline.Evidence.EvidenceOptions? evidence = null)
    {
        Directory.CreateDirectory(dataFolder);
        // The deployment's one ledger key, read by every node (docs/deploy.md): here a copy of the first node's, in
        // the place a node reads it from when LIFELINE_LEDGER_KEY is not set; a node over PostgreSQL never makes its own.
        var key = Lifeline.Ledger.LedgerKey.PathIn(Database.Options.DataDirectory);
        if (File.Exists(key))
        {
            var copy = Lifeline.Ledger.LedgerKey.PathIn(dataFolder);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(key, copy, overwrite: true);
        }
        var other = LifelineWeb.Build(new WebOptions("http://127.0.0.1:0", Database.Options with { DataDirectory = dataFolder, RefuseBlockingQueriesInRequests = RefuseBlockingQueries }, Clock, SeedOnFirstRun: false, Evidence: evidence));
        await other.StartAsync(TestContext.Current.CancellationToken);
        var address = other.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LifelineServer(other, Database, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), Clock) { ownsDatabase = false };
    }

    public const string Password = "correct horse battery staple";

    /// <summary>Adds an account with these roles and a known password.</summary>
    public async Task<string> AddUser(params Role[] roles)
    {
        using var scope = app.Services.CreateScope();
        var email = $"{string.Join("-", roles.Select(r => r.ToString().ToLowerInvariant()))}-{Guid.NewGuid():N}@example.org";
        var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .Add(email, $"Test {string.Join(" ", roles)}", roles, Password);
        Assert.True(result.Errors.IsEmpty, result.Errors.ToString());
        return email;
    }

    /// <summary>An API token for a new account with these roles.</summary>
    public async Task<string> TokenFor(params Role[] roles)
    {
        var email = await AddUser(roles);
        using var scope = app.Services.CreateScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<LifelineUser>>().FindByEmailAsync(email))!;
        var outcome = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
            .Create(new Viewer(user.Id, user.DisplayName, roles.ToHashSet()), "test", null, null);
        return outcome.Token!.Token;
    }

    /// <summary>A client that sends an API token for a new account with these roles.</summary>
    public async Task<HttpClient> ClientFor(params Role[] roles)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenFor(roles));
        return client;
    }

    /// <summary>A client signed in through the sign-in page (a cookie), as a browser is, for a new account with these roles.</summary>
    public async Task<HttpClient> SignedInFor(params Role[] roles)
    {
        var email = await AddUser(roles);
        var client = SignInPage.NewClient(Address);
        var response = await SignInPage.Post(client, email, Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public async Task<T> Get<T>(string path) =>
        (await Client.GetFromJsonAsync<T>(path, TestContext.Current.CancellationToken))!;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        if (ownsDatabase)
        {
            Database.Dispose();
        }
    }
}
