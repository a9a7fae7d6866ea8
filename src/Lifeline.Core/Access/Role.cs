namespace Lifeline.Core.Access;

/// <summary>
/// What a person does in Lifeline. A person may hold several roles; anonymous visitors hold none and see only
/// the public, redacted view.
/// </summary>
public enum Role
{
    /// <summary>Manages accounts and may do everything the other roles do.</summary>
    Admin,

    /// <summary>Reads everything internal and records events (early warning, legal analysis).</summary>
    Analyst,

    /// <summary>Records events; sees the public record and their own unpublished events.</summary>
    Reporter,

    /// <summary>Grades sources, reviews events (verified / disputed), corrects them.</summary>
    Verifier,

    /// <summary>Makes reviewed events public, or withdraws them.</summary>
    Publisher,

    /// <summary>Works with separated families; sees the public record of events.</summary>
    Caseworker,

    /// <summary>Reads the internal record once events are reviewed; changes nothing.</summary>
    Viewer,
}

/// <summary>
/// Where an event is in its life: a reporter's intake, reviewed by a verifier, published by a publisher.
/// Each move is a new version, with who made it, when and why.
/// </summary>
public enum EventStage
{
    Intake,
    Reviewed,
    Published,
}

/// <summary>Who is asking: an account with its roles, or an anonymous visitor.</summary>
public sealed record Viewer(string? UserId, string? Name, IReadOnlySet<Role> Roles)
{
    public static Viewer Anonymous { get; } = new(null, null, new HashSet<Role>());

    public bool IsAnonymous => UserId is null;

    public bool HasAny(params ReadOnlySpan<Role> roles)
    {
        foreach (var role in roles)
        {
            if (Roles.Contains(role))
            {
                return true;
            }
        }
        return false;
    }
}
