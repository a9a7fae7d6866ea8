namespace Lifeline.Web;

/// <summary>
/// A node's name (LIFELINE_NODE_NAME), sent as <c>X-Lifeline-Node</c> on every answer when it is set, so that an
/// operator, or a test behind the reverse proxy, can tell which node answered. Unset, nothing is sent.
/// </summary>
internal static class NodeName
{
    public const string Setting = "LIFELINE_NODE_NAME";
    public const string Header = "X-Lifeline-Node";

    public static string? Configured
    {
        get
        {
            var name = Environment.GetEnvironmentVariable(Setting)?.Trim();
            return string.IsNullOrEmpty(name) ? null : name;
        }
    }

    public static void UseNodeName(this WebApplication app)
    {
        if (Configured is not { } name)
        {
            return;
        }
        app.Use((context, next) =>
        {
            context.Response.Headers[Header] = name;
            return next(context);
        });
    }
}
