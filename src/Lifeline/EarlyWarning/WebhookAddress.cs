using System.Net;
using System.Net.Sockets;

namespace Lifeline.EarlyWarning;

/// <summary>
/// How webhooks are delivered. <paramref name="AllowLoopback"/> lets a subscription point at this machine (a local
/// receiver in tests or on a laptop); it is off by default, and private, link-local and other non-public addresses are
/// refused whatever it says.
/// </summary>
/// <param name="MaxAttempts">Attempts per alert and subscription, the first included.</param>
/// <param name="FirstRetry">Wait before the second attempt; each later wait doubles.</param>
/// <param name="PollInterval">How often the server looks for alerts to deliver.</param>
internal sealed record WebhookOptions(bool AllowLoopback = false, int MaxAttempts = 5, TimeSpan? FirstRetry = null, TimeSpan? PollInterval = null, TimeSpan? Timeout = null)
{
    public static WebhookOptions Default { get; } = new();

    public TimeSpan Retry => FirstRetry ?? TimeSpan.FromMinutes(1);

    public TimeSpan Poll => PollInterval ?? TimeSpan.FromSeconds(60);

    public TimeSpan RequestTimeout => Timeout ?? TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a node holds a subscription's lease before it must renew it (it renews before every attempt): two
    /// request time-outs and 5 s, so a live node never loses it mid-attempt and a dead node's passes on soon.
    /// </summary>
    public TimeSpan Lease => (RequestTimeout * 2) + TimeSpan.FromSeconds(5);

    /// <summary>
    /// From the environment: <c>LIFELINE_WEBHOOKS_ALLOW_LOOPBACK=true</c> allows loopback receivers;
    /// <c>LIFELINE_WEBHOOKS_POLL_SECONDS</c> (default 60) and <c>LIFELINE_WEBHOOKS_TIMEOUT_SECONDS</c> (default 10)
    /// set how often a node looks for due alerts and how long it waits for a receiver.
    /// </summary>
    public static WebhookOptions FromEnvironment() =>
        new(AllowLoopback: string.Equals(Environment.GetEnvironmentVariable("LIFELINE_WEBHOOKS_ALLOW_LOOPBACK"), "true", StringComparison.OrdinalIgnoreCase),
            PollInterval: Seconds("LIFELINE_WEBHOOKS_POLL_SECONDS"),
            Timeout: Seconds("LIFELINE_WEBHOOKS_TIMEOUT_SECONDS"));

    private static TimeSpan? Seconds(string setting) =>
        int.TryParse(Environment.GetEnvironmentVariable(setting), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}

/// <summary>
/// The SSRF rule for webhook addresses: http or https only, no user name or password in the address, and every
/// address the host name resolves to must be public: not loopback (unless allowed), private (10/8, 172.16/12,
/// 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10), shared (100.64/10), unspecified, multicast or
/// reserved. The same rule is applied again to the address actually connected to at delivery, so a name that
/// resolves differently later (DNS rebinding) is still refused.
/// </summary>
internal static class WebhookAddress
{
    public const int MaxLength = 2_000;

    /// <summary>Null when the address may be used; otherwise why not, in words.</summary>
    public static async Task<string?> Problem(string? url, bool allowLoopback, CancellationToken cancel)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return "is required: an absolute http or https address";
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"must be http or https, not {uri.Scheme}";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "may not carry a user name or password";
        }
        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.IdnHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, cancel);
            }
            catch (SocketException)
            {
                return $"its host {uri.Host} does not resolve";
            }
        }
        if (addresses.Length == 0)
        {
            return $"its host {uri.Host} does not resolve";
        }
        foreach (var address in addresses)
        {
            if (Refused(address, allowLoopback) is { } why)
            {
                return $"resolves to {address}, {why}: webhooks go only to public addresses";
            }
        }
        return null;
    }

    /// <summary>Null when a connection to <paramref name="address"/> is allowed; otherwise what kind of address it is.</summary>
    public static string? Refused(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback ? null : "a loopback address";
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "an unspecified address",
                10 => "a private address",
                100 when b[1] >= 64 && b[1] <= 127 => "a shared (carrier-grade NAT) address",
                169 when b[1] == 254 => "a link-local address",
                172 when b[1] >= 16 && b[1] <= 31 => "a private address",
                192 when b[1] == 168 => "a private address",
                192 when b[1] == 0 && b[2] == 0 => "a reserved address",
                198 when b[1] is 18 or 19 => "a benchmarking address",
                >= 224 => "a multicast or reserved address",
                _ => null,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
            {
                return "an unspecified address";
            }
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
            {
                return "a link-local address";
            }
            if ((b[0] & 0xFE) == 0xFC)
            {
                return "a private (unique local) address";
            }
            if (address.IsIPv6Multicast)
            {
                return "a multicast address";
            }
            return null;
        }
        return "an address of an unknown family";
    }
}
