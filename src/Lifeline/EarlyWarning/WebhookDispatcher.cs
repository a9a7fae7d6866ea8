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
internal sealed class WebhookDispatcher(IServiceScopeFactory scopes, WebhookOptions options, TimeProvider clock, ILogger<WebhookDispatcher> log, Web.PublicOrigin origin) : BackgroundService
{
    public const string SignatureHeader = "X-Lifeline-Signature";
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

    /// <summary>One round: every alert due to every active subscription, first attempts and retries whose wait is over.</summary>
    /// <returns>The number of attempts made.</returns>
    public async Task<int> DeliverDue(CancellationToken cancel)
    {
        await oneAtATime.WaitAsync(cancel);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
            var subscriptions = db.Set<WebhookSubscriptionRow>().AsNoTracking().Where(s => s.Active).ToList();
            if (subscriptions.Count == 0)
            {
                return 0;
            }
            var alerts = scope.ServiceProvider.GetRequiredService<EarlyWarningQueries>().AllAlerts();
            var now = clock.GetUtcNow().UtcDateTime;
            var attempts = 0;
            foreach (var subscription in subscriptions)
            {
                var log = db.Set<WebhookDeliveryRow>().AsNoTracking().Where(d => d.SubscriptionId == subscription.SubscriptionId).ToList()
                    .GroupBy(d => (d.SituationId, d.AlertId)).ToDictionary(g => g.Key, g => g.OrderBy(d => d.Attempt).Last());
                foreach (var (situation, alert) in alerts.Where(a => a.Alert.Date >= subscription.SendFrom && (subscription.SituationId is null || a.Situation.Id == subscription.SituationId)))
                {
                    var last = log.GetValueOrDefault((situation.Id, alert.Id));
                    if (last is { Delivered: true } || (last is not null && (last.NextAttemptAt is null || last.NextAttemptAt > now)))
                    {
                        continue;
                    }
                    var attempt = (last?.Attempt ?? 0) + 1;
                    var row = await Send(subscription, situation, alert, attempt, cancel);
                    db.Add(row);
                    db.SaveChanges();
                    attempts++;
                }
            }
            return attempts;
        }
        finally
        {
            oneAtATime.Release();
        }
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
