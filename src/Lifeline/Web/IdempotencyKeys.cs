using System.Security.Cryptography;
using System.Text;
using Lifeline.Accounts;
using Lifeline.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Web;

/// <summary>
/// A write asked with an <c>Idempotency-Key</c> header, and the answer it got: kept for a day, so that a reporter whose
/// answer was lost (a connection that dropped, a phone that went offline) can send the same request again and get the
/// first answer instead of a second record.
/// </summary>
internal sealed class IdempotencyRow
{
    public required string UserId { get; set; }
    public required string Key { get; set; }

    /// <summary>SHA-256 of the method, the address and the body: the same key for another request is refused.</summary>
    public required string Fingerprint { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Null while the first request is being answered.</summary>
    public int? Status { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[]? Body { get; set; }
}

internal sealed class IdempotencyRowConfiguration : IEntityTypeConfiguration<IdempotencyRow>
{
    public void Configure(EntityTypeBuilder<IdempotencyRow> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.HasKey(r => new { r.UserId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(IdempotencyKeys.MaxKeyLength);
        builder.HasIndex(r => r.CreatedAt);
    }
}

/// <summary>
/// <c>Idempotency-Key</c> on every write (POST, PUT, PATCH, DELETE) of a signed-in caller, as the IETF's
/// idempotency-key header draft describes it: the first request with a key is run and its answer kept (any answer but
/// a server error); the same request again with the same key gets that answer again, marked
/// <c>Idempotent-Replayed: true</c>, and stores nothing new; the same key with another request is refused (422); a
/// request sent again while the first is still being answered is told to wait (409). Keys are per account and kept
/// for <see cref="Lifetime"/>. Anonymous requests ignore the header: there is no one to keep the answer for.
/// </summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>How long a key and its answer are kept.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A first request not answered within this long is taken to have died with its node: the key may be used again.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    /// <summary>Answers larger than this are not kept (no write of Lifeline answers with as much).</summary>
    public const int MaxAnswerBytes = 1024 * 1024;

    public static WebApplication UseIdempotencyKeys(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (!(HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
                || !context.Request.Headers.TryGetValue(Header, out var values))
            {
                await next(context);
                return;
            }
            var viewer = context.RequestServices.GetRequiredService<ICurrentUser>().Viewer;
            if (viewer.IsAnonymous)
            {
                await next(context);
                return;
            }
            var key = values.Count == 1 ? values[0] : null;
            if (Problem(key) is { } problem)
            {
                await Refuse(context, StatusCodes.Status400BadRequest, "The Idempotency-Key header cannot be used", problem);
                return;
            }
            await RunOnceAsync(context, next, viewer.UserId!, key!);
        });
        return app;
    }

    /// <summary>Why a key cannot be used, or null: one to 255 visible ASCII characters, optionally in quotes.</summary>
    internal static string? Problem(string? key)
    {
        if (key is null)
        {
            return "send the header once, with one key";
        }
        var bare = key.Length >= 2 && key[0] == '"' && key[^1] == '"' ? key[1..^1] : key;
        if (bare.Length is 0 or > MaxKeyLength)
        {
            return $"a key is 1 to {MaxKeyLength} characters (a UUID is usual); this one has {bare.Length}";
        }
        return bare.Any(c => c is < '!' or > '~')
            ? "a key holds visible ASCII characters only (letters, digits, '-', '_' and the like), no spaces"
            : null;
    }

    private static string Bare(string key) => key.Length >= 2 && key[0] == '"' && key[^1] == '"' ? key[1..^1] : key;

    private static async Task RunOnceAsync(HttpContext context, RequestDelegate next, string userId, string headerKey)
    {
        var key = Bare(headerKey);
        var fingerprint = await FingerprintAsync(context.Request);
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
        var cancel = context.RequestAborted;

        var now = clock.GetUtcNow().UtcDateTime;
        var kept = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == userId && r.Key == key, cancel);
        if (kept is not null && (kept.CreatedAt < now - Lifetime || (kept.Status is null && kept.CreatedAt < now - Abandoned)))
        {
            // Expired, or its first request died with it: the key starts again.
            await db.IdempotencyKeys.Where(r => r.UserId == userId && r.Key == key && r.CreatedAt == kept.CreatedAt).ExecuteDeleteAsync(cancel);
            kept = null;
        }
        if (kept is null)
        {
            db.IdempotencyKeys.Add(new IdempotencyRow { UserId = userId, Key = key, Fingerprint = fingerprint, CreatedAt = now });
            try
            {
                await db.SaveChangesAsync(cancel);
            }
            catch (DbUpdateException)
            {
                // Another request with the same key got there first.
                db.ChangeTracker.Clear();
                kept = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == userId && r.Key == key, cancel);
                if (kept is null)
                {
                    throw;
                }
            }
        }
        if (kept is not null)
        {
            await AnswerAgainAsync(context, kept, fingerprint);
            return;
        }

        var response = context.Response;
        var original = response.Body;
        var copy = new CopyingStream(original, MaxAnswerBytes);
        response.Body = copy;
        var answered = false;
        try
        {
            await next(context);
            answered = true;
        }
        finally
        {
            response.Body = original;
            var mine = db.IdempotencyKeys.Where(r => r.UserId == userId && r.Key == key && r.Fingerprint == fingerprint && r.Status == null);
            if (answered && response.StatusCode < 500 && !copy.Overflowed)
            {
                var body = copy.Copied();
                var contentType = response.ContentType;
                var location = response.Headers.Location.ToString();
                var status = response.StatusCode;
                await mine.ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, status)
                    .SetProperty(r => r.ContentType, contentType)
                    .SetProperty(r => r.Location, location.Length == 0 ? null : location)
                    .SetProperty(r => r.Body, body), CancellationToken.None);
            }
            else
            {
                // A server error or a failure: nothing to keep, and the same request may be tried again.
                await mine.ExecuteDeleteAsync(CancellationToken.None);
            }
            await copy.DisposeAsync();
        }
    }

    private static async Task AnswerAgainAsync(HttpContext context, IdempotencyRow kept, string fingerprint)
    {
        if (kept.Fingerprint != fingerprint)
        {
            await Refuse(context, StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was used for another request",
                "a key names one request: the same method, address and body; use a new key for a new request");
            return;
        }
        if (kept.Status is not { } status)
        {
            context.Response.Headers.RetryAfter = "1";
            await Refuse(context, StatusCodes.Status409Conflict, "The first request with this Idempotency-Key is still being answered",
                "wait for it and send the request again with the same key: you will get its answer");
            return;
        }
        var response = context.Response;
        response.StatusCode = status;
        if (kept.ContentType is not null)
        {
            response.ContentType = kept.ContentType;
        }
        if (kept.Location is not null)
        {
            response.Headers.Location = kept.Location;
        }
        response.Headers[ReplayedHeader] = "true";
        var body = kept.Body ?? [];
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static Task Refuse(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Extensions = { ["errors"] = new Dictionary<string, string[]> { [Header] = [detail] } },
        }, options: null, contentType: "application/problem+json", cancellationToken: context.RequestAborted);
    }
}
