using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Lifeline.Web;

/// <summary>
/// The address others reach Lifeline at, for what they keep and compare: Atom feed ids and links, CAP
/// <c>sender</c> and <c>identifier</c>, links in webhook deliveries. Never taken from a request's Host header, so a
/// reader who reaches the server by another name sees the same ids. The setting <c>PublicOrigin</c>; without it, the
/// first address the server listens on.
/// </summary>
internal sealed class PublicOrigin(ServerSettings settings, IServer server)
{
    private Uri? fromServer;

    /// <summary>Scheme, host and port, ending in <c>/</c>.</summary>
    public Uri Value => settings.PublicOrigin ?? (fromServer ??= FromServer());

    /// <summary>Whether it was set, rather than taken from where the server listens.</summary>
    public bool IsConfigured => settings.PublicOrigin is not null;

    /// <summary>An absolute address for a path on this server.</summary>
    public Uri Link(string path) => new(Value, path);

    /// <summary>Loopback or "any address": fine on one machine, wrong in anything others keep.</summary>
    public bool IsLocalOnly =>
        Value.IsLoopback || IPAddress.TryParse(Value.Host.Trim('[', ']'), out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));

    private Uri FromServer()
    {
        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? LifelineWeb.DefaultUrls;
        // Kestrel names "every address" with a wildcard that is not a host name.
        first = first.Replace("://+:", "://localhost:", StringComparison.Ordinal).Replace("://*:", "://localhost:", StringComparison.Ordinal);
        return Uri.TryCreate(first, UriKind.Absolute, out var uri) ? new Uri(uri.GetLeftPart(UriPartial.Authority) + "/") : new Uri(LifelineWeb.DefaultUrls + "/");
    }
}
