using System.Security.Claims;
using Lifeline.Core.Access;
using Lifeline.Core.Common;

namespace Lifeline.Accounts;

/// <summary>Who is asking, and from where: read from the request for the web, fixed for the command line.</summary>
internal interface ICurrentUser
{
    Viewer Viewer { get; }

    /// <summary>The caller's network address, for the audit log; null on the command line.</summary>
    string? Address { get; }
}

internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public const string DisplayNameClaim = "display_name";

    public Viewer Viewer => accessor.HttpContext?.User is { } user ? FromPrincipal(user) : Viewer.Anonymous;

    public string? Address => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public static Viewer FromPrincipal(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return Viewer.Anonymous;
        }
        var roles = user.FindAll(ClaimTypes.Role).Select(c => KebabCase.Parse<Role>(c.Value)).OfType<Role>().ToHashSet();
        return new Viewer(id, user.FindFirstValue(DisplayNameClaim) ?? user.Identity.Name, roles);
    }
}

/// <summary>The operator at the command line: trusted with everything, named by <c>--by</c>.</summary>
internal sealed class CommandLineUser(string name) : ICurrentUser
{
    public Viewer Viewer { get; } = new("command-line", name, Enum.GetValues<Role>().ToHashSet());

    public string? Address => null;
}
