using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Lifeline.EarlyWarning;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Nodes;

/// <summary>
/// Timed work done once per deployment, whichever node does it: two nodes over one database deliver each webhook
/// alert once, and a node that dies mid-delivery hands its work on (docs/early-warning.md, docs/deploy.md).
/// </summary>
public sealed class TimedWorkTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// A receiver on loopback that answers 204 after <c>delay</c>; the first request it gets is held until
    /// <see cref="Release"/> when <c>holdFirst</c>.
    /// </summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly TimeSpan delay;
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int count;

        public Receiver(TimeSpan delay, bool holdFirst)
        {
            this.delay = delay;
            HoldFirst = holdFirst;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Address = new Uri($"http://127.0.0.1:{port}/hook/");
            listener.Prefixes.Add(Address.AbsoluteUri);
            listener.Start();
            _ = Task.Run(Loop);
        }

        private bool HoldFirst { get; }
        public Uri Address { get; }
        public ConcurrentQueue<(string Alert, string? DeliveryId)> Received { get; } = new();
        public TaskCompletionSource FirstArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => release.TrySetResult();

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
                _ = Task.Run(() => Answer(context));
            }
        }

        private async Task Answer(HttpListenerContext context)
        {
            try
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var alert = JsonDocument.Parse(body.ToArray()).RootElement.GetProperty("alert").GetProperty("id").GetString()!;
                Received.Enqueue((alert, context.Request.Headers[WebhookDispatcher.DeliveryIdHeader]));
                if (Interlocked.Increment(ref count) == 1)
                {
                    FirstArrived.TrySetResult();
                    if (HoldFirst)
                    {
                        await release.Task;
                    }
                }
                await Task.Delay(delay);
                context.Response.StatusCode = 204;
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
            {
                // The sender went away (a node killed mid-request): nothing to answer.
            }
        }

        public void Dispose()
        {
            Release();
            listener.Close();
        }
    }

    private static Dictionary<string, string> Webhooks(int timeoutSeconds) => new()
    {
        ["LIFELINE_WEBHOOKS_ALLOW_LOOPBACK"] = "true",
        ["LIFELINE_WEBHOOKS_POLL_SECONDS"] = "1",
        ["LIFELINE_WEBHOOKS_TIMEOUT_SECONDS"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<string> Subscribe(HttpClient analyst, Receiver receiver)
    {
        var created = await analyst.PostAsJsonAsync("/api/v1/alert-subscriptions", new { url = receiver.Address.AbsoluteUri, situation = "lachin-2022", from = "2022-12-01" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The public alerts of Lachin from 1 December 2022: what a subscription from that day is owed.</summary>
    private static async Task<HashSet<string>> Owed(Uri node)
    {
        using var client = new HttpClient { BaseAddress = node };
        var risk = JsonDocument.Parse(await client.GetStringAsync("/api/v1/situations/lachin-2022/risk", Cancel)).RootElement;
        return risk.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task WaitFor(Func<bool> condition, TimeSpan atMost)
    {
        var until = DateTime.UtcNow + atMost;
        while (!condition() && DateTime.UtcNow < until)
        {
            await Task.Delay(250, Cancel);
        }
    }

    [Fact]
    public async Task Webhooks_TwoNodesAndASlowReceiver_DeliverEachAlertOnce()
    {
        using var deployment = await Deployment.Create();
        using var receiver = new Receiver(TimeSpan.FromSeconds(1), holdFirst: false);
        var email = await deployment.AddUser("analyst");
        // Started together, so that their once-a-second rounds coincide.
        var nodes = await Task.WhenAll(deployment.Start("a", Webhooks(10)), deployment.Start("b", Webhooks(10)));
        var owed = await Owed(nodes[0].Address);
        Assert.NotEmpty(owed);
        using var analyst = await LifelineProcess.SignIn(nodes[0].Address, email, LifelineServer.Password);

        var subscription = await Subscribe(analyst, receiver);
        await WaitFor(() => receiver.Received.Count >= owed.Count, TimeSpan.FromMinutes(2));
        // Several more rounds of both nodes: nothing more may arrive.
        await Task.Delay(TimeSpan.FromSeconds(5), Cancel);

        var received = receiver.Received.ToList();
        Assert.Equal(owed.Order(StringComparer.Ordinal), received.Select(r => r.Alert).Order(StringComparer.Ordinal));
        Assert.All(received, r => Assert.Equal($"{subscription}/lachin-2022/{r.Alert}", r.DeliveryId));
        var log = JsonDocument.Parse(await analyst.GetStringAsync($"/api/v1/alert-subscriptions/{subscription}/deliveries", Cancel)).RootElement;
        Assert.Equal(owed.Count, log.GetArrayLength());
        Assert.All(log.EnumerateArray(), d => Assert.True(d.GetProperty("delivered").GetBoolean()));
        foreach (var (node, _) in nodes)
        {
            Assert.DoesNotContain("round failed", string.Join("\n", node.Output), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Webhooks_NodeKilledMidDelivery_ItsDeliveryIsRetriedByAnother()
    {
        using var deployment = await Deployment.Create();
        using var receiver = new Receiver(TimeSpan.Zero, holdFirst: true);
        var email = await deployment.AddUser("analyst");
        var (first, a) = await deployment.Start("a", Webhooks(3));
        var owed = await Owed(a);
        using var analyst = await LifelineProcess.SignIn(a, email, LifelineServer.Password);

        var subscription = await Subscribe(analyst, receiver);
        await receiver.FirstArrived.Task.WaitAsync(TimeSpan.FromMinutes(1), Cancel);
        // Node a dies while the receiver still holds its first delivery: nothing of it was logged.
        first.KillHard();
        receiver.Release();
        var (_, b) = await deployment.Start("b", Webhooks(3));
        await WaitFor(() => receiver.Received.Select(r => r.Alert).Distinct().Count() >= owed.Count, TimeSpan.FromMinutes(2));

        var received = receiver.Received.ToList();
        Assert.Equal(owed.Order(StringComparer.Ordinal), received.Select(r => r.Alert).Distinct().Order(StringComparer.Ordinal));
        // The one delivery a sent and b sent again carries the same idempotency key both times.
        var repeated = Assert.Single(received.GroupBy(r => r.Alert), g => g.Count() > 1);
        Assert.Single(repeated.Select(r => r.DeliveryId).Distinct());
        using var throughB = await LifelineProcess.SignIn(b, email, LifelineServer.Password);
        var log = JsonDocument.Parse(await throughB.GetStringAsync($"/api/v1/alert-subscriptions/{subscription}/deliveries", Cancel)).RootElement;
        Assert.Equal(owed.Count, log.EnumerateArray().Count(d => d.GetProperty("delivered").GetBoolean()));
    }
}
