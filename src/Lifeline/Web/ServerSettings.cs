using System.Globalization;
using Lifeline.Accounts;
using Lifeline.EarlyWarning;

namespace Lifeline.Web;

/// <summary>
/// Strict-Transport-Security, sent on every answer to a request that came over HTTPS (directly, or through a trusted
/// proxy that says <c>X-Forwarded-Proto: https</c>); never over plain HTTP, where browsers ignore it.
/// </summary>
/// <param name="Enabled">Off only for a deployment that must still be reached over plain HTTP on the same name.</param>
/// <param name="MaxAgeDays">How long a browser keeps to HTTPS after seeing the header; at least a year by default.</param>
/// <param name="IncludeSubDomains">Also for every subdomain of the name (needed for preloading).</param>
/// <param name="Preload">Adds <c>preload</c>: consent to be built into browsers' HTTPS-only lists (docs/security.md).</param>
internal sealed record HstsSettings(bool Enabled = true, int MaxAgeDays = 365, bool IncludeSubDomains = false, bool Preload = false)
{
    public string HeaderValue =>
        $"max-age={(MaxAgeDays * 86_400L).ToString(CultureInfo.InvariantCulture)}{(IncludeSubDomains ? "; includeSubDomains" : "")}{(Preload ? "; preload" : "")}";
}

/// <summary>
/// The web server's settings, from the working folder's <c>appsettings.json</c> or environment variables (which win):
/// <c>Limits:*</c>, <c>Tokens:*</c>, <c>Https:*</c>, <c>PublicOrigin</c>, <c>Logging:Requests</c> and
/// <c>Cache:PublicFreshnessMs</c> (how long a node goes on answering the public from the data version it last read
/// before reading it again; a write on the node itself moves it at once, a write on another node is seen that late at most)
/// (<c>Limits__WritesPerMinute=60</c> in the environment). A value that cannot be used stops the server, naming it.
/// Every setting and its default is listed in docs/security.md.
/// </summary>
internal sealed record ServerSettings(AbuseLimits Limits, TokenLifetimes Tokens, HstsSettings Hsts, Uri? PublicOrigin = null, bool LogRequests = false,
    int PublicFreshnessMs = ServerSettings.DefaultPublicFreshnessMs)
{
    public const int DefaultPublicFreshnessMs = 200;

    public static ServerSettings Default { get; } = new(AbuseLimits.Default, TokenLifetimes.Default, new HstsSettings());

    /// <exception cref="InvalidSettingsException">A setting is not a number, out of range, or not an address.</exception>
    public static ServerSettings Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var limits = new AbuseLimits(
            SignInsPerMinute: Number(configuration, "Limits:SignInsPerMinute", AbuseLimits.Default.SignInsPerMinute, 1, 100_000, problems),
            WritesPerMinute: Number(configuration, "Limits:WritesPerMinute", AbuseLimits.Default.WritesPerMinute, 1, 1_000_000, problems),
            ReadsPerMinute: Number(configuration, "Limits:ReadsPerMinute", AbuseLimits.Default.ReadsPerMinute, 1, 10_000_000, problems));
        var maxDays = Number(configuration, "Tokens:MaxDays", TokenLifetimes.Default.MaxDays, 1, 3_660, problems);
        var defaultDays = Number(configuration, "Tokens:DefaultDays", Math.Min(TokenLifetimes.Default.DefaultDays, maxDays), 1, maxDays, problems);
        var hsts = new HstsSettings(
            Enabled: Flag(configuration, "Https:Hsts", true, problems),
            MaxAgeDays: Number(configuration, "Https:HstsMaxAgeDays", 365, 1, 3_660, problems),
            IncludeSubDomains: Flag(configuration, "Https:HstsIncludeSubDomains", false, problems),
            Preload: Flag(configuration, "Https:HstsPreload", false, problems));
        if (hsts.Preload && (!hsts.IncludeSubDomains || hsts.MaxAgeDays < 365))
        {
            problems.Add("Https:HstsPreload needs Https:HstsIncludeSubDomains=true and Https:HstsMaxAgeDays of at least 365 (what the preload list requires)");
        }
        var origin = Origin(configuration["PublicOrigin"], problems);
        var logRequests = Flag(configuration, "Logging:Requests", false, problems);
        var freshness = Number(configuration, "Cache:PublicFreshnessMs", DefaultPublicFreshnessMs, 0, 60_000, problems);
        if (problems.Count > 0)
        {
            throw new InvalidSettingsException($"Lifeline cannot start with these settings: {string.Join("; ", problems)}.");
        }
        return new ServerSettings(limits, new TokenLifetimes(defaultDays, maxDays), hsts, origin, logRequests, freshness);
    }

    /// <summary>An absolute http(s) address with nothing after the host and port (a trailing slash is allowed).</summary>
    internal static Uri? Origin(string? text, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            problems.Add($"PublicOrigin = '{text}' must be the address people reach Lifeline at, as scheme, host and port only (https://lifeline.example.org)");
            return null;
        }
        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }

    private static int Number(IConfiguration configuration, string key, int fallback, int min, int max, List<string> problems)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problems.Add($"{key} = '{text}' must be a whole number from {min.ToString("N0", CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)}");
            return fallback;
        }
        return value;
    }

    private static bool Flag(IConfiguration configuration, string key, bool fallback, List<string> problems)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!bool.TryParse(text.Trim(), out var value))
        {
            problems.Add($"{key} = '{text}' must be true or false");
            return fallback;
        }
        return value;
    }
}
