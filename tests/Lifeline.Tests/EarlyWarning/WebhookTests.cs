using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.EarlyWarning;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.EarlyWarning;

/// <summary>Webhooks against a local receiver: signed, retried with backoff, logged; and the SSRF rule.</summary>
public sealed class WebhookTests
{
    private const string Subscriptions = "/api/v1/alert-subscriptions";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A receiver on loopback that fails the first <c>failures</c> requests with 500, then answers 204.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener listener = new();
        private int failuresLeft;
        public ConcurrentQueue<(byte[] Body, string? Signature)> Received { get; } = new();
        public Uri Address { get; }

        public Receiver(int failures)
        {
            failuresLeft = failures;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Address = new Uri($"http://127.0.0.1:{port}/hook/");
            listener.Prefixes.Add(Address.AbsoluteUri);
            listener.Start();
            _ = Task.Run(Loop);
        }

        private async Task Loop()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                Received.Enqueue((body.ToArray(), context.Request.Headers[WebhookDispatcher.SignatureHeader]));
                context.Response.StatusCode = Interlocked.Decrement(ref failuresLeft) >= 0 ? 500 : 204;
                context.Response.Close();
            }
        }

        public void Dispose() => listener.Close();
    }

    /// <summary>
    /// The public alerts of lachin-2022, oldest first, as everyone reads them: what a subscription is sent. The tests
    /// choose their dates from these, so that a correction of the built-in record does not change what they check.
    /// </summary>
    private static async Task<List<DateOnly>> AlertDates(LifelineServer server)
    {
        var risk = JsonDocument.Parse(await server.Client.GetStringAsync("/api/v1/situations/lachin-2022/risk", Cancel)).RootElement;
        return [.. risk.GetProperty("alerts").EnumerateArray().Select(a => DateOnly.Parse(a.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Order()];
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Alerts_AreSignedRetriedWithBackoffAndLogged(string provider)
    {
        using var receiver = new Receiver(failures: 2);
        var options = new WebhookOptions(AllowLoopback: true, MaxAttempts: 3, FirstRetry: TimeSpan.FromMinutes(1), PollInterval: TimeSpan.FromHours(1));
        await using var server = await LifelineServer.Start(provider, webhooks: options,
            settings: Lifeline.Web.ServerSettings.Default with { PublicOrigin = new Uri("https://lifeline.example.org/") });
        using var analyst = await server.ClientFor(Role.Analyst);
        // From the day of the third alert from the end: at least three alerts, of which the receiver fails the first two requests.
        var dates = await AlertDates(server);
        var from = dates[^3];
        var due = dates.Count(d => d >= from);

        var created = await analyst.PostAsJsonAsync(Subscriptions, new { url = receiver.Address.AbsoluteUri, situation = "lachin-2022", from = from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancel)).RootElement;
        var id = subscription.GetProperty("id").GetString()!;
        var secret = subscription.GetProperty("secret").GetString()!;
        var dispatcher = server.Services.GetRequiredService<WebhookDispatcher>();

        Assert.Equal(due, await dispatcher.DeliverDue(Cancel));
        Assert.Equal(0, await dispatcher.DeliverDue(Cancel));
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await dispatcher.DeliverDue(Cancel));
        server.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await dispatcher.DeliverDue(Cancel));

        Assert.Equal(due + 2, receiver.Received.Count);
        foreach (var (body, signature) in receiver.Received)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
            Assert.Equal(expected, signature);
            var delivery = JsonDocument.Parse(body).RootElement;
            Assert.StartsWith("/feeds/alerts/lachin-2022/", delivery.GetProperty("alert").GetProperty("cap").GetString(), StringComparison.Ordinal);
            // Links a receiver can follow, on the public origin.
            var links = delivery.GetProperty("links");
            Assert.StartsWith("https://lifeline.example.org/feeds/alerts/lachin-2022/", links.GetProperty("cap").GetString(), StringComparison.Ordinal);
            Assert.Equal("https://lifeline.example.org/situations/lachin-2022/risk", links.GetProperty("risk").GetString());
        }
        var log = JsonDocument.Parse(await analyst.GetStringAsync($"{Subscriptions}/{id}/deliveries", Cancel)).RootElement;
        Assert.Equal(due + 2, log.GetArrayLength());
        Assert.Equal(due, log.EnumerateArray().Count(d => d.GetProperty("delivered").GetBoolean()));
        Assert.Equal(2, log.EnumerateArray().Count(d => d.GetProperty("statusCode").GetInt32() == 500 && d.GetProperty("nextAttemptAt").GetString() is not null));
    }

    [Fact]
    public async Task Alerts_ReceiverAlwaysFailing_GivesUpAfterMaxAttemptsWithDoublingWaits()
    {
        using var receiver = new Receiver(failures: 100);
        var options = new WebhookOptions(AllowLoopback: true, MaxAttempts: 3, FirstRetry: TimeSpan.FromMinutes(1), PollInterval: TimeSpan.FromHours(1));
        await using var server = await LifelineServer.Start(webhooks: options);
        using var analyst = await server.ClientFor(Role.Analyst);
        // From the day of the last alert: the alerts of that one day.
        var dates = await AlertDates(server);
        var due = dates.Count(d => d == dates[^1]);
        var created = await analyst.PostAsJsonAsync(Subscriptions, new { url = receiver.Address.AbsoluteUri, situation = "lachin-2022", from = dates[^1].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dispatcher = server.Services.GetRequiredService<WebhookDispatcher>();

        Assert.Equal(due, await dispatcher.DeliverDue(Cancel));
        server.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await dispatcher.DeliverDue(Cancel));
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(due, await dispatcher.DeliverDue(Cancel));
        server.Clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(0, await dispatcher.DeliverDue(Cancel));
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(due, await dispatcher.DeliverDue(Cancel));
        server.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await dispatcher.DeliverDue(Cancel));
        Assert.Equal(3 * due, receiver.Received.Count);
    }

    [Theory]
    [InlineData("ftp://example.org/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://10.0.0.7/hook")]
    [InlineData("http://192.168.1.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://user:pass@example.org/hook")]
    [InlineData("not a url")]
    public async Task Subscribe_BadOrPrivateAddress_ProblemNamesUrl_AndNothingIsStored(string url)
    {
        await using var server = await LifelineServer.Start();
        using var analyst = await server.ClientFor(Role.Analyst);

        var response = await analyst.PostAsJsonAsync(Subscriptions, new { url }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _), problem.ToString());
        using var scope = server.Services.CreateScope();
        Assert.Equal(0, scope.ServiceProvider.GetRequiredService<LifelineDbContext>().Set<WebhookSubscriptionRow>().Count());
    }

    [Fact]
    public async Task Delivery_ToAnAddressRefusedAtConnectTime_IsLoggedAsRefused()
    {
        // Subscribed while loopback was allowed, delivered by a server that does not allow it: the connection is refused.
        using var receiver = new Receiver(failures: 0);
        await using var server = await LifelineServer.Start(webhooks: new WebhookOptions(AllowLoopback: false, MaxAttempts: 1));
        var dates = await AlertDates(server);
        var due = dates.Count(d => d == dates[^1]);
        using (var scope = server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
            db.Add(new WebhookSubscriptionRow { SubscriptionId = "sub-old", Url = receiver.Address.AbsoluteUri, Secret = "s", CreatedBy = "test", SendFrom = dates[^1] });
            db.SaveChanges();
        }

        Assert.Equal(due, await server.Services.GetRequiredService<WebhookDispatcher>().DeliverDue(Cancel));

        Assert.Empty(receiver.Received);
        using var check = server.Services.CreateScope();
        var rows = check.ServiceProvider.GetRequiredService<LifelineDbContext>().Set<WebhookDeliveryRow>().ToList();
        Assert.Equal(due, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.False(row.Delivered);
            Assert.Contains("loopback", row.Error, StringComparison.Ordinal);
        });
    }
}
