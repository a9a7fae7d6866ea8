using Lifeline.Accounts;
using Lifeline.Core.Access;

namespace Lifeline.Tests.Infrastructure;

/// <summary>A caller with chosen roles, for tests that use the parts directly rather than over HTTP.</summary>
internal sealed class TestUser(string? id, params Role[] roles) : ICurrentUser
{
    public static TestUser Anonymous { get; } = new(null);

    /// <summary>One person holding every role, as the command line does.</summary>
    public static TestUser Everything { get; } = new("tester", Enum.GetValues<Role>());

    public Viewer Viewer { get; } = id is null ? Viewer.Anonymous : new(id, $"Test {id}", roles.ToHashSet());

    public string? Address => "198.51.100.7";
}
