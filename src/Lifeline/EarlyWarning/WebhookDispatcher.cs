using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.EarlyWarning;

/// <summary>
/// Delivers alerts to webhook subscriptions: a JSON POST signed with HMAC-SHA256 over the exact body
/// (<c>X-Lifeline-Signature: sha256=HEX</c>, keyed with the subscription's secret), retried with doubling waits
/// (1, 2, 4, ... times <see cref="WebhookOptions.Retry"/>) up to <see cref="WebhookOptions.MaxAttempts"/>, every
/// attempt written to the delivery log. Alerts are the public view (published events), as in the feed. Connections
/// go only to addresses that pass the SSRF rule at the moment of connecting.
/// </summary>
/// <remarks>
/// Every node runs a dispatcher; a subscription's deliveries are made by one node at a time, the one holding its
/// lease (<c>webhook/SUBSCRIPTION</c>, <see cref="Leases"/>), renewed before each attempt. So N nodes deliver each
/// alert once and share the subscriptions between them; a node that dies mid-delivery loses the lease when it
/// expires and another node retries what it had not logged. That makes delivery at least once: the rare repeat (a
/// POST received but not logged before its node died) carries the same <see cref="DeliveryIdHeader"/>, by which a
/// receiver can drop it. A subscription's alerts are first sent in date order.
/// </remarks>
internal sealed class WebhookDispatcher(IServiceScopeFactory scopes, WebhookOptions options, TimeProvider clock, ILogger<WebhookDispatcher> log, Web.PublicOrigin origin) : BackgroundService
{
    public const string SignatureHeader = "X-Lifeline-Signature";

    /// <summary>The idempotency key: <c>SUBSCRIPTION/SITUATION/ALERT</c>, the same on every attempt and from every node.</summary>
    public const string DeliveryIdHeader = "X-Lifeline-Delivery-Id";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private readonly HttpClient http = CreateClient(options);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDue(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                log.LogWarning(e, "Webhook delivery round failed; trying again at the next round");
            }
            try
            {
                await Task.Delay(options.Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One round: every alert due to every active subscription whose lease this node gets, first attempts and
    /// retries whose wait is over. A delivery that cannot be logged ends that subscription's turn, not the round.
    /// </summary>
    /// <returns>The number of attempts made.</returns>
    public async Task<int> DeliverDue(CancellationToken cancel)
    {
        await oneAtATime.WaitAsync(cancel);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
            var leases = new Leases(db, clock);
            var subscriptions = await db.Set<WebhookSubscriptionRow>().AsNoTracking().Where(s => s.Active).OrderBy(s => s.RowId).ToListAsync(cancel);
            if (subscriptions.Count == 0)
            {
                return 0;
            }
            var alerts = (await scope.ServiceProvider.GetRequiredService<EarlyWarningQueries>().AllAlertsAsync(cancel))
                .OrderBy(a => a.Alert.Date).ThenBy(a => a.Situation.Id, StringComparer.Ordinal).ThenBy(a => a.Alert.Id, StringComparer.Ordinal).ToList();
            var attempts = 0;
            foreach (var subscription in subscriptions)
            {
                var lease = $"webhook/{subscription.SubscriptionId}";
                if (!await leases.TakeAsync(lease, options.Lease, cancel))
                {
                    continue;
                }
                try
                {
                    attempts += await DeliverTo(db, leases, lease, subscription, alerts, cancel);
                }
                finally
                {
                    await leases.ReleaseAsync(lease, CancellationToken.None);
                }
            }
            return attempts;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>One subscription's due alerts, under its lease; the log is read after the lease is taken, so it holds what the last holder did.</summary>
    private async Task<int> DeliverTo(LifelineDbContext db, Leases leases, string lease, WebhookSubscriptionRow subscription,
        IReadOnlyList<(Core.Situations.Situation Situation, Core.EarlyWarning.RiskAlert Alert)> alerts, CancellationToken cancel)
    {
        var deliveries = (await db.Set<WebhookDeliveryRow>().AsNoTracking().Where(d => d.SubscriptionId == subscription.SubscriptionId).ToListAsync(cancel))
            .GroupBy(d => (d.SituationId, d.AlertId)).ToDictionary(g => g.Key, g => g.OrderBy(d => d.Attempt).Last());
        var attempts = 0;
        foreach (var (situation, alert) in alerts.Where(a => a.Alert.Date >= subscription.SendFrom && (subscription.SituationId is null || a.Situation.Id == subscription.SituationId)))
        {
            var last = deliveries.GetValueOrDefault((situation.Id, alert.Id));
            var now = clock.GetUtcNow().UtcDateTime;
            if (last is { Delivered: true } || (last is not null && (last.NextAttemptAt is null || last.NextAttemptAt > now)))
            {
                continue;
            }
            // Each attempt starts with the lease renewed for longer than the attempt can take.
            if (!await leases.TakeAsync(lease, options.Lease, cancel))
            {
                log.LogWarning("Webhook subscription {Subscription}: its lease passed to another node; this node stops delivering to it", subscription.SubscriptionId);
                break;
            }
            var row = await Send(subscription, situation, alert, (last?.Attempt ?? 0) + 1, cancel);
            db.Add(row);
            try
            {
                await db.SaveChangesAsync(cancel);
            }
            catch (DbUpdateException e)
            {
                // Another node logged this attempt first (its lease had expired under it): its log stands.
                log.LogWarning(e, "Webhook subscription {Subscription}: attempt {Attempt} of alert {Alert} was already logged by another node", subscription.SubscriptionId, row.Attempt, alert.Id);
                db.ChangeTracker.Clear();
                break;
            }
            attempts++;
        }
        return attempts;
    }

    private async Task<WebhookDeliveryRow> Send(WebhookSubscriptionRow subscription, Core.Situations.Situation situation, Core.EarlyWarning.RiskAlert alert, int attempt, CancellationToken cancel)
    {
        var at = clock.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            subscription = subscription.SubscriptionId,
            attempt,
            sentAt = Ledger.LedgerEntry.Instant(at),
            situation = new { id = situation.Id, name = situation.Name },
            alert = RiskSeriesDocument.Alert(situation.Id, alert),
            // Absolute, from the public origin (not from whichever name a request last used), so receivers can follow them.
            links = new
            {
                cap = origin.Link(RiskSeriesDocument.CapPath(situation.Id, alert.Id)).ToString(),
                risk = origin.Link($"/situations/{Uri.EscapeDataString(situation.Id)}/risk").ToString(),
                feed = origin.Link("/feeds/alerts.atom").ToString(),
            },
        }, Json);
        var row = new WebhookDeliveryRow
        {
            SubscriptionId = subscription.SubscriptionId,
            SituationId = situation.Id,
            AlertId = alert.Id,
            Attempt = attempt,
            At = at.UtcDateTime,
        };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Add(SignatureHeader, Signature(subscription.Secret, body));
            request.Headers.Add("X-Lifeline-Delivery", $"{subscription.SubscriptionId}/{situation.Id}/{alert.Id}/{attempt}");
            request.Headers.Add(DeliveryIdHeader, $"{subscription.SubscriptionId}/{situation.Id}/{alert.Id}");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(options.RequestTimeout);
            using var response = await http.SendAsync(request, timeout.Token);
            row.StatusCode = (int)response.StatusCode;
            row.Delivered = response.IsSuccessStatusCode;
            if (!row.Delivered)
            {
                row.Error = $"the receiver answered {(int)response.StatusCode}";
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            row.Error = e.Message.Length > 500 ? e.Message[..500] : e.Message;
        }
        if (!row.Delivered && attempt < options.MaxAttempts)
        {
            row.NextAttemptAt = at.UtcDateTime + options.Retry * Math.Pow(2, attempt - 1);
        }
        return row;
    }

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of the body, keyed with the secret's UTF-8 bytes.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>A client that connects only to addresses the SSRF rule allows, checked on the address actually used.</summary>
    private static HttpClient CreateClient(WebhookOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = async (context, cancel) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancel);
                foreach (var address in addresses)
                {
                    if (WebhookAddress.Refused(address, options.AllowLoopback) is { } why)
                    {
                        throw new HttpRequestException($"{host} resolves to {address}, {why}: refused");
                    }
                }
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public override void Dispose()
    {
        http.Dispose();
        oneAtATime.Dispose();
        base.Dispose();
    }
}
