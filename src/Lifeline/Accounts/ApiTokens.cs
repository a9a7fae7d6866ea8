using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lifeline.Accounts;

/// <summary>A token as its owner sees it; the secret itself is never shown again after it is made.</summary>
public sealed record TokenView(string Id, string Name, string Owner, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>A new token: the only time <paramref name="Token"/> is shown.</summary>
public sealed record NewToken(string Id, string Name, string Token, DateTimeOffset? ExpiresAt);

/// <summary>How long API tokens last: the default when none is asked for, and the most that may be asked for.</summary>
/// <param name="DefaultDays">A token made without <c>expiresInDays</c> expires after this many days.</param>
/// <param name="MaxDays">No token lasts longer; a token from before expiry was required counts from when it was made.</param>
internal sealed record TokenLifetimes(int DefaultDays = 90, int MaxDays = 366)
{
    public static TokenLifetimes Default { get; } = new();
}

/// <summary>API tokens for scripts and integrations: made and revoked by their owner or an admin, kept as digests.</summary>
internal sealed class ApiTokens(LifelineDbContext db, UserManager<LifelineUser> users, IUserClaimsPrincipalFactory<LifelineUser> principals, AuditLog audit, TimeProvider clock, TokenLifetimes lifetimes,
    TokenChecks? checks = null, TokenUses? uses = null)
{
    public const int MaxNameLength = 100;
    private const string Prefix = "llt_";

    public sealed record Outcome(NewToken? Token, ValidationErrors Errors);

    public async Task<Outcome> Create(Viewer viewer, string? name, int? expiresInDays, string? forEmail)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("name", "is required: what the token is for, e.g. \"nightly import\"");
        }
        else if (TextRules.Problem(name, MaxNameLength, TextLines.One) is { } problem)
        {
            // A token's name reaches logs and terminals: no escape sequence may ride in it.
            errors.Add("name", problem);
        }
        if (expiresInDays is { } asked && (asked < 1 || asked > lifetimes.MaxDays))
        {
            errors.Add("expiresInDays", $"must be from 1 to {lifetimes.MaxDays} days, or left out for the default of {lifetimes.DefaultDays} days");
        }
        var ownerId = viewer.UserId!;
        if (await users.FindByIdAsync(ownerId) is { MustChangePassword: true })
        {
            errors.Add("password", $"choose your own password first ({Security.PasswordPage}): a one-time password cannot make tokens");
        }
        if (forEmail is not null && TextRules.Problem(forEmail, InputLimits.Email, TextLines.One) is { } emailProblem)
        {
            errors.Add("forEmail", emailProblem);
        }
        else if (!string.IsNullOrWhiteSpace(forEmail))
        {
            if (!viewer.HasAny(Role.Admin))
            {
                errors.Add("forEmail", "only an admin may make a token for someone else");
            }
            else if (await users.FindByEmailAsync(forEmail) is not { } other)
            {
                errors.Add("forEmail", $"there is no account '{forEmail}'");
            }
            else if (other.MustChangePassword || other.Disabled)
            {
                // A token would let whoever holds it act as a person who has not yet taken up their account.
                errors.Add("forEmail", other.Disabled
                    ? $"the account '{forEmail}' is disabled"
                    : $"the account '{forEmail}' has not yet replaced its one-time password; a token can be made for it once its owner has signed in and chosen their own");
            }
            else
            {
                ownerId = other.Id;
            }
        }
        if (!errors.IsEmpty)
        {
            return new Outcome(null, errors);
        }
        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var row = new ApiTokenRow
        {
            Id = "tok-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            UserId = ownerId,
            Name = name!.Trim(),
            Hash = Digest(secret),
            CreatedAt = now.UtcDateTime,
            ExpiresAt = now.AddDays(expiresInDays ?? lifetimes.DefaultDays).UtcDateTime,
        };
        db.ApiTokens.Add(row);
        audit.Add("create", "api-token", row.Id, null, $"for {ownerId}: {row.Name}");
        await db.SaveChangesAsync();
        return new Outcome(new NewToken(row.Id, row.Name, secret, Instant(row.ExpiresAt)), errors);
    }

    public async Task<IReadOnlyList<TokenView>> ListAsync(Viewer viewer, bool all, CancellationToken cancel = default)
    {
        var query = db.ApiTokens.AsNoTracking();
        if (!(all && viewer.HasAny(Role.Admin)))
        {
            query = query.Where(t => t.UserId == viewer.UserId);
        }
        var owners = (await db.Users.AsNoTracking().Select(u => new { u.Id, u.Email }).ToListAsync(cancel)).ToDictionary(u => u.Id, u => u.Email ?? u.Id);
        return (await query.OrderByDescending(t => t.CreatedAt).ToListAsync(cancel))
            .Select(t => new TokenView(t.Id, t.Name, owners.GetValueOrDefault(t.UserId) ?? t.UserId, Instant(t.CreatedAt)!.Value,
                Instant(t.ExpiresAt ?? t.CreatedAt.AddDays(lifetimes.MaxDays)), Instant(t.RevokedAt), Instant(t.LastUsedAt)))
            .ToList();
    }

    /// <returns>False when there is no such token the caller may revoke (theirs, or any for an admin).</returns>
    public async Task<bool> Revoke(Viewer viewer, string id)
    {
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id);
        if (row is null || (row.UserId != viewer.UserId && !viewer.HasAny(Role.Admin)))
        {
            return false;
        }
        if (row.RevokedAt is null)
        {
            row.RevokedAt = clock.GetUtcNow().UtcDateTime;
            audit.Add("revoke", "api-token", row.Id, null, row.Name);
            await db.SaveChangesAsync();
        }
        // This node refuses it from now on; another node within TokenChecks.RecheckAfter.
        checks?.ForgetToken(row.Id);
        return true;
    }

    /// <summary>The account behind a presented token, or why it is refused.</summary>
    public async Task<(System.Security.Claims.ClaimsPrincipal? Principal, string? Refusal)> Authenticate(string presented)
    {
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return (null, "the token is not a Lifeline API token");
        }
        var hash = Digest(presented);
        if (checks?.Find(hash) is { } checkedLately)
        {
            return (checkedLately, null);
        }
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.Hash == hash);
        var now = clock.GetUtcNow().UtcDateTime;
        if (row is null)
        {
            return (null, "the token is not known");
        }
        if (row.RevokedAt is not null)
        {
            return (null, "the token was revoked");
        }
        // A token made before tokens had to expire lasts at most the longest a token may now last.
        if ((row.ExpiresAt ?? row.CreatedAt.AddDays(lifetimes.MaxDays)) <= now)
        {
            return (null, "the token has expired");
        }
        var user = await users.FindByIdAsync(row.UserId);
        if (user is null || user.Disabled)
        {
            return (null, "the account is disabled");
        }
        // Keep the last use to the hour: enough to see a stale token, without a write on every request; a server
        // writes it apart from the request (TokenUses).
        if (row.LastUsedAt is null || now - row.LastUsedAt > TimeSpan.FromHours(1))
        {
            if (uses is not null)
            {
                uses.Note(row.Id, now);
            }
            else
            {
                row.LastUsedAt = now;
                await db.SaveChangesAsync();
            }
        }
        var principal = await principals.CreateAsync(user);
        checks?.Keep(hash, row.Id, user.Id, principal, row.ExpiresAt ?? row.CreatedAt.AddDays(lifetimes.MaxDays));
        return (principal, null);
    }

    private static string Digest(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static DateTimeOffset? Instant(DateTime? utc) => utc is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}

/// <summary>
/// The tokens this node has checked lately, so that a script or a field team posting many writes is not looked up
/// in the database (token, account, roles: four to six queries) on every request. A token that was accepted is
/// accepted again without a look-up for at most <see cref="RecheckAfter"/>, and never past its expiry; a refused
/// token is never remembered. That is the bound on revocation: a token revoked, or an account disabled or given
/// other roles, is refused by the node where that was done at once, and by every other node (or after
/// <c>lifeline users disable</c>, which runs in a process of its own) within <see cref="RecheckAfter"/>
/// (docs/security.md).
/// </summary>
internal sealed class TokenChecks(TimeProvider clock)
{
    /// <summary>How long a token once accepted is accepted again without looking it up.</summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(30);

    /// <summary>Past this many tokens remembered, the stale ones are dropped, then all if need be: memory stays bounded whatever is presented.</summary>
    public const int MaxTokens = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Checked> tokens = new(StringComparer.Ordinal);

    private sealed record Checked(string TokenId, string UserId, System.Security.Claims.ClaimsPrincipal Principal, DateTime Until);

    /// <summary>The principal of a token (by its digest) accepted less than <see cref="RecheckAfter"/> ago, as a copy of its own.</summary>
    public System.Security.Claims.ClaimsPrincipal? Find(string digest) =>
        tokens.TryGetValue(digest, out var found) && clock.GetUtcNow().UtcDateTime < found.Until ? found.Principal.Clone() : null;

    public void Keep(string digest, string tokenId, string userId, System.Security.Claims.ClaimsPrincipal principal, DateTime expires)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (tokens.Count >= MaxTokens)
        {
            foreach (var stale in tokens.Where(t => t.Value.Until <= now).Select(t => t.Key).ToList())
            {
                tokens.TryRemove(stale, out _);
            }
            if (tokens.Count >= MaxTokens)
            {
                tokens.Clear();
            }
        }
        var until = now + RecheckAfter;
        tokens[digest] = new Checked(tokenId, userId, principal.Clone(), until < expires ? until : expires);
    }

    public void ForgetToken(string tokenId) => Forget(t => t.TokenId == tokenId);

    /// <summary>After an account is disabled, reset or given other roles on this node.</summary>
    public void ForgetUser(string userId) => Forget(t => t.UserId == userId);

    private void Forget(Func<Checked, bool> which)
    {
        foreach (var key in tokens.Where(t => which(t.Value)).Select(t => t.Key).ToList())
        {
            tokens.TryRemove(key, out _);
        }
    }
}

/// <summary>Reads <c>Authorization: Bearer llt_...</c>; a refused token is answered 401 with the reason.</summary>
internal sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private string? refusal;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var (principal, why) = await tokens.Authenticate(header["Bearer ".Length..].Trim());
        if (principal is null)
        {
            refusal = why;
            return AuthenticateResult.Fail(why!);
        }
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Not allowed",
            Detail = "The account behind this token does not have the role this needs.",
        }, options: null, contentType: "application/problem+json");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = "Not signed in",
            Detail = refusal is null ? "Sign in, or send an API token as 'Authorization: Bearer llt_...'." : $"The API token was refused: {refusal}.",
        }, options: null, contentType: "application/problem+json");
    }
}
